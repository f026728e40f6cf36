// Remote build contexts (DOCKER-CLI-BEHAVIOUR.md §5.3). docker downloads an http(s) URL itself,
// showing its own download progress on stdout, and then treats the bytes like stdin: a (possibly
// compressed) tar is the context, anything else is the Dockerfile. Git URLs are cloned with the
// local git (src/lib/build/git-context.ts).
import {Readable, Transform} from 'node:stream'

import type {OutStream} from '../cli/context.js'
import {CliError} from '../cli/errors.js'
import {formatProgress} from '../streams/progress.js'

/** urlutil.IsURL */
export function isURL(s: string): boolean {
  return s.startsWith('http://') || s.startsWith('https://')
}

/** urlutil.IsGitURL: `….git` (optionally `#ref:dir`) over http(s), or a git://, git@, github.com/ prefix. */
export function isGitURL(s: string): boolean {
  if (isURL(s) && /\.git(?:#.+)?$/.test(s)) return true
  return ['git://', 'github.com/', 'git@'].some((prefix) => s.startsWith(prefix))
}

const UPDATE_EVERY = 512 * 1024
const RATE_LIMIT_MS = 100

/**
 * docker's progress.Reader with the raw progress formatter, as used for the download: an update
 * every 1% (at most every 512 KiB), at most one per 100 ms unless it completes the download, and
 * the last one followed by the formatter's `\r\n`. Unlike the upload line these updates are
 * printed on a pipe too.
 *
 * Go's HTTP client returns io.EOF together with the last bytes when it can: always when the
 * length is known, and for a chunked body when the terminating chunk came in the same read.
 * That read prints its update (the full count) and no empty read follows, so the line is printed
 * once, without the `\r\n`. Only when the end of the body comes in a read of its own does the
 * count print again as the last update. Here "the same read" is the same turn of the event loop.
 */
export function downloadProgress(
  out: OutStream,
  action: string,
  size: number,
  width: () => number,
  clock: () => number = Date.now,
): Transform {
  let current = 0
  let lastUpdate = 0
  let lastAllowed = Number.NEGATIVE_INFINITY
  const increment = size > 0 ? Math.min(UPDATE_EVERY, Math.trunc(0.01 * size)) : UPDATE_EVERY
  const write = (last: boolean): void => {
    const now = clock()
    // rate.Limiter(every 100 ms, burst 1) is asked only when nothing else forces the update.
    if (!last && current !== size) {
      if (now - lastAllowed < RATE_LIMIT_MS) return
      lastAllowed = now
    }
    const text = formatProgress({current, total: size}, width(), now)
    out.write(`${action} ${text}\r${text === '' ? '\n' : ''}`)
    if (last) out.write('\r\n')
  }
  // Whether the latest chunk arrived in this turn of the event loop, and whether it was reported.
  let chunkThisTurn = false
  let chunkReported = false
  return new Transform({
    flush(callback) {
      if (size > 0 && current >= size) {
        // The read that completed the known length carried EOF; it has been reported.
      } else if (chunkThisTurn) {
        // EOF came with the last chunk: Go reports that read (err != nil), not an empty one.
        if (!chunkReported) write(false)
      } else {
        write(true)
      }
      callback()
    },
    transform(chunk: Buffer, _encoding, callback) {
      current += chunk.length
      chunkReported = current - lastUpdate > increment || (size > 0 && current >= size)
      if (chunkReported) {
        write(false)
        lastUpdate = current
      }
      if (!chunkThisTurn) {
        chunkThisTurn = true
        setImmediate(() => {
          chunkThisTurn = false
        })
      }
      callback(null, chunk)
    },
  })
}

// Go's http.Response.Status: the code and the reason phrase the server sent.
function statusText(code: number, message: string | undefined): string {
  return message ? `${code} ${message}` : String(code)
}

/**
 * Fetches `url` as docker's getWithStatusError does: redirects followed, a status of 400 or more
 * is an error quoting the body. Errors read `unable to prepare context: unable to download …`.
 */
export async function downloadContext(url: string, out: OutStream, width: () => number): Promise<Readable> {
  const {got} = await import('got')
  const prefix = `unable to prepare context: unable to download remote context ${url}`
  const stream = got.stream(url, {decompress: false, retry: {limit: 0}, throwHttpErrors: false})
  const response = await new Promise<{statusCode: number; statusMessage?: string; headers: Record<string, unknown>}>((resolve, reject) => {
    stream.once('response', resolve)
    stream.once('error', reject)
  }).catch((error: unknown) => {
    throw new CliError(`${prefix}: Get "${url}": ${(error as Error).message}`)
  })
  if (response.statusCode >= 400) {
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8').trim()
    throw new CliError(`${prefix}: failed to GET ${url} with status ${statusText(response.statusCode, response.statusMessage)}: ${body}`)
  }
  const length = Number(response.headers['content-length'] ?? -1)
  const progress = downloadProgress(out, `Downloading build context from remote url: ${url}`, Number.isFinite(length) ? length : -1, width)
  stream.on('error', (error: Error) => progress.destroy(error))
  return stream.pipe(progress)
}
