// docker's context store on disk (cli/context/store), in the same layout so that docker and
// whalectl share it: `<config>/contexts/meta/<sha256 of name>/meta.json` (dirs 0755, file 0644)
// and `<config>/contexts/tls/<sha256 of name>/<endpoint>/<file>` (dirs 0700, files 0600). Every
// file is written through a temporary file and a rename; errors read as docker's.
import {createHash} from 'node:crypto'
import {mkdir, readdir, readFile, rm, stat} from 'node:fs/promises'
import path from 'node:path'

import {goPathErrorText} from '../archive/go-fs-errors.js'
import {goQuote} from '../format/go-print.js'
import {AtomicFile} from '../fs/atomic-file.js'
import {compareNatural} from '../go/sortorder.js'
import {type ContextMetadata, decodeStoredMetadata, encodeMetadata} from './metadata.js'

/** TLS files by endpoint name, then file name. */
export type ContextTLSData = Map<string, Map<string, Buffer>>

/** TLS file names by endpoint (null: an endpoint directory without files, Go's nil slice). */
export type TLSListing = Map<string, string[] | null>

/** A context that is not in the store (docker's errdefs NotFound). */
export class ContextNotFoundError extends Error {}

export interface StorageInfo {
  MetadataPath: string
  TLSPath: string
}

/** The store's directory name for a context: the hex sha256 of its name. */
export function contextDigest(name: string): string {
  return createHash('sha256').update(name).digest('hex')
}

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code

async function writeAtomically(file: string, data: Buffer | string, mode: number): Promise<void> {
  const temp = await AtomicFile.create(file, `.tmp-${path.basename(file)}`)
  try {
    await temp.write(data)
    await temp.commit({mode, sync: true})
  } finally {
    await temp.discard()
  }
}

export class ContextStore {
  readonly root: string

  constructor(configDir: string) {
    this.root = path.join(configDir, 'contexts')
  }

  private metaRoot(): string {
    return path.join(this.root, 'meta')
  }

  private tlsRoot(): string {
    return path.join(this.root, 'tls')
  }

  storageInfo(name: string): StorageInfo {
    const digest = contextDigest(name)
    return {MetadataPath: path.join(this.metaRoot(), digest), TLSPath: path.join(this.tlsRoot(), digest)}
  }

  private metaFile(name: string): string {
    return path.join(this.storageInfo(name).MetadataPath, 'meta.json')
  }

  /** metadataStore.get: the context as docker's types read it. */
  async get(name: string): Promise<ContextMetadata> {
    try {
      return await this.readMetaFile(this.metaFile(name))
    } catch (error) {
      if (error instanceof ContextNotFoundError) throw new ContextNotFoundError(`context ${goQuote(name)}: ${error.message}`)
      throw new Error(`context ${goQuote(name)}: ${(error as Error).message}`)
    }
  }

  private async readMetaFile(file: string): Promise<ContextMetadata> {
    let bytes: Buffer
    try {
      bytes = await readFile(file)
    } catch (error) {
      if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') throw new ContextNotFoundError(`context not found: ${goPathErrorText('open', file, error)}`)
      throw new Error(goPathErrorText('open', file, error))
    }
    try {
      return decodeStoredMetadata(bytes)
    } catch (error) {
      throw new Error(`parsing ${file}: ${(error as Error).message}`)
    }
  }

  /** Whether the context's metadata directory exists (what `context rm` checks). */
  async exists(name: string): Promise<boolean> {
    try {
      await stat(this.storageInfo(name).MetadataPath)
      return true
    } catch {
      return false
    }
  }

  /** metadataStore.list: every context below meta/ (at any depth, as docker walks it), in natural order. */
  async list(): Promise<ContextMetadata[]> {
    const out: ContextMetadata[] = []
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, {withFileTypes: true})) {
        if (!entry.isDirectory()) continue
        const sub = path.join(dir, entry.name)
        const file = path.join(sub, 'meta.json')
        const info = await stat(file).catch(() => undefined)
        if (info !== undefined && !info.isDirectory()) {
          try {
            out.push(await this.readMetaFile(file))
          } catch (error) {
            if (!(error instanceof ContextNotFoundError)) throw new Error(`failed to read metadata: ${(error as Error).message}`)
          }
        }
        await walk(sub)
      }
    }
    try {
      await walk(this.metaRoot())
    } catch (error) {
      if (code(error) !== 'ENOENT') throw error
    }
    return out.sort((a, b) => compareNatural(a.name, b.name))
  }

  /** metadataStore.createOrUpdate. */
  async write(meta: ContextMetadata): Promise<void> {
    const dir = this.storageInfo(meta.name).MetadataPath
    await mkdir(dir, {mode: 0o755, recursive: true})
    await writeAtomically(path.join(dir, 'meta.json'), encodeMetadata(meta), 0o644)
  }

  /** ContextStore.Remove: the metadata, then the TLS files; a context that is not there is no error. */
  async remove(name: string): Promise<void> {
    const info = this.storageInfo(name)
    try {
      await rm(info.MetadataPath, {force: true, recursive: true})
    } catch (error) {
      throw new Error(`failed to remove context ${name}: failed to remove metadata: ${goPathErrorText('unlinkat', info.MetadataPath, error)}`)
    }
    try {
      await rm(info.TLSPath, {force: true, recursive: true})
    } catch (error) {
      throw new Error(`failed to remove context ${name}: failed to remove TLS data: ${goPathErrorText('unlinkat', info.TLSPath, error)}`)
    }
  }

  /** tlsStore.listContextData: file names in directory order (sorted, as Go's ReadDir). */
  async listTLS(name: string): Promise<TLSListing> {
    const dir = this.storageInfo(name).TLSPath
    const out: TLSListing = new Map()
    let endpoints
    try {
      endpoints = await readdir(dir, {withFileTypes: true})
    } catch (error) {
      if (code(error) === 'ENOENT') return out
      throw new Error(`failed to list TLS files for context ${name}: ${goPathErrorText('open', dir, error)}`)
    }
    for (const endpoint of endpoints.filter((e) => e.isDirectory()).sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))) {
      const files = await readdir(path.join(dir, endpoint.name), {withFileTypes: true})
      const names = files
        .filter((f) => !f.isDirectory())
        .map((f) => f.name)
        .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      out.set(endpoint.name, names.length === 0 ? null : names)
    }
    return out
  }

  /** Every TLS file of the context, read. */
  async readTLS(name: string): Promise<ContextTLSData> {
    const out: ContextTLSData = new Map()
    for (const [endpoint, files] of await this.listTLS(name)) {
      const data = new Map<string, Buffer>()
      for (const file of files ?? []) data.set(file, await readFile(path.join(this.storageInfo(name).TLSPath, endpoint, file)))
      out.set(endpoint, data)
    }
    return out
  }

  /** ResetTLSMaterial: the context's TLS files replaced by `data`. */
  async resetTLS(name: string, data: ContextTLSData): Promise<void> {
    await rm(this.storageInfo(name).TLSPath, {force: true, recursive: true})
    for (const [endpoint, files] of data) await this.writeEndpointTLS(name, endpoint, files)
  }

  /** ResetEndpointTLSMaterial: one endpoint's TLS files replaced (removed when `files` is undefined). */
  async resetEndpointTLS(name: string, endpoint: string, files: Map<string, Buffer> | undefined): Promise<void> {
    await rm(path.join(this.storageInfo(name).TLSPath, endpoint), {force: true, recursive: true})
    if (files !== undefined) await this.writeEndpointTLS(name, endpoint, files)
  }

  private async writeEndpointTLS(name: string, endpoint: string, files: Map<string, Buffer>): Promise<void> {
    await mkdir(this.root, {mode: 0o755, recursive: true})
    const dir = path.join(this.storageInfo(name).TLSPath, endpoint)
    for (const [file, content] of files) {
      await mkdir(dir, {mode: 0o700, recursive: true})
      await writeAtomically(path.join(dir, file), content, 0o600)
    }
  }
}
