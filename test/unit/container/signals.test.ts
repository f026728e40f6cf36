import {EventEmitter} from 'node:events'
import {constants} from 'node:os'
import {describe, expect, it, vi} from 'vitest'

import {
  FORCED_EXIT_MESSAGE,
  killSignalName,
  PROXIED_SIGNALS,
  proxySignals,
  type SignalSource,
  TERMINATION_SIGNALS,
  watchTerminationSignals,
} from '../../../src/lib/container/signals.js'

/** A stand-in for `process` that delivers signals on demand. */
class FakeSignals extends EventEmitter implements SignalSource {
  send(signal: NodeJS.Signals): void {
    this.emit(signal, signal)
  }
}

describe('killSignalName', () => {
  it.each([
    ['SIGTERM', 'TERM'],
    ['SIGINT', 'INT'],
    ['SIGHUP', 'HUP'],
    ['SIGWINCH', 'WINCH'],
    ['SIGUSR1', 'USR1'],
  ] as const)('%s → %s', (signal, name) => {
    expect(killSignalName(signal)).toBe(name)
  })
})

describe('PROXIED_SIGNALS', () => {
  it('leaves out what docker skips and what cannot be caught', () => {
    for (const skipped of ['SIGCHLD', 'SIGPIPE', 'SIGURG', 'SIGKILL', 'SIGSTOP']) expect(PROXIED_SIGNALS).not.toContain(skipped)
  })

  it('holds the usual ones, each a real signal of this platform, once', () => {
    for (const wanted of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH']) expect(PROXIED_SIGNALS).toContain(wanted)
    for (const signal of PROXIED_SIGNALS) expect(constants.signals[signal]).toBeTypeOf('number')
    expect(new Set(PROXIED_SIGNALS.map((s) => constants.signals[s])).size).toBe(PROXIED_SIGNALS.length)
  })

  it('can be listened to by Node', () => {
    for (const signal of PROXIED_SIGNALS) {
      const listener = (): void => {}
      process.on(signal, listener)
      process.removeListener(signal, listener)
    }
  })
})

describe('proxySignals', () => {
  it('forwards each signal by its kill name until stopped', () => {
    const source = new FakeSignals()
    const forwarded: string[] = []
    const stop = proxySignals(source, (name) => forwarded.push(name))
    source.send('SIGTERM')
    source.send('SIGINT')
    source.send('SIGWINCH')
    stop()
    source.send('SIGHUP')
    expect(forwarded).toEqual(['TERM', 'INT', 'WINCH'])
    for (const signal of PROXIED_SIGNALS) expect(source.listenerCount(signal)).toBe(0)
  })

  it('ignores what it does not proxy', () => {
    const source = new FakeSignals()
    const forward = vi.fn()
    proxySignals(source, forward)
    source.send('SIGCHLD')
    source.send('SIGPIPE')
    expect(forward).not.toHaveBeenCalled()
  })
})

describe('watchTerminationSignals', () => {
  it('calls onFirst once, then onForce at the third SIGINT/SIGTERM', () => {
    const source = new FakeSignals()
    const onFirst = vi.fn()
    const onForce = vi.fn()
    watchTerminationSignals(source, {onFirst, onForce})
    source.send('SIGTERM')
    expect(onFirst).toHaveBeenCalledWith('SIGTERM')
    source.send('SIGHUP')
    source.send('SIGINT')
    expect(onForce).not.toHaveBeenCalled()
    source.send('SIGTERM')
    expect(onFirst).toHaveBeenCalledTimes(1)
    expect(onForce).toHaveBeenCalledTimes(1)
  })

  it('stops counting when stopped', () => {
    const source = new FakeSignals()
    const onForce = vi.fn()
    const stop = watchTerminationSignals(source, {onForce})
    stop()
    for (let i = 0; i < 3; i++) source.send('SIGINT')
    expect(onForce).not.toHaveBeenCalled()
    for (const signal of TERMINATION_SIGNALS) expect(source.listenerCount(signal)).toBe(0)
  })

  it("prints docker's message", () => {
    expect(FORCED_EXIT_MESSAGE).toBe('\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n')
  })
})
