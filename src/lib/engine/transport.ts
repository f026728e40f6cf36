// HTTP to the engine over a unix socket, TCP or TLS, on node:http alone: one way to talk to the
// engine for small answers, streamed bodies and hijacked connections. got is not used here; it
// cost ~60 ms of start-up on every command (issue 14) and the engine's socket needs none of it.
import {Agent as HttpAgent, type IncomingMessage} from 'node:http'
import {Agent as HttpsAgent} from 'node:https'
import type {Socket} from 'node:net'
import {posix} from 'node:path'
import type {Readable} from 'node:stream'

import type {Endpoint} from './endpoint.js'
import {ConnectionError, connectionError, errorFromResponse, urlErrorText} from './errors.js'
import {hijack, type HijackedStream} from './hijack.js'
import {engineHeaders, openEngineRequest} from './node-request.js'
import {escapePath} from './path.js'
import {encodeQuery, type Query} from './query.js'
import {SSH_DAEMON_URL, SshAgent, sshRequestErrorText} from './ssh-connection.js'
import {goTlsErrorText} from './tls-errors.js'

const MAX_ERROR_BODY = 1024 * 1024

/** One request's query, body, headers and AbortSignal. */
export interface RequestOptions {
  query?: Query
  /** A JSON body (serialised here) or a raw stream/buffer body. */
  json?: unknown
  body?: Buffer | Readable
  headers?: Record<string, string>
  /** Aborts the request (and a streamed response) when it fires. */
  signal?: AbortSignal
}

/** An answer whose body is read as it comes. */
export interface StreamResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Readable
}

/** An answer read whole (small JSON bodies). */
export interface BufferedResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** HTTP to one engine endpoint: small requests, streamed ones, and hijacked connections. */
export class Transport {
  readonly endpoint: Endpoint
  /** Small requests share a connection within a command, as Go's client does; streams never do. */
  private agent?: HttpAgent
  /**
   * docker's getAPIPath: a tcp endpoint's own path (`-H tcp://host:2375/base`) goes in front of
   * every API path, joined and cleaned as Go's path.Join does (`/base/` + `/v1.41/…`).
   */
  private readonly basePrefix: string

  constructor(endpoint: Endpoint) {
    this.endpoint = endpoint
    const base = endpoint.kind === 'tcp' ? (endpoint.basePath ?? '') : ''
    this.basePrefix = base === '' ? '' : escapePath(posix.normalize(`/${base}`).replace(/\/+$/, ''))
  }

  /** An API path (`/v1.41/containers/json`) as it goes on the wire, below the endpoint's base path. */
  apiPath(path: string): string {
    return `${this.basePrefix}${path}`
  }

  /** The URL docker would show in messages: unix sockets appear as a percent-encoded host. */
  displayUrl(pathAndQuery: string): string {
    const e = this.endpoint
    if (e.kind === 'unix') return `http://${encodeURIComponent(e.socketPath)}${pathAndQuery}`
    if (e.kind === 'ssh') return `${SSH_DAEMON_URL}${pathAndQuery}`
    return `${e.tls ? 'https' : 'http'}://${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}${pathAndQuery}`
  }

  private keepAliveAgent(): HttpAgent {
    // Idle keep-alive sockets are unref'd by node's Agent, so they never hold the process open.
    const e = this.endpoint
    this.agent ??= e.kind === 'ssh' ? new SshAgent(e, {keepAlive: true}) : e.kind === 'tcp' && e.tls ? new HttpsAgent({keepAlive: true}) : new HttpAgent({keepAlive: true})
    return this.agent
  }

  /** A connection that failed before an answer, worded as docker words it for this endpoint. */
  private connectionFailure(method: string, pathAndQuery: string, error: NodeJS.ErrnoException): ConnectionError {
    const tls = goTlsErrorText(this.endpoint, error)
    if (tls !== undefined) return new ConnectionError(`error during connect: ${urlErrorText(method, this.displayUrl(pathAndQuery), tls)}`, {cause: error})
    if (this.endpoint.kind !== 'ssh') return connectionError(error, this.endpoint.display)
    return new ConnectionError(sshRequestErrorText(method, this.displayUrl(pathAndQuery), error), {cause: error})
  }

  /** Sends the request and resolves with the response once its headers are in; >= 400 becomes the engine's error. */
  private async send(method: string, path: string, opts: RequestOptions, agent: HttpAgent | false): Promise<IncomingMessage> {
    const pathAndQuery = `${this.apiPath(path)}${encodeQuery(opts.query)}`
    const headers: Record<string, string> = {...engineHeaders(this.endpoint), ...opts.headers}
    let body: Buffer | Readable | undefined = opts.body
    if (opts.json !== undefined) {
      body = Buffer.from(JSON.stringify(opts.json))
      headers['Content-Type'] = 'application/json'
    }
    if (Buffer.isBuffer(body)) headers['Content-Length'] = String(body.length)
    const req = openEngineRequest(this.endpoint, method, pathAndQuery, headers, opts.signal, agent)
    let bodyError: unknown
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req.once('response', resolve)
      req.once('error', (error: NodeJS.ErrnoException) => {
        if (bodyError !== undefined) reject(bodyError)
        else if (error.name === 'AbortError') reject(error)
        else reject(this.connectionFailure(method, pathAndQuery, error))
      })
    })
    if (body === undefined || Buffer.isBuffer(body)) req.end(body)
    else {
      body.once('error', (error) => {
        bodyError = error
        req.destroy(error)
      })
      // Only once connected, as Go's client reads a body only to send it: a build context's
      // "Sending build context" line counts what went out, and an engine that cannot be
      // reached must leave it unread (node:http would otherwise buffer it ahead of the connect).
      req.once('socket', (socket) => {
        if ((socket as Partial<Socket>).connecting === true) socket.once('connect', () => body.pipe(req))
        else body.pipe(req)
      })
    }
    const res = await response
    const status = res.statusCode ?? 0
    if (status >= 400) {
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of res) {
        if (size < MAX_ERROR_BODY) chunks.push(chunk as Buffer)
        size += (chunk as Buffer).length
      }
      throw errorFromResponse(status, res.statusMessage ?? '', res.headers['content-type'], Buffer.concat(chunks), this.displayUrl(pathAndQuery))
    }
    return res
  }

  /** A request whose whole (small) body is read: JSON answers and empty ones. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<BufferedResponse> {
    const res = await this.send(method, path, opts, this.keepAliveAgent())
    const chunks: Buffer[] = []
    try {
      for await (const chunk of res) chunks.push(chunk as Buffer)
    } catch (error) {
      throw connectionError(error as NodeJS.ErrnoException, this.endpoint.display)
    }
    return {body: Buffer.concat(chunks), headers: res.headers, status: res.statusCode ?? 0}
  }

  /**
   * A request whose response body is a stream (logs, events, pull, build, wait, archives);
   * resolves once the headers are in. On its own connection: a stream holds it to the end.
   */
  async stream(method: string, path: string, opts: RequestOptions = {}): Promise<StreamResponse> {
    const res = await this.send(method, path, opts, false)
    return {body: res, headers: res.headers, status: res.statusCode ?? 0}
  }

  /** Upgrades the connection to a raw duplex (attach, exec start). */
  async hijack(path: string, opts: {body?: string; headers?: Record<string, string>; query?: Query; signal?: AbortSignal}): Promise<HijackedStream> {
    const hijacked = await hijack(this.endpoint, {body: opts.body, headers: opts.headers, method: 'POST', path: `${this.apiPath(path)}${encodeQuery(opts.query)}`})
    if (opts.signal) {
      const signal = opts.signal
      if (signal.aborted) hijacked.close()
      else {
        signal.addEventListener('abort', hijacked.close, {once: true})
        hijacked.socket.once('close', () => signal.removeEventListener('abort', hijacked.close))
      }
    }
    return hijacked
  }

  /** Closes idle keep-alive connections (a long-lived library client calls this when done). */
  close(): void {
    this.agent?.destroy()
    this.agent = undefined
  }
}
