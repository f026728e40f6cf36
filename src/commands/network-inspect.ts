// `whalectl network inspect`: docker network inspect. The engine's answers are printed by
// docker's inspector (src/lib/format/inspect.ts); an unknown network is the engine's own
// "network x not found" error, reported after the others are printed (exit 1).
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {NetworkInspectType} from '../lib/format/inspect-types.js'
import {INSPECT_FORMAT_FLAG, writeInspection} from './inspect.js'

const FLAGS: FlagSpec[] = [INSPECT_FORMAT_FLAG, {description: 'Verbose output for diagnostics', kind: 'bool', name: 'verbose', short: 'v'}]

export interface NetworkInspectOptions {
  names: string[]
  format: string
  verbose: boolean
}

export async function runNetworkInspect(ctx: CommandContext, opts: NetworkInspectOptions): Promise<void> {
  const engine = ctx.engine()
  await writeInspection(ctx, opts.names, opts.format, async (name) => ({raw: (await engine.networkInspectWithRaw(name, {verbose: opts.verbose})).raw, type: NetworkInspectType}))
}

export default class NetworkInspect extends DockerCommand {
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Display detailed information on one or more networks'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'network inspect [OPTIONS] NETWORK [NETWORK...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runNetworkInspect(ctx, {format: (parsed.flags.format as string | undefined) ?? '', names: parsed.args, verbose: parsed.flags.verbose as boolean})
  }
}
