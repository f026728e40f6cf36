// `whalectl exec`: docker exec (DOCKER-CLI-BEHAVIOUR.md §3): create an exec instance, start it
// on a hijacked connection (or detached), and exit with its exit code.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError, StatusError} from '../lib/cli/errors.js'
import type {StreamSession} from '../lib/container/attach.js'
import {readEnvList} from '../lib/container/create-options.js'
import {apiVersionLessThan, EXEC_FLAG_REQUIREMENTS, EXEC_FLAGS, parseEnvFlag, unsupportedFlagsError} from '../lib/container/run-flags.js'
import {quietBrokenPipe} from '../lib/container/exit-status.js'
import {followTerminalSize, type ProcessHooks, processHooks, startAttachedSession} from '../lib/container/run-session.js'
import {FORCED_EXIT_MESSAGE, watchTerminationSignals} from '../lib/container/signals.js'
import {terminalSize, type TerminalOutput} from '../lib/container/tty.js'
import {ConnectionError} from '../lib/engine/errors.js'
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

/** Console sizes travel only to engines that read them (API 1.42+); below that docker leaves them out. */
function withConsoleSize<T extends object>(body: T, size: [number, number] | undefined, apiVersion: string): T & {ConsoleSize?: [number, number]} {
  if (!size || apiVersionLessThan(apiVersion, '1.42')) return body
  return {...body, ConsoleSize: size}
}

/** Inserts ConsoleSize after Tty, where Go's encoder puts it. */
function execCreateJSON(body: ExecCreateBody, size: [number, number] | undefined, apiVersion: string): ExecCreateBody {
  const {User, Privileged, Tty, ...rest} = body
  return {User, Privileged, Tty, ...withConsoleSize({}, size, apiVersion), ...rest}
}

export async function runExec(ctx: CommandContext, opts: ExecOptions, hooks: ProcessHooks = processHooks()): Promise<void> {
  const body = buildExecBody(opts, ctx.env, process.cwd(), ctx.config().detachKeys)
  const engine = ctx.engine()
  const apiVersion = await engine.apiVersion()
  const unsupported = unsupportedFlagsError(EXEC_FLAG_REQUIREMENTS, opts.changed, {apiVersion})
  if (unsupported !== undefined) throw new CliError(unsupported, 1)

  let session: StreamSession | undefined
  let interrupted = false
  const stopSignals = watchTerminationSignals(hooks.signals, {
    // docker cancels the command: the stream ends and exec exits 0, leaving the process running.
    onFirst: () => {
      interrupted = true
      session?.cancel()
    },
    onForce: () => {
      session?.restoreTerminal()
      ctx.stderr.write(FORCED_EXIT_MESSAGE)
      hooks.forceExit(1)
    },
  })
  const stops: Array<() => void> = [stopSignals]
  try {
    // A missing container is reported before anything else, and before an exec is created
    // that the TTY check would then leak.
    await engine.containerInspect(opts.container)
    if (interrupted) return
    if (!opts.detach && body.AttachStdin && body.Tty && ctx.stdin.isTTY !== true) throw new CliError('the input device is not a TTY', 1)

    const size = body.Tty ? terminalSize(ctx.stdout as TerminalOutput) : undefined
    const created = await engine.execCreate(opts.container, execCreateJSON(body, size, apiVersion))
    const execId = created.Id ?? ''
    if (execId === '') throw new CliError('exec ID empty', 1)
    if (interrupted) return
    const startBody = withConsoleSize({Detach: opts.detach, Tty: body.Tty}, size, apiVersion)
    if (opts.detach) {
      await engine.execStart(execId, startBody)
      return
    }

    const hijacked = await engine.execAttach(execId, startBody)
    const attach = {detachKeys: body.DetachKeys, stderr: body.AttachStderr, stdin: body.AttachStdin, stdout: body.AttachStdout}
    session = startAttachedSession(ctx, hooks, hijacked, attach, body.Tty)
    if (interrupted) session.cancel()
    // exec follows the size of the terminal stdin is (docker checks stdin here, run checks stdout).
    if (body.Tty && ctx.stdin.isTTY === true) stops.push(followTerminalSize(ctx, hooks, (size) => engine.execResize(execId, size)))

    const outcome = await session.outcome
    session.close()
    if (outcome.kind === 'cancelled') return
    if (outcome.kind === 'detached') throw new CliError('read escape sequence', 1)
    if (outcome.kind === 'error') throw quietBrokenPipe(outcome.error)

    let exitCode: number
    try {
      exitCode = (await engine.execInspect(execId)).ExitCode ?? 0
    } catch (error) {
      // The daemon went away: docker reports status -1, which the shell sees as 255.
      if (error instanceof ConnectionError) throw new StatusError('', 255)
      throw error
    }
    if (exitCode !== 0) throw new StatusError('', exitCode)
  } finally {
    session?.close()
    for (const stop of stops.reverse()) stop()
  }
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
