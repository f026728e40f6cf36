// Writing a file so that it either appears whole or not at all: the data goes to a temporary file
// beside the target, which is renamed over the target only once everything has been written.
// `save -o` (moby/sys/atomicwriter) and config.json (configfile.Save) are written this way; a
// failed or interrupted write leaves the target as it was and no temporary file behind.
import {randomInt} from 'node:crypto'
import {writeSync} from 'node:fs'
import {chmod, chown, type FileHandle, lstat, open, rename, stat, unlink} from 'node:fs/promises'
import path from 'node:path'

import {goPathErrorText} from './path-error.js'

/** A destination atomicwriter refuses; the message is Go's. */
export class DestinationError extends Error {}

/** Go's filepath.Dir: everything before the last separator, cleaned (`x/` → `x`, `x` → `.`). */
function goDir(file: string): string {
  const cut = file.lastIndexOf('/')
  const dir = path.posix.normalize(file.slice(0, cut + 1))
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir
}

/**
 * atomicwriter's validateDestination: the directory must exist, and the target, if it exists,
 * must be a regular file (not a directory, symlink, FIFO, socket or device).
 */
export async function validateDestination(file: string): Promise<void> {
  if (file === '') throw new DestinationError('file name is empty')
  const dir = goDir(file)
  if (dir !== '.' && dir !== '..') {
    let isDir: boolean
    try {
      isDir = (await stat(dir)).isDirectory()
    } catch (error) {
      throw new DestinationError(`invalid output path: ${await goPathErrorText('stat', dir, error)}`)
    }
    if (!isDir) throw new DestinationError(`invalid output path: stat ${dir}: not a directory`)
  }
  let info
  try {
    info = await lstat(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw new DestinationError(`failed to stat output path: ${await goPathErrorText('lstat', file, error)}`)
  }
  if (info.isFile()) return
  if (info.isDirectory()) throw new DestinationError('cannot write to a directory')
  if (info.isSymbolicLink()) throw new DestinationError('cannot write to a symbolic link directly')
  if (info.isFIFO()) throw new DestinationError('cannot write to a named pipe (FIFO)')
  if (info.isSocket()) throw new DestinationError('cannot write to a socket')
  if (info.isCharacterDevice()) throw new DestinationError('cannot write to a character device file')
  throw new DestinationError('cannot write to a block device file')
}

/** A temporary file beside its target, renamed over it by `commit`, removed by `discard`. */
export class AtomicFile {
  readonly tempPath: string
  readonly target: string
  #handle: FileHandle | undefined
  #bytes = 0
  #settled = false

  private constructor(handle: FileHandle, tempPath: string, target: string) {
    this.#handle = handle
    this.tempPath = tempPath
    this.target = target
  }

  /**
   * Go's os.CreateTemp(dir of target, pattern): `<pattern><random digits>`, created exclusively
   * with mode 0600.
   */
  static async create(target: string, pattern: string): Promise<AtomicFile> {
    const dir = path.dirname(path.resolve(target))
    for (;;) {
      const tempPath = path.join(dir, `${pattern}${randomInt(2 ** 32)}`)
      try {
        return new AtomicFile(await open(tempPath, 'wx', 0o600), tempPath, target)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
    }
  }

  /** Bytes written so far. */
  get bytesWritten(): number {
    return this.#bytes
  }

  /** Copies `source` to the temporary file, one chunk at a time: memory stays bounded whatever the size. */
  async writeFrom(source: NodeJS.ReadableStream): Promise<void> {
    for await (const chunk of source as AsyncIterable<Buffer | string>) await this.write(chunk)
  }

  /** Writes `data` whole before returning (for a caller handed reused buffers). */
  writeSync(data: Buffer): void {
    const fd = this.#open().fd
    for (let offset = 0; offset < data.length; ) {
      const written = writeSync(fd, data, offset)
      offset += written
      this.#bytes += written
    }
  }

  async write(data: string | Buffer): Promise<void> {
    const buffer = typeof data === 'string' ? Buffer.from(data) : data
    const handle = this.#open()
    for (let offset = 0; offset < buffer.length; ) {
      const {bytesWritten} = await handle.write(buffer, offset)
      offset += bytesWritten
      this.#bytes += bytesWritten
    }
  }

  /**
   * Renames the temporary file over the target (or, for a symlink, over what it points to, as
   * configfile.Save does with `followLinks`), after setting its mode and owner.
   */
  async commit(opts: {mode?: number; owner?: {uid: number; gid: number}; sync?: boolean; to?: string} = {}): Promise<void> {
    const handle = this.#open()
    try {
      if (opts.sync) await handle.sync()
      await handle.close()
      this.#handle = undefined
      // Like Go's os.Chown here, a failure to hand the file to its old owner is not fatal.
      if (opts.owner) await chown(this.tempPath, opts.owner.uid, opts.owner.gid).catch(() => {})
      if (opts.mode !== undefined) await chmod(this.tempPath, opts.mode)
      await rename(this.tempPath, opts.to ?? this.target)
      this.#settled = true
    } catch (error) {
      await this.discard()
      throw error
    }
  }

  /** Closes and removes the temporary file; the target is left as it was. */
  async discard(): Promise<void> {
    if (this.#settled) return
    this.#settled = true
    const handle = this.#handle
    this.#handle = undefined
    await handle?.close().catch(() => {})
    await unlink(this.tempPath).catch(() => {})
  }

  #open(): FileHandle {
    if (this.#handle === undefined) throw new Error(`${this.tempPath}: file already closed`)
    return this.#handle
  }
}
