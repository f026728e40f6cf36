// What `docker cp` decides before any byte moves (moby/go-archive copy.go and docker/cli's
// ValidateOutputPath): what the source and the destination are, which directory the archive is
// extracted into, and how its entries are renamed so that `cp SRC DST` gives DST its name.
// Errors are docker's texts.
import {lstatSync, readlinkSync, type Stats, statSync} from 'node:fs'

import {goQuote} from '../format/go-print.js'
import {errnoCode, goPathErrorText} from './go-fs-errors.js'
import {assertsDirectory, goBase, goClean, goDir, goJoin, getRebaseName, goSplit, hasTrailingSeparator, splitPathDirEntry} from './paths.js'

/** A refusal docker words itself (`cannot copy directory`, `invalid output path: …`). */
export class CopyError extends Error {}

/** moby's CopyInfo. */
export interface CopyInfo {
  path: string
  exists: boolean
  isDir: boolean
  /** The name the source's base takes in the archive ('' for its own). */
  rebaseName: string
}

/** Go's os.FileMode bits, as the engine's X-Docker-Container-Path-Stat header carries them. */
export const GO_MODE = {
  device: 1 << 26,
  dir: 2 ** 31,
  irregular: 1 << 19,
  symlink: 1 << 27,
} as const

export const isGoDir = (mode: number): boolean => mode >= GO_MODE.dir
export const isGoSymlink = (mode: number): boolean => (mode & GO_MODE.symlink) !== 0

/** ValidateOutputPathFileMode: what a copy may not write to, by Go file mode. */
export function fileModeProblem(mode: number): string | undefined {
  if ((mode & GO_MODE.device) !== 0) return 'got a device'
  if ((mode & GO_MODE.irregular) !== 0) return 'got an irregular file'
  return undefined
}

/** docker's ValidateOutputPath for a host destination: its directory exists, and it is no device. */
export function validateOutputPath(p: string): void {
  const dir = goDir(goClean(p))
  if (dir !== '' && dir !== '.' && tryStat(dir).error === 'ENOENT') {
    throw new CopyError(`invalid output path: directory ${goQuote(dir)} does not exist`)
  }
  const {stat, error, cause} = tryStat(p)
  if (error === 'ENOENT') return
  if (!stat) throw new CopyError(goPathErrorText('stat', p, cause))
  if (stat.isBlockDevice() || stat.isCharacterDevice()) throw new CopyError(`invalid output path: ${goQuote(p)} must be a directory or a regular file: got a device`)
}

function tryStat(p: string): {stat?: Stats; error?: string; cause?: unknown} {
  try {
    return {stat: statSync(p)}
  } catch (cause) {
    return {cause, error: errnoCode(cause) ?? 'unknown'}
  }
}

/**
 * CopyInfoDestinationPath: a local destination with its symlinks followed (at most 10); one
 * that does not exist needs an existing parent directory.
 */
export function copyInfoDestinationPath(original: string): CopyInfo {
  let p = original
  let stat: Stats | undefined
  let error: unknown
  const lstatNow = (): void => {
    try {
      stat = lstatSync(p)
      error = undefined
    } catch (e) {
      stat = undefined
      error = e
    }
  }
  lstatNow()
  for (let n = 0; stat?.isSymbolicLink(); n++) {
    if (n > 10) throw new CopyError(`too many symlinks in ${original}`)
    let target: string
    try {
      target = readlinkSync(p)
    } catch (e) {
      throw new CopyError(goPathErrorText('readlink', p, e))
    }
    p = target.startsWith('/') ? target : goJoin(splitPathDirEntry(p)[0], target)
    lstatNow()
  }
  if (stat) return {exists: true, isDir: stat.isDirectory(), path: p, rebaseName: ''}
  if (errnoCode(error) !== 'ENOENT') throw new CopyError(goPathErrorText('lstat', p, error))
  const [parent] = splitPathDirEntry(p)
  let parentStat: Stats
  try {
    parentStat = statSync(parent)
  } catch (e) {
    throw new CopyError(goPathErrorText('stat', parent, e))
  }
  if (!parentStat.isDirectory()) throw new CopyError('not a directory')
  return {exists: false, isDir: false, path: p, rebaseName: ''}
}

/**
 * CopyInfoSourcePath: a local source, symlinks before its last element resolved (all of them
 * with -L); it must exist.
 */
export async function copyInfoSourcePath(p: string, followLink: boolean): Promise<CopyInfo> {
  // Loaded here: only a copy into a container needs it, and the module is costly to load.
  const {evalSymlinks} = await import('../build/context.js')
  let resolved: string
  let rebaseName = ''
  try {
    if (followLink) {
      ;[resolved, rebaseName] = getRebaseName(p, await evalSymlinks(p))
    } else {
      const [dir, base] = goSplit(p)
      resolved = `${await evalSymlinks(dir)}/${base}`
      if (hasTrailingSeparator(p) && goBase(p) !== goBase(resolved)) rebaseName = goBase(p)
    }
  } catch (error) {
    throw new CopyError((error as Error).message)
  }
  let stat: Stats
  try {
    stat = lstatSync(resolved)
  } catch (error) {
    throw new CopyError(goPathErrorText('lstat', resolved, error))
  }
  return {exists: true, isDir: stat.isDirectory(), path: resolved, rebaseName}
}

/** What PrepareArchiveCopy decided: where to extract, and the entry rename, if any. */
export interface PreparedCopy {
  dstDir: string
  rename?: readonly [oldBase: string, newBase: string]
}

/** PrepareArchiveCopy: the directory to extract into and how the source's entries are renamed. */
export function prepareArchiveCopy(src: CopyInfo, dst: CopyInfo): PreparedCopy {
  const [dstDir, dstBase] = splitPathDirEntry(dst.path)
  const srcBase = src.rebaseName !== '' ? src.rebaseName : splitPathDirEntry(src.path)[1]
  if (dst.exists && dst.isDir) return {dstDir: dst.path}
  if (dst.exists && src.isDir) throw new CopyError('cannot copy directory')
  if (!dst.exists && !src.isDir && assertsDirectory(dst.path)) throw new CopyError('no such directory')
  return {dstDir, rename: [srcBase, dstBase]}
}
