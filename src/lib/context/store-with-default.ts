// docker's ContextStoreWithDefault: the store on disk plus the `default` context, which lives in
// memory (made from -H/DOCKER_HOST and the TLS settings) and can be read but not changed.
import type {CommandContext} from '../cli/context.js'
import {currentContextName, type DefaultContext, resolveDefaultContext} from './current.js'
import {type ContextMetadata, DEFAULT_CONTEXT} from './metadata.js'
import {type ContextTLSData, ContextStore, type StorageInfo, type TLSListing} from './store.js'

const IN_MEMORY = '<IN MEMORY>'

export class ContextStoreWithDefault {
  readonly disk: ContextStore
  readonly #ctx: CommandContext
  #default: Promise<DefaultContext> | undefined

  constructor(ctx: CommandContext) {
    this.#ctx = ctx
    this.disk = new ContextStore(ctx.globals.configDir)
  }

  /** The current context's name (not checked to exist). */
  currentName(): string {
    return currentContextName(this.#ctx.globals, this.#ctx.env, this.#ctx.config())
  }

  defaultContext(): Promise<DefaultContext> {
    this.#default ??= resolveDefaultContext(this.#ctx.globals, this.#ctx.env)
    return this.#default
  }

  async get(name: string): Promise<ContextMetadata> {
    return name === DEFAULT_CONTEXT ? (await this.defaultContext()).meta : this.disk.get(name)
  }

  /** Every stored context, then the default one. */
  async list(): Promise<ContextMetadata[]> {
    const stored = await this.disk.list()
    return [...stored, (await this.defaultContext()).meta]
  }

  async tlsData(name: string): Promise<ContextTLSData> {
    return name === DEFAULT_CONTEXT ? (await this.defaultContext()).tls : this.disk.readTLS(name)
  }

  async listTLS(name: string): Promise<TLSListing> {
    if (name !== DEFAULT_CONTEXT) return this.disk.listTLS(name)
    const out: TLSListing = new Map()
    for (const [endpoint, files] of (await this.defaultContext()).tls) out.set(endpoint, [...files.keys()])
    return out
  }

  storageInfo(name: string): StorageInfo {
    return name === DEFAULT_CONTEXT ? {MetadataPath: IN_MEMORY, TLSPath: IN_MEMORY} : this.disk.storageInfo(name)
  }
}
