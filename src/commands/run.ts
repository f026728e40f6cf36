// `whalectl run`: docker run (DOCKER-CLI-BEHAVIOUR.md §2): create, attach, wait, start, stream,
// and exit with the container's status.
import type {ParsedArgs} from '../lib/cli/argv.js'
import {catchSigpipe} from '../lib/cli/broken-pipe.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError, StatusError} from '../lib/cli/errors.js'
import {buildCreateRequest, type CreateRequest, type ProxyConfig} from '../lib/container/create-options.js'
import {quietBrokenPipe, toRunStatusError, withHelp} from '../lib/container/exit-status.js'
import {RUN_FLAG_REQUIREMENTS, RUN_FLAGS, unsupportedFlagsError} from '../lib/container/run-flags.js'
import {ContainerRunError, logrusLine, type ProcessHooks, processHooks, runContainer} from '../lib/container/run-session.js'
import {terminalSize, type TerminalOutput} from '../lib/container/tty.js'

export interface RunOptions {
  flags: Record<string, unknown>
  /** The flags given on the command line (pflag's Changed), which some defaults depend on. */
  changed: ReadonlySet<string>
  /** IMAGE, then the container's command. */
  args: string[]
}

export function toRunOptions(parsed: ParsedArgs): RunOptions {
  return {args: parsed.args, changed: parsed.changed, flags: parsed.flags}
}

/** config.json `proxies`: the entry for this daemon's host, else `default` (docker's ParseProxyConfig). */
export function proxiesFor(ctx: CommandContext): ProxyConfig | undefined {
  const all = (ctx.config() as {proxies?: Record<string, ProxyConfig>}).proxies
  if (!all || typeof all !== 'object') return undefined
  return all[ctx.endpoint().display] ?? all.default
}

/**
 * The create request of `run` (or `create`), with docker's `docker: <err>` + help hint and 125 for
 * what it refuses. Only `run` checks that a `-it` session has a terminal: `create` starts nothing.
 */
export function createRequestFor(ctx: CommandContext, opts: RunOptions, cwd: string, command: 'create' | 'run' = 'run'): CreateRequest {
  try {
    return buildCreateRequest(opts.flags, opts.changed, opts.args, ctx.env, {
      consoleSize: terminalSize(ctx.stdout as TerminalOutput),
      cwd,
      proxies: proxiesFor(ctx),
      ...(command === 'run' ? {stdinIsTTY: ctx.stdin.isTTY === true} : {}),
    })
  } catch (error) {
    // `conflicting options: … --attach and --detach` and `the input device is not a TTY` are bare, exit 1.
    if (error instanceof CliError && error.exitCode !== 125) throw error
    throw new StatusError(withHelp((error as Error).message, command), 125)
  }
}

export async function runRun(ctx: CommandContext, opts: RunOptions, hooks: ProcessHooks = processHooks()): Promise<void> {
  const req = createRequestFor(ctx, opts, process.cwd())
  for (const warning of req.parseWarnings) ctx.stderr.write(logrusLine('warning', warning, new Date(ctx.now())))
  let apiVersion: string
  try {
    apiVersion = await ctx.engine().apiVersion()
  } catch (error) {
    throw toRunStatusError(error)
  }
  const unsupported = unsupportedFlagsError(RUN_FLAG_REQUIREMENTS, opts.changed, {apiVersion})
  if (unsupported !== undefined) throw new CliError(unsupported, 1)
  // docker's signal proxy catches every signal, SIGPIPE included (see broken-pipe.ts).
  if (req.sigProxy) catchSigpipe()
  const {status} = await runContainer(ctx, req, apiVersion, hooks).catch((error: unknown) => {
    throw error instanceof ContainerRunError ? toRunStatusError(error) : quietBrokenPipe(error)
  })
  if (status !== 0) throw new StatusError('', status)
}

export default class Run extends DockerCommand {
  static override aliases = ['container:run']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Create and run a new container from an image'
  static override flagSpecs = RUN_FLAGS
  static override flags = toOclifFlags(RUN_FLAGS)
  static override interspersed = false
  static override usageLine = 'run [OPTIONS] IMAGE [COMMAND] [ARG...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runRun(ctx, toRunOptions(parsed))
  }
}
