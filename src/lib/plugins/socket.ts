// The plugin socket docker 28 opens for each plugin it runs (cli-plugins/socket), named in
// DOCKER_CLI_PLUGIN_SOCKET. Plugins built on docker's plugin library connect to it and exit when
// it reaches EOF, which is how the CLI asks them to stop without a signal.
//
// docker uses an abstract socket on Linux (`@docker_cli_<hex>`). Node 20 binds abstract names
// padded with NULs to the full sun_path, a different address from the one a Go plugin dials, so
// whalectl uses what docker uses where abstract sockets are missing: a socket file in the temp
// directory, which docker's plugin library dials just as well.
import {randomBytes} from 'node:crypto'
import {rmSync} from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const PLUGIN_SOCKET_ENV = 'DOCKER_CLI_PLUGIN_SOCKET'

export class PluginServer {
  private readonly connections = new Set<net.Socket>()
  private closed = false

  private constructor(
    private readonly server: net.Server,
    /** The socket file's path, as the plugin is told it. */
    readonly address: string,
  ) {
    server.on('connection', (socket) => {
      if (this.closed) {
        socket.destroy()
        return
      }
      // The plugin only waits for EOF; what it might write is of no interest.
      socket.on('error', () => {})
      socket.resume()
      this.connections.add(socket)
      socket.on('close', () => this.connections.delete(socket))
    })
  }

  /** Listens on a fresh socket; undefined when that fails (docker then sets no variable). */
  static async open(): Promise<PluginServer | undefined> {
    const address = path.join(os.tmpdir(), `docker_cli_${randomBytes(16).toString('hex')}`)
    const server = net.createServer()
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(address, () => {
          server.off('error', reject)
          resolve()
        })
      })
    } catch {
      return undefined
    }
    // Nothing the CLI waits for lives here: the plugin's exit is what ends the command.
    server.unref()
    return new PluginServer(server, address)
  }

  /** Ends every plugin connection (the plugins see EOF) and stops listening; repeatable. */
  close(): void {
    if (this.closed) return
    this.closed = true
    for (const socket of this.connections) socket.destroy()
    this.connections.clear()
    this.server.close()
    // Gone now, not when the event loop gets to it: a forced exit may follow at once.
    rmSync(this.address, {force: true})
  }
}
