// `whalectl network ls` (alias `network list`): docker network ls. The engine filters (and
// refuses unknown filter keys); the networks are sorted by name in natural order and printed
// through src/lib/format/network-context.ts.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {parseFilters} from '../lib/cli/filters.js'
import {filterFlag, listFormatFlag} from '../lib/cli/list-flags.js'
import {listFormatSource, renderList} from '../lib/cli/list-output.js'
import type {Filters} from '../lib/engine/types.js'
import {NETWORK_FORMAT_CONTEXT, networkFormat, networkRow} from '../lib/format/network-context.js'
import {compareNatural} from '../lib/go/sortorder.js'

const FLAGS: FlagSpec[] = [
  filterFlag('Provide filter values (e.g. "driver=bridge")', 'f'),
  listFormatFlag(),
  {description: 'Do not truncate the output', kind: 'bool', name: 'no-trunc'},
  {description: 'Only display network IDs', kind: 'bool', name: 'quiet', short: 'q'},
]

export interface NetworkLsOptions {
  filters: Filters
  format?: string
  noTrunc: boolean
  quiet: boolean
}

export function toNetworkLsOptions(parsed: ParsedArgs): NetworkLsOptions {
  const f = parsed.flags
  return {
    filters: parseFilters(f.filter as string[]),
    format: f.format as string | undefined,
    noTrunc: f['no-trunc'] as boolean,
    quiet: f.quiet as boolean,
  }
}

export async function runNetworkLs(ctx: CommandContext, opts: NetworkLsOptions): Promise<void> {
  const networks = await ctx.engine().networkList({filters: opts.filters})
  const format = networkFormat(listFormatSource(opts.format, ctx.config().networksFormat, opts.quiet), opts.quiet)
  const sorted = [...networks].sort((a, b) => compareNatural(a.Name ?? '', b.Name ?? ''))
  ctx.stdout.write(renderList(format, NETWORK_FORMAT_CONTEXT, sorted.map((network) => networkRow(network, !opts.noTrunc))))
}

export default class NetworkLs extends DockerCommand {
  static override aliases = ['network:list']
  static override argRule = {kind: 'none'} as const
  static override description = 'List networks'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'network ls [OPTIONS]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runNetworkLs(ctx, toNetworkLsOptions(parsed))
  }
}
