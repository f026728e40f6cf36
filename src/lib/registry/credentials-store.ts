// Storing and erasing registry credentials as `docker login` / `docker logout` do
// (cli/config/credentials): in the credential helper configured for the registry (credHelpers,
// then credsStore, then the store docker auto-detects when config.json names none), or else in
// config.json's `auths` as base64 `user:password`, with docker's warning about that. A helper
// gets its input on a pipe: `store` a JSON document (the secret never goes on a command line,
// where other users could read it), `erase` the server address. Nothing here prints a secret.

import type {ConfigFile} from '../config/config-file.js'
import {configFilePath, loadAuths, saveConfigFile, type StoredAuth} from '../config/config-write.js'
import type {AuthConfig} from '../engine/types.js'
import {goJSONString} from '../format/go-json.js'
import {detectDefaultStore, helperFailure, type HelperResult, type LookPath, lookPathOnEnvPath, runHelperProcess} from './auth.js'

export type StoreAction = 'store' | 'erase'

/** Runs `docker-credential-<helper> <action>` with `input` on its stdin. */
export type StoreHelperRunner = (helper: string, action: StoreAction, input: string) => Promise<HelperResult>

const TOKEN_USERNAME = '<token>'

const UNENCRYPTED_WARNING = (file: string): string =>
  `\nWARNING! Your credentials are stored unencrypted in '${file}'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n`

// docker warns once per run, however many entries it writes.
let warnedUnencrypted = false

/** The real helper: docker-credential-<helper> store|erase with the input on a pipe (auth.ts). */
export const runStoreHelper: StoreHelperRunner = (helper, action, input) => runHelperProcess(helper, action, input)

/** What login stores: the user and password (or identity token) for one server address. */
export interface Credentials {
  serveraddress: string
  username?: string
  password?: string
  identitytoken?: string
  email?: string
}

export interface CredentialStoreOptions {
  /** The config directory (`--config`, DOCKER_CONFIG, ~/.docker). */
  configDir: string
  /** config.json as loaded; updated in place by every write, as docker's in-memory ConfigFile is. */
  config: ConfigFile
  /** Where docker's warning about unencrypted storage goes (its stderr). */
  warn: (text: string) => void
  runHelper?: StoreHelperRunner
  lookPath?: LookPath
}

const AUTH_FIELDS = ['username', 'password', 'auth', 'email', 'serveraddress', 'identitytoken', 'registrytoken'] as const

function sameAuth(a: StoredAuth, b: StoredAuth): boolean {
  return AUTH_FIELDS.every((field) => (a[field] ?? '') === (b[field] ?? ''))
}

/** config.json plus its credential helpers, as docker's ConfigFile.GetCredentialsStore sees them. */
export class CredentialStore {
  readonly #opts: CredentialStoreOptions
  readonly #runHelper: StoreHelperRunner
  readonly #auths: Map<string, StoredAuth>
  /** The credsStore in effect: configured, or auto-detected when config.json holds no auth at all. */
  readonly #defaultStore: string

  constructor(opts: CredentialStoreOptions) {
    this.#opts = opts
    this.#runHelper = opts.runHelper ?? runStoreHelper
    this.#auths = loadAuths(opts.config.auths)
    const configured = typeof opts.config.credsStore === 'string' ? opts.config.credsStore : ''
    const helpers = opts.config.credHelpers
    const containsAuth = configured !== '' || (helpers !== undefined && Object.keys(helpers).length > 0) || this.#auths.size > 0
    this.#defaultStore = containsAuth ? configured : detectDefaultStore(opts.lookPath ?? lookPathOnEnvPath)
  }

  /** The helper for `server` ('' for config.json itself): credHelpers[server], else the default store. */
  helperFor(server: string): string {
    const helpers = this.#opts.config.credHelpers
    if (server !== '' && helpers !== undefined && Object.hasOwn(helpers, server) && typeof helpers[server] === 'string') return helpers[server]
    return this.#defaultStore
  }

  /**
   * Stores `creds` (nativeStore.Store / fileStore.Store): in the helper, keeping only the email in
   * config.json, or as `auth` in config.json. Rejects with CredentialHelperError when the helper
   * fails; config.json is then left alone.
   */
  async store(creds: Credentials): Promise<void> {
    const helper = this.helperFor(creds.serveraddress)
    const entry: StoredAuth = {...creds}
    if (helper !== '') {
      const token = creds.identitytoken ?? ''
      const doc =
        `{"ServerURL":${goJSONString(creds.serveraddress, true)},` +
        `"Username":${goJSONString(token !== '' ? TOKEN_USERNAME : (creds.username ?? ''), true)},` +
        `"Secret":${goJSONString(token !== '' ? token : (creds.password ?? ''), true)}}\n`
      const result = await this.#runHelper(helper, 'store', doc)
      if (result.error !== undefined || result.code !== 0) throw helperFailure('storing', result, result.stdout.trim())
      delete entry.username
      delete entry.password
      delete entry.identitytoken
    }
    await this.#fileStore(entry)
  }

  /** Erases the credentials for `server` (nativeStore.Erase / fileStore.Erase). */
  async erase(server: string): Promise<void> {
    const helper = this.helperFor(server)
    if (helper !== '') {
      const result = await this.#runHelper(helper, 'erase', server)
      if (result.error !== undefined || result.code !== 0) throw helperFailure('erasing', result, result.stdout.trim())
    }
    if (!this.#auths.has(server)) return
    this.#auths.delete(server)
    await this.#save()
  }

  async #fileStore(entry: StoredAuth): Promise<void> {
    const server = entry.serveraddress ?? ''
    const old = this.#auths.get(server)
    // Unchanged credentials leave the file (and the warning) alone.
    if (old !== undefined && sameAuth(old, entry)) return
    this.#auths.set(server, entry)
    await this.#save()
    if (!warnedUnencrypted && (entry.password ?? '') !== '') {
      warnedUnencrypted = true
      this.#opts.warn(UNENCRYPTED_WARNING(configFilePath(this.#opts.configDir)))
    }
  }

  async #save(): Promise<void> {
    const config = this.#opts.config as Record<string, unknown>
    // A store docker detected is recorded, as its in-memory ConfigFile carries it into the file.
    if (this.#defaultStore !== '' && !config.credsStore) config.credsStore = this.#defaultStore
    await saveConfigFile(this.#opts.configDir, config, this.#auths)
    const saved: Record<string, AuthConfig> = {}
    for (const [key, value] of this.#auths) saved[key] = value
    this.#opts.config.auths = saved
  }
}

