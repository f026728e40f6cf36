// `whalectl rename`: docker rename. Both names are trimmed; an empty one is refused before any
// request. When the engine refuses (unknown container, name taken, same name), docker prints the
// engine's error, then fails with its own line; the container keeps its name.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {withInterrupt} from '../lib/cli/interrupt.js'
import {AbortedError} from '../lib/engine/errors.js'

export interface RenameOptions {
  container: string
  newName: string
}

export function toRenameOptions(parsed: ParsedArgs): RenameOptions {
  return {container: parsed.args[0] ?? '', newName: parsed.args[1] ?? ''}
}

export async function runRename(ctx: CommandContext, opts: RenameOptions): Promise<void> {
  const oldName = opts.container.trim()
  const newName = opts.newName.trim()
  if (oldName === '' || newName === '') throw new CliError('Error: Neither old nor new names may be empty')
  await withInterrupt(async (signal) => {
    try {
      await ctx.engine().containerRename(oldName, newName, {signal})
    } catch (error) {
      if (error instanceof AbortedError) throw error
      ctx.stderr.write(`${(error as Error).message}\n`)
      throw new CliError(`Error: failed to rename container named ${oldName}`)
    }
  })
}

export default class Rename extends DockerCommand {
  static override aliases = ['container:rename']
  static override argRule = {kind: 'exact', n: 2} as const
  static override description = 'Rename a container'
  static override usageLine = 'rename CONTAINER NEW_NAME'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runRename(ctx, toRenameOptions(parsed))
  }
}
