// Docker's stdcopy framing and a collecting writable, for tests of the stream layer.
import {Writable} from 'node:stream'

/** One multiplexed frame: [stream, 0, 0, 0, uint32 BE size] + payload. */
export function frame(stream: number, payload: Buffer | string): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload
  const header = Buffer.alloc(8)
  header[0] = stream
  header.writeUInt32BE(data.length, 4)
  return Buffer.concat([header, data])
}

/** A writable that keeps everything written to it. */
export class Sink extends Writable {
  readonly chunks: Buffer[] = []
  readonly encoding: BufferEncoding

  /** `encoding` is how `text` decodes the bytes (latin1 keeps binary tests byte-exact). */
  constructor(encoding: BufferEncoding = 'utf8') {
    super()
    this.encoding = encoding
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk)
    callback()
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString(this.encoding)
  }
}
