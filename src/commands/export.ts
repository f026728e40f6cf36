// `whalectl export`: docker export. The container's file system comes from the engine as a tar
// stream and goes, as it arrives, to stdout (never a terminal, as docker refuses that) or to the
// `-o` file, which is written beside its name and renamed into place once complete (docker's
// atomicwriter; a failed export leaves no file, where docker may leave a partial one).
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {cancelledBy, withInterrupt} from '../lib/cli/interrupt.js'
import {AtomicFile, validateDestination} from '../lib/fs/atomic-file.js'
import {copyContainerOutput} from '../lib/streams/demux.js'

const FLAGS: FlagSpec[] = [{description: 'Write to a file, instead of STDOUT', kind: 'string', name: 'output', short: 'o', valueName: 'string'}]

export interface ExportOptions {
  container: string
  /** '' writes to stdout. */
  output: string
}

export function toExportOptions(parsed: ParsedArgs): ExportOptions {
  return {container: parsed.args[0] ?? '', output: (parsed.flags.output as string | undefined) ?? ''}
}

async function openOutput(output: string): Promise<AtomicFile> {
  try {
    await validateDestination(output)
    return await AtomicFile.create(output, `.tmp-${output.slice(output.lastIndexOf('/') + 1)}`)
  } catch (error) {
    throw new CliError(`failed to export container: ${(error as Error).message}`)
  }
}

export async function runExport(ctx: CommandContext, opts: ExportOptions, signal?: AbortSignal): Promise<void> {
  if (opts.output === '' && ctx.stdout.isTTY === true) throw new CliError('cowardly refusing to save to a terminal. Use the -o flag or redirect')
  const file = opts.output === '' ? undefined : await openOutput(opts.output)
  try {
    if (file) {
      await ctx.engine().containerExportInto(opts.container, {data: (chunk) => file.writeSync(chunk)}, {signal})
      // atomicwriter renames only a file something was written to; 0600 whatever the umask.
      if (file.bytesWritten > 0) await file.commit({mode: 0o600, sync: true})
    } else {
      await copyContainerOutput(await ctx.engine().containerExport(opts.container, {signal}), true, ctx.stdout, ctx.stderr)
    }
  } catch (error) {
    if (signal?.aborted) throw cancelledBy(signal)
    throw error
  } finally {
    await file?.discard()
  }
}

export default class Export extends DockerCommand {
  static override aliases = ['container:export']
  static override argRule = {kind: 'exact', n: 1} as const
  static override description = "Export a container's filesystem as a tar archive"
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'export [OPTIONS] CONTAINER'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    const opts = toExportOptions(parsed)
    await withInterrupt((signal) => runExport(ctx, opts, signal))
  }
}
