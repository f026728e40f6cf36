// The engine's JSON message streams (pull, push, build, load, import, events, stats) as Node
// object streams: each JSON value of the body comes out as one object, and the stream is an
// async iterable. The raw body stays reachable for callers that want the bytes themselves (the
// CLI's events line needs timeNano's exact digits); decoding starts only when objects are read.
import {Readable} from 'node:stream'

import {decodeJSONStream} from '../streams/json-stream.js'
import {DecodeError} from './errors.js'

/** An engine JSON message stream as an object stream (and async iterable) of `T`. */
export class JSONMessageStream<T> extends Readable {
  /** The response body, undecoded. Read either this or the objects, not both. */
  readonly body: Readable
  private source?: AsyncGenerator<T>

  constructor(body: Readable) {
    super({objectMode: true})
    // A failing body reaches whoever reads: the decoder below, or a caller reading `body` itself.
    this.body = body
  }

  override _read(): void {
    this.source ??= decodeJSONStream<T>(this.body)
    this.source.next().then(
      (next) => {
        if (next.done === true) this.push(null)
        else this.push(next.value)
      },
      (error: unknown) => {
        // The decoder's errors are Go's json.SyntaxError texts; a socket failure is a cut-short stream.
        const code = (error as NodeJS.ErrnoException).code
        this.destroy(typeof code === 'string' && code !== '' ? new DecodeError('unexpected EOF') : new DecodeError((error as Error).message))
      },
    )
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.body.destroy()
    callback(error)
  }

  override [Symbol.asyncIterator](): NodeJS.AsyncIterator<T> {
    return super[Symbol.asyncIterator]() as NodeJS.AsyncIterator<T>
  }
}
