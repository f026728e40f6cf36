// `whalectl container prune`: docker container prune. Without -f it asks first (on stdout, reading
// one line of stdin even when that is not a terminal; anything but `y` ends quietly with exit 0).
// The engine's list of removed containers and go-units' size of the space freed follow.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {parseFilters, validateFilter} from '../lib/cli/filters.js'
import {confirmThenPrune, deletedSection, withConfigPruneFilters} from '../lib/cli/prune.js'
import type {Filters} from '../lib/engine/types.js'
import {humanSize} from '../lib/format/humanize.js'

const FLAGS: FlagSpec[] = [
  {description: 'Provide filter values (e.g. "until=<timestamp>")', kind: 'stringArray', name: 'filter', validate: validateFilter({name: 'filter'}), valueName: 'filter'},
  {description: 'Do not prompt for confirmation', kind: 'bool', name: 'force', short: 'f'},
]

const WARNING = 'WARNING! This will remove all stopped containers.\nAre you sure you want to continue?'

export interface ContainerPruneOptions {
  force: boolean
  filters: Filters
}

export function toContainerPruneOptions(parsed: ParsedArgs): ContainerPruneOptions {
  return {filters: parseFilters(parsed.flags.filter as string[]), force: parsed.flags.force as boolean}
}

/** What docker prints for a prune report: the IDs removed, then the space reclaimed. */
export function pruneReport(deleted: readonly string[] | null | undefined, spaceReclaimed: number | undefined): string {
  if (!deleted || deleted.length === 0) return 'Total reclaimed space: 0B\n'
  return `${deletedSection('Deleted Containers:', deleted)}\nTotal reclaimed space: ${humanSize(spaceReclaimed ?? 0)}\n`
}

/** Go's name for a JSON value's kind in its decoding errors. */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'boolean') return 'bool'
  return typeof value === 'object' ? 'object' : typeof value
}

/** The engine's answer as docker's json.Decode into container.PruneReport reads it (null is an empty report). */
export function decodePruneReport(answer: unknown): {deleted: string[]; spaceReclaimed: number} {
  // Go names the number itself only when it was meant for a number field.
  const fail = (value: unknown, target: string, numeric = false): CliError => {
    const kind = numeric && typeof value === 'number' ? `number ${value}` : jsonKind(value)
    return new CliError(`Error retrieving disk usage: json: cannot unmarshal ${kind} into Go ${target}`)
  }
  if (answer === null) return {deleted: [], spaceReclaimed: 0}
  if (jsonKind(answer) !== 'object') throw fail(answer, 'value of type container.PruneReport')
  const {ContainersDeleted: deleted, SpaceReclaimed: space} = answer as {ContainersDeleted?: unknown; SpaceReclaimed?: unknown}
  if (deleted !== undefined && deleted !== null && !Array.isArray(deleted)) throw fail(deleted, 'struct field PruneReport.ContainersDeleted of type []string')
  const ids = (deleted ?? []) as unknown[]
  const odd = ids.find((id) => id !== null && typeof id !== 'string')
  if (odd !== undefined) throw fail(odd, 'struct field PruneReport.ContainersDeleted of type string')
  if (space !== undefined && space !== null && (typeof space !== 'number' || !Number.isInteger(space) || space < 0)) {
    throw fail(space, 'struct field PruneReport.SpaceReclaimed of type uint64', true)
  }
  return {deleted: ids.map((id) => (id as string | null) ?? ''), spaceReclaimed: (space as number | null | undefined) ?? 0}
}

export async function runContainerPrune(ctx: CommandContext, opts: ContainerPruneOptions): Promise<void> {
  const filters = withConfigPruneFilters(opts.filters, ctx.config().pruneFilters)
  const report = await confirmThenPrune(ctx, {force: opts.force, warning: WARNING}, (signal) => ctx.engine().containersPrune({filters, signal}))
  const {deleted, spaceReclaimed} = decodePruneReport(report)
  ctx.stdout.write(pruneReport(deleted, spaceReclaimed))
}

export default class ContainerPrune extends DockerCommand {
  static override argRule = {kind: 'none'} as const
  static override description = 'Remove all stopped containers'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'container prune [OPTIONS]'

  /** Registered as `container:prune` (oclif's id); docker's messages name it `container prune`. */
  constructor(argv: string[], id: string) {
    super(argv, id.replace(':', ' '))
  }

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runContainerPrune(ctx, toContainerPruneOptions(parsed))
  }
}
