// `whalectl wait`: docker wait. The containers are waited for one after the other; each one's exit
// code is printed as soon as it stops, in argument order. An unknown container is reported with
// the others' failures at the end (exit 1); the codes of the rest are still printed.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand} from '../lib/cli/docker-command.js'
import {eachContainerOrFail} from '../lib/container/each-container.js'

export async function runWait(ctx: CommandContext, containers: string[]): Promise<void> {
  const engine = ctx.engine()
  const wait = async (name: string, signal: AbortSignal): Promise<string> => {
    const handle = await engine.containerWait(name, 'not-running', {signal})
    // docker prints the status code even when the engine reports an error beside it.
    const {StatusCode} = await handle.result
    return String(StatusCode)
  }
  await eachContainerOrFail(ctx, containers, wait, {concurrency: 1})
}

export default class Wait extends DockerCommand {
  static override aliases = ['container:wait']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Block until one or more containers stop, then print their exit codes'
  static override usageLine = 'wait CONTAINER [CONTAINER...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runWait(ctx, parsed.args)
  }
}
