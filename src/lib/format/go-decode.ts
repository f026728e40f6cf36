// Go's encoding/json decoding into typed structs, for templates that must see what docker's
// templates see: docker decodes the engine's answer into its API types (container.InspectResponse
// and so on) and runs `--format` against those, so a struct prints in Go's field order, a field
// the engine did not send still exists with its zero value, `{{json .X}}` re-encodes with the
// type's field order and omitempty tags, and time.Duration prints as `1s`.
//
// Types are described by GoType values (see inspect-types.ts). Decoding produces the value model
// of go-values.ts: structs are objects tagged with their Go type whose own properties are the
// fields in declaration order (Go names, not JSON names), maps are tagged null-prototype objects,
// slices are tagged arrays; nil slices and maps print as empty ones and encode as `null`.

import {formatGoDuration} from '../go/duration.js'
import {goJSON, goJSONString} from './go-json.js'
import {goEmbedded, goKind, goTypeName, marshalJSON} from './go-values.js'
import {JSONNumber, JSONObject, type JSONValue} from './json-raw.js'

export interface Named {
  /** The Go type as %T prints it, e.g. `[]string`, `*container.State`, `nat.PortMap`. */
  readonly name: string
}

export type GoType = Named &
  (
    | {readonly kind: 'string' | 'bool' | 'float' | 'any' | 'time' | 'duration' | 'ordered'}
    | {readonly kind: 'int'; readonly bits: 8 | 16 | 32 | 64; readonly unsigned: boolean}
    | {readonly kind: 'slice'; readonly elem: GoType}
    | {readonly kind: 'array'; readonly elem: GoType; readonly length: number}
    | {readonly kind: 'map'; readonly elem: GoType; readonly key: string}
    | {readonly kind: 'ptr'; readonly elem: GoType}
    | {readonly kind: 'struct'; readonly fields: readonly GoField[]; readonly methods?: Readonly<Record<string, GoMethod>>}
  )

export type GoMethod = (this: Record<string, unknown>) => unknown

export interface GoField {
  /** The Go field name, which templates use (an embedded struct's type name). */
  readonly name: string
  /** The JSON member name ('' for an embedded struct, whose members are promoted). */
  readonly json: string
  readonly type: GoType
  readonly omitEmpty: boolean
  /** An embedded struct (or pointer to one): its fields are promoted, in templates and in JSON. */
  readonly embedded: boolean
}

// ---------------------------------------------------------------------------------------------
// Type constructors

const basic = (kind: 'string' | 'bool' | 'float' | 'any' | 'time' | 'duration', name: string): GoType => ({kind, name})
const int = (name: string, bits: 8 | 16 | 32 | 64, unsigned: boolean): GoType => ({bits, kind: 'int', name, unsigned})

export const goString = basic('string', 'string')
export const goBool = basic('bool', 'bool')
export const goInt = int('int', 64, false)
export const goInt64 = int('int64', 64, false)
export const goUint16 = int('uint16', 16, true)
export const goUint32 = int('uint32', 32, true)
export const goUint64 = int('uint64', 64, true)
export const goUint = int('uint', 64, true)
export const goFloat64 = basic('float', 'float64')
export const goAny = basic('any', 'interface {}')
export const goTime = basic('time', 'time.Time')
export const goDuration = basic('duration', 'time.Duration')

/** Objects of a type we have no schema for: structs with the members in the order sent. */
export function orderedStruct(name: string): GoType {
  return {kind: 'ordered', name}
}

export function sliceOf(elem: GoType, name = `[]${elem.name}`): GoType {
  return {elem, kind: 'slice', name}
}

export function arrayOf(elem: GoType, length: number): GoType {
  return {elem, kind: 'array', length, name: `[${length}]${elem.name}`}
}

/** A map with string keys (`key` names a named key type, e.g. nat.Port). */
export function mapOf(elem: GoType, options: {key?: string; name?: string} = {}): GoType {
  const key = options.key ?? 'string'
  return {elem, key, kind: 'map', name: options.name ?? `map[${key}]${elem.name}`}
}

export function ptrTo(elem: GoType): GoType {
  return {elem, kind: 'ptr', name: `*${elem.name}`}
}

export const goEmptyStruct: GoType = {fields: [], kind: 'struct', name: 'struct {}'}

/** [Go name, type, options]: `json` renames the member, `omitEmpty` is the tag's omitempty. */
export type FieldSpec = readonly [string, GoType, {json?: string; omitEmpty?: boolean}?]

/** Tag options: `json:",omitempty"`. */
export const OMIT = {omitEmpty: true} as const

/** An embedded struct field (Go's `struct { Base; ... }`), named after its type. */
export function embed(type: GoType): GoField {
  const inner = type.kind === 'ptr' ? type.elem : type
  return {embedded: true, json: '', name: inner.name.slice(inner.name.lastIndexOf('.') + 1), omitEmpty: false, type}
}

export function structType(name: string, fields: ReadonlyArray<FieldSpec | GoField>, methods?: Record<string, GoMethod>): GoType & {kind: 'struct'} {
  const out = fields.map((spec): GoField => {
    if (!Array.isArray(spec)) return spec as GoField
    const [fieldName, type, options] = spec as FieldSpec
    return {embedded: false, json: options?.json ?? fieldName, name: fieldName, omitEmpty: options?.omitEmpty ?? false, type}
  })
  return {fields: out, kind: 'struct', methods, name}
}

type StructType = GoType & {kind: 'struct'}

/** A JSON member of a struct, possibly promoted from embedded structs (path of Go field names). */
interface JSONField {
  readonly path: readonly GoField[]
  readonly field: GoField
}

const jsonFieldCache = new WeakMap<GoType, readonly JSONField[]>()

/**
 * encoding/json's field list: declaration order, embedded structs' members in place; of two
 * members with one name the shallower wins, and two at the same depth cancel out.
 */
function jsonFields(type: StructType): readonly JSONField[] {
  let cached = jsonFieldCache.get(type)
  if (cached !== undefined) return cached
  const all: JSONField[] = []
  const walk = (t: StructType, path: GoField[]): void => {
    for (const f of t.fields) {
      if (f.embedded) {
        const inner = f.type.kind === 'ptr' ? f.type.elem : f.type
        if (inner.kind === 'struct') walk(inner, [...path, f])
        continue
      }
      all.push({field: f, path})
    }
  }
  walk(type, [])
  cached = all.filter((candidate) => {
    const rivals = all.filter((o) => o.field.json === candidate.field.json)
    const depth = Math.min(...rivals.map((o) => o.path.length))
    return candidate.path.length === depth && rivals.filter((o) => o.path.length === depth).length === 1
  })
  jsonFieldCache.set(type, cached)
  return cached
}

// ---------------------------------------------------------------------------------------------
// Values with Go methods

/** The key type of a tagged map value, when it is a named type (`nat.Port`) rather than string. */
export const goMapKey: unique symbol = Symbol('goMapKey')

const nullJSON = (): string => 'null'

/**
 * Makes a class's instances Go values of a named type with methods: a struct as far as the
 * template engine goes (so String() prints them), with their own JSON encoding.
 */
function goValueType<T>(cls: abstract new (...args: never[]) => T, typeName: string, toJSON: (value: T) => string): void {
  Object.defineProperties(cls.prototype, {
    [goKind]: {value: 'struct'},
    [goTypeName]: {value: typeName},
    [marshalJSON]: {
      value(this: T) {
        return toJSON(this)
      },
    },
  })
}

/** A time.Duration: prints through String (`1m30s`), encodes as its nanoseconds. */
export class GoDuration {
  constructor(readonly ns: bigint) {}

  String(): string {
    return formatGoDuration(this.ns)
  }
}
goValueType(GoDuration, 'time.Duration', (d) => d.ns.toString())

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/

/** A time.Time decoded from RFC 3339 text: prints as Go's Time.String, encodes as RFC3339Nano. */
export class GoTime {
  private readonly date: string
  private readonly clock: string
  private readonly fraction: string
  /** '' for UTC, else `+hh:mm`. */
  private readonly offset: string

  constructor(text: string) {
    const m = RFC3339.exec(text)
    if (m === null) throw new GoDecodeError(`parsing time ${goJSONString(text, false)} as "2006-01-02T15:04:05Z07:00": cannot parse ${goJSONString(text, false)} as "2006"`)
    this.date = `${m[1]}-${m[2]}-${m[3]}`
    this.clock = `${m[4]}:${m[5]}:${m[6]}`
    this.fraction = (m[7] ?? '').slice(0, 9).replace(/0+$/, '')
    const zone = m[8]!
    this.offset = zone === 'Z' || zone === 'z' || zone === '+00:00' ? '' : zone
  }

  private frac(): string {
    return this.fraction === '' ? '' : `.${this.fraction}`
  }

  /** Go's Time.String: `2006-01-02 15:04:05.999999999 -0700 MST`. */
  String(): string {
    const zone = this.offset === '' ? '+0000 UTC' : `${this.offset.replace(':', '')} ${this.offset.replace(':', '')}`
    return `${this.date} ${this.clock}${this.frac()} ${zone}`
  }

  rfc3339Nano(): string {
    return `${this.date}T${this.clock}${this.frac()}${this.offset === '' ? 'Z' : this.offset}`
  }

  private part(s: string, from: number, to: number): number {
    return Number(s.slice(from, to))
  }

  // The methods of time.Time a template can reach without arguments, in the time's own zone.
  Year(): number {
    return this.part(this.date, 0, 4)
  }

  Month(): GoMonth {
    return new GoMonth(this.part(this.date, 5, 7))
  }

  Day(): number {
    return this.part(this.date, 8, 10)
  }

  Hour(): number {
    return this.part(this.clock, 0, 2)
  }

  Minute(): number {
    return this.part(this.clock, 3, 5)
  }

  Second(): number {
    return this.part(this.clock, 6, 8)
  }

  Nanosecond(): number {
    return Number(this.fraction.padEnd(9, '0'))
  }

  IsZero(): boolean {
    return this.rfc3339Nano() === ZERO_TIME
  }

  /** Seconds since 1970 (a bigint: year 1 is out of a double's exact range in UnixNano). */
  Unix(): number | bigint {
    const days = daysFromCivil(this.Year(), this.part(this.date, 5, 7), this.Day())
    const sign = this.offset.startsWith('-') ? -1n : 1n
    const offset = this.offset === '' ? 0n : sign * BigInt(this.part(this.offset, 1, 3) * 3600 + this.part(this.offset, 4, 6) * 60)
    const seconds = days * 86_400n + BigInt(this.Hour() * 3600 + this.Minute() * 60 + this.Second()) - offset
    return Number.isSafeInteger(Number(seconds)) ? Number(seconds) : seconds
  }

  UnixMilli(): number | bigint {
    const ms = BigInt(this.Unix()) * 1000n + BigInt(Math.floor(this.Nanosecond() / 1e6))
    return Number.isSafeInteger(Number(ms)) ? Number(ms) : ms
  }

  UnixNano(): number | bigint {
    const ns = BigInt(this.Unix()) * 1_000_000_000n + BigInt(this.Nanosecond())
    return Number.isSafeInteger(Number(ns)) ? Number(ns) : ns
  }
}

/** Days from 1970-01-01 to a proleptic Gregorian date. */
function daysFromCivil(year: number, month: number, day: number): bigint {
  const y = BigInt(month <= 2 ? year - 1 : year)
  const era = (y >= 0n ? y : y - 399n) / 400n
  const yoe = y - era * 400n
  const m = BigInt(month)
  const doy = (153n * (m > 2n ? m - 3n : m + 9n) + 2n) / 5n + BigInt(day) - 1n
  const doe = yoe * 365n + yoe / 4n - yoe / 100n + doy
  return era * 146_097n + doe - 719_468n
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** A time.Month: prints as its English name. */
export class GoMonth {
  constructor(readonly month: number) {}

  String(): string {
    return MONTHS[this.month - 1] ?? `%!Month(${this.month})`
  }
}
goValueType(GoMonth, 'time.Month', (m) => String(m.month))
goValueType(GoTime, 'time.Time', (t) => `"${t.rfc3339Nano()}"`)

const ZERO_TIME = '0001-01-01T00:00:00Z'

/** A json.Number (decoding with UseNumber): prints and encodes as the literal sent. */
export class GoJSONNumber {
  constructor(readonly text: string) {}

  String(): string {
    return this.text
  }
}
goValueType(GoJSONNumber, 'json.Number', (n) => n.text)

// ---------------------------------------------------------------------------------------------
// Decoding

/** Go's json.UnmarshalTypeError and friends, with Go's wording. */
export class GoDecodeError extends Error {
  override name = 'GoDecodeError'
}

interface DecodePath {
  /** The innermost struct type being decoded (Go names it in type errors). */
  readonly struct: string
  /** JSON member names from the top. */
  readonly fields: readonly string[]
}

function describe(value: JSONValue): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return 'string'
  if (typeof value === 'boolean') return 'bool'
  if (value instanceof JSONNumber) return 'number'
  if (Array.isArray(value)) return 'array'
  return 'object'
}

function typeError(what: string, type: GoType, path: DecodePath): GoDecodeError {
  if (path.fields.length === 0) return new GoDecodeError(`json: cannot unmarshal ${what} into Go value of type ${type.name}`)
  return new GoDecodeError(`json: cannot unmarshal ${what} into Go struct field ${path.struct}.${path.fields.join('.')} of type ${type.name}`)
}

function tagged<T extends object>(value: T, name: string, kind?: 'map' | 'struct' | 'ptr'): T {
  Object.defineProperty(value, goTypeName, {value: name})
  if (kind !== undefined) Object.defineProperty(value, goKind, {value: kind})
  return value
}

function nilSlice(type: GoType): unknown[] {
  return Object.defineProperty(tagged([], type.name), marshalJSON, {value: nullJSON})
}

function newMap(type: GoType & {kind: 'map'}, isNil: boolean): Record<string, unknown> {
  const m = tagged(Object.create(null) as Record<string, unknown>, type.name, 'map')
  if (type.key !== 'string') Object.defineProperty(m, goMapKey, {value: type.key})
  if (isNil) Object.defineProperty(m, marshalJSON, {value: nullJSON})
  return m
}

/** encoding/json's isEmptyValue, for omitempty. */
function isEmpty(value: unknown, type: GoType): boolean {
  switch (type.kind) {
    case 'string':
      return value === ''
    case 'bool':
      return value === false
    case 'int':
    case 'float':
      return value === 0 || value === 0n
    case 'duration':
      return (value as GoDuration).ns === 0n
    case 'slice':
    case 'array':
      return (value as unknown[]).length === 0
    case 'map':
      return Object.keys(value as object).length === 0
    case 'ptr':
    case 'any':
      return value === null
    default:
      return false
  }
}

const structProtos = new WeakMap<GoType, {ptr: object; value: object}>()

/** The struct holding a (possibly promoted) field, or undefined behind a nil embedded pointer. */
function holder(s: Record<string, unknown>, path: readonly GoField[], allocate: boolean): Record<string, unknown> | undefined {
  let current = s
  for (const f of path) {
    let inner = current[f.name]
    if (inner === null) {
      if (!allocate) return undefined
      inner = goZero((f.type as GoType & {kind: 'ptr'}).elem, true)
      current[f.name] = inner
    }
    current = inner as Record<string, unknown>
  }
  return current
}

/** The prototype of a struct type's values: its Go type tags, its methods and its JSON encoding. */
function structProto(type: StructType, pointer: boolean): object {
  let protos = structProtos.get(type)
  if (protos === undefined) {
    const encode = function (this: Record<string, unknown>): string {
      const members: string[] = []
      for (const {field, path} of jsonFields(type)) {
        const container = holder(this, path, false)
        if (container === undefined) continue
        const value = container[field.name]
        if (field.omitEmpty && isEmpty(value, field.type)) continue
        members.push(`${goJSONString(field.json, false)}:${goJSON(value, {escapeHTML: false})}`)
      }
      return `{${members.join(',')}}`
    }
    const embedded = type.fields.filter((f) => f.embedded).map((f) => f.name)
    const make = (kind: 'ptr' | 'struct'): object => {
      const proto = Object.create(null) as object
      Object.defineProperties(proto, {
        [goEmbedded]: {value: embedded},
        [goKind]: {value: kind},
        [goTypeName]: {value: type.name},
        [marshalJSON]: {value: encode},
      })
      for (const [name, method] of Object.entries(type.methods ?? {})) Object.defineProperty(proto, name, {value: method})
      return proto
    }
    protos = {ptr: make('ptr'), value: make('struct')}
    structProtos.set(type, protos)
  }
  return pointer ? protos.ptr : protos.value
}

/** Go's zero value of a type. */
export function goZero(type: GoType, pointer = false): unknown {
  switch (type.kind) {
    case 'string':
      return ''
    case 'bool':
      return false
    case 'int':
    case 'float':
      return 0
    case 'duration':
      return new GoDuration(0n)
    case 'time':
      return new GoTime(ZERO_TIME)
    case 'slice':
      return nilSlice(type)
    case 'array':
      return tagged(Array.from({length: type.length}, () => goZero(type.elem)), type.name)
    case 'map':
      return newMap(type, true)
    case 'ptr':
    case 'any':
    case 'ordered':
      return null
    case 'struct': {
      const s = Object.create(structProto(type, pointer)) as Record<string, unknown>
      for (const f of type.fields) s[f.name] = goZero(f.type)
      return s
    }
  }
}

function decodeInt(n: JSONNumber, type: GoType & {kind: 'int'}, path: DecodePath): number | bigint {
  const bad = (): GoDecodeError => typeError(`number ${n.text}`, type, path)
  if (!/^-?\d+$/.test(n.text)) throw bad()
  const v = BigInt(n.text)
  const limit = type.unsigned ? 1n << BigInt(type.bits) : 1n << BigInt(type.bits - 1)
  if (type.unsigned ? v < 0n || v >= limit : v < -limit || v >= limit) throw bad()
  return Number.isSafeInteger(Number(v)) ? Number(v) : v
}

/** json.Unmarshal into interface{}: maps, []interface {}, float64 (or json.Number with useNumber). */
export function decodeGeneric(value: JSONValue, useNumber = false): unknown {
  if (value instanceof JSONNumber) return useNumber ? new GoJSONNumber(value.text) : Number(value.text)
  if (Array.isArray(value)) return tagged(value.map((v) => decodeGeneric(v, useNumber)), '[]interface {}')
  if (value instanceof JSONObject) {
    const m = Object.create(null) as Record<string, unknown>
    for (const [k, v] of value.entries) m[k] = decodeGeneric(v, useNumber)
    return m
  }
  return value
}

/** An object of unknown schema: a struct of the members in the order sent, integers exact. */
function decodeOrdered(value: JSONValue, name: string): unknown {
  if (value instanceof JSONNumber) {
    if (!/^-?\d+$/.test(value.text)) return Number(value.text)
    const n = BigInt(value.text)
    return Number.isSafeInteger(Number(n)) ? Number(n) : n
  }
  if (Array.isArray(value)) return tagged(value.map((v) => decodeOrdered(v, '')), '[]interface {}')
  if (value instanceof JSONObject) {
    const s = tagged(Object.create(null) as Record<string, unknown>, name === '' ? 'struct' : name, name === '' ? 'struct' : 'ptr')
    for (const [k, v] of value.entries) s[k] = decodeOrdered(v, '')
    return s
  }
  return value
}

function findField(type: StructType, key: string): JSONField | undefined {
  // Go prefers an exact match of the member name, then a case-insensitive one.
  const fields = jsonFields(type)
  const exact = fields.find((f) => f.field.json === key)
  if (exact !== undefined) return exact
  const folded = key.toLowerCase()
  return fields.find((f) => f.field.json.toLowerCase() === folded)
}

function decodeInto(current: unknown, value: JSONValue, type: GoType, path: DecodePath, pointer = false): unknown {
  if (value === null) {
    // null sets pointers, slices, maps and interfaces to nil and leaves anything else alone.
    switch (type.kind) {
      case 'ptr':
      case 'any':
      case 'ordered':
        return null
      case 'slice':
      case 'map':
        return goZero(type)
      default:
        return current
    }
  }
  const mismatch = (): GoDecodeError => typeError(describe(value), type, path)
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') throw mismatch()
      return value
    case 'bool':
      if (typeof value !== 'boolean') throw mismatch()
      return value
    case 'int':
      if (!(value instanceof JSONNumber)) throw mismatch()
      return decodeInt(value, type, path)
    case 'float':
      if (!(value instanceof JSONNumber)) throw mismatch()
      return Number(value.text)
    case 'duration':
      if (!(value instanceof JSONNumber)) throw mismatch()
      return new GoDuration(BigInt(decodeInt(value, goInt64 as GoType & {kind: 'int'}, path)))
    case 'time':
      if (typeof value !== 'string') throw mismatch()
      return new GoTime(value)
    case 'any':
      return decodeGeneric(value)
    case 'ordered':
      return decodeOrdered(value, type.name)
    case 'ptr':
      return decodeInto(goZero(type.elem, true), value, type.elem, path, true)
    case 'slice': {
      if (!Array.isArray(value)) throw mismatch()
      return tagged(
        value.map((v) => decodeInto(goZero(type.elem), v, type.elem, path)),
        type.name,
      )
    }
    case 'array': {
      if (!Array.isArray(value)) throw mismatch()
      const out = goZero(type) as unknown[]
      for (let i = 0; i < type.length && i < value.length; i++) out[i] = decodeInto(out[i], value[i]!, type.elem, path)
      return out
    }
    case 'map': {
      if (!(value instanceof JSONObject)) throw mismatch()
      const m = newMap(type, false)
      for (const [k, v] of value.entries) m[k] = decodeInto(goZero(type.elem), v, type.elem, path)
      return m
    }
    case 'struct': {
      if (!(value instanceof JSONObject)) throw mismatch()
      const s = (current !== null && typeof current === 'object' ? current : goZero(type, pointer)) as Record<string, unknown>
      const structName = type.name.slice(type.name.lastIndexOf('.') + 1)
      for (const [k, v] of value.entries) {
        const member = findField(type, k)
        if (member === undefined) continue
        const f = member.field
        const target = holder(s, member.path, true)!
        target[f.name] = decodeInto(target[f.name], v, f.type, {fields: [...path.fields, f.json], struct: structName})
      }
      return s
    }
  }
}

/**
 * json.Unmarshal of a JSON value into a Go type, as template data. Throws GoDecodeError for a
 * value of the wrong JSON type, with Go's message.
 */
export function goDecode(value: JSONValue, type: GoType): unknown {
  return decodeInto(goZero(type), value, type, {fields: [], struct: ''})
}
