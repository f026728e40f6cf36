// `whalectl volume ls` (alias `volume list`): docker volume ls. The engine filters (and refuses
// unknown filter keys); volumes are sorted by name in natural order and printed through
// src/lib/format/volume-context.ts. --cluster (API 1.42) keeps swarm's cluster volumes only.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {requireFlagApiVersion} from '../lib/cli/flag-versions.js'
import {parseFilters} from '../lib/cli/filters.js'
import {filterFlag, listFormatFlag} from '../lib/cli/list-flags.js'
import {listFormatSource, renderList} from '../lib/cli/list-output.js'
import type {Filters} from '../lib/engine/types.js'
import {VOLUME_FORMAT_CONTEXT, volumeFormat, volumeRow} from '../lib/format/volume-context.js'
import {compareNatural} from '../lib/go/sortorder.js'

const CLUSTER_TABLE = 'table {{.Name}}\t{{.Group}}\t{{.Driver}}\t{{.Availability}}\t{{.Status}}'

const FLAGS: FlagSpec[] = [
  {description: 'Display only cluster volumes, and use cluster volume list formatting', kind: 'bool', name: 'cluster'},
  filterFlag('Provide filter values (e.g. "dangling=true")', 'f'),
  listFormatFlag(),
  {description: 'Only display volume names', kind: 'bool', name: 'quiet', short: 'q'},
]

export interface VolumeLsOptions {
  filters: Filters
  format?: string
  quiet: boolean
  cluster: boolean
  changed: ReadonlySet<string>
}

export function toVolumeLsOptions(parsed: ParsedArgs): VolumeLsOptions {
  const f = parsed.flags
  return {changed: parsed.changed, cluster: f.cluster as boolean, filters: parseFilters(f.filter as string[]), format: f.format as string | undefined, quiet: f.quiet as boolean}
}

export async function runVolumeLs(ctx: CommandContext, opts: VolumeLsOptions): Promise<void> {
  await requireFlagApiVersion(ctx, opts.changed, 'cluster', '1.42')
  const answer = await ctx.engine().volumeList({filters: opts.filters})
  let volumes = answer.Volumes ?? []
  let source: string
  if (opts.cluster) {
    // As docker: the cluster layout replaces any --format.
    volumes = volumes.filter((volume) => volume.ClusterVolume !== undefined && volume.ClusterVolume !== null)
    source = opts.quiet ? 'table' : CLUSTER_TABLE
  } else {
    source = listFormatSource(opts.format, ctx.config().volumesFormat, opts.quiet)
  }
  const sorted = [...volumes].sort((a, b) => compareNatural(a.Name ?? '', b.Name ?? ''))
  ctx.stdout.write(renderList(volumeFormat(source, opts.quiet), VOLUME_FORMAT_CONTEXT, sorted.map(volumeRow)))
}

export default class VolumeLs extends DockerCommand {
  static override aliases = ['volume:list']
  static override argRule = {kind: 'none'} as const
  static override description = 'List volumes'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'volume ls [OPTIONS]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runVolumeLs(ctx, toVolumeLsOptions(parsed))
  }
}
