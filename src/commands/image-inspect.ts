// `whalectl image inspect`: docker image inspect, the images-only inspect (no --type, no search
// through other kinds of objects: an unknown name is the engine's "No such image" error).
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {ImageInspectType} from '../lib/format/inspect-types.js'
import {INSPECT_FORMAT_FLAG, writeInspection} from './inspect.js'

const FLAGS: FlagSpec[] = [INSPECT_FORMAT_FLAG]

export async function runImageInspect(ctx: CommandContext, refs: string[], format: string): Promise<void> {
  const engine = ctx.engine()
  await writeInspection(ctx, refs, format, async (ref) => ({raw: (await engine.imageInspectWithRaw(ref)).raw, type: ImageInspectType}))
}

export default class ImageInspect extends DockerCommand {
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Display detailed information on one or more images'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'image inspect [OPTIONS] IMAGE [IMAGE...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runImageInspect(ctx, parsed.args, (parsed.flags.format as string | undefined) ?? '')
  }
}
