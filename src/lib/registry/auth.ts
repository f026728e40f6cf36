// Registry credentials as the docker CLI finds and sends them: credHelpers[key], then credsStore,
// then config.json `auths`, with docker-credential-<name> helpers spoken to over stdin/stdout.
// The encoded header must match docker's byte for byte (daemons and proxies compare it), so the
// JSON is written the way Go's encoding/json writes it, in the struct's field order.
// Credentials never leave this module except through the returned values: nothing is logged.

import {spawn} from 'node:child_process'
import {statSync} from 'node:fs'
import path from 'node:path'

import type {ConfigFile} from '../config/config-file.js'

import {AUTH_FIELDS} from '../engine/auth-header.js'
import type {AuthConfig} from '../engine/types.js'

export type {AuthConfig}

export type HelperAction = 'get' | 'list'

/** What a credential helper run produced; `error` replaces Go's "exit status N" when it could not run at all. */
export interface HelperResult {
  stdout: string
  code: number
  error?: string
}

/** Runs `docker-credential-<helper> <action>` with `input` on stdin (`get` reads the server URL). */
export type HelperRunner = (helper: string, input: string, action?: HelperAction) => Promise<HelperResult>

/** exec.LookPath: is `command` an executable file on PATH? */
export type LookPath = (command: string) => boolean

/** A helper failed in a way docker reports (not the "credentials not found" answer, which means anonymous). */
export class CredentialHelperError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CredentialHelperError'
  }
}

const HELPER_PREFIX = 'docker-credential-'
const TOKEN_USERNAME = '<token>'
const NOT_FOUND_MESSAGE = 'credentials not found in native keychain'
const INVALID_CREDS_MESSAGES = new Set(['no credentials server URL', 'no credentials username'])

/**
 * Credentials for one registry key, as `docker pull` resolves them (command.ResolveAuthConfig):
 * a failing helper is not an error there, the config.json entry (often empty) is used instead.
 */
export async function resolveAuth(
  config: ConfigFile,
  registryKey: string,
  runHelper: HelperRunner = runCredentialHelper,
  lookPath: LookPath = lookPathOnEnvPath,
): Promise<AuthConfig> {
  const {auth} = await getAuthConfig(storesOf(config, runHelper, lookPath), registryKey)
  return compact(auth)
}

/**
 * Credentials for one registry key, as `docker run`'s implicit pull resolves them
 * (RetrieveAuthTokenFromImage): a failing helper rejects with CredentialHelperError.
 */
export async function resolveAuthStrict(
  config: ConfigFile,
  registryKey: string,
  runHelper: HelperRunner = runCredentialHelper,
  lookPath: LookPath = lookPathOnEnvPath,
): Promise<AuthConfig> {
  const {auth, error} = await getAuthConfig(storesOf(config, runHelper, lookPath), registryKey)
  if (error !== undefined) throw error
  return compact(auth)
}

/**
 * Every credential docker knows of, keyed by registry (configfile GetAllCredentials), for build's
 * X-Registry-Config. Failures behave as in `docker build`: a failing default store yields no
 * credentials at all, a failing per-registry helper drops only that registry.
 */
export async function allRegistryAuths(
  config: ConfigFile,
  runHelper: HelperRunner = runCredentialHelper,
  lookPath: LookPath = lookPathOnEnvPath,
): Promise<Record<string, AuthConfig>> {
  const stores = storesOf(config, runHelper, lookPath)
  const result: Record<string, AuthConfig> = {}
  if (stores.defaultHelper === '') {
    for (const [key, auth] of stores.files) result[key] = {...auth}
  } else {
    const listed = await listHelper(stores, stores.defaultHelper)
    if (listed === undefined) return {}
    for (const registry of listed) {
      const {creds, error} = await credentialsFromHelper(stores, stores.defaultHelper, registry)
      if (error !== undefined) return {}
      // Emails live only in config.json, so the file entry is the base.
      const auth: AuthConfig = {...stores.files.get(registry)}
      auth.username = creds.username
      auth.password = creds.password
      auth.identitytoken = creds.identitytoken
      if (!auth.serveraddress) auth.serveraddress = creds.serveraddress
      result[registry] = auth
    }
  }
  // Registry-specific helpers override the default store. Docker logs a warning for a failing
  // one and carries on; the warning is left out here.
  for (const registry of Object.keys(stores.credHelpers)) {
    const {auth, error} = await getAuthConfig(stores, registry)
    if (error === undefined) result[registry] = auth
  }
  for (const key of Object.keys(result)) result[key] = compact(result[key] ?? {})
  return result
}

// --- stores ------------------------------------------------------------------------------------

interface Stores {
  files: Map<string, AuthConfig>
  credHelpers: Record<string, string>
  /** The credsStore helper (configured or auto-detected); '' means config.json itself. */
  defaultHelper: string
  runHelper: HelperRunner
}

interface Resolved {
  auth: AuthConfig
  error?: CredentialHelperError
}

function storesOf(config: ConfigFile, runHelper: HelperRunner, lookPath: LookPath): Stores {
  const credHelpers = stringRecord(config.credHelpers)
  const files = fileEntries(config.auths)
  const configured = typeof config.credsStore === 'string' ? config.credsStore : ''
  const containsAuth = configured !== '' || Object.keys(credHelpers).length > 0 || files.size > 0
  return {credHelpers, defaultHelper: containsAuth ? configured : detectDefaultStore(lookPath), files, runHelper}
}

/**
 * credentials.DetectDefaultStore on Linux: `pass` when the `pass` tool is installed, else
 * `secretservice`; either only if its docker-credential-* binary exists. Note that an installed
 * `pass` without docker-credential-pass gives no store, not secretservice.
 */
export function detectDefaultStore(lookPath: LookPath = lookPathOnEnvPath): string {
  const candidate = lookPath('pass') ? 'pass' : 'secretservice'
  return lookPath(HELPER_PREFIX + candidate) ? candidate : ''
}

// configfile GetAuthConfig: a helper for this exact key (an empty name means config.json), else
// the default store.
async function getAuthConfig(stores: Stores, key: string): Promise<Resolved> {
  const perRegistry = key !== '' && Object.hasOwn(stores.credHelpers, key) ? stores.credHelpers[key] : undefined
  const helper = perRegistry ?? stores.defaultHelper
  const fromFile = fileGet(stores.files, key)
  if (helper === '') return {auth: fromFile}
  const {creds, error} = await credentialsFromHelper(stores, helper, key)
  // On failure docker still hands back the config.json entry alongside the error.
  if (error !== undefined) return {auth: fromFile, error}
  return {
    auth: {
      ...fromFile,
      identitytoken: creds.identitytoken,
      password: creds.password,
      serveraddress: creds.serveraddress,
      username: creds.username,
    },
  }
}

// Docker decodes `auth` when it loads config.json and records each entry's own key as its
// serveraddress; `auth` itself is then dropped, never sent.
function fileEntries(auths: unknown): Map<string, AuthConfig> {
  const files = new Map<string, AuthConfig>()
  if (!isRecord(auths)) return files
  for (const [key, raw] of Object.entries(auths)) {
    const entry: AuthConfig = {}
    if (isRecord(raw)) {
      for (const field of AUTH_FIELDS) {
        const value = goField(raw, field)
        if (value !== undefined) entry[field] = value
      }
    }
    const encoded = entry.auth ?? ''
    if (encoded !== '') {
      const decoded = decodeAuthField(encoded)
      if (decoded === undefined) {
        // Docker stops loading auths at a broken entry and warns; the broken one keeps its raw
        // `auth`, which is what then gets sent.
        delete entry.serveraddress
        files.set(key, entry)
        continue
      }
      entry.username = decoded.username
      entry.password = decoded.password
    }
    delete entry.auth
    entry.serveraddress = key
    files.set(key, entry)
  }
  return files
}

/** config.json `auth`: standard base64 of `user:password`, split at the first ':', NULs trimmed from the password. */
export function decodeAuthField(encoded: string): {username: string; password: string} | undefined {
  // Go's StdEncoding skips CR/LF but otherwise insists on the padded standard alphabet.
  const compactText = encoded.replace(/[\r\n]/g, '')
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compactText)) return undefined
  const text = Buffer.from(compactText, 'base64').toString('utf8')
  const colon = text.indexOf(':')
  if (colon <= 0) return undefined
  return {password: text.slice(colon + 1).replace(/^\0+|\0+$/g, ''), username: text.slice(0, colon)}
}

// fileStore.Get: the exact key, else any stored key whose host part equals it.
function fileGet(files: Map<string, AuthConfig>, key: string): AuthConfig {
  const exact = files.get(key)
  if (exact !== undefined) return {...exact}
  for (const [stored, auth] of files) {
    if (convertToHostname(stored) === key) return {...auth}
  }
  return {}
}

/** credentials.ConvertToHostname: `https://reg:5000/v1/` → `reg:5000`, `reg:5000/v1/` → `reg:5000`. */
export function convertToHostname(maybeURL: string): string {
  if (maybeURL.includes('://')) {
    const host = urlHost(maybeURL)
    if (host !== undefined) return host
  }
  const slash = maybeURL.indexOf('/')
  return slash >= 0 ? maybeURL.slice(0, slash) : maybeURL
}

// The host[:port] Go's url.Parse would find, with IPv6 brackets kept only when there is a port
// (net.JoinHostPort); undefined where Go fails to parse or finds no host name.
function urlHost(raw: string): string | undefined {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(raw.split('#', 1)[0] ?? '')
  if (match === null) return undefined
  const authority = match[1] ?? ''
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1)
  let hostname: string
  let port: string
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']')
    if (close < 0) return undefined
    hostname = hostPort.slice(1, close)
    const after = hostPort.slice(close + 1)
    if (after !== '' && !/^:[0-9]*$/.test(after)) return undefined
    port = after.slice(1)
  } else {
    const colon = hostPort.lastIndexOf(':')
    if (colon >= 0 && !/^:[0-9]*$/.test(hostPort.slice(colon))) return undefined
    hostname = colon >= 0 ? hostPort.slice(0, colon) : hostPort
    port = colon >= 0 ? hostPort.slice(colon + 1) : ''
  }
  if (hostname === '') return undefined
  if (port === '') return hostname
  return hostname.includes(':') ? `[${hostname}]:${port}` : `${hostname}:${port}`
}

// --- the helper protocol -------------------------------------------------------------------------

interface HelperCredentials {
  creds: AuthConfig
  error?: CredentialHelperError
}

// nativeStore.getCredentialsFromStore: "not found" is anonymous, `<token>` marks an identity token.
async function credentialsFromHelper(stores: Stores, helper: string, serverAddress: string): Promise<HelperCredentials> {
  const result = await stores.runHelper(helper, serverAddress, 'get')
  const out = result.stdout.trim()
  if (result.error !== undefined || result.code !== 0) {
    if (out === NOT_FOUND_MESSAGE) return {creds: {}}
    return {creds: {}, error: helperFailure('getting', result, out)}
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(result.stdout)
  } catch (error) {
    return {creds: {}, error: new CredentialHelperError(out === '' ? 'EOF' : (error as Error).message)}
  }
  const record = isRecord(parsed) ? parsed : {}
  const username = goField(record, 'Username') ?? ''
  const secret = goField(record, 'Secret') ?? ''
  const creds: AuthConfig = username === TOKEN_USERNAME ? {identitytoken: secret} : {password: secret, username}
  creds.serveraddress = serverAddress
  return {creds}
}

// client.List: the registries the helper holds credentials for; undefined when it fails.
async function listHelper(stores: Stores, helper: string): Promise<string[] | undefined> {
  const result = await stores.runHelper(helper, 'unused', 'list')
  if (result.error !== undefined || result.code !== 0) return undefined
  try {
    const parsed = JSON.parse(result.stdout) as unknown
    return isRecord(parsed) ? Object.keys(parsed) : undefined
  } catch {
    return undefined
  }
}

export function helperFailure(verb: string, result: HelperResult, out: string): CredentialHelperError {
  const cause = INVALID_CREDS_MESSAGES.has(out) ? out : (result.error ?? `exit status ${result.code}`)
  return new CredentialHelperError(`error ${verb} credentials - err: ${cause}, out: \`${out}\``)
}

// Node gives a child's stdin a socket pair, and a helper that reads `/dev/stdin` (a shell
// script's `$(cat /dev/stdin)`) cannot open that: ENXIO, "No such device or address". Go hands
// helpers an os.Pipe(). Node cannot make a pipe, so a shell pipeline does: `cat` copies our end
// into a pipe the helper reads. The input never goes on a command line, where other users could
// read a stored secret. A helper killed by a signal then reports as the shell's exit status
// 128+N rather than as the signal.
const HELPER_PIPELINE = 'cat | "$0" "$1"'

/**
 * Runs `docker-credential-<helper> <action>` with `input` on a pipe as its stdin, as docker does;
 * its stderr goes straight to ours. get and list (here), store and erase (credentials-store.ts).
 */
export function runHelperProcess(helper: string, action: string, input: string): Promise<HelperResult> {
  return new Promise((resolve) => {
    const program = HELPER_PREFIX + helper
    // exec.Command looks the program up before starting anything.
    const resolved = findOnEnvPath(program)
    if (resolved === undefined) {
      resolve({code: -1, error: `exec: "${program}": executable file not found in $PATH`, stdout: ''})
      return
    }
    const child = spawn('/bin/sh', ['-c', HELPER_PIPELINE, resolved, action], {stdio: ['pipe', 'pipe', 'inherit']})
    const chunks: Buffer[] = []
    let settled = false
    const finish = (result: HelperResult): void => {
      if (settled) return
      settled = true
      resolve(result)
    }
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stdin.on('error', () => {})
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish({code: -1, error: `exec: "${program}": ${error.message}`, stdout: ''})
    })
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(chunks).toString('utf8')
      if (signal !== null) finish({code: -1, error: `signal: ${signal}`, stdout})
      else finish({code: code ?? -1, stdout})
    })
    child.stdin.end(input)
  })
}

/** The real helper for lookups. */
export const runCredentialHelper: HelperRunner = (helper, input, action = 'get') => runHelperProcess(helper, action, input)

/** exec.LookPath over $PATH as it is when called; relative PATH entries are refused, as Go does. */
export function lookPathOnEnvPath(command: string): boolean {
  return findOnEnvPath(command) !== undefined
}

/** The absolute path exec.LookPath would find for `command`, if any. */
export function findOnEnvPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue
    const candidate = path.join(dir, command)
    try {
      const stat = statSync(candidate)
      if (stat.isFile() && (stat.mode & 0o111) !== 0) return candidate
    } catch {
      // not in this directory
    }
  }
  return undefined
}

// --- small helpers -------------------------------------------------------------------------------

function compact(auth: AuthConfig): AuthConfig {
  const out: AuthConfig = {}
  for (const field of AUTH_FIELDS) {
    const value = auth[field]
    if (value !== undefined && value !== '') out[field] = value
  }
  return out
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!isRecord(value)) return out
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') out[key] = entry
  return out
}

// encoding/json matches object keys to struct fields exactly first, then case-insensitively.
function goField(record: Record<string, unknown>, name: string): string | undefined {
  const exact = record[name]
  if (typeof exact === 'string') return exact
  const lower = name.toLowerCase()
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() === lower && typeof value === 'string') return value
  }
  return undefined
}
