// A container's output as objects: `{stream, data}` frames, demultiplexed from the engine's
// stdcopy framing, or the raw bytes of a TTY container labelled stdout (a TTY merges both). The
// library's logs and attach output are object streams of these; the CLI copies bytes directly.
import {type Readable, Transform} from 'node:stream'

import {FrameDecoder} from './demux.js'

export interface OutputFrame {
  stream: 'stdout' | 'stderr'
  data: Buffer
}

/**
 * Decodes `body` into OutputFrames. A daemon error frame in the stream ends it with that error,
 * after the frames before it.
 */
export function demuxFrames(body: Readable, tty: boolean): Readable {
  const decoder = tty ? undefined : new FrameDecoder()
  const frames = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      if (!decoder) {
        callback(null, {data: chunk, stream: 'stdout'} satisfies OutputFrame)
        return
      }
      let pieces
      try {
        pieces = decoder.push(chunk)
      } catch (error) {
        callback(error as Error)
        return
      }
      // stdin frames (stream 0) are printed on stdout by docker, so they are stdout here too.
      for (const piece of pieces) this.push({data: piece.data, stream: piece.stream === 2 ? 'stderr' : 'stdout'} satisfies OutputFrame)
      callback(decoder.error ?? null)
    },
  })
  body.once('error', (error) => frames.destroy(error))
  frames.once('close', () => body.destroy())
  return body.pipe(frames)
}
