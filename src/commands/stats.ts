// `whalectl stats`: docker stats, byte for byte. Each container's stats stream is followed (or
// sampled once with --no-stream), the rows are rendered with docker's formatter, and in stream
// mode the screen is redrawn every 500 ms with docker 28's escape sequences.
import {setTimeout as delay} from 'node:timers/promises'

import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {cancelledBy, withInterrupt} from '../lib/cli/interrupt.js'
import {listFormatFlag} from '../lib/cli/list-flags.js'
import {type EventsWatch, StatsSet, watchAllContainers} from '../lib/container/stats-collector.js'
import {FormatError} from '../lib/format/formatter.js'
import {renderStats} from '../lib/format/stats-context.js'

const FLAGS: FlagSpec[] = [
  {description: 'Show all containers (default shows just running)', kind: 'bool', name: 'all', short: 'a'},
  listFormatFlag(),
  {description: 'Disable streaming stats and only pull the first result', kind: 'bool', name: 'no-stream'},
  {description: 'Do not truncate output', kind: 'bool', name: 'no-trunc'},
]

/** How often the table is redrawn (docker's ticker). */
const REFRESH_MS = 500

export interface StatsOptions {
  all: boolean
  noStream: boolean
  noTrunc: boolean
  format?: string
  containers: string[]
}

export function toStatsOptions(parsed: ParsedArgs): StatsOptions {
  const f = parsed.flags
  return {
    all: f.all as boolean,
    containers: parsed.args,
    format: f.format as string | undefined,
    noStream: f['no-stream'] as boolean,
    noTrunc: f['no-trunc'] as boolean,
  }
}

/**
 * One redraw as docker 28 writes it, terminal or not: cursor home, the table, then the same text
 * again line by line with an erase-to-end-of-line after a space, then erase-below. (docker 28
 * appends the erasing copy to the buffer it is reading, so the table goes out twice; on a
 * terminal the second copy lands on the first.)
 */
export function redrawFrame(table: string): string {
  const text = `\x1b[H${table}`
  const erased = text.split('\n').map((line) => `${line} \x1b[K\n`)
  return `${text}${erased.join('')}\x1b[J`
}

/** The engine's OS (`windows` changes the formulas and the table), as the daemon reports it. */
async function daemonOSType(ctx: CommandContext): Promise<string> {
  return (await ctx.engine().ping()).osType ?? ''
}

export async function runStats(ctx: CommandContext, opts: StatsOptions, signal: AbortSignal): Promise<void> {
  const engine = ctx.engine()
  const osType = await daemonOSType(ctx)
  const set = new StatsSet(engine, !opts.noStream, osType)
  const showAll = opts.containers.length === 0
  let events: EventsWatch | undefined
  // Cancelling ends every request; the rows turn invalid, as docker's cancelled context does.
  const closeAll = (): void => set.close(new Error('context canceled'))
  signal.addEventListener('abort', closeAll, {once: true})
  try {
    if (showAll) {
      events = await watchAllContainers(engine, set, opts.all, signal)
      await set.waitFirst()
    } else {
      for (const name of opts.containers) set.add(name)
      await set.waitFirst()
      if (signal.aborted) throw cancelledBy(signal)
      const errors = set.errors()
      if (errors.length > 0) throw new CliError(errors.map((e) => e.message).join('\n'))
    }
    const format = opts.format || ctx.config().statsFormat || 'table'
    const render = (): string => {
      try {
        return renderStats(format, set.entries(), osType, !opts.noTrunc)
      } catch (error) {
        throw error instanceof FormatError ? new CliError(error.message) : error
      }
    }
    if (opts.noStream) {
      ctx.stdout.write(render())
      return
    }
    for (;;) {
      // A signal cuts the wait short: one last frame, then the exit.
      await delay(REFRESH_MS, undefined, {signal}).catch(() => undefined)
      ctx.stdout.write(redrawFrame(render()))
      if (set.collectors.length === 0 && !showAll) return
      // docker 28 ends here only when it follows every container (its events request fails);
      // with named containers it ignores the signal (docker/cli#6090). We end either way.
      if (signal.aborted) throw cancelledBy(signal)
      const failure = events?.error
      if (failure !== undefined) {
        // A daemon going away mid-stream ends stats quietly; anything else is reported.
        if (failure.message === 'unexpected EOF') return
        throw failure
      }
    }
  } finally {
    signal.removeEventListener('abort', closeAll)
    events?.stop()
    set.close()
  }
}

export default class Stats extends DockerCommand {
  static override aliases = ['container:stats']
  static override argRule = {kind: 'min', n: 0} as const
  static override description = 'Display a live stream of container(s) resource usage statistics'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'stats [OPTIONS] [CONTAINER...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    const opts = toStatsOptions(parsed)
    await withInterrupt((signal) => runStats(ctx, opts, signal))
  }
}
