// `whalectl image prune`: docker image prune. Dangling images only, or with -a every image no
// container uses; without -f it asks first (on stdout, reading a line of stdin even when that is
// not a terminal; anything but `y` ends quietly with exit 0). What the engine untagged and
// deleted follows, then go-units' size of the space it freed.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {parseFilters} from '../lib/cli/filters.js'
import {filterFlag} from '../lib/cli/list-flags.js'
import {confirmThenPrune, withConfigPruneFilters} from '../lib/cli/prune.js'
import type {Filters, ImageDeleteItem} from '../lib/engine/types.js'
import {humanSize} from '../lib/format/humanize.js'

const FLAGS: FlagSpec[] = [
  {description: 'Remove all unused images, not just dangling ones', kind: 'bool', name: 'all', short: 'a'},
  filterFlag('Provide filter values (e.g. "until=<timestamp>")'),
  {description: 'Do not prompt for confirmation', kind: 'bool', name: 'force', short: 'f'},
]

const DANGLING_WARNING = 'WARNING! This will remove all dangling images.\nAre you sure you want to continue?'
const ALL_WARNING = 'WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?'

export interface ImagePruneOptions {
  all: boolean
  force: boolean
  filters: Filters
}

export function toImagePruneOptions(parsed: ParsedArgs): ImagePruneOptions {
  const f = parsed.flags
  return {all: f.all as boolean, filters: parseFilters(f.filter as string[]), force: f.force as boolean}
}

/** The filters sent: the command line's, `dangling=true` (or `false` with -a), then config.json's. */
export function imagePruneFilters(opts: ImagePruneOptions, configured: readonly string[] | undefined): Filters {
  const dangling = String(!opts.all)
  const current = opts.filters.dangling ?? []
  const filters = {...opts.filters, dangling: current.includes(dangling) ? current : [...current, dangling]}
  return withConfigPruneFilters(filters, configured)
}

/** docker's report: the untagged and deleted entries (if any), then the space reclaimed. */
export function imagePruneReport(deleted: readonly ImageDeleteItem[] | null | undefined, spaceReclaimed: number | undefined): string {
  if (!deleted || deleted.length === 0) return 'Total reclaimed space: 0B\n'
  const lines = deleted.map((item) => (item.Untagged ? `untagged: ${item.Untagged}\n` : `deleted: ${item.Deleted ?? ''}\n`))
  return `Deleted Images:\n${lines.join('')}\nTotal reclaimed space: ${humanSize(spaceReclaimed ?? 0)}\n`
}

export async function runImagePrune(ctx: CommandContext, opts: ImagePruneOptions): Promise<void> {
  const filters = imagePruneFilters(opts, ctx.config().pruneFilters)
  const report: unknown = await confirmThenPrune(ctx, {force: opts.force, warning: opts.all ? ALL_WARNING : DANGLING_WARNING}, (signal) =>
    ctx.engine().imagesPrune({filters, signal}),
  )
  if (report !== null && (typeof report !== 'object' || Array.isArray(report))) {
    const kind = Array.isArray(report) ? 'array' : typeof report === 'boolean' ? 'bool' : typeof report
    throw new CliError(`Error retrieving disk usage: json: cannot unmarshal ${kind} into Go value of type image.PruneReport`)
  }
  const {ImagesDeleted: deleted, SpaceReclaimed: space} = (report ?? {}) as {ImagesDeleted?: ImageDeleteItem[] | null; SpaceReclaimed?: number}
  ctx.stdout.write(imagePruneReport(deleted, space))
}

export default class ImagePrune extends DockerCommand {
  static override argRule = {kind: 'none'} as const
  static override description = 'Remove unused images'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'image prune [OPTIONS]'

  /** Registered as `image:prune` (oclif's id); docker's messages name it `image prune`. */
  constructor(argv: string[], id: string) {
    super(argv, id.replace(':', ' '))
  }

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runImagePrune(ctx, toImagePruneOptions(parsed))
  }
}
