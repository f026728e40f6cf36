// moby/sys/atomicwriter, which `docker export -o` and `docker save -o` write through: the output
// is checked first (its directory must exist; directories, symlinks, FIFOs, sockets and devices
// are refused in docker's words), written to a temporary file beside it, and renamed over it at
// the end. Unlike atomicwriter, a copy that fails half-way is dropped rather than renamed into
// place: nothing half-done is left at the destination.
import {chmodSync, closeSync, fsyncSync, lstatSync, openSync, renameSync, rmSync, type Stats, statSync, writeSync} from 'node:fs'

import {errnoCode, goLinkErrorText, goPathErrorText} from './go-fs-errors.js'
import {goAbs, goBase, goDir} from './paths.js'

export class AtomicFileError extends Error {}

/** atomicwriter's validateDestination. */
export function validateAtomicDestination(fileName: string): void {
  if (fileName === '') throw new AtomicFileError('file name is empty')
  const dir = goDir(fileName)
  if (dir !== '' && dir !== '.' && dir !== '..') {
    let stat: Stats
    try {
      stat = statSync(dir)
    } catch (error) {
      throw new AtomicFileError(`invalid output path: ${goPathErrorText('stat', dir, error)}`)
    }
    if (!stat.isDirectory()) throw new AtomicFileError(`invalid output path: stat ${dir}: not a directory`)
  }
  let stat: Stats
  try {
    stat = lstatSync(fileName)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return
    throw new AtomicFileError(`failed to stat output path: ${goPathErrorText('lstat', fileName, error)}`)
  }
  if (stat.isFile()) return
  if (stat.isDirectory()) throw new AtomicFileError('cannot write to a directory')
  if (stat.isSymbolicLink()) throw new AtomicFileError('cannot write to a symbolic link directly')
  if (stat.isFIFO()) throw new AtomicFileError('cannot write to a named pipe (FIFO)')
  if (stat.isSocket()) throw new AtomicFileError('cannot write to a socket')
  if (stat.isCharacterDevice()) throw new AtomicFileError('cannot write to a character device file')
  throw new AtomicFileError('cannot write to a block device file')
}

/** A file written under a temporary name and renamed into place by `commit`. */
export class AtomicFile {
  private written = false

  private constructor(
    private readonly target: string,
    private readonly perm: number,
    private readonly temp: string,
    private fd: number | undefined,
  ) {}

  /** Checks `target` as atomicwriter.New does, then opens the temporary file beside it. */
  static create(target: string, perm: number, cwd: string): AtomicFile {
    validateAtomicDestination(target)
    const abs = goAbs(target, cwd)
    // os.CreateTemp's name: the pattern, then a random decimal number.
    for (let attempt = 0; ; attempt++) {
      const temp = `${goDir(abs)}/.tmp-${goBase(target)}${Math.floor(Math.random() * 2 ** 32)}`
      try {
        return new AtomicFile(abs, perm, temp, openSync(temp, 'wx', 0o600))
      } catch (error) {
        if (errnoCode(error) === 'EEXIST' && attempt < 10000) continue
        throw new AtomicFileError(goPathErrorText('open', temp, error))
      }
    }
  }

  write(chunk: Buffer): void {
    this.written = true
    for (let offset = 0; offset < chunk.length; ) {
      try {
        offset += writeSync(this.fd as number, chunk, offset, chunk.length - offset)
      } catch (error) {
        throw new AtomicFileError(goPathErrorText('write', this.temp, error))
      }
    }
  }

  /** Syncs, sets the mode and renames the file into place (nothing is created when nothing was written). */
  commit(): void {
    const fd = this.fd as number
    this.fd = undefined
    const step = (op: string, action: () => void): void => {
      try {
        action()
      } catch (error) {
        throw new AtomicFileError(op === 'rename' ? goLinkErrorText(op, this.temp, this.target, error) : goPathErrorText(op, this.temp, error))
      }
    }
    try {
      step('sync', () => fsyncSync(fd))
      step('close', () => closeSync(fd))
      step('chmod', () => chmodSync(this.temp, this.perm))
      if (this.written) step('rename', () => renameSync(this.temp, this.target))
    } finally {
      rmSync(this.temp, {force: true})
    }
  }

  /** Drops the temporary file. */
  discard(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
    rmSync(this.temp, {force: true})
  }
}
