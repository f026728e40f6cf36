// Forwards the CLI's stdin to a hijacked attach/exec connection (DOCKER-CLI-BEHAVIOUR.md §0.8):
// with backpressure, a half-close at stdin EOF so the container sees its stdin end, and, with
// a TTY, the detach-key sequence (ctrl-p ctrl-q by default) that ends the session instead.
import type {HijackedStream} from '../engine/hijack.js'

/** docker's default detach keys: ctrl-p, ctrl-q. */
export const DEFAULT_DETACH_KEYS: readonly number[] = [0x10, 0x11]

// ctrl-@ is 0, ctrl-a 1 ... ctrl-z 26, then ctrl-[ ctrl-\ ctrl-] ctrl-^ ctrl-_ (27-31).
const CONTROL_KEYS = '@abcdefghijklmnopqrstuvwxyz[\\]^_'

/**
 * Parses a `--detach-keys` / config `detachKeys` value: comma-separated `ctrl-<x>` names (lower
 * case, as docker matches them), `DEL`, or single one-byte characters. Throws docker's
 * `Unknown character: '<key>'`; the caller warns and keeps the default, as docker does.
 */
export function parseDetachKeys(spec: string): number[] {
  return spec.split(',').map((key) => {
    if (Buffer.byteLength(key) === 1) return key.charCodeAt(0)
    const control = key.startsWith('ctrl-') && key.length === 6 ? CONTROL_KEYS.indexOf(key.charAt(5)) : -1
    if (control !== -1) return control
    if (key === 'DEL') return 0x7f
    throw new Error(`Unknown character: '${key}'`)
  })
}

/**
 * Watches typed input for the detach sequence. A partial match is held back; if the sequence
 * breaks, the held bytes go out unchanged ahead of the rest. On a full match the keys are not
 * sent, nor anything after them in the same read. The byte that breaks a match is not tried
 * as the start of a new one, matching docker (so ctrl-p ctrl-p ctrl-q does not detach).
 */
export class DetachKeyDetector {
  private readonly keys: readonly number[]
  /** How many keys of the sequence have been seen in a row; those bytes are held back. */
  private matched = 0

  constructor(keys: readonly number[]) {
    if (keys.length === 0) throw new Error('no detach keys')
    this.keys = keys
  }

  feed(chunk: Buffer): {forward: Buffer; detached: boolean} {
    // Keys matched in earlier reads, not yet sent, and not part of `chunk`.
    let carried = this.matched
    // How many of the currently matched keys are bytes of `chunk`.
    let inChunk = 0
    let released: Buffer | undefined
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === this.keys[this.matched]) {
        this.matched++
        inChunk++
        if (this.matched === this.keys.length) {
          this.matched = 0
          const before = chunk.subarray(0, i + 1 - inChunk)
          return {detached: true, forward: released ? Buffer.concat([released, before]) : before}
        }
        continue
      }
      if (carried > 0) {
        released = Buffer.from(this.keys.slice(0, carried))
        carried = 0
      }
      this.matched = 0
      inChunk = 0
    }
    const sent = chunk.subarray(0, chunk.length - inChunk)
    return {detached: false, forward: released ? Buffer.concat([released, sent]) : sent}
  }
}

/** Why forwarding stopped. */
export type StdinPumpEnd = 'closed' | 'detached' | 'eof' | 'stopped'

export interface StdinPumpOptions {
  /** Only for TTY sessions; without it every byte is forwarded. */
  detachKeys?: readonly number[]
  onDetach?: () => void
}

export interface StdinPump {
  /** Stops reading stdin without half-closing: the session ended another way. */
  stop(): void
  /**
   * 'eof': stdin ended (or failed) and the write side was half-closed, as docker does;
   * 'detached': the detach keys were typed (no half-close); 'closed': the connection went away;
   * 'stopped': stop() was called.
   */
  done: Promise<StdinPumpEnd>
}

type PumpTarget = Pick<HijackedStream, 'closeWrite'> & {
  socket: NodeJS.WritableStream & {destroyed: boolean; writableEnded: boolean}
}

interface StdinState {
  readableEnded?: boolean
}

export function pumpStdin(stdin: NodeJS.ReadableStream, hijacked: PumpTarget, opts: StdinPumpOptions = {}): StdinPump {
  const {socket} = hijacked
  const detector = opts.detachKeys && opts.detachKeys.length > 0 ? new DetachKeyDetector(opts.detachKeys) : undefined
  let finished = false
  let resolveDone: (end: StdinPumpEnd) => void = () => {}
  const done = new Promise<StdinPumpEnd>((resolve) => {
    resolveDone = resolve
  })

  const finish = (end: StdinPumpEnd): void => {
    if (finished) return
    finished = true
    stdin.removeListener('data', onData)
    stdin.removeListener('end', onEnd)
    stdin.removeListener('error', onEnd)
    socket.removeListener('drain', onDrain)
    socket.removeListener('close', onClose)
    // Pausing process.stdin also stops its handle reading, which is what lets the process exit
    // when the container is done though stdin is not (`docker run -i … < <(sleep 12)`). unref()
    // is not used: it would outlive the session and let a later stdin read be cut short.
    stdin.pause()
    resolveDone(end)
  }

  const onData = (chunk: Buffer | string): void => {
    if (socket.destroyed || socket.writableEnded) {
      finish('closed')
      return
    }
    let data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
    let detached = false
    if (detector) ({detached, forward: data} = detector.feed(data))
    if (data.length > 0 && !socket.write(data)) stdin.pause()
    if (detached) {
      finish('detached')
      opts.onDetach?.()
    }
  }
  const onDrain = (): void => {
    if (!finished) stdin.resume()
  }
  // docker half-closes after stdin ends with an error too; the error itself is only logged.
  const onEnd = (): void => {
    if (finished) return
    hijacked.closeWrite()
    finish('eof')
  }
  const onClose = (): void => finish('closed')

  if ((stdin as StdinState).readableEnded) {
    onEnd()
  } else {
    stdin.on('data', onData)
    stdin.once('end', onEnd)
    stdin.once('error', onEnd)
    socket.on('drain', onDrain)
    socket.once('close', onClose)
    stdin.resume()
  }
  return {done, stop: () => finish('stopped')}
}
