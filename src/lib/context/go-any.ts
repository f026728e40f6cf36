// JSON values as docker's context store holds them: decoded into Go's `any` (objects become
// map[string]any, numbers float64) and written back by json.Marshal, which sorts map keys and
// escapes <, > and &. Context metadata round-trips through this, so an imported or updated
// meta.json comes out byte for byte as docker writes it.
import {goJSONString} from '../format/go-json.js'
import {JSONNumber, JSONObject, type JSONValue, parseJSONLiteral} from '../format/json-raw.js'

/** A value of Go's `any` after json.Unmarshal; objects are maps so that no key is special. */
export type GoAny = null | boolean | string | number | GoAny[] | GoMap

export type GoMap = Map<string, GoAny>

export function isGoMap(value: GoAny | undefined): value is GoMap {
  return value instanceof Map
}

/** json.Unmarshal into `any`: the last of duplicate keys wins, numbers are float64. */
export function toGoAny(value: JSONValue): GoAny {
  if (value instanceof JSONNumber) return Number(value.text)
  if (value instanceof JSONObject) return new Map(value.entries.map(([key, v]) => [key, toGoAny(v)]))
  if (Array.isArray(value)) return value.map(toGoAny)
  return value
}

/** Parses JSON text with Go's syntax error wording (json.SyntaxError's text). */
export function parseGoAny(text: Buffer | string): GoAny {
  return toGoAny(parseJSONLiteral(text))
}

/** The JSON kind Go names in an UnmarshalTypeError (`cannot unmarshal string into …`). */
export function goJSONKind(value: GoAny): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (isGoMap(value)) return 'object'
  if (typeof value === 'boolean') return 'bool'
  return typeof value
}

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))

/** json.Marshal of a float64: shortest form, exponent only below 1e-6 or from 1e21 (as JavaScript's). */
function goFloat(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`)
  return Object.is(n, -0) ? '-0' : String(n)
}

/** json.Marshal of a decoded `any`. */
export function marshalGoAny(value: GoAny): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return goJSONString(value, true)
  if (typeof value === 'number') return goFloat(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (Array.isArray(value)) return `[${value.map(marshalGoAny).join(',')}]`
  const keys = [...value.keys()].sort(byteOrder)
  return `{${keys.map((key) => `${goJSONString(key, true)}:${marshalGoAny(value.get(key) ?? null)}`).join(',')}}`
}
