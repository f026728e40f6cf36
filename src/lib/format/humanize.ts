// Human-readable durations and sizes, as docker/go-units prints them. Both feed byte-exact
// output (ps CREATED/SIZE, pull progress, build upload), so Go's integer truncation and its
// %g float formatting are reproduced exactly rather than approximated with toFixed/toPrecision.

const NS_PER_MS = 1_000_000n
const NS_PER_SECOND = 1_000_000_000n
const NS_PER_MINUTE = 60n * NS_PER_SECOND
const NS_PER_HOUR = 60n * NS_PER_MINUTE

/** go-units HumanDuration for a duration in milliseconds ("About a minute", "3 weeks"). */
export function humanDuration(ms: number): string {
  const d = toNanoseconds(ms)
  const seconds = Math.trunc(durationIn(d, NS_PER_SECOND))
  if (seconds < 1) return 'Less than a second'
  if (seconds === 1) return '1 second'
  if (seconds < 60) return `${seconds} seconds`
  const minutes = Math.trunc(durationIn(d, NS_PER_MINUTE))
  if (minutes === 1) return 'About a minute'
  if (minutes < 60) return `${minutes} minutes`
  // Hours alone are rounded (+0.5), so 1h29m is still "About an hour" and 47h31m is "2 days".
  const hours = Math.trunc(durationIn(d, NS_PER_HOUR) + 0.5)
  if (hours === 1) return 'About an hour'
  if (hours < 48) return `${hours} hours`
  const days = Math.trunc(hours / 24)
  if (hours < 24 * 7 * 2) return `${days} days`
  if (hours < 24 * 30 * 2) return `${Math.trunc(days / 7)} weeks`
  if (hours < 24 * 365 * 2) return `${Math.trunc(days / 30)} months`
  // Years use the unrounded hours.
  return `${Math.trunc(Math.trunc(Math.trunc(durationIn(d, NS_PER_HOUR)) / 24) / 365)} years`
}

// Go's time.Duration is int64 nanoseconds; its Seconds()/Minutes()/Hours() split the integer
// part from the remainder before going to float, which we mirror to round the same way.
function toNanoseconds(ms: number): bigint {
  if (Number.isNaN(ms)) return 0n
  if (!Number.isFinite(ms)) return ms > 0 ? 2n ** 63n - 1n : -(2n ** 63n)
  const whole = Math.trunc(ms)
  return BigInt(whole) * NS_PER_MS + BigInt(Math.round((ms - whole) * 1e6))
}

function durationIn(d: bigint, unit: bigint): number {
  return Number(d / unit) + Number(d % unit) / Number(unit)
}

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'] as const

/** go-units HumanSize: decimal units, 4 significant digits ("3.402kB", "1.064MB"). */
export function humanSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 4)
}

/** go-units HumanSizeWithPrecision: `%.<precision>g` of the value in the largest unit not above it. */
export function humanSizeWithPrecision(bytes: number, precision: number): string {
  let size = bytes
  let unit = 0
  while (size >= 1000 && unit < DECIMAL_UNITS.length - 1) {
    size /= 1000
    unit++
  }
  return formatGoG(size, precision) + DECIMAL_UNITS[unit]
}

/**
 * Go's fmt `%.*g`: `precision` significant digits (Go: a negative precision means "shortest"),
 * trailing zeros dropped, exponent form when the exponent is < -4 or >= the precision.
 * Rounding is on the exact binary value, ties to even, like strconv.
 */
export function formatGoG(value: number, precision: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  const negative = value < 0 || Object.is(value, -0)
  const shortest = precision < 0
  const digits = shortest ? shortestDigits(Math.abs(value)) : roundDigits(exactDigits(Math.abs(value)), precision === 0 ? 1 : precision)
  let prec = shortest ? digits.digits.length : precision === 0 ? 1 : precision
  const nd = digits.digits.length
  let eprec = prec
  if (eprec > nd && nd >= digits.point) eprec = nd
  if (shortest) eprec = 6
  const exp = digits.point - 1
  let text: string
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd
    text = formatExponent(digits, prec - 1)
  } else {
    if (prec > digits.point) prec = nd
    text = formatFixed(digits, Math.max(prec - digits.point, 0))
  }
  return negative ? `-${text}` : text
}

/** A decimal number 0.<digits> × 10^point, digits without trailing zeros ("" for zero). */
interface Decimal {
  digits: string
  point: number
}

// The exact decimal expansion of a finite non-negative double: mantissa × 2^exponent, where a
// negative power of two becomes mantissa × 5^k / 10^k.
function exactDigits(value: number): Decimal {
  if (value === 0) return {digits: '', point: 0}
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, value)
  const bits = view.getBigUint64(0)
  const biasedExponent = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & ((1n << 52n) - 1n)
  const mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n)
  const exponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075
  let digits: string
  let point: number
  if (exponent >= 0) {
    digits = (mantissa << BigInt(exponent)).toString()
    point = digits.length
  } else {
    digits = (mantissa * 5n ** BigInt(-exponent)).toString()
    point = digits.length + exponent
  }
  return trimZeros({digits, point})
}

function roundDigits(d: Decimal, significant: number): Decimal {
  if (d.digits.length <= significant) return d
  const next = d.digits.charCodeAt(significant) - 48
  const exactHalf = next === 5 && d.digits.length === significant + 1
  const lastKept = d.digits.charCodeAt(significant - 1) - 48
  const roundUp = exactHalf ? lastKept % 2 === 1 : next >= 5
  let kept = d.digits.slice(0, significant)
  let point = d.point
  if (roundUp) {
    const incremented = (BigInt(kept) + 1n).toString()
    if (incremented.length > kept.length) point++
    kept = incremented.slice(0, significant)
  }
  return trimZeros({digits: kept, point})
}

// JS's shortest round-trip digits (what Go's strconv also produces for precision -1).
function shortestDigits(value: number): Decimal {
  if (value === 0) return {digits: '', point: 0}
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e')
  return trimZeros({digits: mantissa.replace('.', ''), point: Number(exponent) + 1})
}

function trimZeros(d: Decimal): Decimal {
  const digits = d.digits.replace(/0+$/, '')
  return {digits, point: digits === '' ? 0 : d.point}
}

function formatFixed(d: Decimal, fractionDigits: number): string {
  let text = d.point > 0 ? d.digits.slice(0, d.point).padEnd(d.point, '0') : '0'
  if (fractionDigits > 0) {
    let fraction = ''
    for (let i = 0; i < fractionDigits; i++) {
      const j = d.point + i
      fraction += j >= 0 && j < d.digits.length ? d.digits[j] : '0'
    }
    text += `.${fraction}`
  }
  return text
}

function formatExponent(d: Decimal, fractionDigits: number): string {
  let text = d.digits === '' ? '0' : d.digits.slice(0, 1)
  if (fractionDigits > 0) text += `.${d.digits.slice(1, fractionDigits + 1).padEnd(fractionDigits, '0')}`
  const exp = d.digits === '' ? 0 : d.point - 1
  const magnitude = Math.abs(exp)
  return `${text}e${exp < 0 ? '-' : '+'}${magnitude < 10 ? `0${magnitude}` : `${magnitude}`}`
}
