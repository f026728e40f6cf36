// `whalectl network rm` (alias `network remove`): docker network rm. Networks are removed one
// after the other; each one removed is printed as named, each failure printed on stderr at once,
// and a run with failures ends with docker's `exit status 1`. With -f a network that does not
// exist is no failure. Removing swarm's routing-mesh (ingress) network asks first, as docker does.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError, StatusError} from '../lib/cli/errors.js'
import {cancelledBy, withInterrupt} from '../lib/cli/interrupt.js'
import {confirmOrCancel} from '../lib/cli/prune.js'
import {NotFoundError} from '../lib/engine/errors.js'

const FLAGS: FlagSpec[] = [{description: 'Do not error if the network does not exist', kind: 'bool', name: 'force', short: 'f'}]

const INGRESS_WARNING =
  'WARNING! Before removing the routing-mesh network, make sure all the nodes in your swarm run the same docker engine version. Otherwise, removal may not be effective and functionality of newly create ingress networks will be impaired.\nAre you sure you want to continue?'

export interface NetworkRmOptions {
  names: string[]
  force: boolean
}

/** Whether the user agrees to remove an ingress network; SIGINT/SIGTERM while asking ends the command. */
async function confirmIngressRemoval(ctx: CommandContext): Promise<boolean> {
  return withInterrupt(async (signal) => {
    try {
      await confirmOrCancel(ctx, INGRESS_WARNING, signal)
      return true
    } catch (error) {
      if (signal.aborted) throw cancelledBy(signal)
      if (error instanceof StatusError && error.exitCode === 0) return false
      throw error
    }
  })
}

export async function runNetworkRm(ctx: CommandContext, opts: NetworkRmOptions): Promise<void> {
  const engine = ctx.engine()
  let failed = false
  for (const name of opts.names) {
    const ingress = await engine.networkInspectWithRaw(name).then(
      ({value}) => value.Ingress === true,
      () => false,
    )
    if (ingress && !(await confirmIngressRemoval(ctx))) continue
    try {
      await engine.networkRemove(name)
    } catch (error) {
      if (opts.force && error instanceof NotFoundError) continue
      ctx.stderr.write(`${(error as Error).message}\n`)
      failed = true
      continue
    }
    ctx.stdout.write(`${name}\n`)
  }
  if (failed) throw new CliError('exit status 1')
}

export default class NetworkRm extends DockerCommand {
  static override aliases = ['network:remove']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Remove one or more networks'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'network rm NETWORK [NETWORK...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runNetworkRm(ctx, {force: parsed.flags.force as boolean, names: parsed.args})
  }
}
