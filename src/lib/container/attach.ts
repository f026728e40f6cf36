// The streams of one hijacked attach or exec-start connection (docker's hijackedIOStreamer,
// DOCKER-CLI-BEHAVIOUR.md §0.8, §8): container output to our stdout/stderr, our stdin to the
// container with a half-close at EOF, raw mode and the detach keys for a TTY session.
import v8 from 'node:v8'
import vm from 'node:vm'

import type {HijackedStream} from '../engine/hijack.js'
import {copyRaw, demuxStream} from '../streams/demux.js'
import {DEFAULT_DETACH_KEYS, parseDetachKeys, pumpStdin, type StdinPump} from '../streams/stdin-pump.js'
import {enterRawMode, type ExitHook, type RawMode, type TerminalInput} from './tty.js'

export type AttachedStdin = NodeJS.ReadableStream & TerminalInput

export interface StreamSessionOptions {
  hijacked: HijackedStream
  /** Our stdin when the container's is attached; left untouched otherwise. */
  stdin?: AttachedStdin
  /** Where the container's stdout goes; null when it is not attached. */
  stdout: NodeJS.WritableStream | null
  /** Where its stderr goes (our stdout in a TTY session); null when not attached. */
  stderr: NodeJS.WritableStream | null
  tty: boolean
  /** `--detach-keys` or config.json's detachKeys; only used when stdin is attached to a TTY. */
  detachKeys?: string
  env: NodeJS.ProcessEnv
  /** docker logs a warning and keeps the default keys when the spec is invalid. */
  warn: (message: string) => void
  exitHook?: ExitHook
  /** Frees chunk memory early during a long transfer (see ChunkReclaimer); tests pass a no-op. */
  reclaim?: () => void
}

/**
 * How the session ended. `done`: the output ended (or, with no output attached, the input);
 * `detached`: the detach keys were typed; `error`: the output stream failed (a daemon error
 * frame, say); `cancelled`: cancel() was called first.
 */
export type StreamOutcome = {kind: 'cancelled'} | {kind: 'detached'} | {kind: 'done'} | {error: Error; kind: 'error'}

export interface StreamSession {
  outcome: Promise<StreamOutcome>
  /** Ends the session early: outcome resolves to `cancelled` unless it is already settled. */
  cancel(): void
  /** Stops everything for good: stdin reading, the connection, raw mode. Idempotent. */
  close(): void
  /** Restores the terminal now, before an error is printed. */
  restoreTerminal(): void
}

// Every chunk read from a socket or pipe is a fresh 64 KiB buffer outside the JS heap, freed only
// when V8 collects the small object that owns it. A transfer allocates almost nothing else, so
// collections are rare and up to ~64 MiB of spent chunks pile up (V8's external-memory limit):
// 256 MiB through `exec -i … cat` peaked at 84-99 MiB RSS. A young-generation collection every
// 2 MiB (a fraction of a millisecond each, no measurable CPU) keeps it at 70 MiB, 5 over idle.
const RECLAIM_EVERY = 2 * 1024 * 1024
let minorGc: (() => void) | undefined

/** V8's gc() for a young-generation collection: --expose-gc's, or enabled on first use. */
function youngGenerationGc(): () => void {
  if (minorGc) return minorGc
  const exposed = (globalThis as {gc?: (options?: object) => void}).gc
  let gc = exposed
  if (!gc) {
    v8.setFlagsFromString('--expose-gc')
    gc = vm.runInNewContext('gc') as (options?: object) => void
  }
  minorGc = () => gc({type: 'minor'})
  return minorGc
}

/** Counts bytes through the session and collects young garbage every RECLAIM_EVERY bytes. */
class ChunkReclaimer {
  private bytes = 0
  private readonly reclaim: () => void

  constructor(reclaim: () => void) {
    this.reclaim = reclaim
  }

  count(length: number): void {
    this.bytes += length
    if (this.bytes < RECLAIM_EVERY) return
    this.bytes = 0
    this.reclaim()
  }

  /** `dest`, counting what is written to it. */
  counting(dest: NodeJS.WritableStream | null): NodeJS.WritableStream | null {
    if (!dest) return null
    const write = (chunk: Uint8Array | string): boolean => {
      this.count(chunk.length)
      return dest.write(chunk)
    }
    return new Proxy(dest, {get: (target, key, receiver) => (key === 'write' ? write : Reflect.get(target, key, receiver))})
  }
}

function detachKeysFor(spec: string | undefined, warn: (message: string) => void): readonly number[] {
  if (spec === undefined || spec === '') return DEFAULT_DETACH_KEYS
  try {
    return parseDetachKeys(spec)
  } catch (error) {
    warn(`invalid detach escape keys, using default: ${(error as Error).message}`)
    return DEFAULT_DETACH_KEYS
  }
}

/** Starts copying both ways at once; nothing is read from the connection before this. */
export function startStreamSession(opts: StreamSessionOptions): StreamSession {
  const {hijacked, stdin, tty} = opts
  const reclaimer = new ChunkReclaimer(opts.reclaim ?? (() => youngGenerationGc()()))
  const stdout = reclaimer.counting(opts.stdout)
  // The same destination for both (TTY): one counting wrapper, so `stdout && tty` stays meaningful.
  const stderr = opts.stderr === opts.stdout ? stdout : reclaimer.counting(opts.stderr)
  const raw: RawMode = stdin && tty ? enterRawMode(stdin, opts.env, opts.exitHook) : {restore: () => {}}

  let cancelRequested: () => void = () => {}
  const cancelled = new Promise<StreamOutcome>((resolve) => {
    cancelRequested = () => resolve({kind: 'cancelled'})
  })

  let output: Promise<StreamOutcome> | undefined
  if (stdout || stderr) {
    output = (async (): Promise<StreamOutcome> => {
      try {
        if (stdout && tty) {
          await copyRaw(hijacked.socket, stdout)
          // Restore as soon as the container's terminal is gone, so what we print next is normal.
          raw.restore()
        } else {
          await demuxStream(hijacked.socket, stdout, stderr)
        }
        return {kind: 'done'}
      } catch (error) {
        return {error: error as Error, kind: 'error'}
      }
    })()
  }

  let pump: StdinPump | undefined
  let input: Promise<'detached' | 'ended'>
  if (stdin) {
    const keys = tty ? detachKeysFor(opts.detachKeys, opts.warn) : undefined
    pump = pumpStdin(stdin, hijacked, keys ? {detachKeys: keys} : {})
    // Added after the pump's listener, so it neither starts the flow early nor counts unsent bytes.
    const countInput = (chunk: Buffer | string): void => reclaimer.count(chunk.length)
    stdin.on('data', countInput)
    void pump.done.then(() => stdin.removeListener('data', countInput))
    input = pump.done.then((end) => {
      raw.restore()
      if (end === 'detached') return 'detached'
      // The connection went away under stdin: docker still sends its EOF, harmlessly.
      if (end === 'closed') hijacked.closeWrite()
      return 'ended'
    })
  } else {
    // Nothing to send: the engine sees stdin's EOF at once.
    hijacked.closeWrite()
    input = Promise.resolve('ended')
  }

  const whenInputEnds = input.then(async (end): Promise<StreamOutcome> => {
    if (end === 'detached') return {kind: 'detached'}
    if (!output) return {kind: 'done'}
    return Promise.race([output, cancelled])
  })
  const outcome = Promise.race([...(output ? [output] : []), whenInputEnds, cancelled])

  let closed = false
  return {
    cancel: cancelRequested,
    close() {
      if (closed) return
      closed = true
      cancelRequested()
      pump?.stop()
      hijacked.close()
      raw.restore()
    },
    outcome,
    restoreTerminal: () => raw.restore(),
  }
}
