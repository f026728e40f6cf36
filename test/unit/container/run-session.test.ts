// The pure helpers of the run session, and the attached-stream state machine (attach.ts) on
// in-memory sockets: which end of the session wins, detach keys, cancel, raw mode.
import {EventEmitter} from 'node:events'
import {PassThrough, Duplex} from 'node:stream'
import {describe, expect, it, vi} from 'vitest'

import type {HijackedStream} from '../../../src/lib/engine/hijack.js'
import {startStreamSession, type StreamSessionOptions} from '../../../src/lib/container/attach.js'
import {goPathError, logrusLine, namedReference, rfc3339} from '../../../src/lib/container/run-session.js'
import {InvalidReferenceError} from '../../../src/lib/registry/reference.js'
import {Sink, frame} from '../../fake-engine/frames.js'

describe('namedReference', () => {
  it('reads names, and leaves image IDs and digests unnamed', () => {
    expect(namedReference('busybox')).toEqual({domain: 'docker.io', path: 'library/busybox'})
    expect(namedReference('127.0.0.1:5000/busybox:1')).toEqual({domain: '127.0.0.1:5000', path: 'busybox', tag: '1'})
    expect(namedReference('a'.repeat(64))).toBeUndefined()
    expect(namedReference(`sha256:${'b'.repeat(64)}`)).toBeUndefined()
  })

  it('refuses what docker refuses, with its words', () => {
    expect(() => namedReference('Busybox')).toThrow(InvalidReferenceError)
  })
})

describe('logrus lines', () => {
  it('stamps RFC 3339 local time and quotes the message when needed', () => {
    const now = new Date(2026, 10, 29, 18, 8, 53)
    const stamp = rfc3339(now)
    expect(stamp).toMatch(/^2026-11-29T18:08:53(Z|[+-]\d\d:\d\d)$/)
    expect(logrusLine('warning', 'bind-nonrecursive is deprecated, use bind-recursive=disabled instead', now)).toBe(
      `time="${stamp}" level=warning msg="bind-nonrecursive is deprecated, use bind-recursive=disabled instead"\n`,
    )
    expect(logrusLine('error', 'plain', now)).toBe(`time="${stamp}" level=error msg=plain\n`)
  })
})

describe('goPathError', () => {
  it("speaks Go's words for errno codes", () => {
    const enoent = Object.assign(new Error('ENOENT: no such file or directory'), {code: 'ENOENT'})
    expect(goPathError('open', '/x/cid', enoent)).toBe('open /x/cid: no such file or directory')
  })
})

// ---------------------------------------------------------------------------------------------

class FakeSocket extends Duplex {
  readonly written: Buffer[] = []
  ended = false
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.written.push(chunk)
    callback()
  }
  override _final(callback: () => void): void {
    this.ended = true
    callback()
  }
}



function hijacked(socket: FakeSocket): HijackedStream {
  return {close: () => socket.destroy(), closeWrite: () => socket.end(), socket: socket as never}
}

function session(socket: FakeSocket, extra: Partial<StreamSessionOptions> = {}): {out: Sink; err: Sink; s: ReturnType<typeof startStreamSession>} {
  const out = new Sink()
  const err = new Sink()
  const s = startStreamSession({env: {}, exitHook: new EventEmitter() as never, hijacked: hijacked(socket), reclaim: () => {}, stderr: err, stdout: out, tty: false, warn: () => {}, ...extra})
  return {err, out, s}
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5))

describe('startStreamSession', () => {
  it('without stdin: half-closes at once, demuxes, and ends with the output', async () => {
    const socket = new FakeSocket()
    const {err, out, s} = session(socket)
    await tick()
    expect(socket.ended).toBe(true)
    socket.push(frame(1, 'hi\n'))
    socket.push(frame(2, 'warn\n'))
    socket.push(null)
    expect(await s.outcome).toEqual({kind: 'done'})
    expect(out.text).toBe('hi\n')
    expect(err.text).toBe('warn\n')
  })

  it('with stdin: forwards it, half-closes at EOF, and still waits for the output', async () => {
    const socket = new FakeSocket()
    const stdin = new PassThrough()
    const {out, s} = session(socket, {stdin})
    stdin.end('input')
    await tick()
    expect(Buffer.concat(socket.written).toString()).toBe('input')
    expect(socket.ended).toBe(true)
    let settled = false
    void s.outcome.then(() => (settled = true))
    await tick()
    expect(settled).toBe(false)
    socket.push(frame(1, 'echo:input'))
    socket.push(null)
    expect(await s.outcome).toEqual({kind: 'done'})
    expect(out.text).toBe('echo:input')
  })

  it('a daemon error frame ends the session with that error', async () => {
    const socket = new FakeSocket()
    const {s} = session(socket)
    socket.push(frame(3, 'boom'))
    const outcome = await s.outcome
    expect(outcome.kind).toBe('error')
    expect(outcome.kind === 'error' && outcome.error.message).toBe('error from daemon in stream: boom')
  })

  it('TTY: raw copy to stdout, raw mode on and restored, detach keys end it', async () => {
    const socket = new FakeSocket()
    const stdin = Object.assign(new PassThrough(), {isTTY: true, setRawMode: vi.fn()})
    const {out, s} = session(socket, {detachKeys: 'ctrl-x,x', stdin, tty: true})
    expect(stdin.setRawMode.mock.calls).toEqual([[true]])
    socket.push(Buffer.from('\x01\x02raw bytes\r\n'))
    await tick()
    stdin.write('ls\r')
    stdin.write(Buffer.from([0x18, 0x78]))
    expect(await s.outcome).toEqual({kind: 'detached'})
    expect(out.text).toBe('\x01\x02raw bytes\r\n')
    expect(Buffer.concat(socket.written).toString()).toBe('ls\r')
    expect(socket.ended).toBe(false)
    expect(stdin.setRawMode.mock.calls).toEqual([[true], [false]])
    s.close()
    expect(socket.destroyed).toBe(true)
  })

  it('an invalid detach-keys spec warns and keeps ctrl-p ctrl-q', async () => {
    const socket = new FakeSocket()
    const warn = vi.fn()
    const stdin = Object.assign(new PassThrough(), {isTTY: true, setRawMode: () => {}})
    const {s} = session(socket, {detachKeys: 'ctrl-', stdin, tty: true, warn})
    expect(warn).toHaveBeenCalledWith("invalid detach escape keys, using default: Unknown character: 'ctrl-'")
    stdin.write(Buffer.from([0x10, 0x11]))
    expect(await s.outcome).toEqual({kind: 'detached'})
  })

  it('without a TTY the detach keys are ordinary bytes', async () => {
    const socket = new FakeSocket()
    const stdin = new PassThrough()
    const {s} = session(socket, {stdin})
    stdin.end(Buffer.from([0x10, 0x11]))
    await tick()
    expect(Buffer.concat(socket.written)).toEqual(Buffer.from([0x10, 0x11]))
    socket.push(null)
    expect(await s.outcome).toEqual({kind: 'done'})
  })

  it('cancel() ends a session whose output is still open; close() stops stdin', async () => {
    const socket = new FakeSocket()
    const stdin = new PassThrough()
    const {s} = session(socket, {stdin})
    s.cancel()
    expect(await s.outcome).toEqual({kind: 'cancelled'})
    s.close()
    expect(socket.destroyed).toBe(true)
    expect(stdin.isPaused()).toBe(true)
  })

  it('collects young garbage every 2 MiB moved, in either direction', async () => {
    const socket = new FakeSocket()
    const stdin = new PassThrough()
    const reclaim = vi.fn()
    const {s} = session(socket, {reclaim, stdin})
    const mib = Buffer.alloc(1024 * 1024)
    stdin.write(mib)
    const header = Buffer.alloc(8)
    header[0] = 1
    header.writeUInt32BE(mib.length, 4)
    socket.push(Buffer.concat([header, mib]))
    await tick()
    expect(reclaim).toHaveBeenCalledTimes(1)
    stdin.end(mib)
    socket.push(Buffer.concat([header, mib]))
    socket.push(null)
    await s.outcome
    expect(reclaim).toHaveBeenCalledTimes(2)
  })

  it('with no output attached, the end of stdin ends the session', async () => {
    const socket = new FakeSocket()
    const stdin = new PassThrough()
    const {s} = session(socket, {stderr: null, stdin, stdout: null})
    stdin.end('x')
    expect(await s.outcome).toEqual({kind: 'done'})
  })
})
