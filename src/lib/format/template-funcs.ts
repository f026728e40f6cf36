// Template functions: Go's builtins (text/template/funcs.go) and docker's additions
// (cli/templates: json split join title lower upper pad truncate, plus the identity versions
// used when rendering a table header). Functions throw plain Errors; the executor reports
// them as `error calling NAME: MESSAGE` like Go does for a returned error or a panic.

import {GoJSONError, goJSON} from './go-json.js'
import {goSprint, goSprintf, goSprintln} from './go-print.js'
import {
  compareGoStrings,
  goFunc as attachSignature,
  goTypeName,
  isTruthy,
  kindOf,
  mapElemType,
  mapGet,
  typeNameOf,
  zeroValueOf,
} from './go-values.js'

export type TemplateFunc = (...args: unknown[]) => unknown

/** A typed function made callable from templates; its Go signature guards the argument types. */
function goFunc<A extends never[]>(fn: (...args: A) => unknown, params: readonly string[], variadic = false): TemplateFunc {
  return attachSignature(fn, params, variadic) as unknown as TemplateFunc
}

const VALUE = 'reflect.Value'
const ANY = 'interface {}'

// ---------------------------------------------------------------------------------------------
// Go builtins

function indexArg(index: unknown, cap: number): number {
  let x: bigint
  const kind = kindOf(index)
  if (kind === 'int') x = BigInt(index as number | bigint)
  else if (kind === 'invalid' || kind === 'nil') throw new Error('cannot index slice/array with nil')
  else throw new Error(`cannot index slice/array with type ${typeNameOf(index)}`)
  if (x < 0n || x > BigInt(cap)) throw new Error(`index out of range: ${x}`)
  return Number(x)
}

/** The type name of what a pointer points to (Go reports the dereferenced type here). */
function elemTypeName(item: unknown): string {
  const name = typeNameOf(item)
  return kindOf(item) === 'ptr' ? name.slice(1) : name
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (item === undefined || item === null) throw new Error('index of untyped nil')
  for (const idx of indexes) {
    if (item === null) throw new Error('index of nil pointer')
    switch (kindOf(item)) {
      case 'string': {
        const bytes = Buffer.from(item as string, 'utf8')
        const x = indexArg(idx, bytes.length)
        if (x === bytes.length) throw new Error('reflect: string index out of range')
        item = bytes[x]
        break
      }
      case 'slice': {
        const items = item as unknown[]
        const x = indexArg(idx, items.length)
        if (x === items.length) throw new Error('reflect: slice index out of range')
        item = items[x]
        break
      }
      case 'map': {
        if (idx === undefined || idx === null) throw new Error('value is nil; should be of type string')
        if (typeof idx !== 'string') throw new Error(`value has type ${typeNameOf(idx)}; should be string`)
        const value = mapGet(item as object, idx)
        item = value !== undefined ? value : zeroValueOf(mapElemType(typeNameOf(item)))
        break
      }
      default:
        throw new Error(`can't index item of type ${elemTypeName(item)}`)
    }
  }
  return item
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (item === undefined || item === null) throw new Error('slice of untyped nil')
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`)
  const kind = kindOf(item)
  let length: number
  if (kind === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string')
    length = Buffer.byteLength(item as string, 'utf8')
  } else if (kind === 'slice') {
    length = (item as unknown[]).length
  } else {
    throw new Error(`can't slice item of type ${elemTypeName(item)}`)
  }
  const idx = [0, length, length]
  indexes.forEach((index, i) => {
    idx[i] = indexArg(index, length)
  })
  const [from = 0, to = length, max = length] = idx
  if (from > to) throw new Error(`invalid slice index: ${from} > ${to}`)
  if (indexes.length === 3 && to > max) throw new Error(`invalid slice index: ${to} > ${max}`)
  if (kind === 'string') return Buffer.from(item as string, 'utf8').subarray(from, to).toString('utf8')
  const out = (item as unknown[]).slice(from, to)
  const tag = (item as {[goTypeName]?: unknown})[goTypeName]
  return tag === undefined ? out : Object.assign(out, {[goTypeName]: tag})
}

function length(item: unknown): number {
  if (item === null) throw new Error('len of nil pointer')
  switch (kindOf(item)) {
    case 'invalid':
      throw new Error('reflect: call of reflect.Value.Type on zero Value')
    case 'string':
      return Buffer.byteLength(item as string, 'utf8')
    case 'slice':
      return (item as unknown[]).length
    case 'map':
      return Object.keys(item as object).length
    default:
      throw new Error(`len of type ${elemTypeName(item)}`)
  }
}

type BasicKind = 'bool' | 'int' | 'float' | 'string' | 'invalid'

function basicKind(v: unknown): BasicKind {
  const kind = kindOf(v)
  return kind === 'bool' || kind === 'int' || kind === 'float' || kind === 'string' ? kind : 'invalid'
}

/** A Go-invalid value: missing, or an untyped nil. */
function isInvalid(v: unknown): boolean {
  return v === undefined || v === null
}

function comparisonKind(v: unknown): string {
  const kind = kindOf(v)
  return kind === 'nil' ? 'invalid' : kind
}

function eq(arg1: unknown, ...arg2: unknown[]): boolean {
  if (arg2.length === 0) throw new Error('missing argument for comparison')
  const k1 = basicKind(arg1)
  for (const arg of arg2) {
    const k2 = basicKind(arg)
    let truth = false
    if (k1 !== k2) {
      if (!isInvalid(arg1) && !isInvalid(arg)) {
        throw new Error(`incompatible types for comparison: ${typeNameOf(arg1)} and ${typeNameOf(arg)}`)
      }
    } else if (k1 === 'int') {
      truth = BigInt(arg1 as number | bigint) === BigInt(arg as number | bigint)
    } else if (k1 !== 'invalid') {
      truth = arg1 === arg
    } else {
      const c1 = comparisonKind(arg1)
      const c2 = comparisonKind(arg)
      if (c1 !== c2 && c1 !== 'invalid' && c2 !== 'invalid') {
        throw new Error(
          `non-comparable types ${goSprintf('%s', [arg1])}: ${typeNameOf(arg1)}, ${typeNameOf(arg)}: ${goSprintf('%v', [arg])}`,
        )
      }
      if (isInvalid(arg1) || isInvalid(arg)) {
        truth = isInvalid(arg1) === isInvalid(arg)
      } else {
        if (c2 === 'slice' || c2 === 'map' || c2 === 'func') {
          throw new Error(`non-comparable type ${goSprintf('%s', [arg])}: ${typeNameOf(arg)}`)
        }
        truth = arg1 === arg
      }
    }
    if (truth) return true
  }
  return false
}

function lt(arg1: unknown, arg2: unknown): boolean {
  const k1 = basicKind(arg1)
  const k2 = basicKind(arg2)
  if (k1 === 'invalid' || k2 === 'invalid') throw new Error('invalid type for comparison')
  if (k1 !== k2) throw new Error(`incompatible types for comparison: ${typeNameOf(arg1)} and ${typeNameOf(arg2)}`)
  switch (k1) {
    case 'bool':
      throw new Error('invalid type for comparison')
    case 'int':
      return BigInt(arg1 as number | bigint) < BigInt(arg2 as number | bigint)
    case 'float':
      return (arg1 as number) < (arg2 as number)
    default:
      return compareGoStrings(arg1 as string, arg2 as string) < 0
  }
}

function le(arg1: unknown, arg2: unknown): boolean {
  return lt(arg1, arg2) || eq(arg1, arg2)
}

/** text/template's evalArgs: like Sprint, but a missing or nil argument reads `<no value>`. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0]
  return goSprint(args.map((a) => (a === undefined || a === null ? '<no value>' : a)))
}

function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) =>
    c === '\0' ? '\ufffd' : c === '"' ? '&#34;' : c === "'" ? '&#39;' : c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;',
  )
}

function jsEscape(s: string): string {
  let out = ''
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    switch (ch) {
      case '\\':
        out += '\\\\'
        continue
      case "'":
        out += "\\'"
        continue
      case '"':
        out += '\\"'
        continue
      case '<':
        out += '\\u003C'
        continue
      case '>':
        out += '\\u003E'
        continue
      case '&':
        out += '\\u0026'
        continue
      case '=':
        out += '\\u003D'
        continue
    }
    if (cp < 0x20) out += `\\u00${cp.toString(16).toUpperCase().padStart(2, '0')}`
    else if (cp < 0x80 || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) out += ch
    else out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`
  }
  return out
}

/** url.QueryEscape. */
function queryEscape(s: string): string {
  let out = ''
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte)
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c
    else if (c === ' ') out += '+'
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** Placeholders for and/or/call: the executor implements them (short-circuit, callee name). */
function executorImplemented(): () => never {
  return () => {
    throw new Error('unreachable')
  }
}

/** Go's builtin functions, with their Go signatures. */
export function builtinFuncs(): Record<string, TemplateFunc> {
  return {
    and: goFunc(executorImplemented(), [VALUE, VALUE], true),
    call: goFunc(executorImplemented(), [VALUE, VALUE], true),
    html: goFunc((...args: unknown[]) => htmlEscape(evalArgs(args)), [ANY], true),
    index: goFunc(index, [VALUE, VALUE], true),
    slice: goFunc(slice, [VALUE, VALUE], true),
    js: goFunc((...args: unknown[]) => jsEscape(evalArgs(args)), [ANY], true),
    len: goFunc(length, [VALUE]),
    not: goFunc((arg: unknown) => !isTruthy(arg), [VALUE]),
    or: goFunc(executorImplemented(), [VALUE, VALUE], true),
    print: goFunc((...args: unknown[]) => goSprint(args), [ANY], true),
    printf: goFunc((format: string, ...args: unknown[]) => goSprintf(format, args), ['string', ANY], true),
    println: goFunc((...args: unknown[]) => goSprintln(args), [ANY], true),
    urlquery: goFunc((...args: unknown[]) => queryEscape(evalArgs(args)), [ANY], true),
    eq: goFunc(eq, [VALUE, VALUE], true),
    ge: goFunc((a: unknown, b: unknown) => !lt(a, b), [VALUE, VALUE]),
    gt: goFunc((a: unknown, b: unknown) => !le(a, b), [VALUE, VALUE]),
    le: goFunc(le, [VALUE, VALUE]),
    lt: goFunc(lt, [VALUE, VALUE]),
    ne: goFunc((a: unknown, b: unknown) => !eq(a, b), [VALUE, VALUE]),
  }
}

// ---------------------------------------------------------------------------------------------
// docker's functions

/** Maps each code point, keeping it when the mapping is not a single code point (Go's unicode.To*). */
function mapRunes(s: string, f: (ch: string) => string): string {
  let out = ''
  for (const ch of s) {
    const mapped = f(ch)
    out += [...mapped].length === 1 ? mapped : ch
  }
  return out
}

const LOWER_SPECIAL: Readonly<Record<string, string>> = {'\u0130': 'i'}
// Title case differs from upper case only for these digraphs.
const TITLE_SPECIAL: Readonly<Record<string, string>> = {
  '\u01c4': '\u01c5',
  '\u01c5': '\u01c5',
  '\u01c6': '\u01c5',
  '\u01c7': '\u01c8',
  '\u01c8': '\u01c8',
  '\u01c9': '\u01c8',
  '\u01ca': '\u01cb',
  '\u01cb': '\u01cb',
  '\u01cc': '\u01cb',
  '\u01f1': '\u01f2',
  '\u01f2': '\u01f2',
  '\u01f3': '\u01f2',
}

export function goToUpper(s: string): string {
  return mapRunes(s, (ch) => ch.toUpperCase())
}

export function goToLower(s: string): string {
  return mapRunes(s, (ch) => LOWER_SPECIAL[ch] ?? ch.toLowerCase())
}

const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\p{Z}]/u
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u

function isTitleSeparator(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0
  if (cp < 0x80) return !/[0-9A-Za-z_]/.test(ch)
  if (LETTER_OR_DIGIT.test(ch)) return false
  return GO_SPACE.test(ch)
}

/** strings.Title: the first letter of every word to title case. */
export function goTitle(s: string): string {
  let prev = ' '
  let out = ''
  for (const ch of s) {
    if (isTitleSeparator(prev)) {
      const mapped = TITLE_SPECIAL[ch] ?? ch.toUpperCase()
      out += [...mapped].length === 1 ? mapped : ch
    } else {
      out += ch
    }
    prev = ch
  }
  return out
}

function stringSlice(items: string[]): string[] {
  return Object.assign(items, {[goTypeName]: '[]string'})
}

function split(s: string, sep: string): string[] {
  return stringSlice(sep === '' ? [...s] : s.split(sep))
}

function join(elems: unknown, sep: string): string {
  return elems === null ? '' : (elems as string[]).join(sep)
}

function repeatSpaces(n: number): string {
  if (n < 0) throw new Error('strings: negative Repeat count')
  return ' '.repeat(n)
}

function pad(s: string, prefix: number, suffix: number): string {
  if (s === '') return s
  return repeatSpaces(prefix) + s + repeatSpaces(suffix)
}

/** docker's truncate: the first n bytes, or the string itself when shorter. */
function truncate(s: string, n: number): string {
  const bytes = Buffer.from(s, 'utf8')
  if (bytes.length < n) return s
  if (n < 0) throw new Error(`runtime error: slice bounds out of range [:${n}]`)
  return bytes.subarray(0, n).toString('utf8')
}

function json(v: unknown): string {
  try {
    return goJSON(v, {escapeHTML: false})
  } catch (err) {
    // docker ignores the encoder's error, which leaves its buffer empty.
    if (err instanceof GoJSONError) return ''
    throw err
  }
}

/** The functions docker adds to every template: json split join title lower upper pad truncate. */
export function dockerTemplateFuncs(): Record<string, TemplateFunc> {
  return {
    json: goFunc(json, [ANY]),
    split: goFunc(split, ['string', 'string']),
    join: goFunc(join, ['[]string', 'string']),
    title: goFunc(goTitle, ['string']),
    lower: goFunc(goToLower, ['string']),
    upper: goFunc(goToUpper, ['string']),
    pad: goFunc(pad, ['string', 'int', 'int']),
    truncate: goFunc(truncate, ['string', 'int']),
  }
}

/**
 * docker's replacements while rendering a table header: the header keeps the column names, so
 * these return their first argument (all take strings; pad is not replaced, to keep alignment).
 */
export function dockerHeaderFuncs(): Record<string, TemplateFunc> {
  const identity = (v: string): string => v
  return {
    json: goFunc(identity, ['string']),
    split: goFunc((v: string) => v, ['string', 'string']),
    join: goFunc((v: string) => v, ['string', 'string']),
    title: goFunc(identity, ['string']),
    lower: goFunc(identity, ['string']),
    upper: goFunc(identity, ['string']),
    truncate: goFunc((v: string) => v, ['string', 'int']),
  }
}

