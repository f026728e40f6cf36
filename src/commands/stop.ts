// `whalectl stop`: docker stop. The containers are stopped up to 50 at a time; each one stopped
// is printed as it was named, in argument order, and the failures are reported together at the
// end (exit 1). A container that is already stopped is no failure: the engine answers 304.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {DOCKER_PARALLEL, eachContainerOrFail, printingName} from '../lib/container/each-container.js'
import {STOP_FLAGS, type StopOptions, toStopOptions} from '../lib/container/stop-options.js'

export async function runStop(ctx: CommandContext, opts: StopOptions): Promise<void> {
  const engine = ctx.engine()
  const op = printingName((name, signal) => engine.containerStop(name, {signal, stopSignal: opts.signal, timeout: opts.timeout}))
  await eachContainerOrFail(ctx, opts.containers, op, {concurrency: DOCKER_PARALLEL})
}

export default class Stop extends DockerCommand {
  static override aliases = ['container:stop']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Stop one or more running containers'
  static override flagSpecs = STOP_FLAGS
  static override flags = toOclifFlags(STOP_FLAGS)
  static override usageLine = 'stop [OPTIONS] CONTAINER [CONTAINER...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runStop(ctx, toStopOptions(parsed))
  }
}
