// HTTP to the engine over a unix socket, TCP or TLS, on got. One place knows URLs, headers and
// how failures look, so the client above it deals only in paths and typed bodies.
import type {Got, Response} from 'got'
import type {IncomingMessage} from 'node:http'
import type {Readable} from 'node:stream'

import type {Endpoint} from './endpoint.js'
import {connectionError, errorFromResponse} from './errors.js'
import {engineHeaders, openEngineRequest} from './node-request.js'
import {encodeQuery, type Query} from './query.js'

const MAX_ERROR_BODY = 1024 * 1024

export interface RequestOptions {
  query?: Query
  /** A JSON body (serialised here) or a raw stream/buffer body. */
  json?: unknown
  body?: Buffer | Readable
  headers?: Record<string, string>
  /** Aborts the request (and a streamed response) when it fires. */
  signal?: AbortSignal
}

export interface StreamResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Readable
}

export class Transport {
  readonly endpoint: Endpoint
  private gotInstance?: Got

  constructor(endpoint: Endpoint) {
    this.endpoint = endpoint
  }

  /** The URL docker would show in messages: unix sockets appear as a percent-encoded host. */
  displayUrl(pathAndQuery: string): string {
    const e = this.endpoint
    if (e.kind === 'unix') return `http://${encodeURIComponent(e.socketPath)}${pathAndQuery}`
    return `${e.tls ? 'https' : 'http'}://${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}${pathAndQuery}`
  }

  private url(pathAndQuery: string): string {
    const e = this.endpoint
    if (e.kind === 'unix') return `http://unix:${e.socketPath}:${pathAndQuery}`
    return this.displayUrl(pathAndQuery)
  }

  private async client(): Promise<Got> {
    if (this.gotInstance) return this.gotInstance
    // got costs ~50 ms to import: load it only once a request is really made.
    const {got} = await import('got')
    const e = this.endpoint
    const tls = e.kind === 'tcp' ? e.tls : undefined
    this.gotInstance = got.extend({
      decompress: false,
      enableUnixSockets: true,
      followRedirect: false,
      headers: engineHeaders(e),
      https: tls
        ? {
            certificate: tls.cert,
            certificateAuthority: tls.ca,
            key: tls.key,
            rejectUnauthorized: tls.verify,
          }
        : undefined,
      // Engine calls are not idempotent in general (create, start); never retry behind the user's back.
      retry: {limit: 0},
      throwHttpErrors: false,
      timeout: {},
    })
    return this.gotInstance
  }

  private options(method: string, opts: RequestOptions): Record<string, unknown> {
    const headers: Record<string, string> = {...opts.headers}
    let body: Buffer | Readable | string | undefined = opts.body
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json)
      headers['content-type'] = 'application/json'
    }
    return {body, headers, method}
  }

  private fail(error: unknown): never {
    const err = error as NodeJS.ErrnoException & {cause?: NodeJS.ErrnoException}
    const cause = err.cause && err.cause.code ? err.cause : err
    throw connectionError(cause, this.endpoint.display)
  }

  /** A request whose whole (small) body is read: JSON answers and errors. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Response<Buffer>> {
    const got = await this.client()
    const pathAndQuery = `${path}${encodeQuery(opts.query)}`
    let response: Response<Buffer>
    try {
      response = (await got(this.url(pathAndQuery), {...this.options(method, opts), responseType: 'buffer'})) as Response<Buffer>
    } catch (error) {
      this.fail(error)
    }
    if (response.statusCode >= 400) {
      throw errorFromResponse(response.statusCode, response.statusMessage ?? '', response.headers['content-type'], response.body, this.displayUrl(pathAndQuery))
    }
    return response
  }

  /**
   * A request whose response body is a stream (logs, events, pull, build, wait); resolves once
   * the headers are in. It runs on node:http rather than got: a 256 MiB log through a got stream
   * took 1.27x docker's wall time and peaked at 100 MiB, against 0.95x and 73 MiB on node:http
   * (scripts/bench-logs.js), and streams need none of got's features.
   */
  async stream(method: string, path: string, opts: RequestOptions = {}): Promise<StreamResponse> {
    const pathAndQuery = `${path}${encodeQuery(opts.query)}`
    const headers: Record<string, string> = {...engineHeaders(this.endpoint), ...opts.headers}
    let body: Buffer | Readable | undefined = opts.body
    if (opts.json !== undefined) {
      body = Buffer.from(JSON.stringify(opts.json))
      headers['Content-Type'] = 'application/json'
    }
    if (Buffer.isBuffer(body)) headers['Content-Length'] = String(body.length)
    const req = openEngineRequest(this.endpoint, method, pathAndQuery, headers, opts.signal)
    let bodyError: unknown
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req.once('response', resolve)
      req.once('error', (error: NodeJS.ErrnoException) => {
        if (bodyError !== undefined) reject(bodyError)
        else if (error.name === 'AbortError') reject(error)
        else reject(connectionError(error, this.endpoint.display))
      })
    })
    if (body === undefined || Buffer.isBuffer(body)) req.end(body)
    else {
      body.once('error', (error) => {
        bodyError = error
        req.destroy(error)
      })
      body.pipe(req)
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
    return {body: res, headers: res.headers, status}
  }
}
