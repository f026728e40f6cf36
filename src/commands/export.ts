// `whalectl export`: docker export. The container's file system comes from the engine as a tar
// stream and goes, as it arrives, to stdout (never a terminal, as docker refuses that) or to the
// `-o` file, which is written beside its name and renamed into place once complete
// (moby/sys/atomicwriter, src/lib/archive/atomic-file.ts).
import {AtomicFile} from '../lib/archive/atomic-file.js'
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {cancelledBy, withInterrupt} from '../lib/cli/interrupt.js'
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

export async function runExport(ctx: CommandContext, opts: ExportOptions, signal?: AbortSignal, cwd = process.cwd()): Promise<void> {
  let file: AtomicFile | undefined
  if (opts.output === '') {
    if (ctx.stdout.isTTY === true) throw new CliError('cowardly refusing to save to a terminal. Use the -o flag or redirect')
  } else {
    try {
      file = AtomicFile.create(opts.output, 0o600, cwd)
    } catch (error) {
      throw new CliError(`failed to export container: ${(error as Error).message}`)
    }
  }
  try {
    const body = await ctx.engine().containerExport(opts.container, {signal})
    if (file) {
      const out = file
      await copyContainerOutput(body, true, {write: (chunk: Buffer) => (out.write(chunk), true)}, {write: () => true})
      out.commit()
    } else {
      await copyContainerOutput(body, true, ctx.stdout, ctx.stderr)
    }
  } catch (error) {
    file?.discard()
    if (signal?.aborted) throw cancelledBy(signal)
    throw error
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
