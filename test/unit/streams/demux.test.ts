import {createServer, get, type IncomingMessage, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {PassThrough, Readable, Writable} from 'node:stream'
import {afterEach, describe, expect, it} from 'vitest'

import {ConnectionError} from '../../../src/lib/engine/errors.js'
import {coalescePieces, copyContainerOutput, copyRaw, demuxStream, FrameDecoder} from '../../../src/lib/streams/demux.js'
import {Sink, frame} from '../../fake-engine/frames.js'



async function* chunks(...parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield part
}

function splitAt(buf: Buffer, ...offsets: number[]): Buffer[] {
  const out: Buffer[] = []
  let start = 0
  for (const at of offsets) {
    out.push(buf.subarray(start, at))
    start = at
  }
  out.push(buf.subarray(start))
  return out
}

async function run(parts: Buffer[]): Promise<{out: string; err: string}> {
  const out = new Sink('latin1')
  const err = new Sink('latin1')
  await demuxStream(chunks(...parts), out, err)
  return {err: err.text, out: out.text}
}

const binary = Buffer.from(Array.from({length: 256}, (_, i) => i))
const message = Buffer.concat([
  frame(1, 'hi\n'),
  frame(2, 'oops\n'),
  frame(1, ''),
  frame(0, 'from stdin stream\n'),
  frame(2, binary),
  frame(1, 'no newline'),
])
const expected = {
  err: `oops\n${binary.toString('latin1')}`,
  out: 'hi\nfrom stdin stream\nno newline',
}

describe('demuxStream', () => {
  it('splits a multiplexed message into stdout and stderr', async () => {
    expect(await run([message])).toEqual(expected)
  })

  it('gives the same output wherever a chunk boundary falls', async () => {
    for (let at = 0; at <= message.length; at++) {
      expect(await run(splitAt(message, at))).toEqual(expected)
    }
    for (let a = 1; a < message.length; a += 3) {
      for (let b = a; b < message.length; b += 5) {
        expect(await run(splitAt(message, a, b))).toEqual(expected)
      }
    }
  })

  it('handles one-byte chunks', async () => {
    const parts = [...message].map((byte) => Buffer.from([byte]))
    expect(await run(parts)).toEqual(expected)
  })

  it('writes nothing for a zero-length frame', async () => {
    const out = new Sink('latin1')
    await demuxStream(chunks(frame(1, ''), frame(2, '')), out, null)
    expect(out.chunks).toEqual([])
  })

  it('discards a stream whose destination is null', async () => {
    const out = new Sink('latin1')
    await demuxStream(chunks(message), out, null)
    expect(out.text).toBe(expected.out)
  })

  it('fails with the daemon message on a stream-3 frame, after writing what came before', async () => {
    const out = new Sink('latin1')
    const input = Buffer.concat([frame(1, 'before\n'), frame(3, 'boom'), frame(1, 'after\n')])
    for (const parts of [[input], [...input].map((byte) => Buffer.from([byte]))]) {
      out.chunks.length = 0
      await expect(demuxStream(chunks(...parts), out, null)).rejects.toThrow(/^error from daemon in stream: boom$/)
      expect(out.text).toBe('before\n')
    }
  })

  it('fails on an empty stream-3 frame', async () => {
    await expect(demuxStream(chunks(frame(3, '')), null, null)).rejects.toThrow(/^error from daemon in stream: $/)
  })

  it('fails on a stream byte docker does not know', async () => {
    const out = new Sink('latin1')
    await expect(demuxStream(chunks(Buffer.concat([frame(1, 'ok'), frame(7, 'x')])), out, null)).rejects.toThrow(
      /^Unrecognized input header: 7$/,
    )
    expect(out.text).toBe('ok')
  })

  it('ends quietly at EOF inside a header, as StdCopy does', async () => {
    const truncated = Buffer.concat([frame(1, 'a'), frame(9, 'x').subarray(0, 5)])
    expect(await run([truncated])).toEqual({err: '', out: 'a'})
  })

  it('ends quietly at EOF inside a stream-3 payload', async () => {
    expect(await run([Buffer.concat([frame(1, 'a'), frame(3, 'boom').subarray(0, 10)])])).toEqual({err: '', out: 'a'})
  })

  it('forwards a 1 MiB frame byte-exact, in pieces as they arrive', async () => {
    const payload = Buffer.alloc(1024 * 1024)
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7919) % 251
    const whole = frame(1, payload)
    const parts: Buffer[] = []
    for (let at = 0; at < whole.length; at += 65_536) parts.push(whole.subarray(at, at + 65_536))
    const out = new Sink('latin1')
    await demuxStream(chunks(...parts), out, null)
    expect(Buffer.concat(out.chunks).equals(payload)).toBe(true)
    expect(out.chunks.length).toBe(parts.length)
  })

  it('waits for a slow destination to drain before reading on', async () => {
    const events: string[] = []
    const slow = new Writable({
      highWaterMark: 4,
      write(chunk: Buffer, _encoding, callback) {
        events.push(`write ${chunk.toString()}`)
        setTimeout(callback, 5)
      },
    })
    async function* source(): AsyncGenerator<Buffer> {
      for (const word of ['first', 'second', 'third']) {
        events.push(`read ${word}`)
        yield frame(1, word)
      }
    }
    await demuxStream(source(), slow, null)
    expect(events).toEqual(['read first', 'write first', 'read second', 'write second', 'read third', 'write third'])
  })

  it('rejects when the destination fails while it is full', async () => {
    const broken = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, callback) {
        setTimeout(() => callback(new Error('EPIPE')), 1)
      },
    })
    broken.on('error', () => {})
    await expect(demuxStream(chunks(frame(1, 'ab'), frame(1, 'cd')), broken, null)).rejects.toThrow('EPIPE')
  })
})

describe('one write per destination run of each read', () => {
  it('joins consecutive pieces for the same destination, keeping the stdout/stderr order', () => {
    const pieces = new FrameDecoder().push(Buffer.concat([frame(1, 'a'), frame(0, 'b'), frame(2, 'c'), frame(2, 'd'), frame(1, 'e')]))
    expect(coalescePieces(pieces)).toEqual([
      {data: Buffer.from('ab'), stderr: false},
      {data: Buffer.from('cd'), stderr: true},
      {data: Buffer.from('e'), stderr: false},
    ])
  })

  it('demuxStream writes a chunk of 32 frames with one write', async () => {
    const lines = Array.from({length: 32}, (_, i) => frame(1, `line ${i}\n`))
    const out = new Sink()
    await demuxStream(chunks(Buffer.concat(lines)), out, null)
    expect(out.chunks.length).toBe(1)
  })
})

// What a `logs` body is: node's HTTP parser emits one 'data' event per HTTP chunk, and the
// engine sends every frame as a chunk of its own.
describe('copyContainerOutput', () => {
  let server: Server | undefined
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    server = undefined
  })

  /** An HTTP response whose body is `parts`, each written as one HTTP chunk, all in one socket write when `together`. */
  async function chunkedBody(parts: Buffer[], together: boolean): Promise<IncomingMessage> {
    server = createServer((_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/vnd.docker.multiplexed-stream'})
      // Corked writes leave in one socket write, as a daemon's flushes do when the reader is behind.
      if (together) res.socket?.cork()
      for (const part of parts) res.write(part)
      if (together) process.nextTick(() => res.socket?.uncork())
      res.end()
    })
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const {port} = server.address() as AddressInfo
    return new Promise((resolve) => get({host: '127.0.0.1', path: '/', port}, resolve))
  }

  it('writes what one socket read brought with one write per destination run', async () => {
    const lines = Array.from({length: 32}, (_, i) => frame(i === 20 ? 2 : 1, `line ${i}\n`))
    const body = await chunkedBody(lines, true)
    const out = new Sink()
    const err = new Sink()
    await copyContainerOutput(body, false, out, err)
    expect(out.text).toBe(Array.from({length: 32}, (_, i) => (i === 20 ? '' : `line ${i}\n`)).join(''))
    expect(err.text).toBe('line 20\n')
    // stdout before and after the stderr line: two stdout writes, one stderr write.
    expect([out.chunks.length, err.chunks.length]).toEqual([2, 1])
  })

  it('writes each piece as soon as it arrives, holding nothing back while the stream is idle', async () => {
    const source = new PassThrough()
    const out = new Sink()
    const copied = copyContainerOutput(source, false, out, new Sink())
    source.write(frame(1, 'first\n'))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(out.text).toBe('first\n')
    source.end(frame(1, 'second\n'))
    await copied
    expect(out.chunks.map(String)).toEqual(['first\n', 'second\n'])
  })

  it('copies a TTY body unchanged', async () => {
    const out = new Sink('latin1')
    await copyContainerOutput(Readable.from([Buffer.from('a\r\n'), binary]), true, out, new Sink())
    expect(Buffer.concat(out.chunks).equals(Buffer.concat([Buffer.from('a\r\n'), binary]))).toBe(true)
  })

  it('waits for a full destination to drain before reading on', async () => {
    const events: string[] = []
    const slow = new Writable({
      highWaterMark: 4,
      write(chunk: Buffer, _encoding, callback) {
        events.push(`write ${chunk.toString()}`)
        setTimeout(callback, 5)
      },
    })
    const source = new Readable({read() {}})
    const copied = copyContainerOutput(source, false, slow, new Sink())
    source.push(frame(1, 'first'))
    await new Promise((resolve) => setTimeout(resolve, 1))
    source.push(frame(1, 'second'))
    source.push(null)
    await copied
    expect(events).toEqual(['write first', 'write second'])
  })

  it('fails with the daemon message on a stream-3 frame, after writing what came before', async () => {
    const out = new Sink()
    await expect(copyContainerOutput(Readable.from([Buffer.concat([frame(1, 'before\n'), frame(3, 'boom')])]), false, out, new Sink())).rejects.toThrow(
      /^error from daemon in stream: boom$/,
    )
    expect(out.text).toBe('before\n')
  })

  it('reads a connection dropped mid-body as unexpected EOF', async () => {
    const source = new PassThrough()
    const copied = copyContainerOutput(source, false, new Sink(), new Sink())
    source.write(frame(1, 'x'))
    source.destroy()
    await expect(copied).rejects.toBeInstanceOf(ConnectionError)
    await expect(copied).rejects.toThrow(/^unexpected EOF$/)
  })

  it('rejects with the error of the destination (a reader gone: EPIPE)', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}))
      },
    })
    const source = new PassThrough()
    const copied = copyContainerOutput(source, false, broken, new Sink())
    source.write(frame(1, 'ab'))
    await expect(copied).rejects.toThrow('write EPIPE')
    expect(source.destroyed).toBe(true)
  })
})

describe('FrameDecoder', () => {
  it('returns sub-arrays of the pushed chunk and tracks an unfinished frame', () => {
    const decoder = new FrameDecoder()
    const input = frame(2, 'hello')
    const pieces = decoder.push(input.subarray(0, 10))
    expect(pieces).toEqual([{data: Buffer.from('he'), stream: 2}])
    expect(pieces[0]?.data.buffer).toBe(input.buffer)
    expect(decoder.midFrame).toBe(true)
    expect(decoder.push(input.subarray(10))).toEqual([{data: Buffer.from('llo'), stream: 2}])
    expect(decoder.midFrame).toBe(false)
    decoder.end()
  })

  it('returns the pieces before a fault, then throws it on the next push', () => {
    const decoder = new FrameDecoder()
    expect(decoder.push(Buffer.concat([frame(1, 'x'), frame(4, '')]))).toEqual([{data: Buffer.from('x'), stream: 1}])
    expect(decoder.error?.message).toBe('Unrecognized input header: 4')
    expect(() => decoder.push(frame(1, 'y'))).toThrow('Unrecognized input header: 4')
    expect(() => decoder.end()).toThrow('Unrecognized input header: 4')
  })
})

describe('copyRaw', () => {
  it('copies TTY output unchanged', async () => {
    const out = new Sink('latin1')
    await copyRaw(chunks(Buffer.from('a\r\n'), binary), out)
    expect(Buffer.concat(out.chunks).equals(Buffer.concat([Buffer.from('a\r\n'), binary]))).toBe(true)
  })

  it('drains the source when there is no destination', async () => {
    let read = 0
    async function* source(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 3; i++) {
        read++
        yield Buffer.from('x')
      }
    }
    await copyRaw(source(), null)
    expect(read).toBe(3)
  })
})
