// `whalectl unpause`: docker unpause, up to 50 containers at a time, each success printed as named.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand} from '../lib/cli/docker-command.js'
import {DOCKER_PARALLEL, eachContainerOrFail, printingName} from '../lib/container/each-container.js'

export async function runUnpause(ctx: CommandContext, containers: string[]): Promise<void> {
  const engine = ctx.engine()
  const op = printingName((name, signal) => engine.containerUnpause(name, {signal}))
  await eachContainerOrFail(ctx, containers, op, {concurrency: DOCKER_PARALLEL})
}

export default class Unpause extends DockerCommand {
  static override aliases = ['container:unpause']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Unpause all processes within one or more containers'
  static override usageLine = 'unpause CONTAINER [CONTAINER...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runUnpause(ctx, parsed.args)
  }
}
