// The archive `docker cp SRC CONTAINER:DST` uploads: moby/go-archive's TarResourceRebase (a
// TarWithOptions walk of one file or directory, its base renamed by the -L rebase) followed by
// PrepareArchiveCopy's RebaseArchiveEntries, written in one pass with the names both renames
// give. Headers are Go's archive/tar layout (encodeTarHeader), with the file's own mode, uid and
// gid, so the byte count docker reports ("Successfully copied 3.07kB") comes out the same.
// The walk is lazy and files are read in chunks: the archive is streamed, never held whole.
import {closeSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, type Stats} from 'node:fs'
import {open} from 'node:fs/promises'
import {Readable} from 'node:stream'

import {encodeTarHeader} from '../build/context.js'
import {goPathErrorText} from './go-fs-errors.js'
import {goRel, rebaseName, splitPathDirEntry} from './paths.js'

type TarHeader = Parameters<typeof encodeTarHeader>[0]

const BLOCK = 512
const READ_CHUNK = 256 * 1024
// Files up to this size are read synchronously (an async read costs a thread-pool round trip).
const SMALL_FILE = 64 * 1024

export interface SourceArchiveOptions {
  /** The resolved local source (CopyInfo.Path), absolute, maybe ending in `/` or `/.`. */
  path: string
  /** TarResourceRebase's rebaseName: the name the source's base takes in the archive ('' for none). */
  rebaseName: string
  /** PrepareArchiveCopy's RebaseArchiveEntries(oldBase, newBase), when the destination asks for one. */
  rename?: readonly [oldBase: string, newBase: string]
  /** Told about an entry left out, in docker's words (`Can't add file … to tar: …`). */
  onSkip?: (message: string) => void
}

/** The path docker's tar walk starts at (getWalkRoot), which its error lines name. */
export function walkRoot(sourcePath: string): string {
  const [dir, base] = splitPathDirEntry(sourcePath)
  return `${dir.replace(/\/$/, '')}/${base}`
}

/** The source as a tar stream, read as it is consumed. */
export function sourceArchive(opts: SourceArchiveOptions): Readable {
  return Readable.from(walk(opts), {highWaterMark: READ_CHUNK, objectMode: false})
}

async function* walk(opts: SourceArchiveOptions): AsyncGenerator<Buffer> {
  const [sourceDir, include] = splitPathDirEntry(opts.path)
  const onSkip = opts.onSkip ?? (() => {})
  const seenInodes = new Map<number, string>()
  const nameOf = (filePath: string): string => {
    let rel = goRel(sourceDir, filePath)
    if (include === '.' && rel !== '.') rel = `./${rel}`
    if (opts.rebaseName !== '') rel = rebaseName(rel, include, opts.rebaseName === '/' ? '' : opts.rebaseName)
    return rel
  }
  const rename = (name: string): string => (opts.rename ? rebaseName(name, opts.rename[0], opts.rename[1]) : name)

  // filepath.WalkDir from the root: lexical order, symlinks not followed.
  const stack: Array<{names: string[]; next: number; path: string}> = []
  const visit = async function* (filePath: string): AsyncGenerator<Buffer> {
    let stat: Stats
    try {
      stat = lstatSync(filePath)
    } catch (error) {
      onSkip(`Can't add file ${filePath} to tar: ${goPathErrorText('lstat', filePath, error)}`)
      return
    }
    yield* entry(filePath, nameOf(filePath), stat, seenInodes, rename, onSkip)
    if (!stat.isDirectory()) return
    try {
      stack.push({names: sortNames(readdirSync(filePath)), next: 0, path: filePath})
    } catch (error) {
      onSkip(`Tar: Can't stat file ${sourceDir} to tar: ${goPathErrorText('open', filePath, error)}`)
    }
  }
  yield* visit(walkRoot(opts.path))
  while (stack.length > 0) {
    const dir = stack.at(-1) as {names: string[]; next: number; path: string}
    const name = dir.names[dir.next++]
    if (name === undefined) {
      stack.pop()
      continue
    }
    yield* visit(`${dir.path}/${name}`)
  }
  yield Buffer.alloc(2 * BLOCK)
}

// addTarFile: one header (and the file's data), as moby writes it.
async function* entry(
  filePath: string,
  name: string,
  stat: Stats,
  seenInodes: Map<number, string>,
  rename: (name: string) => string,
  onSkip: (message: string) => void,
): AsyncGenerator<Buffer> {
  const header: TarHeader = {
    devmajor: 0,
    devminor: 0,
    gid: stat.gid,
    linkname: '',
    mode: stat.mode & 0o7777,
    mtime: Math.floor(stat.mtimeMs / 1000),
    name: stat.isDirectory() && !name.endsWith('/') ? `${name}/` : name,
    size: 0,
    type: 'file',
    uid: stat.uid,
  }
  if (stat.isDirectory()) header.type = 'directory'
  else if (stat.isSymbolicLink()) {
    header.type = 'symlink'
    try {
      header.linkname = readlinkSync(filePath)
    } catch (error) {
      onSkip(`Can't add file ${filePath} to tar: ${goPathErrorText('readlink', filePath, error)}`)
      return
    }
  } else if (stat.isFIFO()) header.type = 'fifo'
  else if (stat.isCharacterDevice() || stat.isBlockDevice()) {
    header.type = stat.isCharacterDevice() ? 'char' : 'block'
    header.devmajor = devMajor(stat.rdev)
    header.devminor = devMinor(stat.rdev)
  } else if (stat.isFile()) header.size = stat.size
  else {
    onSkip(`Can't add file ${filePath} to tar: archive/tar: sockets not supported`)
    return
  }
  if (!stat.isDirectory() && stat.nlink > 1) {
    const first = seenInodes.get(stat.ino)
    if (first === undefined) seenInodes.set(stat.ino, header.name)
    else {
      header.type = 'link'
      header.linkname = rename(first)
      header.size = 0
    }
  }
  header.name = rename(header.name)
  if (header.type !== 'file' || header.size === 0) {
    yield encodeTarHeader(header)
    return
  }
  // Opened before the header is written, so an unreadable file is left out whole rather than
  // sent as a header without its data (which docker does, breaking the archive).
  if (header.size <= SMALL_FILE) {
    let content: Buffer
    try {
      content = readSmallFile(filePath, header.size)
    } catch (error) {
      if (error instanceof ShrankError) throw error
      onSkip(`Can't add file ${filePath} to tar: ${goPathErrorText('open', filePath, error)}`)
      return
    }
    yield Buffer.concat([encodeTarHeader(header), content, Buffer.alloc(padding(header.size))])
    return
  }
  const handle = await open(filePath, 'r').catch((error: unknown) => {
    onSkip(`Can't add file ${filePath} to tar: ${goPathErrorText('open', filePath, error)}`)
  })
  if (!handle) return
  try {
    yield encodeTarHeader(header)
    let remaining = header.size
    while (remaining > 0) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, remaining))
      const {bytesRead} = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) throw new ShrankError(filePath, remaining)
      remaining -= bytesRead
      yield bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead)
    }
    if (padding(header.size) > 0) yield Buffer.alloc(padding(header.size))
  } finally {
    await handle.close()
  }
}

/** A file that got shorter while it was sent: going on would send a corrupt archive. */
export class ShrankError extends Error {
  constructor(file: string, missing: number) {
    super(`archive/tar: missed writing ${missing} bytes: ${file} changed while it was being copied`)
  }
}

function readSmallFile(file: string, size: number): Buffer {
  const content = Buffer.allocUnsafe(size)
  const fd = openSync(file, 'r')
  try {
    for (let offset = 0; offset < size; ) {
      const read = readSync(fd, content, offset, size - offset, null)
      if (read === 0) throw new ShrankError(file, size - offset)
      offset += read
    }
  } finally {
    closeSync(fd)
  }
  return content
}

function padding(size: number): number {
  const rest = size % BLOCK
  return rest === 0 ? 0 : BLOCK - rest
}

// Linux dev_t (glibc's major()/minor()).
function devMajor(rdev: number): number {
  const dev = BigInt(rdev)
  return Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn))
}

function devMinor(rdev: number): number {
  const dev = BigInt(rdev)
  return Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn))
}

// os.ReadDir's order: names compared as bytes.
function sortNames(names: string[]): string[] {
  return names
    .map((name) => ({bytes: Buffer.from(name), name}))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map((e) => e.name)
}
