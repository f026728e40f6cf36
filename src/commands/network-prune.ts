// `whalectl network prune`: docker network prune. Without -f it asks first (see
// src/lib/cli/prune.ts); the networks the engine removed follow under "Deleted Networks:", and
// nothing at all is printed when there were none.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {parseFilters} from '../lib/cli/filters.js'
import {filterFlag} from '../lib/cli/list-flags.js'
import {confirmThenPrune, deletedSection, withConfigPruneFilters} from '../lib/cli/prune.js'
import type {Filters} from '../lib/engine/types.js'

const FLAGS: FlagSpec[] = [
  filterFlag('Provide filter values (e.g. "until=<timestamp>")'),
  {description: 'Do not prompt for confirmation', kind: 'bool', name: 'force', short: 'f'},
]

const WARNING = 'WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?'

export interface NetworkPruneOptions {
  force: boolean
  filters: Filters
}

/** docker's report: the removed networks' names under a heading and a blank line, or nothing. */
export function networkPruneReport(deleted: readonly string[] | null | undefined): string {
  const section = deletedSection('Deleted Networks:', deleted)
  return section === '' ? '' : `${section}\n`
}

export async function runNetworkPrune(ctx: CommandContext, opts: NetworkPruneOptions): Promise<void> {
  const filters = withConfigPruneFilters(opts.filters, ctx.config().pruneFilters)
  const report = await confirmThenPrune(ctx, {force: opts.force, warning: WARNING}, (signal) => ctx.engine().networksPrune({filters, signal}))
  ctx.stdout.write(networkPruneReport(report?.NetworksDeleted))
}

export default class NetworkPrune extends DockerCommand {
  static override argRule = {kind: 'none'} as const
  static override description = 'Remove all unused networks'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'network prune [OPTIONS]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runNetworkPrune(ctx, {filters: parseFilters(parsed.flags.filter as string[]), force: parsed.flags.force as boolean})
  }
}
