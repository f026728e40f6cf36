// `whalectl exec`: docker exec (DOCKER-CLI-BEHAVIOUR.md §3): create an exec instance, start it
// on a hijacked connection (or detached), and exit with its exit code.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError, StatusError} from '../lib/cli/errors.js'
import {readEnvList} from '../lib/container/create-options.js'
import {EXEC_FLAG_REQUIREMENTS, EXEC_FLAGS, parseEnvFlag, unsupportedFlagsError} from '../lib/container/run-flags.js'
import {quietBrokenPipe} from '../lib/container/exit-status.js'
import {execInContainer} from '../lib/container/exec-session.js'
import {type ProcessHooks, processHooks} from '../lib/container/run-session.js'
import {terminalSize, type TerminalOutput} from '../lib/container/tty.js'
import type {ExecCreateBody} from '../lib/engine/types.js'

export interface ExecOptions {
  container: string
  command: string[]
  detach: boolean
  interactive: boolean
  tty: boolean
  env: string[]
  envFile: string[]
  workdir: string
  user: string
  privileged: boolean
  detachKeys: string
  changed: ReadonlySet<string>
}

export function toExecOptions(parsed: ParsedArgs): ExecOptions {
  const f = parsed.flags
  return {
    changed: parsed.changed,
    command: parsed.args.slice(1),
    container: parsed.args[0] as string,
    detach: f.detach as boolean,
    detachKeys: (f['detach-keys'] as string | undefined) ?? '',
    env: f.env as string[],
    envFile: f['env-file'] as string[],
    interactive: f.interactive as boolean,
    privileged: f.privileged as boolean,
    tty: f.tty as boolean,
    user: (f.user as string | undefined) ?? '',
    workdir: (f.workdir as string | undefined) ?? '',
  }
}


/** docker's parseExec: not detached means stdout and stderr attached, stdin too with -i. */
export function buildExecBody(opts: ExecOptions, env: NodeJS.ProcessEnv, cwd: string, configDetachKeys: string | undefined): ExecCreateBody {
  let envList: string[]
  try {
    envList = readEnvList(opts.envFile, opts.env.map((v) => parseEnvFlag(v, env)), env, cwd)
  } catch (error) {
    // exec returns these errors as they are: exit 1, no usage hint
    throw new CliError((error as Error).message, 1)
  }
  return {
    User: opts.user,
    Privileged: opts.privileged,
    Tty: opts.tty,
    AttachStdin: !opts.detach && opts.interactive,
    AttachStderr: !opts.detach,
    AttachStdout: !opts.detach,
    Detach: opts.detach,
    DetachKeys: opts.detachKeys !== '' ? opts.detachKeys : (configDetachKeys ?? ''),
    Env: envList.length > 0 ? envList : null,
    WorkingDir: opts.workdir,
    Cmd: opts.command,
  }
}

export async function runExec(ctx: CommandContext, opts: ExecOptions, hooks: ProcessHooks = processHooks()): Promise<void> {
  const body = buildExecBody(opts, ctx.env, process.cwd(), ctx.config().detachKeys)
  const engine = ctx.engine()
  const apiVersion = await engine.apiVersion()
  const unsupported = unsupportedFlagsError(EXEC_FLAG_REQUIREMENTS, opts.changed, {apiVersion})
  if (unsupported !== undefined) throw new CliError(unsupported, 1)

  const outcome = await execInContainer(
    ctx,
    {body, consoleSize: body.Tty ? terminalSize(ctx.stdout as TerminalOutput) : undefined, container: opts.container},
    hooks,
  ).catch((error: unknown) => {
    throw quietBrokenPipe(error)
  })
  if (outcome.kind === 'detached') throw new CliError('read escape sequence', 1)
  // The daemon went away before the exit code could be read: docker's -1, which a shell sees as 255.
  if (outcome.kind === 'done' && outcome.exitCode !== 0) throw new StatusError('', outcome.exitCode === -1 ? 255 : outcome.exitCode)
}

export default class Exec extends DockerCommand {
  static override aliases = ['container:exec']
  static override argRule = {kind: 'min', n: 2} as const
  static override description = 'Execute a command in a running container'
  static override flagSpecs = EXEC_FLAGS
  static override flags = toOclifFlags(EXEC_FLAGS)
  static override interspersed = false
  static override usageLine = 'exec [OPTIONS] CONTAINER COMMAND [ARG...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runExec(ctx, toExecOptions(parsed))
  }
}
