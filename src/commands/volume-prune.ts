// `whalectl volume prune`: docker volume prune. Engines from API 1.42 remove only anonymous
// volumes unless -a asks for all (sent as the `all=true` filter); older engines remove every
// unused volume, so docker warns about all of them there, and -a needs API 1.42. Without -f it
// asks first (src/lib/cli/prune.ts); the volumes removed and the space reclaimed follow.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {requireFlagApiVersion} from '../lib/cli/flag-versions.js'
import {parseFilters} from '../lib/cli/filters.js'
import {filterFlag} from '../lib/cli/list-flags.js'
import {confirmThenPrune, deletedSection, withConfigPruneFilters} from '../lib/cli/prune.js'
import type {Filters} from '../lib/engine/types.js'
import {compareVersions} from '../lib/engine/version.js'
import {humanSize} from '../lib/format/humanize.js'

const FLAGS: FlagSpec[] = [
  {description: 'Remove all unused volumes, not just anonymous ones', kind: 'bool', name: 'all', short: 'a'},
  filterFlag('Provide filter values (e.g. "label=<label>")'),
  {description: 'Do not prompt for confirmation', kind: 'bool', name: 'force', short: 'f'},
]

const UNUSED_WARNING = 'WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue?'
const ALL_WARNING = 'WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?'

export interface VolumePruneOptions {
  all: boolean
  force: boolean
  filters: Filters
  changed: ReadonlySet<string>
}

/** The filters sent and the warning shown, by the engine's API version (docker's runPrune). */
export function volumePrunePlan(filters: Filters, all: boolean, apiVersion: string): {filters: Filters; warning: string} {
  if (compareVersions(apiVersion, '1.42') < 0) return {filters, warning: ALL_WARNING}
  if (!all) return {filters, warning: UNUSED_WARNING}
  if (filters.all !== undefined) throw new CliError('conflicting options: cannot specify both --all and --filter all=1')
  return {filters: {...filters, all: ['true']}, warning: ALL_WARNING}
}

/** docker's report: the removed volumes under a heading and a blank line, then the space reclaimed. */
export function volumePruneReport(deleted: readonly string[] | null | undefined, spaceReclaimed: number | undefined): string {
  if (!deleted || deleted.length === 0) return 'Total reclaimed space: 0B\n'
  return `${deletedSection('Deleted Volumes:', deleted)}\nTotal reclaimed space: ${humanSize(spaceReclaimed ?? 0)}\n`
}

export async function runVolumePrune(ctx: CommandContext, opts: VolumePruneOptions): Promise<void> {
  await requireFlagApiVersion(ctx, opts.changed, 'all', '1.42')
  const engine = ctx.engine()
  const configured = withConfigPruneFilters(opts.filters, ctx.config().pruneFilters)
  const {filters, warning} = volumePrunePlan(configured, opts.all, await engine.apiVersion())
  const report = await confirmThenPrune(ctx, {force: opts.force, warning}, (signal) => engine.volumesPrune({filters, signal}))
  ctx.stdout.write(volumePruneReport(report?.VolumesDeleted, report?.SpaceReclaimed))
}

export default class VolumePrune extends DockerCommand {
  static override argRule = {kind: 'none'} as const
  static override description = 'Remove unused local volumes'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'volume prune [OPTIONS]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runVolumePrune(ctx, {
      all: parsed.flags.all as boolean,
      changed: parsed.changed,
      filters: parseFilters(parsed.flags.filter as string[]),
      force: parsed.flags.force as boolean,
    })
  }
}
