// SIGINT/SIGTERM while a command streams (logs -f, events, pull, build): docker cancels its
// context, closes the connection so the engine stops the work, and exits 128+signal without
// printing anything (130, 143).
import {constants} from 'node:os'

import {AbortedError} from '../engine/errors.js'
import {CliError} from './errors.js'

/** The request was cancelled; prints nothing and exits 128+signo (130 for SIGINT). */
export class CancelledError extends CliError {
  constructor(exitCode = 130) {
    super('', exitCode)
  }
}

/** The reason an interrupt aborts with, so the exit code can name the signal. */
export class SignalReason {
  readonly signal: NodeJS.Signals

  constructor(signal: NodeJS.Signals) {
    this.signal = signal
  }

  get exitCode(): number {
    return 128 + (constants.signals[this.signal] ?? 2)
  }
}

/** The exit status of a command whose operation was aborted: 128+signo for a signal, else 130. */
export function abortExitCode(error: AbortedError): number {
  return error.reason instanceof SignalReason ? error.reason.exitCode : 130
}

export function cancelledBy(signal: AbortSignal): CancelledError {
  return new CancelledError(abortExitCode(new AbortedError(signal.reason)))
}

/**
 * Runs `work` with a signal that SIGINT/SIGTERM abort, as docker's signal-aware context does.
 * Only the first signal is caught: a second one finds node's default handler and ends the
 * process at once, the escape hatch for a request that will not close.
 */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']
  const handler = (signal: NodeJS.Signals): void => {
    for (const s of signals) process.removeListener(s, handler)
    controller.abort(new SignalReason(signal))
  }
  for (const s of signals) process.on(s, handler)
  try {
    return await work(controller.signal)
  } finally {
    for (const s of signals) process.removeListener(s, handler)
  }
}

/**
 * For a command that stops quietly when its signal fires (logs -f, events): runs it, and when it
 * was interrupted, ends with docker's silent 128+signal status.
 */
export async function runUntilInterrupted(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
  await withInterrupt(async (signal) => {
    await work(signal)
    if (signal.aborted) throw cancelledBy(signal)
  })
}
