// HTTP to the engine over a unix socket, TCP or TLS, on got. One place knows URLs, headers and
// how failures look, so the client above it deals only in paths and typed bodies.
import type {Got, Response} from 'got'
import type {Readable} from 'node:stream'

import type {Endpoint} from './endpoint.js'
import {connectionError, errorFromResponse} from './errors.js'
import {encodeQuery, type Query} from './query.js'

export const USER_AGENT = 'whalectl/0.1.0 (linux)'

export interface RequestOptions {
  query?: Query
  /** A JSON body (serialised here) or a raw stream/buffer body. */
  json?: unknown
  body?: Buffer | Readable
  headers?: Record<string, string>
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
      headers: {
        'user-agent': USER_AGENT,
        ...(e.kind === 'unix' ? {host: 'api.moby.localhost'} : {}),
      },
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

  /** A request whose body is a stream (logs, events, pull, build); resolves once the headers are in. */
  async stream(method: string, path: string, opts: RequestOptions = {}): Promise<StreamResponse> {
    const got = await this.client()
    const pathAndQuery = `${path}${encodeQuery(opts.query)}`
    const body = got.stream(this.url(pathAndQuery), this.options(method, opts) as never)
    const response = await new Promise<Response>((resolve, reject) => {
      body.once('response', resolve)
      body.once('error', reject)
    }).catch((error: unknown) => this.fail(error))
    if (response.statusCode >= 400) {
      const chunks: Buffer[] = []
      for await (const chunk of body) chunks.push(chunk as Buffer)
      throw errorFromResponse(response.statusCode, response.statusMessage ?? '', response.headers['content-type'], Buffer.concat(chunks), this.displayUrl(pathAndQuery))
    }
    return {body, headers: response.headers, status: response.statusCode}
  }
}
