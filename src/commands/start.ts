// `whalectl start`: docker start. Without -a/-i: each container started in turn, its name printed
// as given; a failure printed on stderr at once, and `Error: failed to start containers: a, b`
// at the end (exit 1). A running container is no failure (the engine answers 304).
// With -a or -i: one container, attached before it is started, streamed as `run` does, and its
// exit status as ours (src/lib/container/start-attach.ts).
import {type FlagSpec, flagSpec, type ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {quietBrokenPipe} from '../lib/container/exit-status.js'
import {type ProcessHooks, processHooks} from '../lib/container/run-session.js'
import {startAttached, statusExit} from '../lib/container/start-attach.js'

const FLAGS: FlagSpec[] = [
  flagSpec('attach', 'bool', undefined, 'Attach STDOUT/STDERR and forward signals', {short: 'a'}),
  // experimental in docker: hidden, and refused by an engine without experimental features
  flagSpec('checkpoint', 'string', 'string', 'Restore from this checkpoint', {hidden: true}),
  flagSpec('checkpoint-dir', 'string', 'string', 'Use a custom checkpoint storage directory', {hidden: true}),
  flagSpec('detach-keys', 'string', 'string', 'Override the key sequence for detaching a container'),
  flagSpec('interactive', 'bool', undefined, "Attach container's STDIN", {short: 'i'}),
]

export interface StartOptions {
  containers: string[]
  attach: boolean
  interactive: boolean
  detachKeys: string
  checkpoint: string
  checkpointDir: string
  changed: ReadonlySet<string>
}

export function toStartOptions(parsed: ParsedArgs): StartOptions {
  const f = parsed.flags
  return {
    attach: f.attach as boolean,
    changed: parsed.changed,
    checkpoint: (f.checkpoint as string | undefined) ?? '',
    checkpointDir: (f['checkpoint-dir'] as string | undefined) ?? '',
    containers: parsed.args,
    detachKeys: (f['detach-keys'] as string | undefined) ?? '',
    interactive: f.interactive as boolean,
  }
}

const EXPERIMENTAL_FLAGS = ['checkpoint', 'checkpoint-dir']

/** docker's check of experimental flags (after the ping, before the command): exit 1. */
async function checkExperimentalFlags(ctx: CommandContext, changed: ReadonlySet<string>): Promise<void> {
  const used = EXPERIMENTAL_FLAGS.filter((name) => changed.has(name))
  if (used.length === 0 || (await ctx.engine().ping()).experimental === true) return
  throw new CliError(used.map((name) => `"--${name}" is only supported on a Docker daemon with experimental features enabled`).join('\n'))
}

async function startEach(ctx: CommandContext, containers: readonly string[]): Promise<void> {
  const engine = ctx.engine()
  const failed: string[] = []
  for (const container of containers) {
    try {
      await engine.containerStart(container)
    } catch (error) {
      ctx.stderr.write(`${(error as Error).message}\n`)
      failed.push(container)
      continue
    }
    ctx.stdout.write(`${container}\n`)
  }
  if (failed.length > 0) throw new CliError(`Error: failed to start containers: ${failed.join(', ')}`)
}

export async function runStart(ctx: CommandContext, opts: StartOptions, hooks: ProcessHooks = processHooks()): Promise<void> {
  await checkExperimentalFlags(ctx, opts.changed)
  if (opts.attach || opts.interactive) {
    if (opts.containers.length > 1) throw new CliError('you cannot start and attach multiple containers at once')
    const status = await startAttached(ctx, opts.containers[0] as string, {detachKeys: opts.detachKeys, interactive: opts.interactive}, hooks).catch((error: unknown) => {
      throw quietBrokenPipe(error)
    })
    statusExit(status)
    return
  }
  if (opts.checkpoint !== '') {
    if (opts.containers.length > 1) throw new CliError('you cannot restore multiple containers at once')
    await ctx.engine().containerStart(opts.containers[0] as string, {checkpoint: opts.checkpoint, checkpointDir: opts.checkpointDir})
    return
  }
  await startEach(ctx, opts.containers)
}

export default class Start extends DockerCommand {
  static override aliases = ['container:start']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Start one or more stopped containers'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'start [OPTIONS] CONTAINER [CONTAINER...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runStart(ctx, toStartOptions(parsed))
  }
}
