// `whalectl ps`: docker ps, byte for byte (DOCKER-CLI-BEHAVIOUR.md §1).
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {parseFilters, validateFilter} from '../lib/cli/filters.js'
import type {ContainerListOptions, ContainerSummary, Filters} from '../lib/engine/types.js'
import {containerContext, containerHeaders} from '../lib/format/container-context.js'
import {FormatError, prepareFormat, type PreparedFormat} from '../lib/format/formatter.js'

const DEFAULT_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}'
const RAW_FORMAT = 'container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n'

const FLAGS: FlagSpec[] = [
  {description: 'Show all containers (default shows just running)', kind: 'bool', name: 'all', short: 'a'},
  {description: 'Filter output based on conditions provided', kind: 'stringArray', name: 'filter', short: 'f', validate: validateFilter('-f, --filter'), valueName: 'filter'},
  {
    description:
      "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.",
    kind: 'string',
    name: 'format',
    valueName: 'string',
  },
  {default: -1, description: 'Show n last created containers (includes all states)', kind: 'int', name: 'last', short: 'n', valueName: 'int'},
  {description: 'Show the latest created container (includes all states)', kind: 'bool', name: 'latest', short: 'l'},
  {description: "Don't truncate output", kind: 'bool', name: 'no-trunc'},
  {description: 'Only display container IDs', kind: 'bool', name: 'quiet', short: 'q'},
  {description: 'Display total file sizes', kind: 'bool', name: 'size', short: 's'},
]

export interface PsOptions {
  all: boolean
  quiet: boolean
  last: number
  latest: boolean
  size: boolean
  sizeChanged: boolean
  noTrunc: boolean
  filters: Filters
  format?: string
}

export function toPsOptions(parsed: ParsedArgs): PsOptions {
  const f = parsed.flags
  return {
    all: f.all as boolean,
    filters: parseFilters(f.filter as string[]),
    format: f.format as string | undefined,
    last: f.last as number,
    latest: f.latest as boolean,
    noTrunc: f['no-trunc'] as boolean,
    quiet: f.quiet as boolean,
    size: f.size as boolean,
    sizeChanged: parsed.changed.has('size'),
  }
}

/** The container-list query: `-l` means `-n 1` when `-n` is not given. */
export function buildListOptions(opts: PsOptions, templateUsesSize: boolean): ContainerListOptions {
  const last = opts.last === -1 && opts.latest ? 1 : opts.last
  let size = opts.size
  // Like docker: a custom template that reads .Size asks the engine for sizes, unless -s was set either way.
  if (!opts.quiet && !opts.sizeChanged && opts.format !== undefined && opts.format !== 'json' && templateUsesSize) size = true
  return {all: opts.all, filters: opts.filters, limit: last > 0 ? last : undefined, size}
}

/** docker's NewContainerFormat: the table/raw keywords grow a Size column with -s; -q wins over both. */
export function containerFormat(source: string, quiet: boolean, size: boolean): string {
  if (source === 'table') {
    if (quiet) return '{{.ID}}'
    return size ? `${DEFAULT_TABLE}\t{{.Size}}` : DEFAULT_TABLE
  }
  if (source === 'raw') {
    if (quiet) return 'container_id: {{.ID}}'
    return size ? `${RAW_FORMAT}size: {{.Size}}\n` : RAW_FORMAT
  }
  return source
}

const EMPTY_CONTAINER: ContainerSummary = {
  Command: '',
  Created: 0,
  Id: '',
  Image: '',
  ImageID: '',
  Labels: {},
  Mounts: [],
  Names: [],
  Ports: [],
  State: '',
  Status: '',
}

function prepare(source: string, opts: PsOptions, size: boolean): PreparedFormat {
  try {
    return prepareFormat(containerFormat(source, opts.quiet, size), {
      defaultTableFormat: DEFAULT_TABLE,
      headers: containerHeaders,
      rawFormat: RAW_FORMAT,
      typeName: 'formatter.ContainerContext',
    })
  } catch (error) {
    if (error instanceof FormatError) throw new CliError(error.message)
    throw error
  }
}

export async function runPs(ctx: CommandContext, opts: PsOptions): Promise<void> {
  let source = opts.format ?? (ctx.config().psFormat && !opts.quiet ? ctx.config().psFormat : undefined) ?? 'table'
  if (opts.quiet && opts.format !== undefined) {
    ctx.stderr.write('WARNING: Ignoring custom format, because both --format and --quiet are set.\n')
    source = 'table'
  }
  const trunc = !opts.noTrunc
  // Check the template before asking the engine anything, and learn whether it reads .Size.
  let usesSize = false
  const probe = prepare(source, opts, opts.size)
  try {
    probe.render([containerContext(EMPTY_CONTAINER, {now: ctx.now(), onField: (name) => (usesSize ||= name === 'Size'), trunc})])
  } catch (error) {
    if (error instanceof FormatError) throw new CliError(error.message)
    throw error
  }
  const listOptions = buildListOptions({...opts, format: opts.format === undefined ? undefined : source}, usesSize)
  const containers = await ctx.engine().containerList(listOptions)
  const format = prepare(source, opts, listOptions.size === true)
  const now = ctx.now()
  let text: string
  try {
    text = format.render(containers.map((c) => containerContext(c, {now, trunc})))
  } catch (error) {
    if (error instanceof FormatError) throw new CliError(error.message)
    throw error
  }
  ctx.stdout.write(text)
}

export default class Ps extends DockerCommand {
  static override aliases = ['container:ls', 'container:list', 'container:ps']
  static override description = 'List containers'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'ps [OPTIONS]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runPs(ctx, toPsOptions(parsed))
  }
}
