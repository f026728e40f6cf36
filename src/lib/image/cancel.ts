// Cancelling a streamed engine request (pull, build) the way docker's cancelled context does: the
// connection is closed, so the engine stops the work, and the operation rejects with AbortedError
// (which the CLI turns into a silent 128+signal exit).
import {AbortedError} from '../engine/errors.js'

interface Destroyable {
  destroy(error?: Error): unknown
}

/** Ties one request to an optional AbortSignal. */
export class RequestGuard {
  readonly signal: AbortSignal | undefined
  readonly #closers: Destroyable[] = []
  readonly #onAbort = (): void => {
    for (const stream of this.#closers) stream.destroy()
  }

  constructor(signal: AbortSignal | undefined) {
    this.signal = signal
    signal?.addEventListener('abort', this.#onAbort, {once: true})
  }

  get aborted(): boolean {
    return this.signal?.aborted === true
  }

  /** Destroys `stream` (closing the connection under it) when the signal fires. */
  closeOnAbort(stream: Destroyable): void {
    if (this.aborted) stream.destroy()
    else this.#closers.push(stream)
  }

  /**
   * Waits for a response stream, or for the abort, whichever comes first. A stream that arrives
   * after the abort is destroyed at once.
   */
  async race<T extends Destroyable>(pending: Promise<T>): Promise<T> {
    const signal = this.signal
    if (!signal) return pending
    if (signal.aborted) {
      pending.then((r) => r.destroy(), () => {})
      throw new AbortedError(signal.reason)
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        pending.then((r) => r.destroy(), () => {})
        reject(new AbortedError(signal.reason))
      }
      signal.addEventListener('abort', onAbort, {once: true})
      pending.then(
        (response) => {
          signal.removeEventListener('abort', onAbort)
          resolve(response)
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort)
          reject(error)
        },
      )
    })
  }

  /** After an abort every failure (closed socket, truncated JSON) is just the cancellation. */
  translate(error: unknown): unknown {
    if (this.signal?.aborted) return new AbortedError(this.signal.reason)
    return error
  }

  dispose(): void {
    this.signal?.removeEventListener('abort', this.#onAbort)
  }
}
