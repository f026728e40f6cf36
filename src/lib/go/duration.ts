// Go's time.ParseDuration. Error texts are Go's, because docker prints them verbatim.
import {goTimeQuote} from './time-quote.js'

const INT64_BOUND = 1n << 63n

const DURATION_UNITS: Readonly<Record<string, bigint>> = {
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  ms: 1_000_000n,
  ns: 1n,
  s: 1_000_000_000n,
  us: 1000n,
  'µs': 1000n, // U+00B5 MICRO SIGN
  'μs': 1000n, // U+03BC GREEK SMALL LETTER MU
}

const isDigitChar = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'

/**
 * Go's time.ParseDuration, exactly: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` or a bare `0`, in
 * nanoseconds as a bigint (a Go Duration is an int64). Throws an Error with Go's message.
 */
export function parseGoDurationNs(text: string): bigint {
  const invalid = (): Error => new Error(`time: invalid duration ${goTimeQuote(text)}`)
  let s = text
  let neg = false
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-'
    s = s.slice(1)
  }
  if (s === '0') return 0n
  if (s === '') throw invalid()
  let total = 0n
  while (s !== '') {
    if (!(s[0] === '.' || isDigitChar(s[0]))) throw invalid()
    // The integer part; Go gives up once it passes 2^63.
    let i = 0
    let whole = 0n
    while (isDigitChar(s[i])) {
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48)
      if (whole > INT64_BOUND) throw invalid()
      i++
    }
    const pre = i > 0
    s = s.slice(i)
    // The fraction: digits beyond int64 precision are read but ignored, as in Go.
    let post = false
    let fraction = 0n
    let scale = 1
    if (s[0] === '.') {
      s = s.slice(1)
      let j = 0
      let overflow = false
      while (isDigitChar(s[j])) {
        if (!overflow) {
          const next = fraction * 10n + BigInt(s.charCodeAt(j) - 48)
          if (fraction > (INT64_BOUND - 1n) / 10n || next > INT64_BOUND) overflow = true
          else {
            fraction = next
            scale *= 10
          }
        }
        j++
      }
      post = j > 0
      s = s.slice(j)
    }
    if (!pre && !post) throw invalid()
    let u = 0
    while (u < s.length && !(s[u] === '.' || isDigitChar(s[u]))) u++
    if (u === 0) throw new Error(`time: missing unit in duration ${goTimeQuote(text)}`)
    const unitName = s.slice(0, u)
    s = s.slice(u)
    const unit = DURATION_UNITS[unitName]
    if (unit === undefined) throw new Error(`time: unknown unit ${goTimeQuote(unitName)} in duration ${goTimeQuote(text)}`)
    if (whole > INT64_BOUND / unit) throw invalid()
    let v = whole * unit
    if (fraction > 0n) {
      // Go multiplies in float64 here ("nanosecond accurate for fractions of hours").
      v += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)))
      if (v > INT64_BOUND) throw invalid()
    }
    total += v
    if (total > INT64_BOUND) throw invalid()
  }
  if (neg) return -total
  if (total > INT64_BOUND - 1n) throw invalid()
  return total
}

/** parseGoDurationNs as a number of nanoseconds (exact up to 2^53 ns, about 104 days). */
export function parseGoDuration(text: string): number {
  return Number(parseGoDurationNs(text))
}

/** `.ddd` of v mod 10^prec without trailing zeros ('' when zero), and v / 10^prec. */
function durationFraction(v: bigint, prec: number): [string, bigint] {
  const scale = 10n ** BigInt(prec)
  const digits = (v % scale).toString().padStart(prec, '0').replace(/0+$/, '')
  return [digits === '' ? '' : `.${digits}`, v / scale]
}

/** Go's time.Duration.String: `1h2m3.5s`, `1.5ms`, `2µs`, `0s`. */
export function formatGoDuration(ns: bigint): string {
  const neg = ns < 0n
  let u = neg ? -ns : ns
  let out: string
  if (u < 1_000_000_000n) {
    if (u === 0n) return '0s'
    const [unit, prec] = u < 1000n ? ['ns', 0] : u < 1_000_000n ? ['µs', 3] : ['ms', 6]
    const [frac, whole] = durationFraction(u, prec as number)
    out = `${whole}${frac}${unit}`
  } else {
    const [frac, seconds] = durationFraction(u, 9)
    out = `${seconds % 60n}${frac}s`
    u = seconds / 60n
    if (u > 0n) {
      out = `${u % 60n}m${out}`
      u /= 60n
      if (u > 0n) out = `${u}h${out}`
    }
  }
  return neg ? `-${out}` : out
}
