// `whalectl network disconnect`: docker network disconnect; prints nothing, the engine's refusal
// is the error.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'

const FLAGS: FlagSpec[] = [{description: 'Force the container to disconnect from a network', kind: 'bool', name: 'force', short: 'f'}]

export interface NetworkDisconnectOptions {
  network: string
  container: string
  force: boolean
}

export async function runNetworkDisconnect(ctx: CommandContext, opts: NetworkDisconnectOptions): Promise<void> {
  await ctx.engine().networkDisconnect(opts.network, opts.container, opts.force)
}

export default class NetworkDisconnect extends DockerCommand {
  static override argRule = {kind: 'exact', n: 2} as const
  static override description = 'Disconnect a container from a network'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'network disconnect [OPTIONS] NETWORK CONTAINER'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runNetworkDisconnect(ctx, {container: parsed.args[1] as string, force: parsed.flags.force as boolean, network: parsed.args[0] as string})
  }
}
