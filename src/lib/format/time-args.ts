// The `--since`/`--until` values of `logs` and `events`, turned into the query value docker sends
// (its client calls moby's timetypes.GetTimestamp; DOCKER-CLI-BEHAVIOUR.md §4.1, §7.1):
//   - a Go duration (`10m`, `1h30m`, `-1h`) → whole unix seconds of now minus the duration;
//   - an RFC 3339-like date, with or without zone and fraction → `sec.nanos` (9 digits); without a
//     zone it is read at the local zone's *current* offset (Go's FixedZone(reference.Zone()));
//   - unix seconds, with or without a fraction → passed through as typed.
// Anything else fails with Go's own error text, which docker prints, so the time layouts are
// parsed here the way Go's time.Parse walks them, error messages included.
import {parseGoDurationNs as parseDurationNs} from '../go/duration.js'
import {goParseInt} from '../go/strconv.js'
import {goTimeQuote, goTimeQuoteBytes as quoteBytes} from '../go/time-quote.js'
import {goQuote} from './go-print.js'

export class TimeArgError extends Error {
  override name = 'TimeArgError'
}

const NS_PER_SECOND = 1_000_000_000n

// The time package's quote, which this module's messages use, for callers that quote alike.
export {goTimeQuote}

const isDigitChar = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'

/** Go's time.ParseDuration in nanoseconds; a bad value throws TimeArgError with Go's message. */
export function parseGoDurationNs(text: string): bigint {
  try {
    return parseDurationNs(text)
  } catch (error) {
    throw new TimeArgError((error as Error).message)
  }
}

/** parseGoDurationNs as a number of nanoseconds (exact up to 2^53 ns, about 104 days). */
export function parseGoDuration(text: string): number {
  return Number(parseGoDurationNs(text))
}

// ---- Go's time.Parse, for the layouts GetTimestamp uses ----

type LayoutElem = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fraction' | 'zone'

interface LayoutChunk {
  /** Literal text that must precede the element. */
  prefix: string
  /** The element, or undefined for the end of the layout. */
  elem?: LayoutElem
  /** The element as written in the layout, for error messages. */
  text: string
}

const LAYOUT_ELEMENTS: ReadonlyArray<readonly [string, LayoutElem]> = [
  ['2006', 'year'],
  ['01', 'month'],
  ['02', 'day'],
  ['15', 'hour'],
  ['04', 'minute'],
  ['05', 'second'],
  ['.999999999', 'fraction'],
  ['Z07:00', 'zone'],
]

/** Splits a layout into (literal prefix, element) pairs, as Go's nextStdChunk does for these elements. */
function layoutChunks(layout: string): LayoutChunk[] {
  const chunks: LayoutChunk[] = []
  let prefix = ''
  let i = 0
  while (i < layout.length) {
    const found = LAYOUT_ELEMENTS.find(([text]) => layout.startsWith(text, i))
    if (found) {
      chunks.push({elem: found[1], prefix, text: found[0]})
      prefix = ''
      i += found[0].length
    } else {
      prefix += layout[i]
      i++
    }
  }
  chunks.push({prefix, text: ''})
  return chunks
}

const isDigitAt = (s: string, i: number): boolean => isDigitChar(s[i])
const isCommaOrPeriod = (c: string | undefined): boolean => c === '.' || c === ','

/** Go's getnum: one or two digits; `fixed` requires two. */
function getnum(s: string, fixed: boolean): {n: number; rest: string} | undefined {
  if (!isDigitAt(s, 0)) return undefined
  if (!isDigitAt(s, 1)) {
    if (fixed) return undefined
    return {n: s.charCodeAt(0) - 48, rest: s.slice(1)}
  }
  return {n: (s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), rest: s.slice(2)}
}

/** Go's parseNanoseconds: `value` starts with the separator; at most 9 digits count. */
function parseNanoseconds(value: string, nbytes: number): number | undefined {
  const n = Math.min(nbytes, 10)
  const digits = value.slice(1, n)
  if (!/^[0-9]+$/.test(digits)) return undefined
  return Number(digits) * 10 ** (10 - n)
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

interface ParsedTime {
  unixSeconds: number
  nanos: number
}

/**
 * Go's time.Parse (defaultOffset 0) or ParseInLocation (defaultOffset = the zone's offset in
 * seconds) for a layout made of the elements above. Throws TimeArgError with Go's message.
 */
function goParseTime(layout: string, input: string, defaultOffset: number): ParsedTime {
  // Go works on bytes: index the UTF-8 bytes, one char each.
  const whole = Buffer.from(input, 'utf8').toString('latin1')
  const fail = (valueElem: string, layoutElem: string, message: string): TimeArgError => {
    if (message !== '') return new TimeArgError(`parsing time ${goTimeQuote(input)}${message}`)
    return new TimeArgError(
      `parsing time ${goTimeQuote(input)} as ${goTimeQuote(layout)}: cannot parse "${quoteBytes(valueElem)}" as ${goTimeQuote(layoutElem)}`,
    )
  }
  const chunks = layoutChunks(layout)
  let year = 0
  let month = -1
  let day = -1
  let hour = 0
  let minute = 0
  let second = 0
  let nanos = 0
  let offset: number | undefined
  let value = whole
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c] as LayoutChunk
    if (!value.startsWith(chunk.prefix)) {
      // Go's skip reports the whole prefix against the value from the first byte that differs.
      let k = 0
      while (k < chunk.prefix.length && value[k] === chunk.prefix[k]) k++
      throw fail(value.slice(k), chunk.prefix, '')
    }
    value = value.slice(chunk.prefix.length)
    if (chunk.elem === undefined) {
      if (value.length > 0) throw fail('', '', `: extra text: "${quoteBytes(value)}"`)
      break
    }
    const hold = value
    let bad = false
    let range = ''
    switch (chunk.elem) {
      case 'year': {
        if (value.length < 4 || !isDigitAt(value, 0)) {
          bad = true
          break
        }
        const p = value.slice(0, 4)
        value = value.slice(4)
        if (/^[0-9]{4}$/.test(p)) year = Number(p)
        else bad = true
        break
      }
      case 'month':
      case 'day':
      case 'hour':
      case 'minute': {
        const got = getnum(value, chunk.elem !== 'hour')
        if (!got) {
          bad = true
          break
        }
        value = got.rest
        if (chunk.elem === 'month') {
          month = got.n
          if (month <= 0 || month > 12) range = 'month'
        } else if (chunk.elem === 'day') day = got.n
        else if (chunk.elem === 'hour') {
          hour = got.n
          if (hour >= 24) range = 'hour'
        } else {
          minute = got.n
          if (minute >= 60) range = 'minute'
        }
        break
      }
      case 'second': {
        const got = getnum(value, true)
        if (!got) {
          bad = true
          break
        }
        value = got.rest
        second = got.n
        if (second >= 60) {
          range = 'second'
          break
        }
        // A fraction in the input that the layout has no element for is still read.
        if (value.length >= 2 && isCommaOrPeriod(value[0]) && isDigitAt(value, 1) && chunks[c + 1]?.elem !== 'fraction') {
          let n = 2
          while (n < value.length && isDigitAt(value, n)) n++
          const ns = parseNanoseconds(value, n)
          if (ns === undefined) bad = true
          else nanos = ns
          value = value.slice(n)
        }
        break
      }
      case 'fraction': {
        if (value.length < 2 || !isCommaOrPeriod(value[0]) || !isDigitAt(value, 1)) break
        let i = 0
        while (i + 1 < value.length && isDigitAt(value, i + 1)) i++
        const ns = parseNanoseconds(value, 1 + i)
        if (ns === undefined) bad = true
        else nanos = ns
        value = value.slice(1 + i)
        break
      }
      case 'zone': {
        if (value[0] === 'Z') {
          value = value.slice(1)
          offset = 0
          break
        }
        if (value.length < 6 || value[3] !== ':') {
          bad = true
          break
        }
        const sign = value[0]
        const hh = getnum(value.slice(1, 3), true)
        const mm = hh ? getnum(value.slice(4, 6), true) : undefined
        value = value.slice(6)
        // Go checks the ranges (with 0 for what did not parse) before the syntax.
        const hours = hh?.n ?? 0
        const minutes = mm?.n ?? 0
        if (hours > 24) range = 'time zone offset hour'
        if (minutes > 60) range = 'time zone offset minute'
        offset = (hours * 60 + minutes) * 60
        if (sign === '-') offset = -offset
        if (!hh || !mm || (sign !== '-' && sign !== '+')) bad = true
        break
      }
    }
    if (range !== '') throw fail('', '', `: ${range} out of range`)
    if (bad) throw fail(hold, chunk.text, '')
  }
  if (month < 0) month = 1
  if (day < 0) day = 1
  if (day < 1 || day > daysIn(month, year)) throw fail('', '', ': day out of range')
  const local = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
  return {nanos, unixSeconds: local - (offset ?? defaultOffset)}
}

// moby's layouts, by what GetTimestamp sees in the value.
const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00'
const RFC3339_NANO_LOCAL = '2006-01-02T15:04:05.999999999'
const RFC3339 = '2006-01-02T15:04:05Z07:00'
const RFC3339_LOCAL = '2006-01-02T15:04:05'
const DATE_WITH_ZONE = '2006-01-02Z07:00'
const DATE_LOCAL = '2006-01-02'

function chooseLayout(value: string, inLocation: boolean): string {
  if (value.includes('.')) return inLocation ? RFC3339_NANO_LOCAL : RFC3339_NANO
  if (value.includes('T')) {
    let colons = value.split(':').length - 1
    // A numeric zone offset (not Z) brings one more colon than the time part has.
    if (!inLocation && !/[zZ]/.test(value) && colons > 0) colons--
    if (inLocation) return colons === 0 ? '2006-01-02T15' : colons === 1 ? '2006-01-02T15:04' : RFC3339_LOCAL
    return colons === 0 ? '2006-01-02T15Z07:00' : colons === 1 ? '2006-01-02T15:04Z07:00' : RFC3339
  }
  return inLocation ? DATE_LOCAL : DATE_WITH_ZONE
}

/** Go's strconv.ParseInt(s, 10, 64) succeeds. */
function isInt64(s: string): boolean {
  try {
    goParseInt(s, 10, 64)
    return true
  } catch {
    return false
  }
}

/** moby's parseTimestamp: `sec` or `sec.frac`, both int64. */
function isUnixTimestamp(value: string): boolean {
  const dot = value.indexOf('.')
  if (dot === -1) return isInt64(value)
  return isInt64(value.slice(0, dot)) && isInt64(value.slice(dot + 1))
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return (a % b !== 0n && a < 0n !== b < 0n) ? q - 1n : q
}

/** The local zone's offset from UTC at `ms`, in seconds east (Go's Zone()). */
export function localOffsetSeconds(ms: number): number {
  return -new Date(ms).getTimezoneOffset() * 60
}

export interface TimestampOptions {
  /** The reference time (now), in ms since the epoch. */
  nowMs: number
  /** Offset of the zone used for values without one, seconds east; default the local zone's at nowMs. */
  zoneOffsetSeconds?: number
}

/**
 * moby's timetypes.GetTimestamp: the API's `since`/`until` value for what the user typed.
 * Throws TimeArgError with the text docker prints (`logs` adds `invalid value for "since": `).
 */
export function getTimestamp(value: string, options: TimestampOptions): string {
  if (value !== '0') {
    let duration: bigint | undefined
    try {
      duration = parseDurationNs(value)
    } catch {
      duration = undefined
    }
    if (duration !== undefined) return floorDiv(BigInt(Math.floor(options.nowMs)) * 1_000_000n - duration, NS_PER_SECOND).toString()
  }
  // A Z, a + or three dashes means the value carries its own zone.
  const inLocation = !/[zZ+]/.test(value) && value.split('-').length - 1 !== 3
  const layout = chooseLayout(value, inLocation)
  let parsed: ParsedTime
  try {
    parsed = goParseTime(layout, value, inLocation ? (options.zoneOffsetSeconds ?? localOffsetSeconds(options.nowMs)) : 0)
  } catch (error) {
    // With a dash it was meant as a date, and Go's complaint is the useful one.
    if (value.includes('-')) throw error
    // strconv.Quote here (%q), which keeps printable Unicode, unlike the time package's quote.
    if (!isUnixTimestamp(value)) throw new TimeArgError(`failed to parse value as time or duration: ${goQuote(value)}`)
    return value
  }
  return `${parsed.unixSeconds}.${String(parsed.nanos).padStart(9, '0')}`
}

