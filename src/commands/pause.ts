// `whalectl pause`: docker pause, up to 50 containers at a time, each success printed as named.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand} from '../lib/cli/docker-command.js'
import {DOCKER_PARALLEL, eachContainerOrFail, printingName} from '../lib/container/each-container.js'

export async function runPause(ctx: CommandContext, containers: string[]): Promise<void> {
  const engine = ctx.engine()
  const op = printingName((name, signal) => engine.containerPause(name, {signal}))
  await eachContainerOrFail(ctx, containers, op, {concurrency: DOCKER_PARALLEL})
}

export default class Pause extends DockerCommand {
  static override aliases = ['container:pause']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Pause all processes within one or more containers'
  static override usageLine = 'pause CONTAINER [CONTAINER...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runPause(ctx, parsed.args)
  }
}
