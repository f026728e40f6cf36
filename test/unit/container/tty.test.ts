import {EventEmitter} from 'node:events'
import {describe, expect, it, vi} from 'vitest'

import type {SignalSource} from '../../../src/lib/container/signals.js'
import {enterRawMode, type ExitHook, monitorTtySize, terminalSize} from '../../../src/lib/container/tty.js'

class FakeProcess extends EventEmitter implements SignalSource, ExitHook {}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('terminalSize', () => {
  it('is [0, 0] for anything that is not a terminal', () => {
    expect(terminalSize({columns: 80, rows: 24})).toEqual([0, 0])
    expect(terminalSize({isTTY: false})).toEqual([0, 0])
  })

  it('asks the terminal for [rows, columns]', () => {
    expect(terminalSize({getWindowSize: () => [100, 40], isTTY: true})).toEqual([40, 100])
  })

  it('falls back to the cached size', () => {
    expect(terminalSize({columns: 120, isTTY: true, rows: 50})).toEqual([50, 120])
    expect(terminalSize({columns: 120, getWindowSize: () => { throw new Error('EBADF') }, isTTY: true, rows: 50})).toEqual([50, 120])
  })
})

describe('enterRawMode', () => {
  it('sets raw mode on a terminal and restores it once', () => {
    const setRawMode = vi.fn()
    const hook = new FakeProcess()
    const raw = enterRawMode({isTTY: true, setRawMode}, {}, hook)
    expect(setRawMode.mock.calls).toEqual([[true]])
    raw.restore()
    raw.restore()
    expect(setRawMode.mock.calls).toEqual([[true], [false]])
    expect(hook.listenerCount('exit')).toBe(0)
  })

  it('restores on process exit if nobody did before', () => {
    const setRawMode = vi.fn()
    const hook = new FakeProcess()
    enterRawMode({isTTY: true, setRawMode}, {}, hook)
    hook.emit('exit')
    expect(setRawMode.mock.calls).toEqual([[true], [false]])
  })

  it('leaves a non-terminal alone, and a terminal when NORAW is set', () => {
    const setRawMode = vi.fn()
    enterRawMode({isTTY: false, setRawMode}, {}, new FakeProcess()).restore()
    enterRawMode({isTTY: true, setRawMode}, {NORAW: '1'}, new FakeProcess()).restore()
    expect(setRawMode).not.toHaveBeenCalled()
  })
})

describe('monitorTtySize', () => {
  it('sends the size at once and on every SIGWINCH, never 0x0', async () => {
    const signals = new FakeProcess()
    let size: [number, number] = [40, 100]
    const sent: Array<[number, number]> = []
    const stop = monitorTtySize({
      onGiveUp: () => {},
      resize: async (rows, columns) => {
        sent.push([rows, columns])
      },
      signals,
      size: () => size,
    })
    await flush()
    size = [50, 120]
    signals.emit('SIGWINCH')
    size = [0, 0]
    signals.emit('SIGWINCH')
    await flush()
    stop()
    size = [1, 1]
    signals.emit('SIGWINCH')
    await flush()
    expect(sent).toEqual([
      [40, 100],
      [50, 120],
    ])
    expect(signals.listenerCount('SIGWINCH')).toBe(0)
  })

  it('retries a failed first resize 10 times with a growing pause, then gives up once', async () => {
    const pauses: number[] = []
    const onGiveUp = vi.fn()
    const resize = vi.fn(async () => {
      throw new Error('no such container')
    })
    monitorTtySize({
      onGiveUp,
      resize,
      signals: new FakeProcess(),
      size: () => [24, 80],
      sleep: async (ms) => {
        pauses.push(ms)
      },
    })
    for (let i = 0; i < 30; i++) await flush()
    expect(resize).toHaveBeenCalledTimes(11)
    expect(pauses).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    expect(onGiveUp).toHaveBeenCalledTimes(1)
  })

  it('stops retrying once a retry succeeds', async () => {
    let calls = 0
    const onGiveUp = vi.fn()
    monitorTtySize({
      onGiveUp,
      resize: async () => {
        calls++
        if (calls < 3) throw new Error('not yet')
      },
      signals: new FakeProcess(),
      size: () => [24, 80],
      sleep: async () => {},
    })
    for (let i = 0; i < 30; i++) await flush()
    expect(calls).toBe(3)
    expect(onGiveUp).not.toHaveBeenCalled()
  })
})
