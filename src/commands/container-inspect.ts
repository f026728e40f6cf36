// `whalectl container inspect`: docker container inspect, the containers-only inspect (no
// --type, no search through other kinds of objects: an unknown name is the engine's "No such
// container" error).
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {ContainerInspectType} from '../lib/format/inspect-types.js'
import {INSPECT_FORMAT_FLAG, writeInspection} from './inspect.js'

const FLAGS: FlagSpec[] = [INSPECT_FORMAT_FLAG, {description: 'Display total file sizes', kind: 'bool', name: 'size', short: 's'}]

export interface ContainerInspectOptions {
  format: string
  size: boolean
  refs: string[]
}

export function toContainerInspectOptions(parsed: ParsedArgs): ContainerInspectOptions {
  return {format: (parsed.flags.format as string | undefined) ?? '', refs: parsed.args, size: parsed.flags.size as boolean}
}

export async function runContainerInspect(ctx: CommandContext, opts: ContainerInspectOptions): Promise<void> {
  const engine = ctx.engine()
  await writeInspection(ctx, opts.refs, opts.format, async (ref) => {
    const {raw} = await engine.containerInspectWithRaw(ref, {size: opts.size})
    return {raw, type: ContainerInspectType}
  })
}

export default class ContainerInspect extends DockerCommand {
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Display detailed information on one or more containers'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'container inspect [OPTIONS] CONTAINER [CONTAINER...]'

  /** Registered as `container:inspect` (oclif's id); docker's messages name it `container inspect`. */
  constructor(argv: string[], id: string) {
    super(argv, id.replace(':', ' '))
  }

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runContainerInspect(ctx, toContainerInspectOptions(parsed))
  }
}
