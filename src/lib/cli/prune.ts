// What docker's prune commands share: the confirmation prompt they show without -f, the
// filters config.json's `pruneFilters` adds to the ones given on the command line, and the
// wording of an engine answer that does not decode.
import {DecodeError} from '../engine/errors.js'
import type {Filters} from '../engine/types.js'
import type {InStream, OutStream} from '../io.js'
import {CliError, StatusError} from './errors.js'
import {withInterrupt} from './interrupt.js'

/**
 * One kind's part of a prune report: the heading and the removed IDs or names, a line each; empty
 * when nothing went. The prune commands and `system prune` all print it so.
 */
export function deletedSection(heading: string, deleted: readonly string[] | null | undefined): string {
  return deleted && deleted.length > 0 ? `${heading}\n${deleted.map((item) => `${item}\n`).join('')}` : ''
}

/** bufio.Scanner gives up on a line longer than this, and docker then reads no answer at all. */
const MAX_LINE = 64 * 1024

/**
 * The first line of `input` (without its end of line), or undefined when there is none: what
 * docker's bufio.Scanner reads for an answer. Resolves early, with undefined, when `signal` fires.
 */
function readLine(input: InStream, signal: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    let text = ''
    const finish = (line: string | undefined): void => {
      input.removeListener('data', onData)
      input.removeListener('end', onEnd)
      input.removeListener('error', onEnd)
      signal.removeEventListener('abort', onAbort)
      input.pause()
      resolve(line)
    }
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString()
      const newline = text.indexOf('\n')
      if (newline !== -1) finish(newline > MAX_LINE ? undefined : text.slice(0, newline).replace(/\r$/, ''))
      else if (text.length > MAX_LINE) finish(undefined)
    }
    const onEnd = (): void => finish(text === '' ? undefined : text.replace(/\r$/, ''))
    const onAbort = (): void => finish(undefined)
    input.on('data', onData)
    input.once('end', onEnd)
    input.once('error', onEnd)
    signal.addEventListener('abort', onAbort, {once: true})
    if (signal.aborted) onAbort()
    input.resume()
  })
}

/**
 * docker's prompt.Confirm: prints `message [y/N] ` on stdout and reads one line, whether or not
 * stdin is a terminal; only `y` or `Y` (spaces around allowed) confirms. A declined prompt ends
 * the command with exit 0 and nothing more printed, as docker's cancelled errors do; so does
 * SIGINT/SIGTERM while it waits, after a newline.
 */
export async function confirmOrCancel(io: {stdin: InStream; stdout: OutStream}, message: string, signal: AbortSignal): Promise<void> {
  io.stdout.write(`${message} [y/N] `)
  const answer = await readLine(io.stdin, signal)
  if (signal.aborted) {
    io.stdout.write('\n')
    throw new StatusError('', 0)
  }
  if (answer?.trim().toLowerCase() !== 'y') throw new StatusError('', 0)
}

/**
 * command.PruneFilters: config.json's `pruneFilters` (`key=value` each) added to the command
 * line's. As docker does it, a `label` (or `label!`) default is added only when the command line
 * has `label!` (or `label`) values and not that very one.
 */
export function withConfigPruneFilters(filters: Filters, configured: readonly string[] | undefined): Filters {
  const out: Filters = Object.fromEntries(Object.entries(filters).map(([key, values]) => [key, [...values]]))
  // filters.Args.ExactMatch: true when the key has no values at all.
  const exactMatch = (key: string, value: string): boolean => {
    const values = out[key] ?? []
    return values.length === 0 || values.includes(value)
  }
  for (const entry of configured ?? []) {
    const eq = entry.indexOf('=')
    if (eq === -1) continue
    const key = entry.slice(0, eq)
    const value = entry.slice(eq + 1)
    if (key === 'label' && exactMatch('label!', value)) continue
    if (key === 'label!' && exactMatch('label', value)) continue
    const values = (out[key] ??= [])
    if (!values.includes(value)) values.push(value)
  }
  return out
}

/**
 * A prune as docker runs it: the prompt unless `force`, then `prune` with a signal SIGINT/SIGTERM
 * abort; an answer that does not decode is reported in the words of docker's API client.
 */
export async function confirmThenPrune<T>(
  io: {stdin: InStream; stdout: OutStream},
  opts: {force: boolean; warning: string},
  prune: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return withInterrupt(async (signal) => {
    if (!opts.force) await confirmOrCancel(io, opts.warning, signal)
    try {
      return await prune(signal)
    } catch (error) {
      if (error instanceof DecodeError) throw new CliError(`Error retrieving disk usage: ${error.message}`)
      throw error
    }
  })
}
