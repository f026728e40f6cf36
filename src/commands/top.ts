// `whalectl top`: docker top. Everything after the container is handed to the engine as ps's
// options (`top web -eo pid,comm`); the engine's titles and rows are aligned with docker's
// tabwriter settings for this command (minimum width 20, padding 3).
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand} from '../lib/cli/docker-command.js'
import {alignTable} from '../lib/format/tabwriter.js'

const TOP_TABLE = {minWidth: 20, padChar: ' ', padding: 3, tabWidth: 1}

export interface TopOptions {
  container: string
  psArgs: string[]
}

export function toTopOptions(parsed: ParsedArgs): TopOptions {
  const [container = '', ...psArgs] = parsed.args
  return {container, psArgs}
}

export async function runTop(ctx: CommandContext, opts: TopOptions): Promise<void> {
  const top = await ctx.engine().containerTop(opts.container, opts.psArgs)
  ctx.stdout.write(alignTable([top.Titles ?? [], ...(top.Processes ?? [])], TOP_TABLE))
}

export default class Top extends DockerCommand {
  static override aliases = ['container:top']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Display the running processes of a container'
  static override interspersed = false
  static override usageLine = 'top CONTAINER [ps OPTIONS]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runTop(ctx, toTopOptions(parsed))
  }
}
