// Go's strconv number and bool parsing. Error texts are Go's (`strconv.ParseInt: parsing "x":
// invalid syntax`), because docker prints them verbatim.
import {goQuote} from '../format/go-print.js'

type NumErrorReason = 'invalid syntax' | 'value out of range'

/** Go's strconv.NumError: `strconv.ParseUint: parsing "x": invalid syntax`. */
export class GoNumError extends Error {
  readonly reason: NumErrorReason

  constructor(fn: string, input: string, reason: NumErrorReason) {
    super(`strconv.${fn}: parsing ${goQuote(input)}: ${reason}`)
    this.reason = reason
  }
}

function numError(fn: string, input: string, reason: NumErrorReason): GoNumError {
  return new GoNumError(fn, input, reason)
}

/** The bare reason of a strconv error (`invalid syntax`), as docker's `errors.As(&numErr)` callers print it. */
export function numErrorReason(error: unknown): string {
  return error instanceof GoNumError ? error.reason : (error as Error).message
}

const lower = (c: string): string => c.toLowerCase()

// Go's underscoreOK: `_` only between digits (a base prefix counts as a digit).
export function underscoreOK(s: string): boolean {
  let saw = '^'
  let i = 0
  if (s.startsWith('-') || s.startsWith('+')) s = s.slice(1)
  let hex = false
  if (s.length >= 2 && s[0] === '0' && ['b', 'o', 'x'].includes(lower(s[1] as string))) {
    i = 2
    saw = '0'
    hex = lower(s[1] as string) === 'x'
  }
  for (; i < s.length; i++) {
    const c = s[i] as string
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0'
      continue
    }
    if (c === '_') {
      if (saw !== '0') return false
      saw = '_'
      continue
    }
    if (saw === '_') return false
    saw = '!'
  }
  return saw !== '_'
}

/** The value of a digit in bases up to 36; 99 for anything that is not one. */
export function digitValue(c: string): number {
  const code = c.charCodeAt(0)
  if (code >= 48 && code <= 57) return code - 48
  const l = lower(c).charCodeAt(0)
  if (l >= 97 && l <= 122) return l - 97 + 10
  return 99
}

/**
 * strconv.ParseUint(s, base, bits); base 0 reads 0x/0o/0b/leading-0 prefixes and allows `_`.
 * `fn` and `shown` let ParseInt and Atoi report the error under their own name and input.
 */
export function goParseUint(s: string, base: number, bits: number, fn = 'ParseUint', shown = s): bigint {
  if (s === '') throw numError(fn, shown, 'invalid syntax')
  const base0 = base === 0
  let rest = s
  if (base === 0) {
    base = 10
    if (rest[0] === '0') {
      const p = lower(rest[1] ?? '')
      if (rest.length >= 3 && (p === 'b' || p === 'o' || p === 'x')) {
        base = p === 'b' ? 2 : p === 'o' ? 8 : 16
        rest = rest.slice(2)
      } else {
        base = 8
        rest = rest.slice(1)
      }
    }
  }
  const max = (1n << BigInt(bits)) - 1n
  const big = BigInt(base)
  let n = 0n
  let underscores = false
  for (const c of rest) {
    if (c === '_' && base0) {
      underscores = true
      continue
    }
    const d = digitValue(c)
    if (d >= base) throw numError(fn, shown, 'invalid syntax')
    n = n * big + BigInt(d)
    if (n > max) throw numError(fn, shown, 'value out of range')
  }
  if (underscores && !underscoreOK(s)) throw numError(fn, shown, 'invalid syntax')
  return n
}

/** strconv.ParseInt(s, base, bits). */
export function goParseInt(s: string, base: number, bits: number): bigint {
  if (s === '') throw numError('ParseInt', s, 'invalid syntax')
  let body = s
  let negative = false
  if (body[0] === '+' || body[0] === '-') {
    negative = body[0] === '-'
    body = body.slice(1)
  }
  let un: bigint
  try {
    un = goParseUint(body, base, bits, 'ParseInt', s)
  } catch (error) {
    if (numErrorReason(error) === 'invalid syntax') throw error
    throw numError('ParseInt', s, 'value out of range')
  }
  const cutoff = 1n << BigInt(bits - 1)
  if (!negative && un >= cutoff) throw numError('ParseInt', s, 'value out of range')
  if (negative && un > cutoff) throw numError('ParseInt', s, 'value out of range')
  return negative ? -un : un
}

/** strconv.Atoi: a base-10 int64. */
export function goAtoi(s: string): number {
  try {
    return Number(goParseInt(s, 10, 64))
  } catch (error) {
    throw numError('Atoi', s, error instanceof GoNumError ? error.reason : 'invalid syntax')
  }
}

/** strconv.ParseBool. */
export function goParseBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false
  throw numError('ParseBool', s, 'invalid syntax')
}

const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/

/** strconv.ParseFloat(s, 64): decimal or hex (`0x1p4`) floats, `_` allowed between digits. */
export function goParseFloat(s: string): number {
  let text = s
  if (text.includes('_')) {
    if (!underscoreOK(text)) throw numError('ParseFloat', s, 'invalid syntax')
    text = text.replaceAll('_', '')
  }
  let value: number
  if (DECIMAL_FLOAT.test(text)) {
    value = Number(text)
  } else {
    const hex = HEX_FLOAT.exec(text)
    if (!hex || (hex[2] === '' && hex[3] === '')) throw numError('ParseFloat', s, 'invalid syntax')
    value = Number.parseInt(`${hex[2]}${hex[3]}`, 16) * 2 ** (Number(hex[4]) - 4 * (hex[3] ?? '').length)
    if (hex[1] === '-') value = -value
  }
  if (!Number.isFinite(value)) throw numError('ParseFloat', s, 'value out of range')
  return value
}

