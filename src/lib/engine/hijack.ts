// Attach and exec start "hijack" their HTTP connection: the request asks to upgrade to raw
// TCP, the engine answers 101 and from then on the socket carries the container's stdin one
// way and its output the other (DOCKER-CLI-BEHAVIOUR.md §0.8). got cannot hand over the socket,
// so this speaks node:http directly.
import type {IncomingMessage} from 'node:http'
import type {Socket} from 'node:net'
import type {Duplex} from 'node:stream'

import {CommandStartError} from './command-connection.js'
import type {Endpoint} from './endpoint.js'
import {ConnectionError, EngineError} from './errors.js'
import {engineHeaders, openEngineRequest} from './node-request.js'
import {goTlsErrorText} from './tls-errors.js'

/** The upgrade request of an attach or exec start. */
export interface HijackOptions {
  method: 'POST'
  /** The versioned path and query, e.g. `/v1.41/containers/ID/attach?stderr=1&stdout=1&stream=1`. */
  path: string
  /** Attach passes `Content-Type: text/plain`; exec start `application/json` with its body. */
  headers?: Record<string, string>
  body?: string
}

/** A hijacked attach or exec connection: a raw duplex with half-close. */
export interface HijackedStream {
  /**
   * The upgraded connection. Reading it yields the output from the first byte: any bytes
   * that came in with the 101 response are already put back at its front. A net.Socket, or
   * for an ssh:// engine the ssh process's stdio.
   */
  socket: Duplex
  /** The 101 response's Content-Type; docker only trusts it from API 1.42 on. */
  mediaType?: string
  /** Sends EOF to the container's stdin (shutdown of the write side); output keeps coming. */
  closeWrite(): void
  /** Drops the connection in both directions. */
  close(): void
}

/** The text of Go's syscall errors, which docker prints inside its dial errors. */
const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'cannot assign requested address',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ENOENT: 'no such file or directory',
  ENOTSOCK: 'socket operation on non-socket',
  ETIMEDOUT: 'connection timed out',
}

/** Go's net.OpError text for a failed dial, e.g. `dial unix /run/docker.sock: connect: connection refused`. */
export function dialErrorText(endpoint: Endpoint, error: NodeJS.ErrnoException): string {
  if (endpoint.kind === 'ssh') return error.message
  const tls = goTlsErrorText(endpoint, error)
  if (tls !== undefined) return tls
  if (endpoint.kind === 'unix') {
    return `dial unix ${endpoint.socketPath}: connect: ${ERRNO_TEXT[error.code ?? ''] ?? error.message}`
  }
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return `dial tcp: lookup ${endpoint.host}: no such host`
  const address = endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`
  const text = ERRNO_TEXT[error.code ?? '']
  return text ? `dial tcp ${address}: connect: ${text}` : error.message
}

/**
 * Sends the upgrade request and resolves with the raw connection once the engine answers 101.
 * Any other answer, even a JSON error, fails as docker's does: `unable to upgrade to tcp, received <code>`.
 */
export async function hijack(endpoint: Endpoint, opts: HijackOptions): Promise<HijackedStream> {
  const body = opts.body ?? ''
  const headers: Record<string, string> = {
    ...engineHeaders(endpoint),
    ...opts.headers,
    Connection: 'Upgrade',
    'Content-Length': String(Buffer.byteLength(body)),
    Upgrade: 'tcp',
  }

  return new Promise<HijackedStream>((resolve, reject) => {
    const req = openEngineRequest(endpoint, opts.method, opts.path, headers)
    let connected = false
    req.once('socket', (socket: Socket) => {
      socket.once(endpoint.kind === 'tcp' && endpoint.tls ? 'secureConnect' : 'connect', () => {
        connected = true
      })
    })

    req.once('error', (error: NodeJS.ErrnoException) => {
      // An ssh process is "connected" once it runs; only failing to start it is a dial error.
      if (endpoint.kind === 'ssh' ? error instanceof CommandStartError : !connected) {
        reject(new ConnectionError(`cannot connect to the Docker daemon. Is 'docker daemon' running on this host?: ${dialErrorText(endpoint, error)}`))
        return
      }
      // Go reports a connection closed before any response as a bare EOF.
      reject(new ConnectionError(error.code === 'ECONNRESET' && error.message === 'socket hang up' ? 'EOF' : error.message))
    })

    req.once('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0
      res.resume()
      res.socket.destroy()
      reject(new EngineError(`unable to upgrade to tcp, received ${status}`, status))
    })

    req.once('upgrade', (res: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (head.length > 0) socket.unshift(head)
      if (endpoint.kind === 'tcp') (socket as Socket).setKeepAlive(true, 30_000)
      // Whoever reads or writes the socket sees its errors; this listener only keeps one that
      // nobody is watching yet (say, a reset before the first read) from crashing the process.
      socket.on('error', () => {})
      const contentType = res.headers['content-type']
      resolve({
        close: () => socket.destroy(),
        closeWrite: () => {
          if (!socket.writableEnded && !socket.destroyed) socket.end()
        },
        mediaType: contentType,
        socket,
      })
    })

    req.end(body)
  })
}
