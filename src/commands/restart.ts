// `whalectl restart`: docker restart. Unlike stop, docker restarts the containers one after the
// other; each one restarted is printed as it was named, the failures come together at the end.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {eachContainerOrFail, printingName} from '../lib/container/each-container.js'
import {STOP_FLAGS, type StopOptions, toStopOptions} from '../lib/container/stop-options.js'

export async function runRestart(ctx: CommandContext, opts: StopOptions): Promise<void> {
  const engine = ctx.engine()
  const op = printingName((name, signal) => engine.containerRestart(name, {signal, stopSignal: opts.signal, timeout: opts.timeout}))
  await eachContainerOrFail(ctx, opts.containers, op, {concurrency: 1})
}

export default class Restart extends DockerCommand {
  static override aliases = ['container:restart']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Restart one or more containers'
  static override flagSpecs = STOP_FLAGS
  static override flags = toOclifFlags(STOP_FLAGS)
  static override usageLine = 'restart [OPTIONS] CONTAINER [CONTAINER...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runRestart(ctx, toStopOptions(parsed))
  }
}
