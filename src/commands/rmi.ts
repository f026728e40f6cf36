// `whalectl rmi` (also `image rm`, `image remove`): docker rmi. Each image is removed in turn and
// the engine's `Untagged:` / `Deleted:` lines printed as they come; the errors follow at the end,
// together. With -f, images that do not exist are reported on stderr without failing.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {requireFlagApiVersion} from '../lib/cli/flag-versions.js'
import {NotFoundError} from '../lib/engine/errors.js'
import type {ImageDeleteItem} from '../lib/engine/types.js'
import {readCsvRecord} from '../lib/go/csv.js'

const FLAGS: FlagSpec[] = [
  {description: 'Force removal of the image', kind: 'bool', name: 'force', short: 'f'},
  {description: 'Do not delete untagged parents', kind: 'bool', name: 'no-prune'},
  {
    description: 'Remove only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")',
    kind: 'stringArray',
    name: 'platform',
    valueName: 'strings',
  },
]

/** The API version that knows `platforms` on image removal. */
const PLATFORM_API_VERSION = '1.50'

export interface RmiOptions {
  images: string[]
  force: boolean
  noPrune: boolean
  /** --platform values, each a comma-separated list (pflag's stringSlice). */
  platforms: string[]
  changed: ReadonlySet<string>
}

export function toRmiOptions(parsed: ParsedArgs): RmiOptions {
  const f = parsed.flags
  return {
    changed: parsed.changed,
    force: f.force as boolean,
    images: parsed.args,
    noPrune: f['no-prune'] as boolean,
    platforms: (f.platform as string[]).flatMap((value) => (value === '' ? [] : readCsvRecord(value))),
  }
}

/** docker's lines for one removal: `Deleted:` for an entry with a deleted ID, else `Untagged:`. */
export function deleteLines(items: readonly ImageDeleteItem[]): string {
  return items.map((item) => (item.Deleted ? `Deleted: ${item.Deleted}\n` : `Untagged: ${item.Untagged ?? ''}\n`)).join('')
}

export async function runRmi(ctx: CommandContext, opts: RmiOptions): Promise<void> {
  const engine = ctx.engine()
  await requireFlagApiVersion(ctx, opts.changed, 'platform', PLATFORM_API_VERSION)
  let platforms: string[] = []
  if (opts.platforms.length > 0) {
    const {encodePlatform} = await import('../lib/image/platform.js')
    platforms = opts.platforms.map(encodePlatform)
  }
  let fatal = false
  const errors: string[] = []
  for (const image of opts.images) {
    try {
      ctx.stdout.write(deleteLines(await engine.imageRemove(image, {force: opts.force, noPrune: opts.noPrune, platforms})))
    } catch (error) {
      if (!(error instanceof NotFoundError)) fatal = true
      errors.push(error instanceof Error ? error.message : String(error))
    }
  }
  if (errors.length === 0) return
  // errors.Join: one message per line.
  if (!opts.force || fatal) throw new CliError(errors.join('\n'))
  ctx.stderr.write(`${errors.join('\n')}\n`)
}

export default class Rmi extends DockerCommand {
  static override aliases = ['image:rm', 'image:remove']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Remove one or more images'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'rmi [OPTIONS] IMAGE [IMAGE...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runRmi(ctx, toRmiOptions(parsed))
  }
}
