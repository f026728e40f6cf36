// Human-readable durations and sizes, as docker/go-units prints them. Both feed byte-exact
// output (ps CREATED/SIZE, pull progress, build upload), so Go's integer truncation and its
// %g float formatting are reproduced exactly rather than approximated with toFixed/toPrecision.

import {formatGoFloat} from './go-print.js'

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
  return customSize(bytes, precision, 1000, DECIMAL_UNITS)
}

/** go-units CustomSize: the value in the largest unit not above it, `%.<precision>g` plus the unit. */
function customSize(bytes: number, precision: number, base: number, units: readonly string[]): string {
  let size = bytes
  let unit = 0
  while (size >= base && unit < units.length - 1) {
    size /= base
    unit++
  }
  return formatGoG(size, precision) + units[unit]
}

/** Go's fmt `%.*g` (a negative precision means shortest), which go-units formats sizes with. */
export function formatGoG(value: number, precision: number): string {
  return formatGoFloat(value, 'g', precision)
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] as const

/** go-units BytesSize: binary units, 4 significant digits ("476KiB", "23.54GiB"), as docker stats shows memory. */
export function bytesSize(bytes: number): string {
  return customSize(bytes, 4, 1024, BINARY_UNITS)
}
