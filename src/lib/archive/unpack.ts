// Extracting a container's archive on the host, as docker cp does (moby/go-archive Unpack with
// NoLchown and NoOverwriteDirNonDir), with two differences that matter because a container is
// not trusted:
//
// - All or nothing. The archive is unpacked into a fresh directory next to its destination
//   (`<dest>/.whalectl-cp-XXXXXX`, so moving out of it is a rename on the same file system) and
//   moved into place only once the whole archive was read and written. A failure, a refused
//   entry or an interrupt leaves the destination as it was (docker leaves what it had written).
// - Nothing lands outside the destination. docker refuses an entry whose cleaned name climbs out
//   with `..`, a relative symlink pointing out, and a hard link to outside; this also refuses the
//   name `..` itself and absolute names (docker chmods the destination's parent for the first and
//   re-roots the second), and any entry whose path goes through a symlink the archive created
//   (docker writes through it: a symlink `x -> /etc` then a file `x/passwd`).
//
// Errors are docker's texts for the same case (`"../x" is outside of "/dst"`, `invalid symlink
// …`, `cannot overwrite directory …`, `open /dst/f: permission denied`), naming the destination
// paths, never the staging ones.
import {
  chmodSync,
  closeSync,
  constants,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  symlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs'
import {createRequire} from 'node:module'

import {goQuote} from '../format/go-print.js'
import {errnoCode, goLinkErrorText, goPathErrorText} from './go-fs-errors.js'
import {goClean, goDir, goJoin, goRel, rebaseName} from './paths.js'
import {type TarEntry, TarReader} from './tar-reader.js'

/** An archive entry refused, or a file-system error while unpacking: the message is docker's. */
export class UnpackError extends Error {}

export interface UnpackOptions {
  /** The directory the archive is unpacked into (moby's dstDir); it must exist. */
  dest: string
  /** RebaseArchiveEntries renames applied to every name (and hard link target), in order. */
  rebases?: ReadonlyArray<readonly [oldBase: string, newBase: string]>
}

// Go's boundTime: a time before the epoch or after 2262 becomes the epoch.
const MAX_SECONDS = 9223372036.854775
const boundTime = (seconds: number): number => (seconds < 0 || seconds > MAX_SECONDS ? 0 : seconds)

const STAGE_PREFIX = '.whalectl-cp-'

interface DirMeta {
  real: string
  mode: number
  atime: number
  mtime: number
}

/**
 * One archive unpacked into `dest`: feed its bytes to `write`, then call `finish` (which moves
 * everything into place) or `abort` (which removes what was staged).
 */
export class Unpack {
  readonly dest: string
  private readonly rebases: ReadonlyArray<readonly [string, string]>
  private readonly reader: TarReader
  private stage?: string
  /** Staged paths (relative) known to be real directories we made: no symlink can hide there. */
  private readonly dirsMade = new Set<string>()
  private readonly dirs: DirMeta[] = []
  private file?: {fd: number; real: string; staged: string; entry: TarEntry}
  private finished = false

  constructor(opts: UnpackOptions) {
    this.dest = goClean(opts.dest)
    this.rebases = opts.rebases ?? []
    this.reader = new TarReader({
      data: (chunk) => this.onData(chunk),
      entry: (entry) => this.onEntry(entry),
      entryEnd: () => this.onEntryEnd(),
    })
  }

  /** True once the archive's end-of-archive marker was read; later bytes are not the archive's. */
  get done(): boolean {
    return this.reader.done
  }

  /** Unpacks what `chunk` holds; returns how many of its bytes were the archive's. */
  write(chunk: Buffer): number {
    return this.reader.write(chunk)
  }

  /** The archive ended: checks it ended cleanly, then moves the staged tree into the destination. */
  finish(): void {
    try {
      this.reader.end()
      this.closeFile()
      this.commit()
      this.finished = true
    } finally {
      if (!this.finished) this.abort()
    }
  }

  /** Drops everything staged; the destination is left as it was. */
  abort(): void {
    if (this.file) {
      closeSync(this.file.fd)
      this.file = undefined
    }
    if (this.stage) rmSync(this.stage, {force: true, recursive: true})
    this.stage = undefined
  }

  private stagedPath(rel: string): string {
    return rel === '.' ? (this.stage as string) : `${this.stage}/${rel}`
  }

  private onEntry(entry: TarEntry): void {
    // PAX global headers are ignored (docker logs them at debug level).
    if (entry.type === 'g') return
    let name = entry.name
    let linkname = entry.linkname
    for (const [from, to] of this.rebases) {
      name = rebaseName(name, from, to)
      if (entry.type === '1') linkname = rebaseName(linkname, from, to)
    }
    name = goClean(name)
    const real = goJoin(this.dest, name)
    const rel = goRel(this.dest, real)
    if (name.startsWith('/') || rel === '..' || rel.startsWith('../')) {
      throw new UnpackError(`${goQuote(name)} is outside of ${goQuote(this.dest)}`)
    }
    this.ensureStage(entry, real)
    this.refuseSymlinkOnTheWay(rel, name)
    this.createImpliedDirectories(rel, entry, real)

    const staged = this.stagedPath(rel)
    const stagedStat = lstat(staged)
    const existing = stagedStat ?? lstat(real)
    const isDirEntry = entry.type === '5'
    if (existing) {
      if (existing.isDirectory() && !isDirEntry) {
        throw new UnpackError(`cannot overwrite directory ${goQuote(real)} with non-directory ${goQuote(this.dest)}`)
      }
      if (!existing.isDirectory() && isDirEntry) {
        throw new UnpackError(`cannot overwrite non-directory ${goQuote(real)} with directory ${goQuote(this.dest)}`)
      }
      if (existing.isDirectory() && name === '.') return
      if (stagedStat && !(stagedStat.isDirectory() && isDirEntry)) rmSync(staged, {force: true, recursive: true})
    }
    this.create(entry, linkname, rel, real, staged, Boolean(stagedStat?.isDirectory()))
  }

  private ensureStage(entry: TarEntry, real: string): void {
    if (this.stage) return
    try {
      this.stage = mkdtempSync(`${this.dest}/${STAGE_PREFIX}`)
    } catch (error) {
      // What docker would have hit creating this first entry in the destination.
      throw new UnpackError(opErrorText(entry, real, error))
    }
  }

  // A path through a symlink that this archive created is refused, as is a hard link target.
  private refuseSymlinkOnTheWay(rel: string, shown: string): void {
    if (rel === '.') return
    const parts = rel.split('/')
    let prefix = ''
    for (let i = 0; i < parts.length - 1; i++) {
      prefix = prefix === '' ? (parts[i] as string) : `${prefix}/${parts[i]}`
      if (this.dirsMade.has(prefix)) continue
      const stat = lstat(this.stagedPath(prefix))
      if (!stat) return
      if (stat.isSymbolicLink()) {
        throw new UnpackError(`invalid path ${goQuote(shown)}: it goes through the symlink ${goQuote(prefix)} from the same archive`)
      }
      if (stat.isDirectory()) this.dirsMade.add(prefix)
    }
  }

  // createImpliedDirectories: parents the archive has no entries for are made with mode 0755.
  private createImpliedDirectories(rel: string, entry: TarEntry, real: string): void {
    const parentRel = goDir(rel)
    if (parentRel === '.' || this.dirsMade.has(parentRel)) return
    const stagedParent = this.stagedPath(parentRel)
    if (lstat(stagedParent)) return
    // docker creates nothing when the destination has the parent; if that is not a directory,
    // creating the entry in it fails.
    try {
      if (!statSync(goJoin(this.dest, parentRel)).isDirectory()) throw Object.assign(new Error('not a directory'), {code: 'ENOTDIR'})
    } catch (error) {
      if (errnoCode(error) === 'ENOTDIR') throw new UnpackError(opErrorText(entry, real, error))
    }
    try {
      mkdirSync(stagedParent, {mode: 0o755, recursive: true})
    } catch (error) {
      throw new UnpackError(goPathErrorText('mkdir', goJoin(this.dest, parentRel), error))
    }
    for (let p = parentRel; p !== '.'; p = goDir(p)) this.dirsMade.add(p)
  }

  // createTarFile, in the staging directory.
  private create(entry: TarEntry, linkname: string, rel: string, real: string, staged: string, stagedIsDir: boolean): void {
    const mode = entry.mode & 0o7777
    try {
      switch (entry.type) {
        case '5':
          if (!stagedIsDir) mkdirSync(staged, {mode: mode & 0o777})
          this.dirsMade.add(rel)
          break
        case '0':
          this.file = {entry, fd: openSync(staged, constants.O_CREAT | constants.O_WRONLY | constants.O_TRUNC, mode & 0o777), real, staged}
          return
        case '3':
        case '4':
        case '6':
          makeNode(entry, staged, real, mode)
          break
        case '1':
          this.hardLink(linkname, real, staged)
          return
        case '2': {
          const target = goJoin(goDir(real), linkname)
          if (!within(target, this.dest)) throw new UnpackError(`invalid symlink ${goQuote(real)} -> ${goQuote(linkname)}`)
          try {
            symlinkSync(linkname, staged)
          } catch (error) {
            throw new UnpackError(goLinkErrorText('symlink', linkname, real, error))
          }
          break
        }
        default:
          throw new UnpackError(`unhandled tar header type ${entry.type.charCodeAt(0)}`)
      }
    } catch (error) {
      if (error instanceof UnpackError) throw error
      throw new UnpackError(opErrorText(entry, real, error))
    }
    this.applyMetadata(entry, real, staged)
  }

  private hardLink(linkname: string, real: string, staged: string): void {
    const target = goJoin(this.dest, linkname)
    if (!within(target, this.dest)) throw new UnpackError(`invalid hardlink ${goQuote(target)} -> ${goQuote(linkname)}`)
    const targetRel = goRel(this.dest, target)
    this.refuseSymlinkOnTheWay(targetRel, linkname)
    const stagedTarget = this.stagedPath(targetRel)
    try {
      // A target the archive did not bring may already be in the destination.
      linkSync(lstat(stagedTarget) ? stagedTarget : target, staged)
    } catch (error) {
      throw new UnpackError(goLinkErrorText('link', target, real, error))
    }
  }

  private applyMetadata(entry: TarEntry, real: string, staged: string): void {
    const mtime = boundTime(entry.mtime)
    const atime = boundTime(Math.max(entry.atime ?? Number.NEGATIVE_INFINITY, entry.mtime))
    if (entry.type === '2') {
      try {
        lutimesSync(staged, atime, mtime)
      } catch (error) {
        throw new UnpackError(goPathErrorText('lchtimes', real, error))
      }
      return
    }
    try {
      chmodSync(staged, entry.mode & 0o7777)
    } catch (error) {
      throw new UnpackError(goPathErrorText('chmod', real, error))
    }
    // Directory times are set last, once nothing more is created in them.
    if (entry.type === '5') {
      this.dirs.push({atime, mode: entry.mode & 0o7777, mtime, real})
      return
    }
    try {
      utimesSync(staged, atime, mtime)
    } catch (error) {
      throw new UnpackError(goPathErrorText('chtimes', real, error))
    }
  }

  private onData(chunk: Buffer): void {
    const file = this.file
    if (!file) return
    for (let offset = 0; offset < chunk.length; ) {
      try {
        offset += writeSync(file.fd, chunk, offset, chunk.length - offset)
      } catch (error) {
        throw new UnpackError(goPathErrorText('write', file.real, error))
      }
    }
  }

  private onEntryEnd(): void {
    const file = this.closeFile()
    if (file) this.applyMetadata(file.entry, file.real, file.staged)
  }

  private closeFile(): {entry: TarEntry; real: string; staged: string} | undefined {
    const file = this.file
    if (!file) return undefined
    this.file = undefined
    closeSync(file.fd)
    return file
  }

  // Moves the staged tree into the destination: new paths by rename, files over files by
  // rename (atomic), directories into directories by merging; then directory modes and times.
  private commit(): void {
    if (!this.stage) return
    mergeInto(this.stage, this.dest)
    rmSync(this.stage, {force: true, recursive: true})
    this.stage = undefined
    for (const dir of this.dirs) {
      try {
        chmodSync(dir.real, dir.mode)
        utimesSync(dir.real, dir.atime, dir.mtime)
      } catch (error) {
        throw new UnpackError(goPathErrorText('chtimes', dir.real, error))
      }
    }
  }
}

function mergeInto(stagedDir: string, realDir: string): void {
  for (const name of readdirSync(stagedDir)) {
    const staged = `${stagedDir}/${name}`
    const real = realDir === '/' ? `/${name}` : `${realDir}/${name}`
    // A directory the archive only implied may sit behind a symlink in the destination, as docker follows it.
    if (lstatSync(staged).isDirectory() && stat(real)?.isDirectory()) {
      mergeInto(staged, real)
      continue
    }
    try {
      renameSync(staged, real)
    } catch (error) {
      throw new UnpackError(goLinkErrorText('rename', staged, real, error))
    }
  }
}

function within(p: string, dir: string): boolean {
  return dir === '/' || p === dir || p.startsWith(`${dir}/`)
}

function lstat(p: string): Stats | undefined {
  try {
    return lstatSync(p)
  } catch {
    return undefined
  }
}

function stat(p: string): Stats | undefined {
  try {
    return statSync(p)
  } catch {
    return undefined
  }
}

// The error docker's createTarFile reports when making this entry fails.
function opErrorText(entry: TarEntry, real: string, error: unknown): string {
  switch (entry.type) {
    case '5':
      return goPathErrorText('mkdir', real, error)
    case '1':
      return goLinkErrorText('link', entry.linkname, real, error)
    case '2':
      return goLinkErrorText('symlink', entry.linkname, real, error)
    case '3':
    case '4':
    case '6':
      return goPathErrorText('mknod', real, error)
    default:
      return goPathErrorText('open', real, error)
  }
}

// Devices and FIFOs: Node has no mknod(2), so the system's mknod(1) makes them. child_process
// is loaded only then: it costs start-up time on every copy otherwise.
function makeNode(entry: TarEntry, staged: string, real: string, mode: number): void {
  const kind = entry.type === '3' ? 'c' : entry.type === '4' ? 'b' : 'p'
  const args = ['-m', mode.toString(8), staged, kind]
  if (kind !== 'p') args.push(String(entry.devmajor), String(entry.devminor))
  const {spawnSync} = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process')
  const result = spawnSync('mknod', args, {encoding: 'utf8'})
  if (result.status === 0) return
  const reason = /Operation not permitted/i.test(result.stderr ?? '') ? 'operation not permitted' : (result.stderr || String(result.error)).trim().split('\n').pop()
  throw new UnpackError(`mknod ${real}: ${reason}`)
}
