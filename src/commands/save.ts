// `whalectl save`: docker save. The engine's tar goes to stdout (never to a terminal) or, with
// -o, to a temporary file beside the target that replaces it only once the whole archive is
// there: a failed save leaves no partial file. The archive is streamed, never held in memory.
import {fstatSync, writeSync} from 'node:fs'

import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {requireFlagApiVersion} from '../lib/cli/flag-version.js'
import {withInterrupt} from '../lib/cli/interrupt.js'
import {AtomicFile, DestinationError, validateDestination} from '../lib/fs/atomic-file.js'
import {RequestGuard} from '../lib/image/cancel.js'
import {encodePlatform} from '../lib/image/platform.js'
import {streamFailure} from '../lib/image/stream-errors.js'
import type {OutStream} from '../lib/io.js'
import {copyContainerOutput} from '../lib/streams/demux.js'

const FLAGS: FlagSpec[] = [
  {description: 'Write to a file, instead of STDOUT', kind: 'string', name: 'output', short: 'o', valueName: 'string'},
  {description: 'Save only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")', kind: 'string', name: 'platform', valueName: 'string'},
]

/** The API version that takes `platform=` on save and load. */
export const SAVE_LOAD_PLATFORM_API_VERSION = '1.48'

export interface SaveOptions {
  images: string[]
  output: string
  platform: string
  changed: ReadonlySet<string>
  /** Cancels the save; without one, SIGINT/SIGTERM do. */
  signal?: AbortSignal
}

export function toSaveOptions(parsed: ParsedArgs): SaveOptions {
  return {changed: parsed.changed, images: parsed.args, output: (parsed.flags.output as string | undefined) ?? '', platform: (parsed.flags.platform as string | undefined) ?? ''}
}

/** docker's check that the engine knows `--platform` on save and load. */
export async function checkPlatformFlag(ctx: CommandContext, changed: ReadonlySet<string>): Promise<void> {
  await requireFlagApiVersion(ctx, changed, 'platform', SAVE_LOAD_PLATFORM_API_VERSION)
}

/** `--platform` as the JSON the API takes, or docker's `invalid platform: …`. */
export function platformOption(platform: string): string[] | undefined {
  if (platform === '') return undefined
  try {
    return [encodePlatform(platform)]
  } catch (error) {
    throw new CliError(`invalid platform: ${(error as Error).message}`)
  }
}

/**
 * stdout's file descriptor when it is a regular file or a device (`> file`, `> /dev/null`): those
 * take blocking writes, so the archive can be written as it is read, with no buffer per read. A
 * pipe is left to the stream, which waits for it to drain.
 */
function blockingStdoutFd(out: OutStream): number | undefined {
  const fd = (out as {fd?: unknown}).fd
  if (typeof fd !== 'number') return undefined
  try {
    const stat = fstatSync(fd)
    return stat.isFile() || stat.isCharacterDevice() ? fd : undefined
  } catch {
    return undefined
  }
}

function writeAllSync(fd: number, data: Buffer): void {
  for (let offset = 0; offset < data.length; ) offset += writeSync(fd, data, offset)
}

export async function runSave(ctx: CommandContext, opts: SaveOptions): Promise<void> {
  await checkPlatformFlag(ctx, opts.changed)
  const platforms = platformOption(opts.platform)
  let file: AtomicFile | undefined
  if (opts.output === '') {
    if (ctx.stdout.isTTY === true) throw new CliError('cowardly refusing to save to a terminal. Use the -o flag or redirect')
  } else {
    try {
      await validateDestination(opts.output)
      file = await AtomicFile.create(opts.output, `.tmp-${opts.output.slice(opts.output.lastIndexOf('/') + 1)}`)
    } catch (error) {
      if (error instanceof DestinationError) throw new CliError(`failed to save image: ${error.message}`)
      throw error
    }
  }
  const stdoutFd = file ? undefined : blockingStdoutFd(ctx.stdout)
  const save = async (signal: AbortSignal): Promise<void> => {
    const engine = ctx.engine()
    if (file || stdoutFd !== undefined) {
      const write = file ? (chunk: Buffer) => file.writeSync(chunk) : (chunk: Buffer) => writeAllSync(stdoutFd as number, chunk)
      await engine.imageSaveInto(opts.images, {data: write}, {platforms, signal})
      return
    }
    const guard = new RequestGuard(signal)
    try {
      const body = await guard.race(engine.imageSaveWithOptions(opts.images, {platforms, signal}))
      guard.closeOnAbort(body)
      await copyContainerOutput(body, true, ctx.stdout, ctx.stderr)
    } catch (error) {
      throw streamFailure(guard.translate(error))
    } finally {
      guard.dispose()
    }
  }
  try {
    await (opts.signal ? save(opts.signal) : withInterrupt(save))
    // atomicwriter renames only a file something was written to; 0600 whatever the umask.
    if (file && file.bytesWritten > 0) await file.commit({mode: 0o600, sync: true})
  } finally {
    await file?.discard()
  }
}

export default class Save extends DockerCommand {
  static override aliases = ['image:save']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Save one or more images to a tar archive (streamed to STDOUT by default)'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'save [OPTIONS] IMAGE [IMAGE...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runSave(ctx, toSaveOptions(parsed))
  }
}
