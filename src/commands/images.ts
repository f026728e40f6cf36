// `whalectl images` (also `image ls`, `image list`): docker images, byte for byte. The engine
// lists images; each becomes one row per repository:tag (and per digest with --digests), as
// src/lib/format/image-context.ts lays out.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {BIN, DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {requireFlagApiVersion} from '../lib/cli/flag-versions.js'
import {parseFilters} from '../lib/cli/filters.js'
import {filterFlag, listFormatFlag} from '../lib/cli/list-flags.js'
import type {Filters} from '../lib/engine/types.js'
import {FormatError, prepareFormat} from '../lib/format/formatter.js'
import {IMAGE_FORMAT_CONTEXT, imageFormat, imageRows} from '../lib/format/image-context.js'

const FLAGS: FlagSpec[] = [
  {description: 'Show all images (default hides intermediate images)', kind: 'bool', name: 'all', short: 'a'},
  {description: 'Show digests', kind: 'bool', name: 'digests'},
  filterFlag('Filter output based on conditions provided', 'f'),
  listFormatFlag(),
  {description: "Don't truncate output", kind: 'bool', name: 'no-trunc'},
  {description: 'Only show image IDs', kind: 'bool', name: 'quiet', short: 'q'},
  // Needs API 1.47 (manifests in the list); hidden, as docker hides it from older engines.
  {description: 'List multi-platform images as a tree (EXPERIMENTAL)', kind: 'bool', name: 'tree'},
]

/** `docker image <verb>` spellings: `docker images ls` finding nothing gets a hint about them. */
const IMAGE_SUBCOMMANDS = new Set(['build', 'history', 'import', 'inspect', 'list', 'load', 'ls', 'prune', 'pull', 'push', 'rm', 'save', 'tag'])

export interface ImagesOptions {
  all: boolean
  quiet: boolean
  noTrunc: boolean
  digests: boolean
  tree: boolean
  filters: Filters
  format?: string
  /** The REPOSITORY[:TAG] argument: a `reference` filter. */
  matchName?: string
  /** Flags given on the command line, for the API-version check of --tree. */
  changed: ReadonlySet<string>
  /** Called as `images` (not `image ls`): only then an empty match prints the hint. */
  legacySpelling: boolean
}

export function toImagesOptions(parsed: ParsedArgs, legacySpelling: boolean): ImagesOptions {
  const f = parsed.flags
  return {
    all: f.all as boolean,
    changed: parsed.changed,
    digests: f.digests as boolean,
    filters: parseFilters(f.filter as string[]),
    format: f.format as string | undefined,
    legacySpelling,
    matchName: parsed.args[0] || undefined,
    noTrunc: f['no-trunc'] as boolean,
    quiet: f.quiet as boolean,
    tree: f.tree as boolean,
  }
}

/** The filters sent: the command line's, plus the argument as a `reference` filter. */
export function imageListFilters(opts: Pick<ImagesOptions, 'filters' | 'matchName'>): Filters {
  if (opts.matchName === undefined) return opts.filters
  const reference = opts.filters.reference ?? []
  return {...opts.filters, reference: reference.includes(opts.matchName) ? reference : [...reference, opts.matchName]}
}

export async function runImages(ctx: CommandContext, opts: ImagesOptions): Promise<void> {
  await requireFlagApiVersion(ctx, opts.changed, 'tree', '1.47')
  if (opts.tree) {
    await runTree(ctx, opts)
    return
  }
  const images = await ctx.engine().imageList({all: opts.all, filters: imageListFilters(opts)})

  const configured = ctx.config().imagesFormat
  const source = opts.format || (configured && !opts.quiet ? configured : 'table')
  const format = imageFormat(source, opts.quiet, opts.digests)
  try {
    const prepared = prepareFormat(format, IMAGE_FORMAT_CONTEXT, {execErrorPrefix: 'template parsing error', parseErrorPrefix: 'template parsing error'})
    const rows = imageRows(images, {digest: opts.digests, format, now: ctx.now(), trunc: !opts.noTrunc})
    ctx.stdout.write(prepared.render(rows))
  } catch (error) {
    throw error instanceof FormatError ? new CliError(error.message) : error
  }
  if (opts.legacySpelling && opts.matchName !== undefined && images.length === 0 && IMAGE_SUBCOMMANDS.has(opts.matchName)) {
    ctx.stderr.write(`\nNo images found matching "${opts.matchName}": did you mean "${BIN} image ${opts.matchName}"?\n`)
  }
}

/** `--tree`: docker 28's experimental view of multi-platform images (API 1.47). */
async function runTree(ctx: CommandContext, opts: ImagesOptions): Promise<void> {
  if (opts.quiet) throw new CliError('--quiet is not yet supported with --tree')
  if (opts.noTrunc) throw new CliError('--no-trunc is not yet supported with --tree')
  if (opts.digests) throw new CliError('--show-digest is not yet supported with --tree')
  if (opts.format) throw new CliError('--format is not yet supported with --tree')
  const images = await ctx.engine().imageList({all: opts.all, filters: imageListFilters(opts), manifests: true})
  const {renderImageTree} = await import('../lib/format/image-tree.js')
  ctx.stdout.write(renderImageTree(images, {all: opts.all, columns: ctx.stdout.columns, tty: ctx.stdout.isTTY === true}))
}

export default class Images extends DockerCommand {
  static override argRule = {kind: 'max', n: 1} as const
  static override description = 'List images'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'images [OPTIONS] [REPOSITORY[:TAG]]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runImages(ctx, toImagesOptions(parsed, true))
  }
}

/** `image ls` / `image list`: the same command under docker's management spelling. */
export class ImageList extends Images {
  static override aliases = ['image:list']
  static override usageLine = 'image ls [OPTIONS] [REPOSITORY[:TAG]]'

  /** Registered as `image:ls`; docker's messages name it `image ls`. */
  constructor(argv: string[], id: string) {
    super(argv, id.replace(':', ' '))
  }

  protected override async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runImages(ctx, toImagesOptions(parsed, false))
  }
}
