// Writing config.json as docker's configfile.Save does: the whole file through a temporary file
// beside it and a rename (a reader never sees half a file, a failure leaves the old one), the
// old file's mode and owner kept, a symlink followed to its target, and the text laid out as Go's
// json.MarshalIndent(…, "", "\t") lays out docker's ConfigFile struct: its fields in declaration
// order, map keys sorted, `auths` entries with `auth` re-encoded from the user name and password.
// Keys docker does not know (which it would drop) are kept, after the known ones.
import {lstat, mkdir, readFile, readlink, realpath, stat} from 'node:fs/promises'
import path from 'node:path'

import type {AuthConfig} from '../engine/types.js'
import {goJSONString} from '../format/go-json.js'
import {AtomicFile} from '../fs/atomic-file.js'
import {decodeAuthField} from '../registry/auth.js'

/** The fields of docker's ConfigFile in declaration order, with what omitempty drops. */
const KNOWN_FIELDS: ReadonlyArray<readonly [string, 'auths' | 'string' | 'map' | 'proxies' | 'mapOfMaps' | 'list']> = [
  ['auths', 'auths'],
  ['HttpHeaders', 'map'],
  ['psFormat', 'string'],
  ['imagesFormat', 'string'],
  ['networksFormat', 'string'],
  ['pluginsFormat', 'string'],
  ['volumesFormat', 'string'],
  ['statsFormat', 'string'],
  ['detachKeys', 'string'],
  ['credsStore', 'string'],
  ['credHelpers', 'map'],
  ['serviceInspectFormat', 'string'],
  ['servicesFormat', 'string'],
  ['tasksFormat', 'string'],
  ['secretFormat', 'string'],
  ['configFormat', 'string'],
  ['nodesFormat', 'string'],
  ['pruneFilters', 'list'],
  ['proxies', 'proxies'],
  ['currentContext', 'string'],
  ['cliPluginsExtraDirs', 'list'],
  ['plugins', 'mapOfMaps'],
  ['aliases', 'map'],
  ['features', 'map'],
  ['experimental', 'string'],
]

const PROXY_FIELDS = ['httpProxy', 'httpsProxy', 'noProxy', 'ftpProxy', 'allProxy']

/** An `auths` entry as docker holds it in memory: `auth` decoded into username and password. */
export type StoredAuth = Omit<AuthConfig, 'auth'> & {auth?: string}

/**
 * config.json's `auths` as docker loads them: each entry's `auth` decoded into username and
 * password and its key recorded as serveraddress. An entry whose `auth` cannot be decoded keeps
 * it as it is (docker would refuse the whole file).
 */
export function loadAuths(auths: unknown): Map<string, StoredAuth> {
  const out = new Map<string, StoredAuth>()
  if (!isRecord(auths)) return out
  for (const [key, raw] of Object.entries(auths)) {
    const entry: StoredAuth = {}
    if (isRecord(raw)) {
      for (const field of ['username', 'password', 'auth', 'email', 'identitytoken', 'registrytoken'] as const) {
        const value = raw[field]
        if (typeof value === 'string' && value !== '') entry[field] = value
      }
    }
    if (entry.auth !== undefined) {
      const decoded = decodeAuthField(entry.auth)
      if (decoded !== undefined) {
        entry.username = decoded.username
        entry.password = decoded.password
        delete entry.auth
      }
    }
    entry.serveraddress = key
    out.set(key, entry)
  }
  return out
}

/** encodeAuth: standard base64 of `user:password`, '' when both are empty. */
function encodeAuth(entry: StoredAuth): string {
  const user = entry.username ?? ''
  const password = entry.password ?? ''
  if (user === '' && password === '') return ''
  return Buffer.from(`${user}:${password}`, 'utf8').toString('base64')
}

// What SaveToWriter writes for one entry: auth re-encoded; username, password, serveraddress blanked.
function savedAuth(entry: StoredAuth): Record<string, string> {
  const out: Record<string, string> = {}
  const auth = entry.auth ?? encodeAuth(entry)
  if (auth !== '') out.auth = auth
  for (const field of ['email', 'identitytoken', 'registrytoken'] as const) {
    const value = entry[field]
    if (value) out[field] = value
  }
  return out
}

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))

function sortedRecord(value: Record<string, unknown>, each: (v: unknown) => unknown = (v) => v): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort(byteOrder)) out[key] = each(value[key])
  return out
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return true
  if (Array.isArray(value)) return value.length === 0
  return isRecord(value) && Object.keys(value).length === 0
}

/**
 * The config object docker would write: known fields in struct order (omitempty applied,
 * maps sorted, User-Agent dropped from HttpHeaders), `auths` from `auths`, then unknown keys.
 */
export function configForSave(config: Record<string, unknown>, auths: Map<string, StoredAuth>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const known = new Set<string>()
  for (const [name, kind] of KNOWN_FIELDS) {
    known.add(name)
    let value = config[name]
    if (kind === 'auths') {
      const saved: Record<string, unknown> = {}
      for (const key of [...auths.keys()].sort(byteOrder)) saved[key] = savedAuth(auths.get(key) ?? {})
      out[name] = saved
      continue
    }
    if (isRecord(value)) {
      if (name === 'HttpHeaders') value = Object.fromEntries(Object.entries(value).filter(([k]) => k.toLowerCase() !== 'user-agent'))
      if (kind === 'map') value = sortedRecord(value as Record<string, unknown>)
      else if (kind === 'mapOfMaps') value = sortedRecord(value as Record<string, unknown>, (v) => (isRecord(v) ? sortedRecord(v) : v))
      else if (kind === 'proxies') value = sortedRecord(value as Record<string, unknown>, (v) => (isRecord(v) ? structOrder(v, PROXY_FIELDS) : v))
    }
    if (!isEmpty(value)) out[name] = value
  }
  for (const [key, value] of Object.entries(config)) if (!known.has(key)) out[key] = value
  return out
}

function structOrder(value: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of fields) if (!isEmpty(value[field])) out[field] = value[field]
  for (const [key, v] of Object.entries(value)) if (!fields.includes(key)) out[key] = v
  return out
}

/** json.MarshalIndent(value, "", "\t"), with Go's string escaping; no trailing newline. */
export function marshalIndent(value: unknown, depth = 0): string {
  if (typeof value === 'string') return goJSONString(value, true)
  if (value === null || value === undefined) return 'null'
  if (typeof value !== 'object') return JSON.stringify(value)
  const inner = '\t'.repeat(depth + 1)
  const close = `\n${'\t'.repeat(depth)}`
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return `[\n${value.map((v) => inner + marshalIndent(v, depth + 1)).join(',\n')}${close}]`
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
  if (entries.length === 0) return '{}'
  return `{\n${entries.map(([k, v]) => `${inner}${goJSONString(k, true)}: ${marshalIndent(v, depth + 1)}`).join(',\n')}${close}}`
}

export function configFilePath(configDir: string): string {
  return path.join(configDir, 'config.json')
}

/**
 * configfile.Save: the directory is created (0700) if needed; the text goes to a temporary file
 * `config.json<digits>` beside the file, which takes over the old file's mode and owner (0600 for
 * a new one) and is renamed over it, or over the file a symlink points to.
 */
export async function saveConfigFile(configDir: string, config: Record<string, unknown>, auths: Map<string, StoredAuth>): Promise<void> {
  const file = configFilePath(configDir)
  await mkdir(path.dirname(file), {mode: 0o700, recursive: true})
  const temp = await AtomicFile.create(file, path.basename(file))
  try {
    await temp.write(marshalIndent(configForSave({...config, ...(await unknownKeys(file, config))}, auths)))
    const target = await symlinkTarget(file)
    let mode = 0o600
    let owner: {uid: number; gid: number} | undefined
    try {
      const info = await stat(target)
      if (info.isFile()) mode = info.mode & 0o7777
      if (info.uid > 0 && info.gid > 0) owner = {gid: info.gid, uid: info.uid}
    } catch {
      // no old file: a new one is 0600
    }
    await temp.commit({mode, owner, to: target})
  } finally {
    await temp.discard()
  }
}

/**
 * The top-level keys of the file as it is now that docker's ConfigFile has no field for (matched
 * case-insensitively, as Go's decoder matches them) and `config` does not carry: they are kept.
 */
async function unknownKeys(file: string, config: Record<string, unknown>): Promise<Record<string, unknown>> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'))
  } catch {
    return {}
  }
  if (!isRecord(parsed)) return {}
  const known = new Set(KNOWN_FIELDS.map(([name]) => name.toLowerCase()))
  const extras: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(parsed)) {
    if (!known.has(key.toLowerCase()) && !Object.hasOwn(config, key)) extras[key] = value
  }
  return extras
}

/** Where a write to `file` lands: the file a symlink (even a dangling one) points to, else `file`. */
async function symlinkTarget(file: string): Promise<string> {
  try {
    return await realpath(file)
  } catch {
    try {
      if ((await lstat(file)).isSymbolicLink()) return path.resolve(path.dirname(file), await readlink(file))
    } catch {
      // no file at all
    }
    return file
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
