// `whalectl history` (also `image history`): docker history, byte for byte; the rows are laid out
// by src/lib/format/history-context.ts.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {requireFlagApiVersion} from '../lib/cli/flag-versions.js'
import {listFormatFlag} from '../lib/cli/list-flags.js'
import {FormatError, prepareFormat} from '../lib/format/formatter.js'
import {HISTORY_FORMAT_CONTEXT, historyContext, historyFormat} from '../lib/format/history-context.js'

const FLAGS: FlagSpec[] = [
  listFormatFlag(),
  {default: true, description: 'Print sizes and dates in human readable format', kind: 'bool', name: 'human', short: 'H'},
  {description: "Don't truncate output", kind: 'bool', name: 'no-trunc'},
  {
    description: 'Show history for the given platform. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")',
    kind: 'string',
    name: 'platform',
    valueName: 'string',
  },
  {description: 'Only show image IDs', kind: 'bool', name: 'quiet', short: 'q'},
]

/** The API version that knows `platform` on image history. */
const PLATFORM_API_VERSION = '1.48'

export interface HistoryOptions {
  image: string
  human: boolean
  quiet: boolean
  noTrunc: boolean
  format?: string
  platform?: string
  changed: ReadonlySet<string>
}

export function toHistoryOptions(parsed: ParsedArgs): HistoryOptions {
  const f = parsed.flags
  return {
    changed: parsed.changed,
    format: f.format as string | undefined,
    human: f.human as boolean,
    image: parsed.args[0] as string,
    noTrunc: f['no-trunc'] as boolean,
    platform: (f.platform as string | undefined) || undefined,
    quiet: f.quiet as boolean,
  }
}

async function historyPlatform(specifier: string): Promise<string> {
  // Loaded only for --platform: the platform parser is large and rarely needed.
  const {encodePlatform} = await import('../lib/image/platform.js')
  try {
    return encodePlatform(specifier)
  } catch (error) {
    throw new CliError(`invalid platform: ${(error as Error).message}`)
  }
}

export async function runHistory(ctx: CommandContext, opts: HistoryOptions): Promise<void> {
  const engine = ctx.engine()
  await requireFlagApiVersion(ctx, opts.changed, 'platform', PLATFORM_API_VERSION)
  const platform = opts.platform === undefined ? undefined : await historyPlatform(opts.platform)
  const history = await engine.imageHistory(opts.image, {platform})
  const format = historyFormat(opts.format || 'table', opts.quiet, opts.human)
  try {
    const prepared = prepareFormat(format, HISTORY_FORMAT_CONTEXT, {execErrorPrefix: 'template parsing error', parseErrorPrefix: 'template parsing error'})
    const now = ctx.now()
    ctx.stdout.write(prepared.render(history.map((item) => historyContext(item, {human: opts.human, now, trunc: !opts.noTrunc}))))
  } catch (error) {
    throw error instanceof FormatError ? new CliError(error.message) : error
  }
}

export default class History extends DockerCommand {
  static override aliases = ['image:history']
  static override argRule = {kind: 'exact', n: 1} as const
  static override description = 'Show the history of an image'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'history [OPTIONS] IMAGE'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runHistory(ctx, toHistoryOptions(parsed))
  }
}
