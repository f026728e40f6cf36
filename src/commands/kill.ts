// `whalectl kill`: docker kill. The signal goes to the engine as typed (the engine checks it);
// the containers are signalled up to 50 at a time, printed in argument order as they succeed.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {DOCKER_PARALLEL, eachContainerOrFail, printingName} from '../lib/container/each-container.js'

const FLAGS: FlagSpec[] = [{description: 'Signal to send to the container', kind: 'string', name: 'signal', short: 's', valueName: 'string'}]

export interface KillOptions {
  containers: string[]
  /** Empty: the engine's default, SIGKILL. */
  signal: string
}

export function toKillOptions(parsed: ParsedArgs): KillOptions {
  return {containers: parsed.args, signal: (parsed.flags.signal as string | undefined) ?? ''}
}

export async function runKill(ctx: CommandContext, opts: KillOptions): Promise<void> {
  const engine = ctx.engine()
  const op = printingName((name, signal) => engine.containerKill(name, opts.signal, {signal}))
  await eachContainerOrFail(ctx, opts.containers, op, {concurrency: DOCKER_PARALLEL})
}

export default class Kill extends DockerCommand {
  static override aliases = ['container:kill']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Kill one or more running containers'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'kill [OPTIONS] CONTAINER [CONTAINER...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runKill(ctx, toKillOptions(parsed))
  }
}
