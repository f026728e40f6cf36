// `whalectl logs`: docker logs, byte for byte (DOCKER-CLI-BEHAVIOUR.md §4). The container is
// inspected first (its ID, and whether it has a TTY); the log stream is then copied as it comes:
// demultiplexed to stdout/stderr, or raw for a TTY container, with backpressure so that a huge
// log never piles up in memory.
import {constants} from 'node:os'

import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext, OutStream} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError, StatusError} from '../lib/cli/errors.js'
import {runUntilInterrupted} from '../lib/cli/interrupt.js'
import type {ContainerLogsOptions} from '../lib/engine/types.js'
import {getTimestamp, TimeArgError} from '../lib/format/time-args.js'
import {type DemuxPiece, FrameDecoder} from '../lib/streams/demux.js'

const FLAGS: FlagSpec[] = [
  {description: 'Show extra details provided to logs', kind: 'bool', name: 'details'},
  {description: 'Follow log output', kind: 'bool', name: 'follow', short: 'f'},
  {
    description: 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    kind: 'string',
    name: 'since',
    valueName: 'string',
  },
  {default: 'all', description: 'Number of lines to show from the end of the logs', kind: 'string', name: 'tail', short: 'n', valueName: 'string'},
  {description: 'Show timestamps', kind: 'bool', name: 'timestamps', short: 't'},
  {
    description: 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    kind: 'string',
    name: 'until',
    valueName: 'string',
  },
]

export interface LogsOptions {
  container: string
  follow: boolean
  since?: string
  until?: string
  timestamps: boolean
  details: boolean
  /** Sent as typed; the engine reads anything but a number as "all". */
  tail: string
}

export function toLogsOptions(parsed: ParsedArgs): LogsOptions {
  const f = parsed.flags
  return {
    container: parsed.args[0] ?? '',
    details: f.details as boolean,
    follow: f.follow as boolean,
    since: f.since as string | undefined,
    tail: f.tail as string,
    timestamps: f.timestamps as boolean,
    until: f.until as string | undefined,
  }
}


/** The engine's logs options for these flags; since/until are converted against `nowMs`. */
export function logsOptionsFor(opts: LogsOptions, nowMs: number): ContainerLogsOptions {
  const convert = (name: 'since' | 'until', value: string | undefined): string | undefined => {
    if (value === undefined || value === '') return undefined
    try {
      return getTimestamp(value, {nowMs})
    } catch (error) {
      if (error instanceof TimeArgError) throw new CliError(`invalid value for "${name}": ${error.message}`)
      throw error
    }
  }
  return {
    details: opts.details,
    follow: opts.follow,
    since: convert('since', opts.since),
    stderr: true,
    stdout: true,
    tail: opts.tail,
    timestamps: opts.timestamps,
    until: convert('until', opts.until),
  }
}

// ---- Copying the log ----

/** Where a log goes; `write` returns false when the destination wants us to wait for 'drain'. */
interface LogSink {
  write(chunk: Buffer): boolean
  once(event: 'drain' | 'error', listener: (error?: Error) => void): unknown
}

function sinkOf(out: OutStream): LogSink {
  const stream = out as OutStream & Partial<LogSink>
  if (typeof stream.once === 'function') return stream as LogSink
  // A bare writer (tests): it never asks us to wait.
  return {
    once: () => undefined,
    write: (chunk) => {
      out.write(chunk)
      return true
    },
  }
}

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE'
}

/**
 * Copies a log body to its destinations as it arrives. A multiplexed body is decoded frame by
 * frame, and each run of same-stream frames in a network chunk is written at once: a log of
 * short lines comes as thousands of tiny frames, and one write per frame costs more than the
 * rest of the copy. When a destination is full, reading pauses until it drains.
 */
export function pumpLog(body: NodeJS.ReadableStream, tty: boolean, stdout: LogSink, stderr: LogSink): Promise<void> {
  return new Promise((resolve, reject) => {
    const decoder = new FrameDecoder()
    // Destinations we wait on; reading resumes once all have drained.
    const full = new Set<LogSink>()
    const write = (dest: LogSink, data: Buffer): void => {
      if (dest.write(data) || full.has(dest)) return
      full.add(dest)
      body.pause()
      dest.once('drain', () => {
        full.delete(dest)
        if (full.size === 0) body.resume()
      })
    }
    let failed = false
    const fail = (error: unknown): void => {
      if (failed) return
      failed = true
      ;(body as {destroy?: () => void}).destroy?.()
      reject(error)
    }
    body.on('data', (chunk: Buffer) => {
      if (failed) return
      try {
        if (tty) {
          write(stdout, chunk)
          return
        }
        const pieces = decoder.push(chunk)
        const toStderr = (i: number): boolean => (pieces[i] as DemuxPiece).stream === 2
        let start = 0
        while (start < pieces.length) {
          let end = start + 1
          while (end < pieces.length && toStderr(end) === toStderr(start)) end++
          const data = end - start === 1 ? (pieces[start] as DemuxPiece).data : Buffer.concat(pieces.slice(start, end).map((p) => p.data))
          write(toStderr(start) ? stderr : stdout, data)
          start = end
        }
        if (decoder.error) fail(decoder.error)
      } catch (error) {
        fail(error)
      }
    })
    let ended = false
    body.once('end', () => {
      ended = true
      if (failed) return
      try {
        decoder.end()
        resolve()
      } catch (error) {
        fail(error)
      }
    })
    // The connection dropping mid-body is Go's io.ErrUnexpectedEOF.
    body.once('error', () => fail(new CliError('unexpected EOF')))
    body.once('aborted', () => fail(new CliError('unexpected EOF')))
    body.once('close', () => {
      if (!ended) fail(new CliError('unexpected EOF'))
    })
    for (const dest of [stdout, stderr]) dest.once('error', fail)
  })
}

export async function runLogs(ctx: CommandContext, opts: LogsOptions, signal?: AbortSignal): Promise<void> {
  const name = opts.container.trim()
  if (name === '') throw new CliError('invalid container name or ID: value is empty')
  const engine = ctx.engine()
  const container = await engine.containerInspect(name)
  const query = logsOptionsFor(opts, ctx.now())
  if (signal?.aborted) return
  // docker's client trims the inspected ID again before asking for the log (an empty one is refused).
  const body = await engine.containerLogs(container.Id ?? '', query)
  const stop = (): void => {
    body.destroy()
  }
  signal?.addEventListener('abort', stop, {once: true})
  if (signal?.aborted) stop()
  try {
    await pumpLog(body, container.Config?.Tty === true, sinkOf(ctx.stdout), sinkOf(ctx.stderr))
  } catch (error) {
    if (signal?.aborted) return
    // `| head` went away: docker dies of SIGPIPE there, quietly.
    if (isBrokenPipe(error)) throw new StatusError('', 128 + constants.signals.SIGPIPE)
    throw error
  } finally {
    signal?.removeEventListener('abort', stop)
    body.destroy()
  }
}

export default class Logs extends DockerCommand {
  static override aliases = ['container:logs']
  static override argRule = {kind: 'exact', n: 1} as const
  static override description = 'Fetch the logs of a container'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'logs [OPTIONS] CONTAINER'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    const opts = toLogsOptions(parsed)
    await runUntilInterrupted((signal) => runLogs(ctx, opts, signal))
  }
}
