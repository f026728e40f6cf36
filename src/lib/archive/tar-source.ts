// The archive `docker cp SRC CONTAINER:DST` uploads: moby/go-archive's TarResourceRebase (a
// TarWithOptions walk of one file or directory, its base renamed by the -L rebase) followed by
// PrepareArchiveCopy's RebaseArchiveEntries, written in one pass with the names both renames
// give. Entries are the build context's (fileEntry: Go's archive/tar layout), with the file's own uid and
// gid, so the byte count docker reports ("Successfully copied 3.07kB") comes out the same.
// The walk is lazy and files are read in chunks: the archive is streamed, never held whole.
import {lstatSync, readdirSync, type Stats} from 'node:fs'
import {Readable} from 'node:stream'

import {fileEntry, sortNames} from '../build/context.js'
import {goPathErrorText} from './go-fs-errors.js'
import {goRel, rebaseName, splitPathDirEntry} from './paths.js'

const BLOCK = 512
const READ_CHUNK = 256 * 1024

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
    yield* fileEntry(filePath, nameOf(filePath), stat, seenInodes, onSkip, {keepOwner: true, rename})
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
