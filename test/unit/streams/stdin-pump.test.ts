import {PassThrough, Writable} from 'node:stream'
import {describe, expect, it, vi} from 'vitest'

import {DEFAULT_DETACH_KEYS, DetachKeyDetector, parseDetachKeys, pumpStdin} from '../../../src/lib/streams/stdin-pump.js'

describe('parseDetachKeys', () => {
  it.each([
    ['ctrl-p,ctrl-q', [0x10, 0x11]],
    ['ctrl-x,y', [0x18, 0x79]],
    ['a,b,c', [0x61, 0x62, 0x63]],
    ['ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_', [0, 27, 28, 29, 30, 31]],
    ['ctrl-a,ctrl-z', [1, 26]],
    ['DEL', [0x7f]],
    ['x', [0x78]],
  ])('parses %j', (spec, keys) => {
    expect(parseDetachKeys(spec as string)).toEqual(keys)
  })

  it.each([
    ['ctrl-P', "Unknown character: 'ctrl-P'"],
    ['ctrl-pq', "Unknown character: 'ctrl-pq'"],
    ['ctrl-1', "Unknown character: 'ctrl-1'"],
    ['ab', "Unknown character: 'ab'"],
    ['', "Unknown character: ''"],
    ['ctrl-p,', "Unknown character: ''"],
    ['é', "Unknown character: 'é'"],
    ['del', "Unknown character: 'del'"],
  ])('rejects %j with docker wording', (spec, message) => {
    expect(() => parseDetachKeys(spec)).toThrow(message)
  })

  it('has ctrl-p ctrl-q as the default', () => {
    expect(DEFAULT_DETACH_KEYS).toEqual(parseDetachKeys('ctrl-p,ctrl-q'))
  })
})

/** Feeds reads one after another; returns everything forwarded and whether it detached. */
function feedAll(keys: number[], reads: Array<string | number[]>): {sent: string; detached: boolean} {
  const detector = new DetachKeyDetector(keys)
  const sent: Buffer[] = []
  for (const read of reads) {
    const {detached, forward} = detector.feed(Buffer.from(read as string))
    sent.push(forward)
    if (detached) return {detached, sent: Buffer.concat(sent).toString('latin1')}
  }
  return {detached: false, sent: Buffer.concat(sent).toString('latin1')}
}

const P = '\x10'
const Q = '\x11'

describe('DetachKeyDetector', () => {
  const keys = [0x10, 0x11]

  it('passes ordinary input through', () => {
    expect(feedAll(keys, ['hello\n', 'world'])).toEqual({detached: false, sent: 'hello\nworld'})
  })

  it('detects the sequence typed key by key and sends none of it', () => {
    expect(feedAll(keys, ['ls', P, Q, 'never sent'])).toEqual({detached: true, sent: 'ls'})
  })

  it('detects the sequence inside one read, sending what came before it only', () => {
    expect(feedAll(keys, [`ab${P}${Q}cd`])).toEqual({detached: true, sent: 'ab'})
    expect(feedAll(keys, [`ab${P}`, `${Q}cd`])).toEqual({detached: true, sent: 'ab'})
  })

  it('holds back a partial match and sends it unchanged when the sequence breaks', () => {
    const detector = new DetachKeyDetector(keys)
    expect(detector.feed(Buffer.from(`a${P}`)).forward.toString()).toBe('a')
    expect(detector.feed(Buffer.from('x')).forward.toString()).toBe(`${P}x`)
    expect(feedAll(keys, [P, `${P}x`])).toEqual({detached: false, sent: `${P}${P}x`})
  })

  it('does not restart matching on the byte that broke a match, as docker', () => {
    expect(feedAll(keys, [P, P, Q])).toEqual({detached: false, sent: `${P}${P}${Q}`})
    expect(feedAll(keys, [`${P}${P}${Q}`])).toEqual({detached: false, sent: `${P}${P}${Q}`})
  })

  it('releases a longer partial match exactly once when it breaks in a later read', () => {
    expect(feedAll([0x61, 0x62, 0x63], ['a', 'bx', 'y'])).toEqual({detached: false, sent: 'abxy'})
    expect(feedAll([0x61, 0x62, 0x63], ['a', 'b', 'x'])).toEqual({detached: false, sent: 'abx'})
    expect(feedAll([0x61, 0x62, 0x63], ['za', 'b', 'c'])).toEqual({detached: true, sent: 'z'})
  })

  it('detaches on a one-key sequence', () => {
    expect(feedAll([0x1d], ['abc\x1ddef'])).toEqual({detached: true, sent: 'abc'})
  })
})

class SlowSocket extends Writable {
  readonly received: Buffer[] = []
  private readonly delay: number
  constructor(highWaterMark = 16 * 1024, delay = 0) {
    super({highWaterMark})
    this.delay = delay
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.received.push(chunk)
    if (this.delay > 0) setTimeout(callback, this.delay)
    else callback()
  }
  get text(): string {
    return Buffer.concat(this.received).toString('latin1')
  }
}

function target(socket: SlowSocket): {socket: SlowSocket; closeWrite: ReturnType<typeof vi.fn>} {
  return {closeWrite: vi.fn(), socket}
}

describe('pumpStdin', () => {
  it('copies stdin to the connection and half-closes at EOF', async () => {
    const stdin = new PassThrough()
    const t = target(new SlowSocket())
    const pump = pumpStdin(stdin, t)
    stdin.write('hello ')
    stdin.end('world')
    expect(await pump.done).toBe('eof')
    expect(t.socket.text).toBe('hello world')
    expect(t.closeWrite).toHaveBeenCalledTimes(1)
  })

  it('half-closes at once when stdin has already ended', async () => {
    const stdin = new PassThrough()
    stdin.end()
    stdin.resume()
    await new Promise((resolve) => stdin.once('end', resolve))
    const t = target(new SlowSocket())
    expect(await pumpStdin(stdin, t).done).toBe('eof')
    expect(t.closeWrite).toHaveBeenCalledTimes(1)
  })

  it('half-closes when stdin fails, as docker does', async () => {
    const stdin = new PassThrough()
    const t = target(new SlowSocket())
    const pump = pumpStdin(stdin, t)
    stdin.destroy(new Error('EIO'))
    expect(await pump.done).toBe('eof')
    expect(t.closeWrite).toHaveBeenCalledTimes(1)
  })

  it('pauses stdin while the connection is backed up', async () => {
    const stdin = new PassThrough()
    const socket = new SlowSocket(4, 20)
    const pump = pumpStdin(stdin, target(socket))
    stdin.write('0123456789')
    await new Promise((resolve) => setImmediate(resolve))
    expect(stdin.isPaused()).toBe(true)
    await new Promise((resolve) => socket.once('drain', resolve))
    await new Promise((resolve) => setImmediate(resolve))
    expect(stdin.isPaused()).toBe(false)
    stdin.end('!')
    expect(await pump.done).toBe('eof')
    expect(socket.text).toBe('0123456789!')
  })

  it('stops on request without half-closing, leaving stdin paused and unlistened', async () => {
    const stdin = new PassThrough()
    const t = target(new SlowSocket())
    const pump = pumpStdin(stdin, t)
    stdin.write('a')
    await new Promise((resolve) => setImmediate(resolve))
    pump.stop()
    expect(await pump.done).toBe('stopped')
    stdin.write('b')
    await new Promise((resolve) => setImmediate(resolve))
    expect(t.socket.text).toBe('a')
    expect(t.closeWrite).not.toHaveBeenCalled()
    expect(stdin.isPaused()).toBe(true)
    expect(stdin.listenerCount('data')).toBe(0)
  })

  it('ends on the detach keys without sending them or half-closing', async () => {
    const stdin = new PassThrough()
    const t = target(new SlowSocket())
    const onDetach = vi.fn()
    const pump = pumpStdin(stdin, t, {detachKeys: DEFAULT_DETACH_KEYS, onDetach})
    stdin.write('ls\r')
    stdin.write(P)
    stdin.write(Q)
    expect(await pump.done).toBe('detached')
    expect(onDetach).toHaveBeenCalledTimes(1)
    expect(t.socket.text).toBe('ls\r')
    expect(t.closeWrite).not.toHaveBeenCalled()
  })

  it('forwards the detach keys as plain bytes without detachKeys (non-TTY)', async () => {
    const stdin = new PassThrough()
    const t = target(new SlowSocket())
    const pump = pumpStdin(stdin, t)
    stdin.end(`${P}${Q}`)
    expect(await pump.done).toBe('eof')
    expect(t.socket.text).toBe(`${P}${Q}`)
  })

  it('ends when the connection closes', async () => {
    const stdin = new PassThrough()
    const socket = new SlowSocket()
    const pump = pumpStdin(stdin, target(socket))
    socket.destroy()
    expect(await pump.done).toBe('closed')
  })
})
