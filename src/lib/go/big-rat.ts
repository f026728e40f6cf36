// Go's big.Rat.SetString, which docker's opts.ParseCPUs reads `--cpus` with.
import {digitValue, underscoreOK} from './strconv.js'

const lower = (c: string): string => c.toLowerCase()


const PREFIX_BASE: Record<string, number> = {b: 2, o: 8, x: 16}

/** Digits in `base` with `_` separators already checked; undefined when a digit is out of range. */
function digitsToBig(digits: string, base: number): bigint | undefined {
  let n = 0n
  for (const c of digits) {
    const d = digitValue(c)
    if (d >= base) return undefined
    n = n * BigInt(base) + BigInt(d)
  }
  return n
}

/** An integer as big.Int scans it with base 0: 0x/0o/0b or a leading-0 octal prefix. */
function scanPrefixedInt(s: string): bigint | undefined {
  const body = s.replaceAll('_', '')
  const p = lower(body[1] ?? '')
  if (body.startsWith('0') && body.length > 2 && p in PREFIX_BASE) return digitsToBig(body.slice(2), PREFIX_BASE[p] as number)
  if (body.startsWith('0') && body.length > 1) return digitsToBig(body.slice(1), 8)
  return /^\d+$/.test(body) ? BigInt(body) : undefined
}

/**
 * big.Rat.SetString: `a/b`, or a decimal/0x/0o/0b mantissa with an optional e (base 10) or p
 * (base 2) exponent; undefined where Go reports failure.
 */
export function parseBigRat(value: string): {num: bigint; den: bigint} | undefined {
  if (value.includes('_') && !value.split('/').every(underscoreOK)) return undefined
  const slash = value.indexOf('/')
  if (slash !== -1) {
    const numText = value.slice(0, slash)
    const negative = numText.startsWith('-')
    const num = scanPrefixedInt(numText.replace(/^[+-]/, ''))
    const den = scanPrefixedInt(value.slice(slash + 1))
    if (num === undefined || den === undefined || den === 0n || value.slice(slash + 1).match(/^[+-]/)) return undefined
    return {den, num: negative ? -num : num}
  }
  const prefix = /^[+-]?(0[xXbBoO])?/.exec(value)?.[1]
  const base = prefix ? (PREFIX_BASE[lower(prefix[1] as string)] as number) : 10
  const digit = base === 16 ? '[0-9a-fA-F_]' : '[0-9_]'
  // Hex mantissas take only a `p` exponent: `e` would be a digit.
  const exp = base === 16 ? '[pP]' : '[eEpP]'
  const m = new RegExp(`^([+-]?)(?:0[xXbBoO])?(${digit}*)(?:\\.(${digit}*))?(?:(${exp})([+-]?[0-9_]+))?$`).exec(value)
  if (!m) return undefined
  const intDigits = (m[2] ?? '').replaceAll('_', '')
  const fracDigits = (m[3] ?? '').replaceAll('_', '')
  if (intDigits === '' && fracDigits === '') return undefined
  const mantissa = digitsToBig(`${intDigits}${fracDigits}`, base)
  if (mantissa === undefined) return undefined
  let num = mantissa
  let den = BigInt(base) ** BigInt(fracDigits.length)
  const exponent = Number((m[5] ?? '0').replaceAll('_', ''))
  if (Math.abs(exponent) > 10_000) return undefined
  const scale = (m[4] && lower(m[4]) === 'p' ? 2n : 10n) ** BigInt(Math.abs(exponent))
  if (exponent >= 0) num *= scale
  else den *= scale
  return {den, num: m[1] === '-' ? -num : num}
}

