// The engine's stdcopy framing for non-TTY attach, exec and logs streams: each frame is an
// 8-byte header [stream, 0, 0, 0, size as uint32 big-endian] followed by `size` payload bytes
// (DOCKER-CLI-BEHAVIOUR.md §0.8). TTY streams carry no framing and go through copyRaw.
//
// Payload bytes are handed on as they arrive instead of after the whole frame, so memory stays
// at one chunk plus a partial header however large a frame is. The one visible difference from
// docker's StdCopy: when the connection drops in the middle of a frame, docker throws the partial
// payload away and we have already written it. Both end silently there, as docker does.

const HEADER_LENGTH = 8
const SYSTEM_ERROR = 3

export interface DemuxPiece {
  /** As on the wire: 0 (stdin, which docker prints on stdout), 1 (stdout), 2 (stderr). */
  stream: 0 | 1 | 2
  data: Buffer
}

/**
 * A push parser for stdcopy frames; pure, so it can be fed any chunking. push() returns the
 * payload pieces decoded so far (sub-arrays of the chunk, never copies). A stream-3 frame (an
 * error from the daemon) or an unknown stream byte stops decoding: the pieces before it are
 * still returned, `error` is set, and every later push() or end() throws it.
 */
export class FrameDecoder {
  private readonly header = Buffer.alloc(HEADER_LENGTH)
  private headerFill = 0
  /** Payload bytes still to come for the current frame; -1 while reading a header. */
  private remaining = -1
  private stream = 0
  /** A stream-3 payload is needed whole to build the message, so only it is collected. */
  private systemError: Buffer[] = []
  private failure?: Error

  /** Set once the stream carried a daemon error or a header docker does not know. */
  get error(): Error | undefined {
    return this.failure
  }

  /** True when the input so far stops inside a header or a payload. */
  get midFrame(): boolean {
    return this.headerFill > 0 || this.remaining > 0
  }

  push(chunk: Buffer): DemuxPiece[] {
    if (this.failure) throw this.failure
    const pieces: DemuxPiece[] = []
    let offset = 0
    while (offset < chunk.length) {
      if (this.remaining < 0) {
        const take = Math.min(HEADER_LENGTH - this.headerFill, chunk.length - offset)
        chunk.copy(this.header, this.headerFill, offset, offset + take)
        this.headerFill += take
        offset += take
        if (this.headerFill < HEADER_LENGTH) break
        this.headerFill = 0
        if (!this.startFrame()) return pieces
        continue
      }
      const take = Math.min(this.remaining, chunk.length - offset)
      const data = chunk.subarray(offset, offset + take)
      offset += take
      this.remaining -= take
      if (this.stream === SYSTEM_ERROR) {
        this.systemError.push(Buffer.from(data))
        if (this.remaining === 0) {
          this.failSystemError()
          return pieces
        }
      } else {
        pieces.push({data, stream: this.stream as 0 | 1 | 2})
      }
      if (this.remaining === 0) this.remaining = -1
    }
    return pieces
  }

  /**
   * Marks the end of input. A frame cut short is not an error: docker's StdCopy returns
   * success at EOF wherever it falls, so only an earlier fault is thrown here.
   */
  end(): void {
    if (this.failure) throw this.failure
    this.systemError = []
  }

  /** Reads the header just completed; false when it ends decoding. */
  private startFrame(): boolean {
    const stream = this.header[0] as number
    if (stream > SYSTEM_ERROR) {
      this.failure = new Error(`Unrecognized input header: ${stream}`)
      return false
    }
    this.stream = stream
    this.remaining = this.header.readUInt32BE(4)
    if (this.remaining > 0) return true
    this.remaining = -1
    if (stream !== SYSTEM_ERROR) return true
    this.failSystemError()
    return false
  }

  private failSystemError(): void {
    const message = Buffer.concat(this.systemError).toString('utf8')
    this.systemError = []
    this.failure = new Error(`error from daemon in stream: ${message}`)
  }
}

type ByteSource = AsyncIterable<Buffer | string> | NodeJS.ReadableStream

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
}

interface WritableState {
  destroyed?: boolean
  errored?: Error | null
}

/**
 * Writes `data` and, when the destination's buffer is full, waits for it to drain, so a slow
 * consumer (a pipe to `less`, a full disk) slows reading from the engine instead of growing memory.
 */
export async function writeWithBackpressure(dest: NodeJS.WritableStream, data: Buffer): Promise<void> {
  if (dest.write(data)) return
  const state = dest as WritableState
  if (state.errored) throw state.errored
  if (state.destroyed) throw new Error('write to a closed stream')
  await new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      dest.removeListener('drain', onDrain)
      dest.removeListener('error', onError)
      dest.removeListener('close', onClose)
    }
    const onDrain = (): void => {
      cleanup()
      resolve()
    }
    const onError = (error: Error): void => {
      cleanup()
      reject(error)
    }
    // A destination closed without an error would never drain; waiting on it would hang.
    const onClose = (): void => {
      cleanup()
      reject(state.errored ?? new Error('write to a closed stream'))
    }
    dest.on('drain', onDrain)
    dest.on('error', onError)
    dest.on('close', onClose)
  })
}

/**
 * Copies a multiplexed stream to stdout and stderr (null discards that stream) until the
 * source ends. Rejects with docker's message on a stream-3 frame or an unknown stream byte.
 */
export async function demuxStream(source: ByteSource, stdout: NodeJS.WritableStream | null, stderr: NodeJS.WritableStream | null): Promise<void> {
  const decoder = new FrameDecoder()
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    for (const piece of decoder.push(toBuffer(chunk))) {
      const dest = piece.stream === 2 ? stderr : stdout
      if (dest) await writeWithBackpressure(dest, piece.data)
    }
    if (decoder.error) throw decoder.error
  }
  decoder.end()
}

/** Copies a TTY stream, which has no framing, to `dest` (null drains and discards it). */
export async function copyRaw(source: ByteSource, dest: NodeJS.WritableStream | null): Promise<void> {
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    if (dest) await writeWithBackpressure(dest, toBuffer(chunk))
  }
}
