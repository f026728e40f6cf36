// The user's docker config.json ($DOCKER_CONFIG or ~/.docker): read lazily, never at import time.
import {readFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {goQuote} from '../format/go-print.js'

export interface AuthEntry {
  auth?: string
  username?: string
  password?: string
  identitytoken?: string
  registrytoken?: string
  email?: string
}

export interface ConfigFile {
  auths?: Record<string, AuthEntry>
  credsStore?: string
  credHelpers?: Record<string, string>
  psFormat?: string
  /** The default `stats --format`. */
  statsFormat?: string
  /** The default `images --format`. */
  imagesFormat?: string
  /** The default `network ls --format`. */
  networksFormat?: string
  /** The default `volume ls --format`. */
  volumesFormat?: string
  detachKeys?: string
  currentContext?: string
  HttpHeaders?: Record<string, string>
  /** Filters every `prune` adds to its own (`label=…`, `until=…`). */
  pruneFilters?: string[]
  /** Directories searched for CLI plugins before `$DOCKER_CONFIG/cli-plugins`. */
  cliPluginsExtraDirs?: string[]
  /** Command aliases; docker allows only `builder` (the plugin `docker build` goes to). */
  aliases?: Record<string, string>
  /** Per-plugin settings by plugin name; `hooks` lists the commands a plugin hooks (comma-separated). */
  plugins?: Record<string, Record<string, string>>
  /** Feature switches as strings (`hooks`: "true"), each read with strconv.ParseBool. */
  features?: Record<string, string>
}

export function defaultConfigDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker')
}

/**
 * Reads config.json as docker's config.Load does: Go's json.Decoder fills the ConfigFile struct
 * (the first JSON value only, keys matched case-insensitively, unknown keys ignored), then each
 * `auths` entry's `auth` is checked. A file that fails is reported with docker's warning and
 * what was decoded is used anyway, as docker does: the command goes on, with exit status 0.
 */
export function loadConfigFile(dir: string, warn: (line: string) => void): ConfigFile {
  const file = path.join(dir, 'config.json')
  let data: Buffer
  try {
    data = readFileSync(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return {}
    if (code === 'EISDIR') warn(`WARNING: Error parsing config file (${file}): read ${file}: is a directory`)
    else warn(`WARNING: Error loading config file: open ${file}: ${code === 'EACCES' ? 'permission denied' : (error as Error).message}`)
    return {}
  }
  const {config, error} = decodeConfigFile(data)
  if (error !== undefined) warn(`WARNING: Error parsing config file (${file}): ${error}`)
  return config
}

/** The config and the text of the first error docker reports for these bytes, if any. */
export function decodeConfigFile(data: Buffer): {config: ConfigFile; error?: string} {
  let value: JsonValue | undefined
  try {
    value = readFirstValue(data)
  } catch (error) {
    if (error instanceof JsonSyntaxError) return {config: {}, error: error.message}
    throw error
  }
  // An empty (or all-blank) file is io.EOF, which docker accepts as an empty config.
  if (value === undefined) return {config: {}}
  const typeErrors: string[] = []
  const decoded = decodeInto(value, CONFIG_FILE, {field: [], struct: ''}, undefined, typeErrors)
  const config = (decoded ?? {}) as ConfigFile
  if (typeErrors.length > 0) return {config, error: typeErrors[0]}
  const authError = checkAuths(config.auths)
  return authError === undefined ? {config} : {config, error: authError}
}

/**
 * json.Unmarshal into a struct of string fields (a CLI plugin's metadata): unlike the decoder
 * above, the whole input must be one value, and running out of it is "unexpected end of JSON
 * input". Returns what was decoded and Go's first error, if any.
 */
export function unmarshalStringStruct(data: Buffer, structName: string, fields: readonly string[]): {value: Record<string, string>; error?: string} {
  let end = 0
  let value: JsonValue | undefined
  try {
    value = readFirstValue(data, (offset) => {
      end = offset
    })
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error
    return {value: {}, error: error.message === 'unexpected EOF' ? 'unexpected end of JSON input' : error.message}
  }
  if (value === undefined) return {value: {}, error: 'unexpected end of JSON input'}
  while (isSpace(data[end])) end++
  const trailing = data[end]
  if (trailing !== undefined) return {value: {}, error: `invalid character ${quoteChar(trailing)} after top-level value`}
  const type: GoType = {fields: fields.map((name): [string, GoType] => [name, STRING]), kind: 'struct', name: structName}
  const errors: string[] = []
  const decoded = (decodeInto(value, type, {field: [], struct: ''}, undefined, errors) ?? {}) as Record<string, string>
  return errors.length > 0 ? {value: decoded, error: errors[0]} : {value: decoded}
}

// --- Go's encoding/json, as far as config.json needs it ----------------------------------------

/** A parsed JSON value; numbers keep their text, strings are decoded as Go decodes them. */
type JsonValue =
  | {kind: 'object'; members: Array<[string, JsonValue]>}
  | {kind: 'array'; items: JsonValue[]}
  | {kind: 'string'; value: string}
  | {kind: 'number'; text: string}
  | {kind: 'bool'; value: boolean}
  | {kind: 'null'}

/** A syntax error, worded as Go's scanner words it (json.SyntaxError's text). */
class JsonSyntaxError extends Error {}

const isSpace = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d
const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39
const isHex = (b: number | undefined): boolean => b !== undefined && (isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66))

// scanner.go's quoteChar: the offending byte as a rune, in single quotes.
function quoteChar(b: number): string {
  if (b === 0x27) return "'\\''"
  if (b === 0x22) return `'"'`
  return `'${goQuote(String.fromCharCode(b)).slice(1, -1)}'`
}

/**
 * json.Decoder's readValue and the decode that follows: the first value in `data`, undefined
 * when there is none. Bytes after a complete value are never looked at.
 */
function readFirstValue(data: Buffer, onEnd?: (offset: number) => void): JsonValue | undefined {
  let i = 0
  const peekSpace = (): number | undefined => {
    while (isSpace(data[i])) i++
    return data[i]
  }
  const fail = (context: string): never => {
    const b = data[i]
    // Running out of input anywhere inside a value is io.ErrUnexpectedEOF.
    if (b === undefined) throw new JsonSyntaxError('unexpected EOF')
    throw new JsonSyntaxError(`invalid character ${quoteChar(b)} ${context}`)
  }
  const literal = (word: string, value: JsonValue): JsonValue => {
    for (let k = 1; k < word.length; k++) {
      i++
      if (data[i] !== word.charCodeAt(k)) fail(`in literal ${word} (expecting ${quoteChar(word.charCodeAt(k))})`)
    }
    i++
    return value
  }
  const string = (): string => {
    // data[i] is the opening quote.
    const bytes: number[] = []
    i++
    for (;;) {
      const b = data[i]
      if (b === undefined) fail('')
      if (b === 0x22) break
      if ((b as number) < 0x20) fail('in string literal')
      if (b !== 0x5c) {
        bytes.push(b as number)
        i++
        continue
      }
      i++
      const e = data[i]
      const simple: Record<number, number> = {0x22: 0x22, 0x2f: 0x2f, 0x5c: 0x5c, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09}
      if (e !== undefined && simple[e] !== undefined) {
        bytes.push(simple[e] as number)
        i++
        continue
      }
      if (e !== 0x75) fail('in string escape code')
      for (let k = 1; k <= 4; k++) {
        if (!isHex(data[i + k])) {
          i += k
          fail('in \\u hexadecimal character escape')
        }
      }
      let unit = Number.parseInt(data.toString('latin1', i + 1, i + 5), 16)
      i += 5
      // A surrogate pair is one rune; a lone surrogate is U+FFFD, as Go decodes it.
      if (unit >= 0xd800 && unit < 0xdc00 && data[i] === 0x5c && data[i + 1] === 0x75) {
        const low = Number.parseInt(data.toString('latin1', i + 2, i + 6), 16)
        if (low >= 0xdc00 && low < 0xe000 && [2, 3, 4, 5].every((k) => isHex(data[i + k]))) {
          unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
          i += 6
        }
      }
      if (unit >= 0xd800 && unit < 0xe000) unit = 0xfffd
      bytes.push(...Buffer.from(String.fromCodePoint(unit), 'utf8'))
    }
    i++
    // Invalid UTF-8 becomes U+FFFD, as Go's decoder makes it.
    return Buffer.from(bytes).toString('utf8')
  }
  const number = (): JsonValue => {
    const start = i
    if (data[i] === 0x2d) {
      i++
      if (!isDigit(data[i])) fail('in numeric literal')
    }
    if (data[i] === 0x30) i++
    else while (isDigit(data[i])) i++
    if (data[i] === 0x2e) {
      i++
      if (!isDigit(data[i])) fail('after decimal point in numeric literal')
      while (isDigit(data[i])) i++
    }
    if (data[i] === 0x65 || data[i] === 0x45) {
      i++
      if (data[i] === 0x2b || data[i] === 0x2d) i++
      if (!isDigit(data[i])) fail('in exponent of numeric literal')
      while (isDigit(data[i])) i++
    }
    return {kind: 'number', text: data.toString('latin1', start, i)}
  }
  const value = (): JsonValue => {
    const b = peekSpace()
    if (b === 0x7b) {
      i++
      const members: Array<[string, JsonValue]> = []
      if (peekSpace() === 0x7d) {
        i++
        return {kind: 'object', members}
      }
      for (;;) {
        if (peekSpace() !== 0x22) fail('looking for beginning of object key string')
        const key = string()
        if (peekSpace() !== 0x3a) fail('after object key')
        i++
        members.push([key, value()])
        const next = peekSpace()
        if (next === 0x7d) {
          i++
          return {kind: 'object', members}
        }
        if (next !== 0x2c) fail('after object key:value pair')
        i++
      }
    }
    if (b === 0x5b) {
      i++
      const items: JsonValue[] = []
      if (peekSpace() === 0x5d) {
        i++
        return {kind: 'array', items}
      }
      for (;;) {
        items.push(value())
        const next = peekSpace()
        if (next === 0x5d) {
          i++
          return {kind: 'array', items}
        }
        if (next !== 0x2c) fail('after array element')
        i++
      }
    }
    if (b === 0x22) return {kind: 'string', value: string()}
    if (b === 0x2d || isDigit(b)) return number()
    if (b === 0x74) return literal('true', {kind: 'bool', value: true})
    if (b === 0x66) return literal('false', {kind: 'bool', value: false})
    if (b === 0x6e) return literal('null', {kind: 'null'})
    return fail('looking for beginning of value')
  }
  if (peekSpace() === undefined) return undefined
  const first = value()
  onEnd?.(i)
  return first
}

/** The Go type a config.json value is decoded into. */
type GoType =
  | {kind: 'string'}
  | {kind: 'slice'; name: string; elem: GoType}
  | {kind: 'map'; name: string; elem: GoType}
  | {kind: 'struct'; name: string; fields: ReadonlyArray<[string, GoType]>}

const STRING: GoType = {kind: 'string'}
const STRING_MAP: GoType = {kind: 'map', elem: STRING, name: 'map[string]string'}
const STRING_SLICE: GoType = {kind: 'slice', elem: STRING, name: '[]string'}
const AUTH_CONFIG: GoType = {
  fields: ['username', 'password', 'auth', 'email', 'serveraddress', 'identitytoken', 'registrytoken'].map((name) => [name, STRING]),
  kind: 'struct',
  name: 'types.AuthConfig',
}
const PROXY_CONFIG: GoType = {
  fields: ['httpProxy', 'httpsProxy', 'noProxy', 'ftpProxy', 'allProxy'].map((name) => [name, STRING]),
  kind: 'struct',
  name: 'configfile.ProxyConfig',
}

/** docker/cli's configfile.ConfigFile (v28), field by field with its JSON names. */
const CONFIG_FILE: GoType = {
  fields: [
    ['auths', {elem: AUTH_CONFIG, kind: 'map', name: 'map[string]types.AuthConfig'}],
    ['HttpHeaders', STRING_MAP],
    ...['psFormat', 'imagesFormat', 'networksFormat', 'pluginsFormat', 'volumesFormat', 'statsFormat', 'detachKeys', 'credsStore'].map(
      (name): [string, GoType] => [name, STRING],
    ),
    ['credHelpers', STRING_MAP],
    ...['serviceInspectFormat', 'servicesFormat', 'tasksFormat', 'secretFormat', 'configFormat', 'nodesFormat'].map((name): [string, GoType] => [name, STRING]),
    ['pruneFilters', STRING_SLICE],
    ['proxies', {elem: PROXY_CONFIG, kind: 'map', name: 'map[string]configfile.ProxyConfig'}],
    ['currentContext', STRING],
    ['cliPluginsExtraDirs', STRING_SLICE],
    ['plugins', {elem: STRING_MAP, kind: 'map', name: 'map[string]map[string]string'}],
    ['aliases', STRING_MAP],
    ['features', STRING_MAP],
    ['experimental', STRING],
  ],
  kind: 'struct',
  name: 'configfile.ConfigFile',
}

/** Where a type error happened, as json.UnmarshalTypeError names it: the innermost struct and the field path. */
interface ErrorContext {
  struct: string
  field: string[]
}

// Go's foldName: keys match field names case-insensitively (Unicode simple folding).
function fold(name: string): string {
  let out = ''
  for (const ch of name) {
    const folded = ch.toLowerCase().toUpperCase()
    out += [...folded].length === 1 ? folded : ch
  }
  return out
}

function typeError(value: JsonValue, type: GoType, at: ErrorContext): string {
  const what = value.kind === 'bool' ? 'bool' : value.kind
  const typeName = type.kind === 'string' ? 'string' : type.name
  if (at.struct === '' && at.field.length === 0) return `json: cannot unmarshal ${what} into Go value of type ${typeName}`
  return `json: cannot unmarshal ${what} into Go struct field ${at.struct}.${at.field.join('.')} of type ${typeName}`
}

/**
 * decodeState.value for one Go type: returns the new value of the destination (`current` is
 * what it held). A mismatch is recorded and leaves the destination as it was, as Go's decoder
 * records the first error and carries on.
 */
function decodeInto(value: JsonValue, type: GoType, at: ErrorContext, current: unknown, errors: string[]): unknown {
  if (value.kind === 'null') {
    // null empties maps and slices; strings and structs keep what they had.
    return type.kind === 'map' || type.kind === 'slice' ? undefined : current
  }
  switch (type.kind) {
    case 'string':
      if (value.kind === 'string') return value.value
      break
    case 'slice':
      if (value.kind === 'array') return value.items.map((item) => decodeInto(item, type.elem, at, zeroOf(type.elem), errors))
      break
    case 'map':
      if (value.kind === 'object') {
        const map: Record<string, unknown> = current !== undefined ? (current as Record<string, unknown>) : {}
        // A map element starts from its zero value each time, even for a repeated key.
        for (const [key, member] of value.members) map[key] = decodeInto(member, type.elem, at, zeroOf(type.elem), errors)
        return map
      }
      break
    case 'struct':
      if (value.kind === 'object') {
        const struct: Record<string, unknown> = current !== undefined ? (current as Record<string, unknown>) : {}
        for (const [key, member] of value.members) {
          const field = type.fields.find(([name]) => name === key) ?? type.fields.find(([name]) => fold(name) === fold(key))
          if (field === undefined) continue
          const [name, fieldType] = field
          const inner: ErrorContext = {field: [...at.field, name], struct: type.name.slice(type.name.indexOf('.') + 1)}
          const decoded = decodeInto(member, fieldType, inner, struct[name], errors)
          if (decoded === undefined) delete struct[name]
          else struct[name] = decoded
        }
        return struct
      }
      break
  }
  errors.push(typeError(value, type, at))
  return current
}

function zeroOf(type: GoType): unknown {
  if (type.kind === 'string') return ''
  if (type.kind === 'struct') return {}
  return undefined
}

// --- the auths check of ConfigFile.LoadFromReader ---------------------------------------------------

/** The first `auth` docker would fail to decode, in its words (file order stands in for Go's map order). */
function checkAuths(auths: Record<string, AuthEntry> | undefined): string | undefined {
  for (const entry of Object.values(auths ?? {})) {
    const auth = entry.auth ?? ''
    if (auth === '') continue
    const decoded = goBase64Decode(auth)
    if (typeof decoded === 'number') return `illegal base64 data at input byte ${decoded}`
    const text = decoded.toString('utf8')
    const colon = text.indexOf(':')
    if (colon <= 0) return 'Invalid auth configuration file'
  }
  return undefined
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** base64.StdEncoding.Decode: the bytes, or the offset of its CorruptInputError. CR and LF are skipped. */
function goBase64Decode(text: string): Buffer | number {
  const src = Buffer.from(text, 'utf8')
  const out: number[] = []
  const newline = (b: number | undefined): boolean => b === 0x0a || b === 0x0d
  let si = 0
  while (si < src.length) {
    const quantum: number[] = []
    let j = 0
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out)
        return si - j
      }
      const b = src[si] as number
      si++
      const index = BASE64.indexOf(String.fromCharCode(b))
      if (index >= 0 && b < 0x80) {
        quantum.push(index)
        continue
      }
      if (newline(b)) {
        j--
        continue
      }
      if (b !== 0x3d || j < 2) return si - 1
      if (j === 2) {
        while (newline(src[si])) si++
        if (si === src.length) return src.length
        if (src[si] !== 0x3d) return si - 1
        si++
      }
      while (newline(src[si])) si++
      if (si < src.length) return si
      break
    }
    const bits = quantum.reduce((acc, v) => acc * 64 + v, 0) * 64 ** (4 - quantum.length)
    const bytes = [(bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff]
    out.push(...bytes.slice(0, quantum.length - 1))
  }
  return Buffer.from(out)
}
