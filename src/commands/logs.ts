// `whalectl logs`: docker logs, byte for byte (DOCKER-CLI-BEHAVIOUR.md §4). The container is
// inspected first (its ID, and whether it has a TTY); the log stream is then copied as it comes:
// demultiplexed to stdout/stderr, or raw for a TTY container, with backpressure so that a huge
// log never piles up in memory.
import {constants} from 'node:os'

import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError, StatusError} from '../lib/cli/errors.js'
import {runUntilInterrupted} from '../lib/cli/interrupt.js'
import type {ContainerLogsOptions} from '../lib/engine/types.js'
import {getTimestamp, TimeArgError} from '../lib/format/time-args.js'
import {copyContainerOutput} from '../lib/streams/demux.js'

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

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE'
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
    await copyContainerOutput(body, container.Config?.Tty === true, ctx.stdout, ctx.stderr)
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
