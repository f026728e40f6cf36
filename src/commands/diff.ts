// `whalectl diff`: docker diff. One `C|A|D PATH` line per change to the container's filesystem,
// in the engine's order.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import type {ContainerChange} from '../lib/engine/types.js'

/** container.ChangeType's String: 0 modified, 1 added, 2 deleted, anything else ''. */
const KINDS: Readonly<Record<number, string>> = {0: 'C', 1: 'A', 2: 'D'}

/** What docker's `{{.Type}} {{.Path}}` prints for each change. */
export function diffLines(changes: readonly ContainerChange[]): string {
  return changes.map((c) => `${KINDS[c.Kind] ?? ''} ${c.Path}\n`).join('')
}

export async function runDiff(ctx: CommandContext, container: string): Promise<void> {
  if (container === '') throw new CliError('Container name cannot be empty')
  ctx.stdout.write(diffLines(await ctx.engine().containerDiff(container)))
}

export default class Diff extends DockerCommand {
  static override aliases = ['container:diff']
  static override argRule = {kind: 'exact', n: 1} as const
  static override description = "Inspect changes to files or directories on a container's filesystem"
  static override usageLine = 'diff CONTAINER'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runDiff(ctx, parsed.args[0] ?? '')
  }
}
