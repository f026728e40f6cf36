// `whalectl ps`: docker ps, byte for byte (DOCKER-CLI-BEHAVIOUR.md §1).
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {parseFilters, validateFilter} from '../lib/cli/filters.js'
import type {ContainerListOptions, ContainerSummary, Filters} from '../lib/engine/types.js'
import {containerContext, containerHeaders} from '../lib/format/container-context.js'
import {FormatError, prepareFormat} from '../lib/format/formatter.js'
import {dockerTemplateFuncs, parseTemplate, TemplateExecError, TemplateParseError} from '../lib/format/template.js'

const DEFAULT_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}'
const RAW_FORMAT = 'container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n'

const FLAGS: FlagSpec[] = [
  {description: 'Show all containers (default shows just running)', kind: 'bool', name: 'all', short: 'a'},
  {description: 'Filter output based on conditions provided', kind: 'stringArray', name: 'filter', short: 'f', validate: validateFilter({name: 'filter', short: 'f'}), valueName: 'filter'},
  {
    description:
      "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates",
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
  // Like docker: a template that reads .Size asks the engine for sizes, unless -q, or -s was set either way.
  const size = opts.size || (!opts.quiet && !opts.sizeChanged && templateUsesSize)
  return {all: opts.all, filters: opts.filters, limit: last > 0 ? last : undefined, size}
}

/** docker's NewContainerFormat: the table/raw keywords grow a Size column with -s; -q prints IDs. */
export function containerFormat(source: string, quiet: boolean, size: boolean): string {
  if (source === 'table' || source === '') {
    if (quiet) return '{{.ID}}'
    return size ? `${DEFAULT_TABLE}\t{{.Size}}` : DEFAULT_TABLE
  }
  if (source === 'raw') {
    if (quiet) return 'container_id: {{.ID}}'
    return size ? `${RAW_FORMAT}size: {{.Size}}\n` : RAW_FORMAT
  }
  return quiet ? '{{.ID}}' : source
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

const FORMAT_CONTEXT = {
  defaultTableFormat: DEFAULT_TABLE,
  headers: containerHeaders,
  rawFormat: RAW_FORMAT,
  typeName: 'formatter.ContainerContext',
}

/** Template errors are the user's: printed as docker prints them, exit 1. */
function asCliError(error: unknown): unknown {
  return error instanceof FormatError ? new CliError(error.message) : error
}

/**
 * docker checks the user's template before the API call, on an empty container, even with -q;
 * running it also tells whether it reads .Size. The template is parsed as written: `table` and
 * `json` are literal text at this stage, so `--format json` does not ask for sizes.
 */
function templateReadsSize(source: string, now: number): boolean {
  let usesSize = false
  try {
    const template = parseTemplate(source, dockerTemplateFuncs())
    template.execute(containerContext(EMPTY_CONTAINER, {now, onField: (name) => (usesSize ||= name === 'Size'), trunc: true}))
  } catch (error) {
    if (error instanceof TemplateParseError) throw new CliError(`failed to parse template: ${error.message}`)
    if (error instanceof TemplateExecError) throw new CliError(`failed to execute template: ${error.message}`)
    throw error
  }
  return usesSize
}

export async function runPs(ctx: CommandContext, opts: PsOptions): Promise<void> {
  const source = opts.format ?? ctx.config().psFormat ?? ''
  if (opts.quiet && opts.format !== undefined) {
    ctx.stderr.write('WARNING: Ignoring custom format, because both --format and --quiet are set.\n')
  }
  const usesSize = source === '' ? false : templateReadsSize(source, ctx.now())
  const listOptions = buildListOptions(opts, usesSize)
  const containers = await ctx.engine().containerList(listOptions)
  const now = ctx.now()
  const trunc = !opts.noTrunc
  try {
    const format = prepareFormat(containerFormat(source, opts.quiet, listOptions.size === true), FORMAT_CONTEXT)
    ctx.stdout.write(format.render(containers.map((c) => containerContext(c, {now, trunc}))))
  } catch (error) {
    throw asCliError(error)
  }
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
