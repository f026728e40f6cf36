// `whalectl load`: docker load. The archive (a file or stdin) is streamed to the engine as the
// request body, and the engine's answer is shown with docker's progress display: `Loaded
// image: …` lines, layer progress only on a terminal.
import type {Readable} from 'node:stream'

import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {withInterrupt} from '../lib/cli/interrupt.js'
import {goPathErrorText} from '../lib/fs/path-error.js'
import {followMessageStream} from '../lib/image/messages.js'
import {pullProgressPrinter} from '../lib/image/pull.js'
import {openUpload, uploadBody} from '../lib/streams/upload.js'
import {checkPlatformFlag, platformOption} from './save.js'

const FLAGS: FlagSpec[] = [
  {description: 'Read from tar archive file, instead of STDIN', kind: 'string', name: 'input', short: 'i', valueName: 'string'},
  {description: 'Load only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")', kind: 'string', name: 'platform', valueName: 'string'},
  {description: 'Suppress the load output', kind: 'bool', name: 'quiet', short: 'q'},
]

export interface LoadOptions {
  input: string
  quiet: boolean
  platform: string
  changed: ReadonlySet<string>
  /** Cancels the load; without one, SIGINT/SIGTERM do. */
  signal?: AbortSignal
}

export function toLoadOptions(parsed: ParsedArgs): LoadOptions {
  const f = parsed.flags
  return {changed: parsed.changed, input: (f.input as string | undefined) ?? '', platform: (f.platform as string | undefined) ?? '', quiet: f.quiet as boolean}
}

/** The archive to send: the -i file (opened now, so a bad path fails before the engine is asked), or stdin. */
export async function openInput(ctx: CommandContext, input: string): Promise<Readable> {
  if (input === '') {
    if (ctx.stdin.isTTY === true) throw new CliError('requested load from stdin, but stdin is empty')
    return uploadBody(ctx.stdin)
  }
  try {
    return await openUpload(input)
  } catch (error) {
    throw new CliError(await goPathErrorText('open', input, error))
  }
}

export async function runLoad(ctx: CommandContext, opts: LoadOptions): Promise<void> {
  await checkPlatformFlag(ctx, opts.changed)
  const source = await openInput(ctx, opts.input)
  const platform = platformOption(opts.platform)?.[0]
  // The engine sends layer progress only when asked to, and docker asks only for a terminal.
  const quiet = opts.quiet || ctx.stdout.isTTY !== true
  const onProgress = pullProgressPrinter(ctx.stdout, false)
  const load = (signal: AbortSignal): Promise<void> =>
    followMessageStream(() => ctx.engine().imageLoad(source, {platform, quiet, signal}), {onProgress, signal})
  await (opts.signal ? load(opts.signal) : withInterrupt(load))
}

export default class Load extends DockerCommand {
  static override aliases = ['image:load']
  static override argRule = {kind: 'none'} as const
  static override description = 'Load an image from a tar archive or STDIN'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'load [OPTIONS]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runLoad(ctx, toLoadOptions(parsed))
  }
}
