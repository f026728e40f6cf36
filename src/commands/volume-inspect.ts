// `whalectl volume inspect`: docker volume inspect. Unlike the other inspect commands, docker
// prints the volume as its Go type re-encodes it (field order of volume.Volume, `<` as \u003c)
// rather than the engine's bytes, and a template that fails is reported, not retried.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {VolumeInspectType} from '../lib/format/inspect-types.js'
import {INSPECT_FORMAT_FLAG, writeInspection} from './inspect.js'

const FLAGS: FlagSpec[] = [INSPECT_FORMAT_FLAG]

export async function runVolumeInspect(ctx: CommandContext, names: readonly string[], format: string): Promise<void> {
  const engine = ctx.engine()
  await writeInspection(ctx, names, format, async (name) => ({raw: (await engine.volumeInspectWithRaw(name)).raw, type: VolumeInspectType, typedOnly: true}))
}

export default class VolumeInspect extends DockerCommand {
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Display detailed information on one or more volumes'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'volume inspect [OPTIONS] VOLUME [VOLUME...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runVolumeInspect(ctx, parsed.args, (parsed.flags.format as string | undefined) ?? '')
  }
}
