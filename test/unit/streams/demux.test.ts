import {Writable} from 'node:stream'
import {describe, expect, it} from 'vitest'

import {copyRaw, demuxStream, FrameDecoder} from '../../../src/lib/streams/demux.js'
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
