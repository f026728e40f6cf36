// docker's jsonmessage renderer: turns the daemon's JSON message stream (pull, build, push) into
// the lines docker prints. On a terminal each layer id owns a line that is redrawn in place with
// cursor movement; elsewhere progress updates are dropped and every other message is one line.
// The byte sequences (escape codes, the trailing space of an empty progress string, `\r` before
// cursor moves) are part of what scripts and terminals see, so they are reproduced exactly.

import {humanSize} from '../format/humanize.js'

import type {JSONErrorDetail, JSONMessage, JSONProgress} from '../engine/types.js'

export type {JSONErrorDetail, JSONMessage, JSONProgress}

/** An `errorDetail` in the stream. docker prints `message` unprefixed; build exits with `code`. */
export class JSONMessageError extends Error {
  readonly code?: number

  constructor(message: string, code?: number) {
    super(message)
    this.name = 'JSONMessageError'
    if (code !== undefined) this.code = code
  }
}

export interface ProgressRendererOptions {
  /** Whether the output is a terminal (stdout for pull, stderr for run's implicit pull; never for build). */
  tty: boolean
  /** Terminal columns, or a getter docker-style re-read on every progress line; 200 when unknown. */
  width?: number | (() => number)
  /** Receives `aux` payloads (build's image ID); such messages are never printed. */
  onAux?: (aux: unknown, message: JSONMessage) => void
  /** Clock for the time-left estimate, in epoch milliseconds. */
  now?: () => number
}

interface Writable {
  write(s: string): unknown
}

const DEFAULT_WIDTH = 200
const ERASE_LINE = '\x1b[2K'

export class ProgressRenderer {
  readonly #out: Writable
  readonly #tty: boolean
  readonly #width: () => number
  readonly #now: () => number
  readonly #onAux: ((aux: unknown, message: JSONMessage) => void) | undefined
  /** Line index of each id drawn since the last message that was not a progress update. */
  #lines = new Map<string, number>()

  constructor(out: Writable, opts: ProgressRendererOptions) {
    this.#out = out
    this.#tty = opts.tty
    const width = opts.width
    this.#width = typeof width === 'function' ? width : () => width ?? DEFAULT_WIDTH
    this.#now = opts.now ?? Date.now
    this.#onAux = opts.onAux
  }

  /** Writes one message; throws JSONMessageError for an errorDetail (after any cursor bookkeeping). */
  render(msg: JSONMessage): void {
    if (msg.aux !== undefined && msg.aux !== null) {
      this.#onAux?.(msg.aux, msg)
      return
    }
    const progress = msg.progressDetail ?? undefined
    const id = msg.id ?? ''
    let text = ''
    let diff = 0
    if (id !== '' && (progress !== undefined || (msg.progress ?? '') !== '')) {
      let line = this.#lines.get(id)
      if (line === undefined) {
        line = this.#lines.size
        this.#lines.set(id, line)
        if (this.#tty) text += '\n'
      }
      diff = this.#lines.size - line
      if (this.#tty) text += cursorUp(diff)
    } else {
      // Anything that is not a progress update ends the block of redrawable lines, so a later
      // operation (pull -a's next tag) starts its own.
      this.#lines = new Map()
    }
    const {text: body, error} = this.#display(msg, progress)
    text += body
    if (id !== '' && this.#tty) text += cursorDown(diff)
    if (text !== '') this.#out.write(text)
    if (error !== undefined) throw error
  }

  #display(msg: JSONMessage, progress: JSONProgress | undefined): {text: string; error?: JSONMessageError} {
    const detail = msg.errorDetail
    if (detail !== undefined && detail !== null) {
      return {error: new JSONMessageError(detail.message ?? '', detail.code), text: ''}
    }
    const stream = msg.stream ?? ''
    const status = msg.status ?? ''
    let text = ''
    let endl = ''
    if (this.#tty && stream === '' && progress !== undefined) {
      text += `${ERASE_LINE}\r`
      endl = '\r'
    } else if (progress !== undefined && this.#progressString(progress) !== '') {
      // Progress bars are for terminals only.
      return {text: ''}
    }
    const timeNano = typeof msg.timeNano === 'bigint' ? msg.timeNano : BigInt(toInt64(msg.timeNano))
    const time = toInt64(msg.time)
    if (timeNano !== 0n) text += `${formatTimestamp(timeNano)} `
    else if (time !== 0) text += `${formatTimestamp(BigInt(time) * NS_PER_SECOND)} `
    if (msg.id) text += `${msg.id}: `
    if (msg.from) text += `(from ${msg.from}) `
    if (progress !== undefined && this.#tty) text += `${status} ${this.#progressString(progress)}${endl}`
    else if (msg.progress) text += `${status} ${msg.progress}${endl}`
    else if (stream !== '') text += stream + endl
    else text += `${status}${endl}\n`
    return {text}
  }

  #progressString(progress: JSONProgress): string {
    return formatProgress(progress, this.#width(), this.#now())
  }
}

function cursorUp(n: number): string {
  return n === 0 ? '' : `\x1b[${n}A`
}

function cursorDown(n: number): string {
  return n === 0 ? '' : `\x1b[${n}B`
}

const BAR_WIDTH = 50
const BAR_MIN_TERMINAL = 110
const ETA_MIN_TERMINAL = 50

/**
 * JSONProgress.String(): `[==>   ]  36.45kB/1.064MB 12s`. The bar needs more than 110 columns and
 * the time left more than 50; both are dropped on narrower terminals.
 */
export function formatProgress(p: JSONProgress, width: number, nowMs: number): string {
  const current = toInt64(p.current)
  const total = toInt64(p.total)
  const units = p.units ?? ''
  if (current <= 0 && total <= 0) return ''
  if (total <= 0) return units === '' ? humanSize(current).padStart(8) : `${current} ${units}`

  const percentage = Math.min(Math.trunc(Math.trunc((current / total) * 100) / 2), BAR_WIDTH)
  let bar = ''
  if (width > BAR_MIN_TERMINAL) {
    bar = `[${'='.repeat(Math.max(percentage, 0))}>${' '.repeat(Math.max(BAR_WIDTH - percentage, 0))}] `
  }

  let numbers = ''
  // A current beyond the total means the total is wrong, so only the current is shown.
  if (p.hidecounts) numbers = ''
  else if (units === '') {
    const shown = humanSize(current).padStart(8)
    numbers = current > total ? shown : `${shown}/${humanSize(total)}`
  } else numbers = current > total ? `${current} ${units}` : `${current}/${total} ${units}`

  let timeLeft = ''
  const start = toInt64(p.start)
  if (width > ETA_MIN_TERMINAL && current > 0 && start > 0 && percentage < BAR_WIDTH) {
    const elapsed = epochMsToNs(nowMs) - BigInt(start) * NS_PER_SECOND
    const perEntry = elapsed / BigInt(current)
    const left = BigInt.asIntN(64, BigInt(total - current) * perEntry)
    timeLeft = ` ${formatGoDuration(roundDuration(left, NS_PER_SECOND))}`
  }
  return bar + numbers + timeLeft
}

// The fields are int64 in Go; a fraction could not even be decoded there.
function toInt64(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) ? Math.trunc(n) : 0
}

// --- Go time and duration formatting -------------------------------------------------------------

const NS_PER_SECOND = 1_000_000_000n
const MAX_DURATION = 2n ** 63n - 1n
const MIN_DURATION = -(2n ** 63n)

function epochMsToNs(ms: number): bigint {
  const whole = Math.floor(ms)
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6))
}

/** time.Duration.Round: halves away from zero, saturating at the int64 limits. */
export function roundDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d
  const r = d < 0n ? -(d % m) : d % m
  const lessThanHalf = r + r < m
  if (d < 0n) {
    if (lessThanHalf) return d + r
    const d1 = d - m + r
    return d1 >= MIN_DURATION ? d1 : MIN_DURATION
  }
  if (lessThanHalf) return d - r
  const d1 = d + m - r
  return d1 <= MAX_DURATION ? d1 : MAX_DURATION
}

/** time.Duration.String: `0s`, `1.5s`, `1m30s`, `2h0m5s`, `250ms`, `1.5µs`, `42ns`. */
export function formatGoDuration(d: bigint): string {
  if (d === 0n) return '0s'
  const sign = d < 0n ? '-' : ''
  const u = d < 0n ? -d : d
  if (u < NS_PER_SECOND) {
    if (u < 1_000n) return `${sign}${u}ns`
    if (u < 1_000_000n) return `${sign}${withFraction(u, 3)}µs`
    return `${sign}${withFraction(u, 6)}ms`
  }
  const totalSeconds = u / NS_PER_SECOND
  let text = `${withFraction((totalSeconds % 60n) * NS_PER_SECOND + (u % NS_PER_SECOND), 9)}s`
  const totalMinutes = totalSeconds / 60n
  if (totalMinutes > 0n) {
    text = `${totalMinutes % 60n}m${text}`
    const hours = totalMinutes / 60n
    if (hours > 0n) text = `${hours}h${text}`
  }
  return sign + text
}

// `v` as a decimal with `digits` fractional digits, trailing zeros (and a bare point) dropped.
function withFraction(v: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits)
  const fraction = (v % scale).toString().padStart(digits, '0').replace(/0+$/, '')
  return fraction === '' ? `${v / scale}` : `${v / scale}.${fraction}`
}

/** Go's `2006-01-02T15:04:05.000000000Z07:00` in the local zone (TZ), `Z` for a zero offset. */
export function formatTimestamp(unixNano: bigint): string {
  let seconds = unixNano / NS_PER_SECOND
  let nanos = unixNano % NS_PER_SECOND
  if (nanos < 0n) {
    nanos += NS_PER_SECOND
    seconds -= 1n
  }
  const date = new Date(Number(seconds) * 1000)
  const offsetMinutes = -date.getTimezoneOffset()
  const pad = (n: number, len = 2): string => String(n).padStart(len, '0')
  const zone =
    offsetMinutes === 0
      ? 'Z'
      : `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${nanos.toString().padStart(9, '0')}${zone}`
  )
}
