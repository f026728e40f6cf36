// The two ways to join an existing container's streams (DOCKER-CLI-BEHAVIOUR.md §0.8):
// `start -a/-i`, which attaches to a stopped container and starts it, and `attach`, which joins a
// running one. Both copy the streams as `run` does (src/lib/container/attach.ts) and end with
// the container's status; they differ from run, and from each other, where docker does:
//
// - start -a: inspect, attach, wait, start (the order that loses no output). stdin only when the
//   container was created with -i; signals forwarded unless it has a TTY; the first
//   SIGINT/SIGTERM (docker's cancelled context) ends the command quietly, with 0 once the
//   container has started and with 128+signo before; the detach keys end it with 0 too.
//   Errors are the engine's words, exit 1.
// - attach: the wait first (so a quick exit is not missed), then inspect with docker's state
//   checks, attach, the state checked again, and for a TTY a resize one row and column larger
//   before the real size (to make the shell redraw its prompt). Once the streams flow, the first
//   SIGINT/SIGTERM stops the session from waiting on them but the container's status is still
//   awaited (before, it ends the command quietly with 128+signo); the detach keys end it with
//   docker's `read escape sequence`, exit 1.
import {catchSigpipe} from '../cli/broken-pipe.js'
import {CliError, StatusError} from '../cli/errors.js'
import {cancelledBy, SignalReason} from '../cli/interrupt.js'
import {DecodeError, DockerError} from '../engine/errors.js'
import type {ContainerInspect, ContainerWaitHandle} from '../engine/types.js'
import type {ClientContext} from '../io.js'
import type {StreamSession} from './attach.js'
import {
  type AttachOptions,
  followTerminalSize,
  forwardSignals,
  guardTermination,
  type ProcessHooks,
  registerWait,
  type SignalForwarding,
  startAttachedSession,
} from './run-session.js'
import {terminalSize, type TerminalOutput} from './tty.js'

export interface StartAttachOptions {
  /** `-i`: attach our stdin, when the container keeps its stdin open. */
  interactive: boolean
  /** `--detach-keys`, else config.json's detachKeys. */
  detachKeys?: string
}

/** What moby/term's EscapeError says when the detach keys were typed. */
export const DETACHED_MESSAGE = 'read escape sequence'

function detachKeysFor(ctx: ClientContext, flag: string | undefined): string | undefined {
  return flag !== undefined && flag !== '' ? flag : ctx.config().detachKeys
}

/** Undoes everything a session set up, in reverse order. */
class Cleanup {
  private readonly steps: Array<() => void> = []

  add(step: () => void): void {
    this.steps.push(step)
  }

  run(): void {
    for (const step of this.steps.splice(0).reverse()) step()
  }
}

/**
 * `docker start -a` (or `-i`) of one container: its streams on ours until they end, then its
 * exit status (0 when the detach keys were typed or a signal ended the command after the start).
 * A signal before the container has started ends the command quietly with 128+signo, as docker's
 * cancelled requests do.
 */
export async function startAttached(ctx: ClientContext, container: string, opts: StartAttachOptions, hooks: ProcessHooks): Promise<number> {
  const engine = ctx.engine()
  let session: StreamSession | undefined
  const interrupt = new AbortController()
  const {signal} = interrupt
  const cleanup = new Cleanup()
  cleanup.add(
    guardTermination(
      ctx,
      hooks,
      () => session,
      (received) => {
        session?.cancel()
        interrupt.abort(new SignalReason(received))
      },
    ),
  )
  let forwarding: SignalForwarding | undefined
  let started = false
  try {
    const c = await engine.containerInspect(container, {signal})
    // docker uses the ID from here on, so a rename in between does not matter
    const id = c.Id
    const tty = c.Config?.Tty === true
    if (!tty) {
      forwarding = forwardSignals(ctx, hooks, id)
      cleanup.add(forwarding.stop)
      // docker catches every signal to forward it, SIGPIPE too (src/lib/cli/broken-pipe.ts)
      catchSigpipe()
    }

    const attach: AttachOptions = {detachKeys: detachKeysFor(ctx, opts.detachKeys), stderr: true, stdin: opts.interactive && c.Config?.OpenStdin === true, stdout: true}
    const hijacked = await engine.containerAttach(id, {...attach, signal, stream: true})
    session = startAttachedSession(ctx, hooks, hijacked, attach, tty)
    cleanup.add(() => session?.close())

    const wait = await registerWait(ctx, id, c.HostConfig?.AutoRemove === true ? 'removed' : 'next-exit')
    cleanup.add(() => wait.abandon())

    try {
      signal.throwIfAborted()
      await engine.containerStart(id, {signal})
    } catch (error) {
      session.cancel()
      await session.outcome
      session.close()
      // With --rm the engine removes the container that failed to start; docker waits for that.
      if (c.HostConfig?.AutoRemove === true && !signal.aborted) await wait.status
      throw error
    }
    started = true

    if (tty && ctx.stdout.isTTY) cleanup.add(followTerminalSize(ctx, hooks, (size) => engine.containerResize(id, size)))

    const outcome = await session.outcome
    if (outcome.kind === 'error' && !signal.aborted) {
      session.restoreTerminal()
      throw outcome.error
    }
    if (outcome.kind !== 'done') return 0
    return await wait.status
  } catch (error) {
    if (signal.aborted && !started) throw cancelledBy(signal)
    throw error
  } finally {
    cleanup.run()
    // The signal that ended the command is on its way to the container: let it arrive.
    await forwarding?.sent()
  }
}

export interface AttachToOptions {
  /** `--no-stdin` */
  noStdin: boolean
  /** `--sig-proxy` (default true); never for a container with a TTY. */
  sigProxy: boolean
  detachKeys?: string
}

/** docker's inspectContainerAndCheckState. */
async function inspectAttachable(ctx: ClientContext, container: string, signal: AbortSignal): Promise<ContainerInspect> {
  const c = await ctx.engine().containerInspect(container, {signal})
  if (c.State?.Running !== true) throw new DockerError('You cannot attach to a stopped container, start it first')
  if (c.State.Paused === true) throw new DockerError('You cannot attach to a paused container, unpause it first')
  if (c.State.Restarting === true) throw new DockerError('You cannot attach to a restarting container, wait until it is running')
  return c
}

/** docker's getExitStatus: the wait's answer as the command's end. */
async function exitStatus(wait: ContainerWaitHandle): Promise<number> {
  let result
  try {
    result = await wait.result
  } catch (error) {
    throw error instanceof DecodeError ? new DockerError(error.message) : error
  }
  if (result.Error && typeof result.Error === 'object') throw new DockerError(result.Error.Message ?? '')
  return result.StatusCode
}

/** How long a session may take to drain once the container has stopped and a signal ended the wait for it. */
const DRAIN_MS = 1000

/**
 * `docker attach`: our streams on a running container's until they end, then its exit status.
 * Rejects with docker's error when it cannot attach, with `read escape sequence` (exit 1) when the
 * detach keys were typed, and quietly with 128+signo when a signal comes before the streams flow.
 */
export async function attachTo(ctx: ClientContext, container: string, opts: AttachToOptions, hooks: ProcessHooks): Promise<number> {
  const engine = ctx.engine()
  let session: StreamSession | undefined
  // Before the streams flow a signal cancels the requests under way; after, it only stops the
  // session from waiting on the streams.
  const setupInterrupt = new AbortController()
  const {signal} = setupInterrupt
  let interrupted: () => void = () => {}
  const interruption = new Promise<'interrupted'>((resolve) => {
    interrupted = () => resolve('interrupted')
  })
  const cleanup = new Cleanup()
  cleanup.add(guardTermination(ctx, hooks, () => session, (received) => (session ? interrupted() : setupInterrupt.abort(new SignalReason(received)))))
  let wait: ContainerWaitHandle | undefined
  try {
    // The wait goes first: an exit between the checks below and the attach is still reported.
    try {
      wait = await engine.containerWait(container, 'not-running')
    } catch (error) {
      // A missing container: inspect says so in docker's words.
      await inspectAttachable(ctx, container, signal)
      throw error
    }
    const c = await inspectAttachable(ctx, container, signal)
    const tty = c.Config?.Tty === true
    if (!opts.noStdin && tty && ctx.stdin.isTTY !== true) throw new DockerError('the input device is not a TTY')

    const attach: AttachOptions = {detachKeys: detachKeysFor(ctx, opts.detachKeys), stderr: true, stdin: !opts.noStdin && c.Config?.OpenStdin === true, stdout: true}
    if (opts.sigProxy && !tty) {
      cleanup.add(forwardSignals(ctx, hooks, container).stop)
      catchSigpipe()
    }

    // (no abort signal here: it would close the connection once the streams flow)
    const hijacked = await engine.containerAttach(container, {...attach, stream: true})
    cleanup.add(() => hijacked.close())
    // It may have stopped between the first look and the attach, which would then never end.
    await inspectAttachable(ctx, container, signal)

    if (tty && ctx.stdout.isTTY) {
      // One row and column more first, so that a shell that is re-attached redraws its prompt.
      const [rows, columns] = terminalSize(ctx.stdout as TerminalOutput)
      await engine.containerResize(container, {height: rows + 1, width: columns + 1}, {signal}).catch(() => {})
      cleanup.add(followTerminalSize(ctx, hooks, (size) => engine.containerResize(container, size)))
    }
    signal.throwIfAborted()

    session = startAttachedSession(ctx, hooks, hijacked, attach, tty)
    cleanup.add(() => session?.close())
    const first = await Promise.race([session.outcome, interruption])
    if (first !== 'interrupted') {
      if (first.kind === 'detached') throw new CliError(DETACHED_MESSAGE, 1)
      if (first.kind === 'error') {
        session.restoreTerminal()
        throw first.error
      }
      return await exitStatus(wait)
    }
    // Interrupted: docker stops waiting on the streams but keeps copying them until the container
    // has stopped, then reports its status.
    const status = await exitStatus(wait)
    await Promise.race([session.outcome, new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())])
    return status
  } catch (error) {
    if (signal.aborted) throw cancelledBy(signal)
    throw error
  } finally {
    wait?.abandon()
    cleanup.run()
  }
}

/** A container's status as the command's exit: nothing printed, the status as exit code. */
export function statusExit(status: number): void {
  if (status !== 0) throw new StatusError('', status)
}
