// `whalectl system prune`: docker system prune. One prompt listing what will go (it depends on -a
// and --volumes, and names the label/until filters), then the prunes in docker's order:
// containers, networks, volumes (with --volumes), images (all unused with -a), build cache. Each
// kind that removed something prints its section; the space freed is added up at the end.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {parseFilters, validateFilter} from '../lib/cli/filters.js'
import {confirmThenPrune, deletedSection, withConfigPruneFilters} from '../lib/cli/prune.js'
import type {Filters, ImageDeleteItem} from '../lib/engine/types.js'
import {compareVersions} from '../lib/engine/version.js'
import {compareNatural} from '../lib/go/sortorder.js'
import {humanSize} from '../lib/format/humanize.js'
import {decodePruneReport, pruneReport} from './container-prune.js'
import {imagePruneFilters, imagePruneReport} from './image-prune.js'

const FLAGS: FlagSpec[] = [
  {description: 'Remove all unused images not just dangling ones', kind: 'bool', name: 'all', short: 'a'},
  {description: 'Provide filter values (e.g. "label=<key>=<value>")', kind: 'stringArray', name: 'filter', validate: validateFilter({name: 'filter'}), valueName: 'filter'},
  {description: 'Do not prompt for confirmation', kind: 'bool', name: 'force', short: 'f'},
  {description: 'Prune anonymous volumes', kind: 'bool', name: 'volumes'},
]

export interface SystemPruneOptions {
  all: boolean
  force: boolean
  volumes: boolean
  filters: Filters
}

export function toSystemPruneOptions(parsed: ParsedArgs): SystemPruneOptions {
  const f = parsed.flags
  return {all: f.all as boolean, filters: parseFilters(f.filter as string[]), force: f.force as boolean, volumes: f.volumes as boolean}
}

/** docker's confirmation message: what goes, then the label/until filters (natural order) that narrow it. */
export function systemPruneWarning(opts: SystemPruneOptions, pruneFilters: Filters, buildCache: boolean): string {
  const warnings = ['all stopped containers', 'all networks not used by at least one container']
  if (opts.volumes) warnings.push('all anonymous volumes not used by at least one container')
  warnings.push(opts.all ? 'all images without at least one container associated to them' : 'all dangling images')
  if (buildCache) warnings.push(opts.all ? 'all build cache' : 'unused build cache')
  const filters = ['label', 'label!', 'until'].flatMap((name) => (pruneFilters[name] ?? []).map((value) => `${name}=${value}`)).sort(compareNatural)
  const filterText = filters.length > 0 ? `\n  Items to be pruned will be filtered with:${filters.map((f) => `\n  - ${f}`).join('')}\n` : ''
  return `WARNING! This will remove:${warnings.map((w) => `\n  - ${w}`).join('')}\n${filterText}\nAre you sure you want to continue?`
}

/** A prune command's report without its total line: the section system prune prints. */
function sectionOf(report: string): string {
  const total = report.lastIndexOf('\nTotal reclaimed space:')
  return total === -1 ? '' : report.slice(0, total)
}


/** One kind's prune: the space it freed and what it prints (empty when nothing went). */
type PruneStep = (signal: AbortSignal) => Promise<{space: number; output: string}>

export async function runSystemPrune(ctx: CommandContext, opts: SystemPruneOptions): Promise<void> {
  if (opts.volumes && opts.filters.until !== undefined) throw new CliError('ERROR: The "until" filter is not supported with "--volumes"')
  const configured = ctx.config().pruneFilters
  const filters = withConfigPruneFilters(opts.filters, configured)
  // Build cache prune needs API 1.31; docker decides from the version it asks for, without a ping.
  const pinned = ctx.env.DOCKER_API_VERSION
  const buildCache = !pinned || compareVersions(pinned, '1.31') >= 0
  const engine = ctx.engine()
  const steps: PruneStep[] = [
    async (signal) => {
      const {deleted, spaceReclaimed} = decodePruneReport(await engine.containersPrune({filters, signal}))
      return deleted.length > 0 ? {output: sectionOf(pruneReport(deleted, spaceReclaimed)), space: spaceReclaimed} : {output: '', space: 0}
    },
    async (signal) => ({output: deletedSection('Deleted Networks:', (await engine.networksPrune({filters, signal})).NetworksDeleted), space: 0}),
  ]
  if (opts.volumes) {
    steps.push(async (signal) => {
      const report = await engine.volumesPrune({filters, signal})
      const output = deletedSection('Deleted Volumes:', report.VolumesDeleted)
      return {output, space: output === '' ? 0 : (report.SpaceReclaimed ?? 0)}
    })
  }
  steps.push(async (signal) => {
    const report = await engine.imagesPrune({filters: imagePruneFilters({all: opts.all, filters: opts.filters, force: true}, configured), signal})
    const deleted: ImageDeleteItem[] = report.ImagesDeleted ?? []
    return deleted.length > 0 ? {output: sectionOf(imagePruneReport(deleted, report.SpaceReclaimed)), space: report.SpaceReclaimed ?? 0} : {output: '', space: 0}
  })
  if (buildCache) {
    steps.push(async (signal) => {
      const report = await engine.buildCachePrune({all: opts.all, filters, signal})
      return {output: deletedSection('Deleted build cache objects:', report.CachesDeleted), space: report.SpaceReclaimed ?? 0}
    })
  }
  const warning = systemPruneWarning(opts, filters, buildCache)
  await confirmThenPrune(ctx, {force: opts.force, warning}, async (signal) => {
    let space = 0
    for (const step of steps) {
      const result = await step(signal)
      space += result.space
      if (result.output !== '') ctx.stdout.write(`${result.output}\n`)
    }
    ctx.stdout.write(`Total reclaimed space: ${humanSize(space)}\n`)
  })
}

export default class SystemPrune extends DockerCommand {
  static override argRule = {kind: 'none'} as const
  static override description = 'Remove unused data'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'system prune [OPTIONS]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runSystemPrune(ctx, toSystemPruneOptions(parsed))
  }
}
