// Go's encoding/json encoder for the value model of go-values.ts: struct fields in declaration
// order, map keys sorted, Go's string escaping (optionally with HTML escaping, as json.Marshal
// does by default and docker's `json` template function turns off).

import {isGoNil, kindOf, marshalJSON, sortedMapKeys, structFields} from './go-values.js'

export interface GoJSONOptions {
  /** Escape <, > and & as \u003c, \u003e, \u0026 (json.Marshal's default). */
  readonly escapeHTML: boolean
}

/** Thrown for values Go cannot encode (NaN, infinities, functions), like json.UnsupportedValueError. */
export class GoJSONError extends Error {
  override name = 'GoJSONError'
}

const HEX = '0123456789abcdef'

/** Go's encodeState.string: quotes and escapes a string. */
export function goJSONString(s: string, escapeHTML: boolean): string {
  let out = '"'
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    switch (ch) {
      case '"':
        out += '\\"'
        continue
      case '\\':
        out += '\\\\'
        continue
      case '\b':
        out += '\\b'
        continue
      case '\f':
        out += '\\f'
        continue
      case '\n':
        out += '\\n'
        continue
      case '\r':
        out += '\\r'
        continue
      case '\t':
        out += '\\t'
        continue
    }
    if (cp < 0x20 || (escapeHTML && (ch === '<' || ch === '>' || ch === '&'))) {
      out += `\\u00${HEX[cp >> 4]}${HEX[cp & 0xf]}`
    } else if (cp === 0x2028 || cp === 0x2029) {
      // Valid JSON but not valid JavaScript source, so Go always escapes them.
      out += `\\u202${HEX[cp & 0xf]}`
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      // A lone surrogate is invalid UTF-8 on the Go side, which Go writes as an escaped U+FFFD.
      out += '\\ufffd'
    } else {
      out += ch
    }
  }
  return `${out}"`
}

function encodeNumber(n: number): string {
  if (!Number.isFinite(n)) throw new GoJSONError(`json: unsupported value: ${n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN'}`)
  if (Object.is(n, -0)) return '-0'
  // Go uses %f below 1e21 and %e from there (and below 1e-6), the same cut-offs as JS.
  return String(n)
}

/** Removes insignificant whitespace from JSON text (what Go does with a Marshaler's output). */
function compactJSON(text: string, escapeHTML: boolean): string {
  let out = ''
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (inString) {
      if (ch === '\\') {
        out += ch + (text[i + 1] ?? '')
        i++
        continue
      }
      if (ch === '"') inString = false
      if (escapeHTML && (ch === '<' || ch === '>' || ch === '&')) out += `\\u00${HEX[ch.charCodeAt(0) >> 4]}${HEX[ch.charCodeAt(0) & 0xf]}`
      else if (ch === '\u2028' || ch === '\u2029') out += `\\u202${HEX[ch.charCodeAt(0) & 0xf]}`
      else out += ch
      continue
    }
    if (ch === '"') inString = true
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue
    out += ch
  }
  return out
}

function encode(value: unknown, escapeHTML: boolean): string {
  if (value !== null && typeof value === 'object') {
    const marshal = (value as {[marshalJSON]?: unknown})[marshalJSON]
    if (typeof marshal === 'function') return compactJSON(String(marshal.call(value)), escapeHTML)
  }
  switch (kindOf(value)) {
    case 'invalid':
    case 'nil':
      return 'null'
    case 'bool':
      return value ? 'true' : 'false'
    case 'int':
    case 'float':
      return typeof value === 'bigint' ? value.toString() : encodeNumber(value as number)
    case 'string':
      return goJSONString(value as string, escapeHTML)
    case 'slice':
      if (isGoNil(value)) return 'null'
      return `[${(value as unknown[]).map((v) => encode(v, escapeHTML)).join(',')}]`
    case 'map': {
      if (isGoNil(value)) return 'null'
      const m = value as Record<string, unknown>
      const parts = sortedMapKeys(m)
        .filter((k) => typeof m[k] !== 'function')
        .map((k) => `${goJSONString(k, escapeHTML)}:${encode(m[k], escapeHTML)}`)
      return `{${parts.join(',')}}`
    }
    case 'struct':
    case 'ptr': {
      const parts = structFields(value as object).map(
        ([k, v]) => `${goJSONString(k, escapeHTML)}:${encode(v, escapeHTML)}`,
      )
      return `{${parts.join(',')}}`
    }
    case 'func':
      throw new GoJSONError('json: unsupported type: func()')
  }
}

/** json.Marshal (escapeHTML true) or an Encoder with SetEscapeHTML(false), without a trailing newline. */
export function goJSON(value: unknown, options: GoJSONOptions = {escapeHTML: true}): string {
  return encode(value, options.escapeHTML)
}
