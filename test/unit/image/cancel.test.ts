import {PassThrough} from 'node:stream'
import {describe, expect, it} from 'vitest'

import {abortExitCode, SignalReason} from '../../../src/lib/cli/interrupt.js'
import {AbortedError} from '../../../src/lib/engine/errors.js'
import {RequestGuard} from '../../../src/lib/image/cancel.js'

function deferred<T>(): {promise: Promise<T>; resolve: (v: T) => void} {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return {promise, resolve}
}

describe('RequestGuard', () => {
  it('without a signal it is transparent', async () => {
    const guard = new RequestGuard(undefined)
    const body = new PassThrough()
    await expect(guard.race(Promise.resolve(body))).resolves.toBe(body)
    expect(guard.translate('x')).toBe('x')
  })

  it('an abort while waiting for headers rejects at once and closes the late response', async () => {
    const controller = new AbortController()
    const guard = new RequestGuard(controller.signal)
    const pending = deferred<PassThrough>()
    const raced = guard.race(pending.promise)
    controller.abort(new SignalReason('SIGINT'))
    await expect(raced).rejects.toBeInstanceOf(AbortedError)
    const late = new PassThrough()
    pending.resolve(late)
    await new Promise((r) => setImmediate(r))
    expect(late.destroyed).toBe(true)
  })

  it('closeOnAbort destroys the streams when the signal fires', () => {
    const controller = new AbortController()
    const guard = new RequestGuard(controller.signal)
    const body = new PassThrough()
    guard.closeOnAbort(body)
    expect(body.destroyed).toBe(false)
    controller.abort()
    expect(body.destroyed).toBe(true)
  })

  it('after an abort every error is the cancellation, with 128+signo', () => {
    const controller = new AbortController()
    const guard = new RequestGuard(controller.signal)
    controller.abort(new SignalReason('SIGTERM'))
    const error = guard.translate(new Error('socket hang up'))
    expect(error).toBeInstanceOf(AbortedError)
    expect(abortExitCode(error as AbortedError)).toBe(143)
  })

  it('an abort without a signal reason exits 130', () => {
    const controller = new AbortController()
    const guard = new RequestGuard(controller.signal)
    controller.abort()
    expect(abortExitCode(guard.translate(new Error('x')) as AbortedError)).toBe(130)
  })
})
