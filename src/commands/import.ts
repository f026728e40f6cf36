// `whalectl import`: docker import. A local file or stdin is streamed to the engine as the
// request body; an http(s) URL is handed to the engine, which downloads it itself, exactly as
// docker does (so the URL must be reachable from the engine, not from this machine).
import type {Readable} from 'node:stream'

import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {requireFlagApiVersion} from '../lib/cli/flag-version.js'
import {withInterrupt} from '../lib/cli/interrupt.js'
import {goPathErrorText} from '../lib/fs/path-error.js'
import {followMessageStream} from '../lib/image/messages.js'
import {pullProgressPrinter} from '../lib/image/pull.js'
import {InvalidReferenceError, parseNormalizedNamed} from '../lib/registry/reference.js'
import {openUpload, uploadBody} from '../lib/streams/upload.js'

const FLAGS: FlagSpec[] = [
  {description: 'Apply Dockerfile instruction to the created image', kind: 'stringArray', name: 'change', short: 'c', valueName: 'list'},
  {description: 'Set commit message for imported image', kind: 'string', name: 'message', short: 'm', valueName: 'string'},
  {description: 'Set platform if server is multi-platform capable', kind: 'string', name: 'platform', valueName: 'string'},
]

export interface ImportOptions {
  /** A file, `-` for stdin, or an http(s) URL. */
  source: string
  /** REPOSITORY[:TAG], '' for an untagged image. */
  reference: string
  changes: string[]
  message: string
  platform: string
  changed: ReadonlySet<string>
  /** Cancels the import; without one, SIGINT/SIGTERM do. */
  signal?: AbortSignal
}

export function toImportOptions(parsed: ParsedArgs, env: NodeJS.ProcessEnv): ImportOptions {
  const f = parsed.flags
  return {
    changed: parsed.changed,
    changes: (f.change as string[] | undefined) ?? [],
    message: (f.message as string | undefined) ?? '',
    platform: parsed.changed.has('platform') ? ((f.platform as string | undefined) ?? '') : (env.DOCKER_DEFAULT_PLATFORM ?? ''),
    reference: parsed.args[1] ?? '',
    source: parsed.args[0] as string,
  }
}

function isURL(source: string): boolean {
  return source.startsWith('https://') || source.startsWith('http://')
}

export async function runImport(ctx: CommandContext, opts: ImportOptions): Promise<void> {
  await requireFlagApiVersion(ctx, opts.changed, 'platform', '1.32')
  // What docker sends as fromSrc, and the body: stdin, the engine's own download, or the file.
  let fromSrc = '-'
  let body: Readable | undefined
  let file: Readable | undefined
  if (opts.source === '-') body = uploadBody(ctx.stdin)
  else if (isURL(opts.source)) fromSrc = opts.source
  else {
    try {
      file = await openUpload(opts.source)
    } catch (error) {
      throw new CliError(await goPathErrorText('open', opts.source, error))
    }
    body = file
  }
  if (opts.reference !== '') {
    try {
      parseNormalizedNamed(opts.reference)
    } catch (error) {
      file?.destroy()
      if (error instanceof InvalidReferenceError) throw new CliError(error.message)
      throw error
    }
  }
  const onProgress = pullProgressPrinter(ctx.stdout, false)
  const run = (signal: AbortSignal): Promise<void> =>
    followMessageStream(
      () =>
        ctx.engine().imageCreate({
          body,
          changes: opts.changes,
          fromSrc,
          message: opts.message,
          platform: opts.platform || undefined,
          repo: opts.reference || undefined,
          signal,
        }),
      {onProgress, signal},
    )
  try {
    await (opts.signal ? run(opts.signal) : withInterrupt(run))
  } finally {
    file?.destroy()
  }
}

export default class Import extends DockerCommand {
  static override aliases = ['image:import']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Import the contents from a tarball to create a filesystem image'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runImport(ctx, toImportOptions(parsed, ctx.env))
  }
}
