// The signal handling start -a, attach and run share (run-session.ts): sig-proxy's kill requests,
// which the CLI lets arrive before it exits, and the count of SIGINT/SIGTERM up to the forced exit.
import {EventEmitter} from 'node:events'
import {describe, expect, it, vi} from 'vitest'

import type {EngineClient} from '../../../src/lib/engine/client.js'
import type {ClientContext} from '../../../src/lib/io.js'
import {forwardSignals, guardTermination, type ProcessHooks} from '../../../src/lib/container/run-session.js'

function setup(kill: (id: string, signal: string) => Promise<void>): {ctx: ClientContext; hooks: ProcessHooks; signals: EventEmitter; stderr: string[]} {
  const signals = new EventEmitter()
  const stderr: string[] = []
  const engine = {containerKill: kill} as unknown as EngineClient
  const ctx = {engine: () => engine, stderr: {write: (s: string) => stderr.push(s)}} as unknown as ClientContext
  const hooks: ProcessHooks = {exitHook: new EventEmitter() as unknown as ProcessHooks['exitHook'], forceExit: vi.fn(), signals: signals as unknown as ProcessHooks['signals']}
  return {ctx, hooks, signals, stderr}
}

describe('forwardSignals', () => {
  it('sends each caught signal as its kill name, and sent() waits for the requests under way', async () => {
    let answer: () => void = () => {}
    const kill = vi.fn((_id: string, _signal: string) => new Promise<void>((resolve) => (answer = resolve)))
    const {ctx, hooks, signals} = setup(kill)
    const forwarding = forwardSignals(ctx, hooks, 'c1')
    signals.emit('SIGTERM', 'SIGTERM')
    expect(kill).toHaveBeenCalledWith('c1', 'TERM')
    let settled = false
    const sent = forwarding.sent().then(() => (settled = true))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(settled).toBe(false)
    answer()
    await sent
    forwarding.stop()
    signals.emit('SIGUSR1', 'SIGUSR1')
    expect(kill).toHaveBeenCalledTimes(1)
  })

  it('a failed kill is no error', async () => {
    const {ctx, hooks, signals} = setup(() => Promise.reject(new Error('gone')))
    const forwarding = forwardSignals(ctx, hooks, 'c1')
    signals.emit('SIGINT', 'SIGINT')
    await expect(forwarding.sent()).resolves.toBeUndefined()
    forwarding.stop()
  })
})

describe('guardTermination', () => {
  it('calls onFirst once, and on the third signal restores the terminal, says so and exits 1', () => {
    const {ctx, hooks, signals, stderr} = setup(() => Promise.resolve())
    const onFirst = vi.fn()
    const restoreTerminal = vi.fn()
    const stop = guardTermination(ctx, hooks, () => ({cancel() {}, close() {}, outcome: new Promise(() => {}), restoreTerminal}), onFirst)
    signals.emit('SIGINT', 'SIGINT')
    signals.emit('SIGTERM', 'SIGTERM')
    expect(onFirst).toHaveBeenCalledTimes(1)
    expect(hooks.forceExit).not.toHaveBeenCalled()
    signals.emit('SIGINT', 'SIGINT')
    expect(restoreTerminal).toHaveBeenCalled()
    expect(stderr.join('')).toBe('\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n')
    expect(hooks.forceExit).toHaveBeenCalledWith(1)
    stop()
    expect(signals.listenerCount('SIGINT')).toBe(0)
  })
})
