// `whalectl system dial-stdio` (hidden, as in docker): relays stdin and stdout to a raw
// connection to the engine, which makes whalectl the far side of an ssh:// host. stdin's EOF
// half-closes the connection and the engine's answers keep coming; the engine's EOF ends the
// command at once, without waiting for stdin (which a terminal never closes).
import type {Duplex} from 'node:stream'

import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {writableOf} from '../lib/container/run-session.js'
import {dialEngine} from '../lib/engine/raw-dial.js'
import {ConnectionError} from '../lib/engine/errors.js'
import type {InStream} from '../lib/io.js'
import {copyRaw} from '../lib/streams/demux.js'

/** stdin to the connection with backpressure; resolves at stdin's EOF, after the half-close. */
function relayStdin(stdin: InStream, conn: Duplex): {done: Promise<void>; stop(): void} {
  const onData = (chunk: Buffer | string): void => {
    if (!conn.write(chunk)) {
      stdin.pause()
      conn.once('drain', () => stdin.resume())
    }
  }
  let onEnd = (): void => {}
  const done = new Promise<void>((resolve) => {
    onEnd = () => {
      conn.end()
      resolve()
    }
  })
  stdin.on('data', onData)
  stdin.once('end', onEnd)
  return {
    done,
    stop() {
      stdin.removeListener('data', onData)
      stdin.removeListener('end', onEnd)
      stdin.pause()
      // A pipe left open by the other end would otherwise keep the process running.
      const closable = stdin as {destroy?: () => void}
      closable.destroy?.()
    },
  }
}

export async function runDialStdio(ctx: CommandContext): Promise<void> {
  let conn: Duplex
  try {
    conn = await dialEngine(ctx.endpoint())
  } catch (error) {
    if (error instanceof ConnectionError) throw new CliError(`failed to open the raw stream connection: ${error.message}`)
    throw error
  }
  const input = relayStdin(ctx.stdin, conn)
  try {
    await copyRaw(conn, writableOf(ctx.stdout))
  } catch (error) {
    throw new CliError(`error while Copy (stream to stdout): ${(error as Error).message}`)
  } finally {
    input.stop()
    conn.destroy()
  }
}

export default class SystemDialStdio extends DockerCommand {
  static override argRule = {kind: 'none'} as const
  static override description = 'Proxy the stdio stream to the daemon connection. Should not be invoked manually.'
  static override hidden = true
  static override usageLine = 'system dial-stdio'

  /** Registered as `system:dial-stdio` (oclif's id); docker's messages name it `system dial-stdio`. */
  constructor(argv: string[], id: string) {
    super(argv, id.replace(':', ' '))
  }

  protected async execute(_parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runDialStdio(ctx)
  }
}
