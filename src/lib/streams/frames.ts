// A container's output as objects: `{stream, data}` frames, demultiplexed from the engine's
// stdcopy framing, or the raw bytes of a TTY container labelled stdout (a TTY merges both). The
// library's logs are an object stream of these; the CLI copies bytes directly.
import {type Readable, Transform, type TransformCallback} from 'node:stream'

import {FrameDecoder} from './demux.js'

export interface OutputFrame {
  stream: 'stdout' | 'stderr'
  data: Buffer
}

/**
 * An object stream (and async iterable) of OutputFrames. A daemon error frame in the stream ends
 * it with that error, after the frames before it.
 */
export class FrameStream extends Transform {
  private readonly decoder?: FrameDecoder

  constructor(tty: boolean) {
    super({readableObjectMode: true})
    if (!tty) this.decoder = new FrameDecoder()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.decoder) {
      callback(null, {data: chunk, stream: 'stdout'} satisfies OutputFrame)
      return
    }
    let pieces
    try {
      pieces = this.decoder.push(chunk)
    } catch (error) {
      callback(error as Error)
      return
    }
    // stdin frames (stream 0) are printed on stdout by docker, so they are stdout here too.
    for (const piece of pieces) this.push({data: piece.data, stream: piece.stream === 2 ? 'stderr' : 'stdout'} satisfies OutputFrame)
    callback(this.decoder.error ?? null)
  }

  override [Symbol.asyncIterator](): NodeJS.AsyncIterator<OutputFrame> {
    return super[Symbol.asyncIterator]() as NodeJS.AsyncIterator<OutputFrame>
  }
}

/** `body` (a logs or attach output stream) as a FrameStream; destroying either ends both. */
export function demuxFrames(body: Readable, tty: boolean): FrameStream {
  const frames = new FrameStream(tty)
  body.once('error', (error) => frames.destroy(error))
  frames.once('close', () => body.destroy())
  return body.pipe(frames)
}
