// Running a command in a container, as `docker exec` does (DOCKER-CLI-BEHAVIOUR.md §3): the
// container is inspected first (a missing one is reported before anything is created), an exec
// instance is created, started detached or on a hijacked connection whose streams are copied
// both ways, and its exit code read back. `whalectl exec` and the library's Docker.exec use it.
import type {ExecCreateBody} from '../engine/types.js'
import {ConnectionError, DockerError} from '../engine/errors.js'
import {compareVersions} from '../engine/version.js'
import type {ClientContext} from '../io.js'
import {followTerminalSize, guardTermination, type ProcessHooks, startAttachedSession} from './run-session.js'
import type {StreamSession} from './attach.js'

export interface ExecRequest {
  container: string
  body: ExecCreateBody
  /** [height, width] for a TTY exec; sent to engines that take it (API 1.42+). */
  consoleSize?: [number, number]
  /**
   * Aborting ends the session: the streams close and the command keeps running, as docker's
   * cancelled context does (the CLI's first SIGINT/SIGTERM through `hooks.signals` does the same).
   */
  signal?: AbortSignal
  /** Called with the exec's ID once the engine has created it. */
  onCreated?: (id: string) => void
}

/**
 * How it ended: `done` with the command's exit code (-1 when the engine could not be asked, as
 * docker reports it), `started` for a detached exec, `detached` when the detach keys were
 * typed, `cancelled` when the signal fired first.
 */
export type ExecOutcome = {kind: 'cancelled'} | {kind: 'detached'} | {exitCode: number; kind: 'done'} | {id: string; kind: 'started'}

/** Inserts ConsoleSize after Tty, where Go's encoder puts it, for engines that read it (1.42+). */
function execCreateJSON(body: ExecCreateBody, size: [number, number] | undefined, apiVersion: string): ExecCreateBody {
  if (!size || compareVersions(apiVersion, '1.42') < 0) return body
  const {User, Privileged, Tty, ...rest} = body
  return {User, Privileged, Tty, ConsoleSize: size, ...rest}
}

export async function execInContainer(ctx: ClientContext, req: ExecRequest, hooks: ProcessHooks): Promise<ExecOutcome> {
  const engine = ctx.engine()
  const apiVersion = await engine.apiVersion()
  const {body} = req
  let session: StreamSession | undefined
  const cancel = new AbortController()
  const signal = cancel.signal
  const onAbort = (): void => {
    cancel.abort()
    session?.cancel()
  }
  req.signal?.addEventListener('abort', onAbort, {once: true})
  if (req.signal?.aborted) onAbort()
  const stops: Array<() => void> = [guardTermination(ctx, hooks, () => session, onAbort)]
  try {
    // A missing container is reported before anything else, and before an exec is created that
    // the TTY check would then leak.
    await engine.containerInspect(req.container)
    if (signal.aborted) return {kind: 'cancelled'}
    if (!body.Detach && body.AttachStdin && body.Tty && ctx.stdin.isTTY !== true) throw new DockerError('the input device is not a TTY')

    const created = await engine.execCreate(req.container, execCreateJSON(body, req.consoleSize, apiVersion))
    const execId = created.Id ?? ''
    if (execId === '') throw new DockerError('exec ID empty')
    req.onCreated?.(execId)
    if (signal.aborted) return {kind: 'cancelled'}
    const startBody = {Detach: body.Detach, Tty: body.Tty, ...(req.consoleSize && compareVersions(apiVersion, '1.42') >= 0 ? {ConsoleSize: req.consoleSize} : {})}
    if (body.Detach) {
      await engine.execStart(execId, startBody)
      return {id: execId, kind: 'started'}
    }

    const hijacked = await engine.execAttach(execId, startBody)
    const attach = {detachKeys: body.DetachKeys, stderr: body.AttachStderr, stdin: body.AttachStdin, stdout: body.AttachStdout}
    session = startAttachedSession(ctx, hooks, hijacked, attach, body.Tty)
    if (signal.aborted) session.cancel()
    // exec follows the size of the terminal stdin is (docker checks stdin here, run checks stdout).
    if (body.Tty && ctx.stdin.isTTY === true) stops.push(followTerminalSize(ctx, hooks, (size) => engine.execResize(execId, size)))

    const outcome = await session.outcome
    session.close()
    if (outcome.kind === 'cancelled') return {kind: 'cancelled'}
    if (outcome.kind === 'detached') return {kind: 'detached'}
    if (outcome.kind === 'error') throw outcome.error

    try {
      return {exitCode: (await engine.execInspect(execId)).ExitCode ?? 0, kind: 'done'}
    } catch (error) {
      // The daemon went away: docker reports status -1.
      if (error instanceof ConnectionError) return {exitCode: -1, kind: 'done'}
      throw error
    }
  } finally {
    req.signal?.removeEventListener('abort', onAbort)
    session?.close()
    for (const stop of stops.reverse()) stop()
  }
}
