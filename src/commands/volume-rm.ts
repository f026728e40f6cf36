// `whalectl volume rm` (alias `volume remove`): docker volume rm. Volumes are removed one after
// the other, each one removed printed as named; the failures are reported together at the end
// (exit 1). With -f the engine itself ignores a volume that does not exist.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {requireFlagApiVersion} from '../lib/cli/flag-versions.js'
import {joinedError} from '../lib/container/each-container.js'

const FLAGS: FlagSpec[] = [{description: 'Force the removal of one or more volumes', kind: 'bool', name: 'force', short: 'f'}]

export interface VolumeRmOptions {
  names: string[]
  force: boolean
  changed: ReadonlySet<string>
}

export async function runVolumeRm(ctx: CommandContext, opts: VolumeRmOptions): Promise<void> {
  await requireFlagApiVersion(ctx, opts.changed, 'force', '1.25')
  const engine = ctx.engine()
  const errors: unknown[] = []
  for (const name of opts.names) {
    try {
      await engine.volumeRemove(name, opts.force)
    } catch (error) {
      errors.push(error)
      continue
    }
    ctx.stdout.write(`${name}\n`)
  }
  const failure = joinedError(errors)
  if (failure) throw failure
}

export default class VolumeRm extends DockerCommand {
  static override aliases = ['volume:remove']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Remove one or more volumes. You cannot remove a volume that is in use by a container.'
  static override summary = 'Remove one or more volumes'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'volume rm [OPTIONS] VOLUME [VOLUME...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runVolumeRm(ctx, {changed: parsed.changed, force: parsed.flags.force as boolean, names: parsed.args})
  }
}
