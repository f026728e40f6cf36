// The engine's stdcopy framing for non-TTY attach, exec and logs streams: each frame is an
// 8-byte header [stream, 0, 0, 0, size as uint32 big-endian] followed by `size` payload bytes
// (DOCKER-CLI-BEHAVIOUR.md §0.8). TTY streams carry no framing and go through copyRaw.
//
// Payload bytes are handed on as they arrive instead of after the whole frame, so memory stays
// at one chunk plus a partial header however large a frame is. The one visible difference from
// docker's StdCopy: when the connection drops in the middle of a frame, docker throws the partial
// payload away and we have already written it. Both end silently there, as docker does.

import type {Readable} from 'node:stream'

import {ConnectionError} from '../engine/errors.js'

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

/** A run of output for one destination: stdin (0) and stdout (1) frames both go to stdout. */
export interface OutputRun {
  stderr: boolean
  data: Buffer
}

/**
 * Joins consecutive pieces bound for the same destination, so that what one read brought is
 * written with one write per destination run. A log of short lines arrives as hundreds of tiny
 * frames; a write each spreads the output over milliseconds, and `logs … | grep -q` then dies of
 * EPIPE where docker's quicker writes are all done before grep exits. The order of stdout and
 * stderr runs is kept, so `2>&1` interleaves as before.
 */
export function coalescePieces(pieces: readonly DemuxPiece[]): OutputRun[] {
  const runs: OutputRun[] = []
  let start = 0
  while (start < pieces.length) {
    const stderr = (pieces[start] as DemuxPiece).stream === 2
    let end = start + 1
    while (end < pieces.length && ((pieces[end] as DemuxPiece).stream === 2) === stderr) end++
    const data = end - start === 1 ? (pieces[start] as DemuxPiece).data : Buffer.concat(pieces.slice(start, end).map((piece) => piece.data))
    runs.push({data, stderr})
    start = end
  }
  return runs
}

/**
 * Copies a multiplexed stream to stdout and stderr (null discards that stream) until the
 * source ends, one write per destination run of each chunk read. Rejects with docker's message
 * on a stream-3 frame or an unknown stream byte.
 */
export async function demuxStream(source: ByteSource, stdout: NodeJS.WritableStream | null, stderr: NodeJS.WritableStream | null): Promise<void> {
  const decoder = new FrameDecoder()
  // The async iterator hands over everything buffered at once, so a chunk here is a whole read.
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    for (const run of coalescePieces(decoder.push(toBuffer(chunk)))) {
      const dest = run.stderr ? stderr : stdout
      if (dest) await writeWithBackpressure(dest, run.data)
    }
    if (decoder.error) throw decoder.error
  }
  decoder.end()
}

/** Where container output goes; `once` lets a destination that is full make us wait for 'drain'. */
export interface OutputSink {
  write(chunk: Buffer): boolean
  once?(event: 'drain' | 'error', listener: (error?: Error) => void): unknown
}

/**
 * Copies a container's output body (logs; multiplexed, or raw for a TTY container) to stdout
 * and stderr as it arrives. The engine sends each frame as an HTTP chunk of its own and node's
 * parser emits one 'data' event per HTTP chunk, so the body is read in paused mode instead:
 * read() hands over everything the last socket read brought, which is then written with one
 * write per destination run. Nothing is held back: 'readable' fires as soon as data is in.
 * When a destination is full, reading waits for it to drain. The connection dropping before
 * the end is Go's io.ErrUnexpectedEOF.
 */
export function copyContainerOutput(body: Readable, tty: boolean, stdout: OutputSink, stderr: OutputSink): Promise<void> {
  return new Promise((resolve, reject) => {
    const decoder = tty ? undefined : new FrameDecoder()
    const full = new Set<OutputSink>()
    let settled = false
    let ended = false

    const onSinkError = (error?: Error): void => finish(error ?? new Error('write to a closed stream'))
    const finish = (error?: unknown): void => {
      if (settled) return
      settled = true
      body.removeListener('readable', pump)
      if (error === undefined) {
        resolve()
        return
      }
      body.destroy()
      reject(error)
    }
    const write = (sink: OutputSink, data: Buffer): void => {
      if (sink.write(data) || sink.once === undefined || full.has(sink)) return
      full.add(sink)
      sink.once('drain', () => {
        full.delete(sink)
        if (full.size === 0) pump()
      })
    }
    function pump(): void {
      let chunk: Buffer | null
      while (!settled && full.size === 0 && (chunk = body.read() as Buffer | null) !== null) {
        try {
          if (decoder === undefined) {
            write(stdout, chunk)
            continue
          }
          for (const run of coalescePieces(decoder.push(chunk))) write(run.stderr ? stderr : stdout, run.data)
          if (decoder.error) finish(decoder.error)
        } catch (error) {
          finish(error)
        }
      }
    }

    body.on('readable', pump)
    body.once('end', () => {
      ended = true
      try {
        decoder?.end()
        finish()
      } catch (error) {
        finish(error)
      }
    })
    const unexpectedEOF = (): void => finish(new ConnectionError('unexpected EOF'))
    body.once('error', unexpectedEOF)
    body.once('aborted', unexpectedEOF)
    body.once('close', () => {
      if (!ended) unexpectedEOF()
    })
    // Left in place once settled: a write's failure can surface after the body has ended, and
    // an 'error' with no listener would throw.
    for (const sink of new Set([stdout, stderr])) sink.once?.('error', onSinkError)
  })
}

/** Copies a TTY stream, which has no framing, to `dest` (null drains and discards it). */
export async function copyRaw(source: ByteSource, dest: NodeJS.WritableStream | null): Promise<void> {
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    if (dest) await writeWithBackpressure(dest, toBuffer(chunk))
  }
}
