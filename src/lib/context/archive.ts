// The archives of `context export` and `context import` (store.Export, store.Import).
//
// Export writes what docker writes, byte for byte: meta.json (0644), a `tls` directory entry, a
// directory entry per endpoint and its files (0600), with zero times and ids. docker closes its
// pipe before its tar writer, so the archive ends right after the last file's data: no padding
// and no end-of-archive blocks. Import reads a tar as Go's archive/tar does (that truncated end
// included) and collects everything before anything is written, so a bad archive changes nothing.
import {encodeTarHeader} from '../build/context.js'
import {TarReader} from '../archive/tar-reader.js'
import {posix} from 'node:path'

import {type ContextMetadata, decodeImportedMetadata, encodeMetadata} from './metadata.js'
import type {ContextTLSData} from './store.js'

const BLOCK = 512
/** store.maxAllowedFileSizeToImport. */
const MAX_IMPORT = 10 << 20

type EntryType = 'file' | 'directory'

function header(name: string, type: EntryType, mode: number, size: number): Buffer {
  return encodeTarHeader({devmajor: 0, devminor: 0, gid: 0, linkname: '', mode, mtime: 0, name, size, type, uid: 0})
}

const padding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK)

/** store.Export of a context already read: the bytes docker's export writes. */
export function exportArchive(meta: ContextMetadata, tls: ContextTLSData): Buffer {
  const parts: Buffer[] = []
  // Go's tar writer pads an entry's data when the next header is written (or at Close, which docker misses).
  const file = (name: string, mode: number, data: Buffer): void => {
    const previous = parts.at(-1)
    if (previous !== undefined && previous.length % BLOCK !== 0) parts.push(padding(previous.length))
    parts.push(header(name, 'file', mode, data.length), data)
  }
  const directory = (name: string): void => {
    const previous = parts.at(-1)
    if (previous !== undefined && previous.length % BLOCK !== 0) parts.push(padding(previous.length))
    parts.push(header(name, 'directory', 0o700, 0))
  }
  file('meta.json', 0o644, Buffer.from(encodeMetadata(meta)))
  directory('tls')
  for (const [endpoint, files] of tls) {
    directory(posix.join('tls', endpoint))
    for (const [name, data] of files) file(posix.join('tls', endpoint, name), 0o600, data)
  }
  return Buffer.concat(parts)
}

/** A context read from an archive, to be stored under the name it is imported as. */
export interface ImportedContext {
  meta: ContextMetadata
  tls: ContextTLSData
}

/** isValidFilePath. */
function checkEntryName(name: string): void {
  let problem: string | undefined
  if (name !== 'meta.json' && !name.startsWith('tls/')) problem = 'unexpected context file'
  else if (posix.normalize(name).replace(/(.)\/$/, '$1') !== name) problem = 'unexpected path format'
  else if (name.includes('\\')) problem = "unexpected '\\' in path"
  if (problem !== undefined) throw new Error(`${name}: ${problem}`)
}

/** importEndpointTLS: `tls/<endpoint>/<file>`. */
function addTLSFile(tls: ContextTLSData, name: string, data: Buffer): void {
  const rest = name.slice('tls/'.length)
  const slash = rest.indexOf('/')
  if (slash === -1) throw new Error('archive format is invalid')
  const endpoint = rest.slice(0, slash)
  const files = tls.get(endpoint) ?? new Map<string, Buffer>()
  files.set(rest.slice(slash + 1), data)
  tls.set(endpoint, files)
}

/** http.DetectContentType's verdict for a zip archive. */
export function isZip(head: Buffer): boolean {
  return head.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'))
}

/** importTar: every regular file checked and read; `name` must be a valid new context name. */
export function importTarArchive(name: string, input: Buffer): ImportedContext {
  const tls: ContextTLSData = new Map()
  let meta: ContextMetadata | undefined
  let current: {name: string; chunks: Buffer[]} | undefined
  let failure: Error | undefined
  const reader = new TarReader({
    data: (chunk) => current?.chunks.push(Buffer.from(chunk)),
    entry: (entry) => {
      if (failure !== undefined) return
      current = undefined
      if (entry.type !== '0' && entry.type !== '\u0000') return
      try {
        checkEntryName(entry.name)
      } catch (error) {
        failure = error as Error
        return
      }
      current = {chunks: [], name: entry.name}
    },
    entryEnd: () => {
      if (failure !== undefined || current === undefined) return
      const data = Buffer.concat(current.chunks)
      try {
        if (current.name === 'meta.json') meta = decodeImportedMetadata(data, name)
        else addTLSFile(tls, current.name, data)
      } catch (error) {
        failure = error as Error
      }
      current = undefined
    },
  })
  const limit = Math.min(input.length, MAX_IMPORT + 1)
  // docker stops at the first problem: an entry it refused comes before a format error after it.
  try {
    const used = reader.write(input.subarray(0, limit))
    if (!reader.done) {
      if (failure === undefined && used === limit && input.length > MAX_IMPORT) throw new Error('read exceeds the defined limit')
      reader.end()
    }
  } catch (error) {
    throw failure ?? error
  }
  if (failure !== undefined) throw failure
  if (meta === undefined) throw new Error('invalid context: no metadata found')
  return {meta, tls}
}
