// Request bodies for archives sent to the engine (load, import). A file is read in 1 MiB pieces:
// each piece costs the HTTP writer the same whatever its size, and node reads files 64 KiB at a
// time; a 256 MiB archive sent in 1 MiB pieces took about half the CPU time. A pipe delivers what
// it holds (64 KiB at most) and is passed on as it comes: regrouping it cost as much CPU as it
// saved, and more memory.
import {createReadStream, fstatSync} from 'node:fs'
import {open} from 'node:fs/promises'
import {Readable} from 'node:stream'

/** The size of the pieces a file is sent in. */
export const UPLOAD_PIECE = 1 << 20

/** Our stdin as a request body: a regular file (`< image.tar`) is read from its descriptor directly. */
export function uploadBody(source: NodeJS.ReadableStream): Readable {
  const fd = (source as {fd?: unknown}).fd
  if (typeof fd === 'number' && isRegularFile(fd)) return createReadStream('', {autoClose: false, fd, highWaterMark: UPLOAD_PIECE})
  return source instanceof Readable ? source : Readable.from(source as AsyncIterable<Buffer>, {objectMode: false})
}

/** A file opened now (so a bad path fails before the engine is asked), read in large pieces. */
export async function openUpload(file: string): Promise<Readable> {
  return (await open(file, 'r')).createReadStream({highWaterMark: UPLOAD_PIECE})
}

function isRegularFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile()
  } catch {
    return false
  }
}
