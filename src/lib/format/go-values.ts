// The Go value model that the template engine, fmt printer and JSON encoder share.
//
// Templates run against plain JS data, but Go's behaviour depends on static types we do not
// have: a missing key in a map prints `<no value>` while a missing field of a struct is an
// error, and error messages name Go types. JS values are therefore classified here:
//
//   undefined            -> Go's invalid reflect.Value ("no value", e.g. a missing map key)
//   null                 -> nil (an explicit nil pointer or interface)
//   string / boolean     -> string / bool
//   number               -> int when integral (and within int64), float64 otherwise
//   bigint               -> int64
//   array                -> slice (`[]string` when every element is a string, or as tagged)
//   object + goTypeName  -> struct pointer `*name` (goKind may say 'struct' or 'map' instead)
//   other object         -> map[string]interface {} (keys sorted wherever Go sorts them)
//   function             -> func (as a property of a struct or map it is a method)

/** Tags an object as a Go struct of that type name; `*name` (a pointer) unless goKind says otherwise. */
export const goTypeName: unique symbol = Symbol('goTypeName')
/** Optional companion of goTypeName: 'ptr' (default), 'struct' (a struct value) or 'map' (a named map type). */
export const goKind: unique symbol = Symbol('goKind')
/** A method returning the object's JSON text, used verbatim by the JSON encoder (Go's json.Marshaler). */
export const marshalJSON: unique symbol = Symbol('marshalJSON')
/** Go parameter types of a function or method, see GoSignature. */
export const goSignature: unique symbol = Symbol('goSignature')
/**
 * On a tagged pointer, map or slice: the value is Go's nil of that type. A nil pointer is nil to
 * everything; a nil map or slice behaves as an empty one except where Go shows the difference
 * (`%#v` prints `map[string]string(nil)`, JSON `null`).
 */
export const goNil: unique symbol = Symbol('goNil')
/** On a struct: the names of its unexported fields, which fmt prints and templates refuse. */
export const goUnexported: unique symbol = Symbol('goUnexported')
/**
 * On a struct: the names of its embedded-struct fields, whose own fields and methods are
 * promoted (found by structMember when the struct has no member of that name itself).
 */
export const goEmbedded: unique symbol = Symbol('goEmbedded')
/**
 * On a struct reached through an `interface {}` field or map element: text/template names the
 * static type, `interface {}`, when a field cannot be evaluated on it.
 */
export const goHeldInInterface: unique symbol = Symbol('goHeldInInterface')

export type GoTaggedKind = 'ptr' | 'struct' | 'map'

export type GoKind =
  | 'invalid'
  | 'nil'
  | 'bool'
  | 'int'
  | 'float'
  | 'string'
  | 'slice'
  | 'map'
  | 'struct'
  | 'ptr'
  | 'func'

/**
 * Parameter types: 'interface {}' (any value; a missing value arrives as null), 'reflect.Value'
 * (any value, a missing value stays undefined), or a concrete Go type name such as 'string',
 * 'int', 'float64', 'bool', '[]string', which the argument's type name must equal.
 */
export interface GoSignature {
  readonly params: readonly string[]
  /** The last entry of params is the element type of a trailing `...` parameter. */
  readonly variadic: boolean
}

/**
 * Attaches a Go signature to a function (or method), so templates check arity and argument
 * types like Go before calling it. The executor then only passes arguments of the declared
 * types, which is what makes a typed JS function safe to call from a template.
 */
export function goFunc<F extends (...args: never[]) => unknown>(
  fn: F,
  params: readonly string[],
  variadic = false,
): F & {[goSignature]: GoSignature} {
  return Object.assign(fn, {[goSignature]: {params, variadic}})
}

export function signatureOf(fn: unknown): GoSignature | undefined {
  if (typeof fn !== 'function') return undefined
  return (fn as {[goSignature]?: GoSignature})[goSignature]
}

type Tagged = {[goTypeName]?: unknown; [goKind]?: unknown; [goNil]?: unknown}

/** A nil pointer of type `*typeName`, which prints `<nil>` (`(*typeName)(nil)` under %#v). */
export function goNilPointer(typeName: string): object {
  return {[goNil]: true, [goTypeName]: typeName}
}

/** True for a value tagged as Go's nil of its type (see goNil). */
export function isGoNil(v: unknown): boolean {
  return v !== null && typeof v === 'object' && (v as Tagged)[goNil] === true
}

/** Whether `name` is an unexported field of the struct `obj` (see goUnexported). */
export function isUnexportedField(obj: object, name: string): boolean {
  const unexported = (obj as {[goUnexported]?: readonly string[]})[goUnexported]
  return unexported !== undefined && unexported.includes(name)
}

const INT64_LIMIT = 2 ** 63

export function isGoInt(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < INT64_LIMIT
}

function taggedKind(v: object): GoTaggedKind | undefined {
  const tag = (v as Tagged)[goTypeName]
  if (typeof tag !== 'string') return undefined
  const kind = (v as Tagged)[goKind]
  return kind === 'struct' || kind === 'map' ? kind : 'ptr'
}

export function kindOf(v: unknown): GoKind {
  switch (typeof v) {
    case 'undefined':
      return 'invalid'
    case 'string':
      return 'string'
    case 'boolean':
      return 'bool'
    case 'bigint':
      return 'int'
    case 'number':
      return isGoInt(v) ? 'int' : 'float'
    case 'function':
      return 'func'
    case 'object':
      if (v === null) return 'nil'
      if (Array.isArray(v)) return 'slice'
      if (taggedKind(v) === 'ptr' && isGoNil(v)) return 'nil'
      return taggedKind(v) ?? 'map'
    default:
      return 'invalid'
  }
}

export const DEFAULT_MAP_TYPE = 'map[string]interface {}'

/** The Go type name (as %T prints it) that messages use for this value. */
export function typeNameOf(v: unknown): string {
  switch (kindOf(v)) {
    case 'invalid':
      return '<nil>'
    case 'nil':
      return isGoNil(v) ? `*${String((v as Tagged)[goTypeName])}` : '<nil>'
    case 'string':
      return 'string'
    case 'bool':
      return 'bool'
    case 'int':
      return typeof v === 'bigint' ? 'int64' : 'int'
    case 'float':
      return 'float64'
    case 'func':
      return 'func(...interface {}) interface {}'
    case 'slice': {
      const tag = (v as Tagged)[goTypeName]
      if (typeof tag === 'string') return tag
      return (v as unknown[]).every((e) => typeof e === 'string') ? '[]string' : '[]interface {}'
    }
    case 'map': {
      const tag = (v as Tagged)[goTypeName]
      return typeof tag === 'string' ? tag : DEFAULT_MAP_TYPE
    }
    case 'struct':
      return String((v as Tagged)[goTypeName])
    case 'ptr':
      return `*${String((v as Tagged)[goTypeName])}`
  }
}

/** Keys of a map value, sorted the way Go sorts string map keys (by UTF-8 bytes). */
export function sortedMapKeys(m: object): string[] {
  return Object.keys(m).sort(compareGoStrings)
}

/** Go compares strings bytewise; on UTF-8 that is code point order, not UTF-16 unit order. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0
  const ia = a[Symbol.iterator]()
  const ib = b[Symbol.iterator]()
  for (;;) {
    const ca = ia.next()
    const cb = ib.next()
    if (ca.done === true) return cb.done === true ? 0 : -1
    if (cb.done === true) return 1
    const pa = ca.value.codePointAt(0) ?? 0
    const pb = cb.value.codePointAt(0) ?? 0
    if (pa !== pb) return pa < pb ? -1 : 1
  }
}

/** Own value of a map key; undefined when the key is absent. */
export function mapGet(m: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(m, key) ? (m as Record<string, unknown>)[key] : undefined
}

/**
 * Looks a field or method up on a struct: own properties and the prototype chain (class
 * methods), but nothing inherited from Object.prototype.
 */
export function structMember(obj: object, name: string): {found: boolean; value: unknown} {
  let o: object | null = obj
  while (o !== null && o !== Object.prototype) {
    if (Object.prototype.hasOwnProperty.call(o, name)) {
      return {found: true, value: (obj as Record<string, unknown>)[name]}
    }
    o = Object.getPrototypeOf(o) as object | null
  }
  const embedded = (obj as {[goEmbedded]?: readonly string[]})[goEmbedded]
  for (const field of embedded ?? []) {
    const inner = (obj as Record<string, unknown>)[field]
    if (inner === null || typeof inner !== 'object') continue
    const promoted = structMember(inner, name)
    if (promoted.found) return promoted
  }
  return {found: false, value: undefined}
}

/**
 * A function member that acts as a Go method: any function of a struct, and a function of a
 * tagged (named) map type such as docker's SubHeaderContext. In a plain map a function is just
 * a value, as in a Go map[string]interface{}.
 */
export function methodOf(obj: object, name: string): ((...args: unknown[]) => unknown) | undefined {
  const kind = kindOf(obj)
  let value: unknown
  if (kind === 'map') {
    if (typeof (obj as Tagged)[goTypeName] !== 'string') return undefined
    value = mapGet(obj, name)
  } else {
    value = structMember(obj, name).value
  }
  return typeof value === 'function' ? (value as (...args: unknown[]) => unknown) : undefined
}

/** Data fields of a struct in declaration (insertion) order: own enumerable non-function properties. */
export function structFields(obj: object): Array<[string, unknown]> {
  return Object.entries(obj).filter(([, v]) => typeof v !== 'function')
}

/** The element type of a map type name like `map[string]string`. */
export function mapElemType(typeName: string): string | undefined {
  if (!typeName.startsWith('map[')) return undefined
  let depth = 0
  for (let i = 3; i < typeName.length; i++) {
    if (typeName[i] === '[') depth++
    else if (typeName[i] === ']' && --depth === 0) return typeName.slice(i + 1)
  }
  return undefined
}

/** Go's zero value for a type name, or undefined (no value) when it has none we can model. */
export function zeroValueOf(typeName: string | undefined): unknown {
  switch (typeName) {
    case 'string':
      return ''
    case 'bool':
      return false
    case 'int':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'uint':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
    case 'float32':
    case 'float64':
      return 0
    default:
      return undefined
  }
}

/** Go's notion of "true" for if/with/and/or/not. */
export function isTruthy(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return false
    case 'string':
      return (v as string).length > 0
    case 'bool':
      return v as boolean
    case 'int':
    case 'float':
      return typeof v === 'bigint' ? v !== 0n : v !== 0
    case 'slice':
      return (v as unknown[]).length > 0
    case 'map':
      return Object.keys(v as object).length > 0
    default:
      return true
  }
}

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}
