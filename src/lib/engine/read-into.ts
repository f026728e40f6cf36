// A GET whose body is handed to a callback in slices of one reused 64 KiB read buffer, for
// answers of any size that the caller consumes synchronously (an archive written to disk as it
// arrives). node:http allocates a fresh buffer for every read and every body chunk, and for a
// 256 MiB archive the allocator's high-water mark alone took the process from 45 to 90 MiB;
// reading into one buffer keeps it at its start-up size and costs less CPU. This speaks just
// enough HTTP/1.1 for it: the status line, headers, and a chunked or sized body.
//
// Unix sockets and plain TCP only (node's TLS sockets cannot read into a caller's buffer);
// the client falls back to the ordinary stream for TLS.
import {connect, type Socket} from 'node:net'
import type {Readable} from 'node:stream'

import type {Endpoint} from './endpoint.js'
import type {PathStat} from './types.js'
import {AbortedError, ConnectionError, connectionError, errorFromResponse} from './errors.js'
import {engineHeaders} from './node-request.js'
import {encodeQuery, type Query} from './query.js'
import type {Transport} from './transport.js'

const READ_BUFFER = 64 * 1024
const MAX_HEAD = 64 * 1024
const MAX_ERROR_BODY = 1024 * 1024

export type Headers = Record<string, string | string[] | undefined>

/** Where the answer goes: `head` once the headers are in (a 2xx/3xx), then every piece of the body. */
export interface ReadIntoSink {
  /** Throwing here ends the request with that error. */
  head(headers: Headers): void
  /** A piece of the body, valid only during the call (its buffer is reused). Throwing ends the request. */
  data(chunk: Buffer): void
}

/** What copyFromContainerInto hands an archive to: its path stat, then the tar piece by piece. */
export interface ArchiveSink {
  stat(stat: PathStat): void
  /** Valid only during the call: the buffer is reused for the next read. */
  data(chunk: Buffer): void
}

export function canReadInto(endpoint: Endpoint): boolean {
  return endpoint.kind === 'unix' || (endpoint.kind === 'tcp' && !endpoint.tls)
}

/** GET the (versioned) `path` with `query` and feed the answer to `sink`; resolves at the body's end. */
export function readInto(transport: Transport, path: string, query: Query, sink: ReadIntoSink, signal?: AbortSignal): Promise<void> {
  const {endpoint} = transport
  if (endpoint.kind === 'ssh' || (endpoint.kind === 'tcp' && endpoint.tls)) throw new Error('readInto: TLS and ssh endpoints are not supported')
  const pathAndQuery = `${transport.apiPath(path)}${encodeQuery(query)}`
  return new Promise((resolve, reject) => {
    const parser = new ResponseParser(sink, transport.displayUrl(pathAndQuery))
    let settled = false
    let connected = false
    const finish = (error?: unknown): void => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      socket.destroy()
      if (error === undefined) resolve()
      else reject(error)
    }
    const onAbort = (): void => finish(new AbortedError(signal?.reason))
    const onread = {
      buffer: Buffer.allocUnsafe(READ_BUFFER),
      callback: (length: number, buffer: Buffer): boolean => {
        if (settled) return false
        try {
          if (parser.push(buffer.subarray(0, length))) finish()
        } catch (error) {
          finish(error)
        }
        return !settled
      },
    }
    const socket: Socket =
      endpoint.kind === 'unix' ? connect({onread, path: endpoint.socketPath}) : connect({host: endpoint.host, onread, port: endpoint.port})
    socket.once('connect', () => {
      connected = true
      const host = endpoint.kind === 'unix' ? 'api.moby.localhost' : endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`
      const headers = {Host: host, ...engineHeaders(endpoint), Connection: 'close'}
      socket.write(`GET ${pathAndQuery} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`)
    })
    socket.on('error', (error: NodeJS.ErrnoException) => {
      finish(connected ? new ConnectionError(parser.started ? 'unexpected EOF' : error.message) : connectionError(error, endpoint.display))
    })
    socket.on('close', () => finish(new ConnectionError(parser.started ? 'unexpected EOF' : 'EOF')))
    socket.on('end', () => {
      try {
        parser.end()
        finish()
      } catch (error) {
        finish(error)
      }
    })
    if (signal?.aborted) onAbort()
    else signal?.addEventListener('abort', onAbort, {once: true})
  })
}

type State = 'head' | 'size' | 'chunk' | 'chunk-end' | 'trailer' | 'sized' | 'until-close' | 'done'

// An HTTP/1.1 response, fed as it arrives.
class ResponseParser {
  started = false
  private state: State = 'head'
  private line = ''
  private head: Buffer[] = []
  private headLength = 0
  private remaining = 0
  private status = 0
  private statusText = ''
  private contentType?: string
  private errorBody?: Buffer[]

  constructor(
    private readonly sink: ReadIntoSink,
    private readonly displayUrl: string,
  ) {}

  /** Returns true once the whole answer was read. */
  push(input: Buffer): boolean {
    let data = input
    while (data.length > 0 && this.state !== 'done') {
      switch (this.state) {
        case 'head':
          data = this.readHead(data)
          break
        case 'size':
        case 'chunk-end':
        case 'trailer':
          data = this.readLine(data)
          break
        case 'chunk':
        case 'sized': {
          const n = Math.min(this.remaining, data.length)
          this.body(data.subarray(0, n))
          this.remaining -= n
          data = data.subarray(n)
          if (this.remaining === 0) this.state = this.state === 'chunk' ? 'chunk-end' : 'done'
          break
        }
        case 'until-close':
          this.body(data)
          data = data.subarray(data.length)
          break
      }
    }
    if (this.state === 'done') this.complete()
    return this.state === 'done'
  }

  /** The connection ended: fine only when the body is complete or runs until the close. */
  end(): void {
    if (this.state === 'until-close') {
      this.state = 'done'
      this.complete()
      return
    }
    if (this.state !== 'done') throw new ConnectionError(this.started ? 'unexpected EOF' : 'EOF')
  }

  private body(chunk: Buffer): void {
    if (chunk.length === 0) return
    if (this.errorBody) {
      if (this.errorBody.reduce((n, b) => n + b.length, 0) < MAX_ERROR_BODY) this.errorBody.push(Buffer.from(chunk))
      return
    }
    this.sink.data(chunk)
  }

  private complete(): void {
    if (this.errorBody) throw errorFromResponse(this.status, this.statusText, this.contentType, Buffer.concat(this.errorBody), this.displayUrl)
  }

  private readHead(data: Buffer): Buffer {
    this.head.push(Buffer.from(data))
    this.headLength += data.length
    const all = Buffer.concat(this.head)
    const end = all.indexOf('\r\n\r\n')
    if (end < 0) {
      if (this.headLength > MAX_HEAD) throw new ConnectionError('net/http: server response headers exceeded the limit')
      this.head = [all]
      return data.subarray(data.length)
    }
    this.head = []
    const lines = all.toString('latin1', 0, end).split('\r\n')
    const match = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(lines[0] ?? '')
    if (!match) throw new ConnectionError(`malformed HTTP response ${JSON.stringify(lines[0] ?? '')}`)
    this.status = Number(match[1])
    this.statusText = match[2] ?? ''
    const headers: Headers = {}
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':')
      if (colon <= 0) continue
      const name = line.slice(0, colon).trim().toLowerCase()
      const value = line.slice(colon + 1).trim()
      const prior = headers[name]
      headers[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value]
    }
    this.started = true
    const single = (name: string): string | undefined => {
      const v = headers[name]
      return Array.isArray(v) ? v[0] : v
    }
    this.contentType = single('content-type')
    if (this.status >= 400) this.errorBody = []
    else this.sink.head(headers)
    const chunked = /\bchunked\b/i.test(single('transfer-encoding') ?? '')
    const length = single('content-length')
    if (chunked) this.state = 'size'
    else if (length !== undefined) {
      this.remaining = Number(length)
      this.state = this.remaining > 0 ? 'sized' : 'done'
    } else this.state = this.status === 204 || this.status === 304 ? 'done' : 'until-close'
    // Bytes of this read after the head are the body's beginning.
    const consumed = end + 4 - (this.headLength - data.length)
    return data.subarray(consumed)
  }

  private readLine(data: Buffer): Buffer {
    const nl = data.indexOf(0x0a)
    if (nl < 0) {
      this.line += data.toString('latin1')
      if (this.line.length > 4096) throw new ConnectionError('malformed chunked encoding')
      return data.subarray(data.length)
    }
    const line = (this.line + data.toString('latin1', 0, nl)).replace(/\r$/, '')
    this.line = ''
    switch (this.state) {
      case 'size': {
        const size = Number.parseInt(line.split(';')[0]?.trim() ?? '', 16)
        if (!Number.isFinite(size) || size < 0 || !/^[0-9a-fA-F]+/.test(line)) throw new ConnectionError('malformed chunked encoding')
        this.remaining = size
        this.state = size === 0 ? 'trailer' : 'chunk'
        break
      }
      case 'chunk-end':
        if (line !== '') throw new ConnectionError('malformed chunked encoding')
        this.state = 'size'
        break
      default:
        // Trailer lines end with an empty one.
        if (line === '') this.state = 'done'
    }
    return data.subarray(nl + 1)
  }
}

/** The same contract over a node stream (TLS): every chunk to `sink.data`; a cut connection is `unexpected EOF`. */
export async function feedStream(body: Readable, sink: {data(chunk: Buffer): void}): Promise<void> {
  let fromSink = false
  try {
    for await (const chunk of body) {
      fromSink = true
      sink.data(chunk as Buffer)
      fromSink = false
    }
  } catch (error) {
    if (fromSink) throw error
    throw new ConnectionError('unexpected EOF')
  } finally {
    body.destroy()
  }
}
