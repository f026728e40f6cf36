// `whalectl run` once its flags are a create request: create (pulling the image when the engine
// has none), attach, wait, start, stream, and the container's exit status
// (DOCKER-CLI-BEHAVIOUR.md §2.2–2.5, §8).
//
// The order is today's docker CLI's, not the one the Engine API's "Inside docker run" text gives:
// the attach connection and the wait request are both open BEFORE start. Attaching after start
// with logs=1&stream=1 loses output — on dockerd 20.10 a container running `seq 1 200000` gave
// 109,229 to 192,702 of its 200,000 lines — and waiting after start can miss a quick exit.
import {closeSync, openSync, statSync, unlinkSync, writeSync} from 'node:fs'

import {compareVersions} from '../engine/version.js'
import {legacyWait} from './legacy-wait.js'
import {DecodeError, DockerError, NotFoundError} from '../engine/errors.js'
import type {HijackedStream} from '../engine/hijack.js'
import type {ContainerWaitHandle} from '../engine/types.js'
import {goQuote} from '../format/go-print.js'
import {pullImage, pullProgressPrinter} from '../image/pull.js'
import type {ClientContext, OutStream} from '../io.js'
import {familiarString, type ImageReference, parseNormalizedNamed, withDefaultTag} from '../registry/reference.js'
import {type AttachedStdin, startStreamSession, type StreamOutcome, type StreamSession} from './attach.js'
import {adaptCreateBody, type CreateRequest, resolveCreatePlatform} from './create-request.js'
import {FORCED_EXIT_MESSAGE, proxySignals, type SignalSource, watchTerminationSignals} from './signals.js'
import {type ExitHook, monitorTtySize, terminalSize, type TerminalOutput} from './tty.js'

/** What a session needs from the process besides the client context; tests and the library pass their own. */
export interface ProcessHooks {
  signals: SignalSource
  exitHook: ExitHook
  /** The three-signal escape hatch ends the process at once, as docker's os.Exit(1) does. */
  forceExit: (code: number) => void
}

export function processHooks(): ProcessHooks {
  return {exitHook: process, forceExit: (code) => process.exit(code), signals: process}
}

// ---------------------------------------------------------------------------------------------
// Small helpers shared with exec.

/** The text Go's syscall errors print, which docker shows inside file errors. */
const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EEXIST: 'file exists',
  EISDIR: 'is a directory',
  ENOENT: 'no such file or directory',
  ENOSPC: 'no space left on device',
  ENOTDIR: 'not a directory',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
}

/** A Node fs error as Go's *PathError prints: `open /x/cid: no such file or directory`. */
export function goPathError(op: string, file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? ''
  return `${op} ${file}: ${ERRNO_TEXT[code] ?? (error as Error).message}`
}

/** Go's time.RFC3339 in local time, as logrus stamps its lines. */
export function rfc3339(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  const offset = -date.getTimezoneOffset()
  const zone = offset === 0 ? 'Z' : `${offset > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`
}

/** One line of logrus's text format on a non-terminal, which docker uses for its warnings and errors. */
export function logrusLine(level: 'error' | 'warning', message: string, now: Date): string {
  const plain = /^[A-Za-z0-9\-._/@^+]*$/.test(message)
  return `time="${rfc3339(now)}" level=${level} msg=${plain ? message : goQuote(message)}\n`
}

/** The OutStream in the shape the stream copiers want (they wait for 'drain' on a full pipe). */
export function writableOf(out: OutStream): NodeJS.WritableStream {
  const candidate = out as Partial<NodeJS.WritableStream>
  if (typeof candidate.on === 'function' && typeof candidate.removeListener === 'function') return out as unknown as NodeJS.WritableStream
  // A bare writer (tests): it never pushes back, so the copiers never wait on it.
  return {
    on() {
      return this
    },
    removeListener() {
      return this
    },
    write: (chunk: string | Uint8Array) => out.write(chunk),
  } as unknown as NodeJS.WritableStream
}

// ---------------------------------------------------------------------------------------------
// --cidfile

/** docker's cidFile: refused when the file exists, created before create, removed when nothing was written. */
class CidFile {
  private fd?: number
  private written = false
  private readonly file?: string

  constructor(file: string | undefined) {
    if (file === undefined || file === '') return
    this.file = file
    let exists = true
    try {
      statSync(file)
    } catch {
      exists = false
    }
    if (exists) throw new Error(`container ID file found, make sure the other container isn't running or delete ${file}`)
    try {
      this.fd = openSync(file, 'w', 0o666)
    } catch (error) {
      throw new Error(`failed to create the container ID file: ${goPathError('open', file, error)}`)
    }
  }

  write(id: string): void {
    if (this.fd === undefined) return
    try {
      writeSync(this.fd, id)
    } catch (error) {
      throw new Error(`failed to write the container ID to the file: ${goPathError('write', this.file as string, error)}`)
    }
    this.written = true
  }

  close(): void {
    if (this.fd === undefined || this.file === undefined) return
    closeSync(this.fd)
    this.fd = undefined
    if (!this.written) {
      try {
        unlinkSync(this.file)
      } catch {
        // docker returns this error from a deferred Close, where nobody reads it
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Create, with the pull policy.

const IMAGE_ID = /^[a-f0-9]{64}$/
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}$/

/**
 * reference.ParseAnyReference: a bare image ID or digest is not a name (nothing to pull);
 * anything else must parse as a name, or create fails with the reference's own error text.
 */
export function namedReference(image: string): ImageReference | undefined {
  if (IMAGE_ID.test(image) || DIGEST.test(image)) return undefined
  return parseNormalizedNamed(image)
}

/**
 * A container could not be created or started. `run` and `create` turn it into docker's
 * 125/126/127 (src/lib/container/exit-status.ts); the message is the cause's.
 */
export class ContainerRunError extends DockerError {
  readonly phase: 'create' | 'start'

  constructor(phase: 'create' | 'start', cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), {cause})
    this.phase = phase
  }
}

/**
 * docker's createContainer: returns the new container's ID. Errors are returned as they come;
 * the caller maps them to 125/126/127.
 */
export async function createContainer(ctx: ClientContext, req: CreateRequest, apiVersion: string): Promise<string> {
  const engine = ctx.engine()
  const notices = req.notices ?? ctx.stderr
  const cid = new CidFile(req.cidfile)
  try {
    const named = namedReference(req.body.Image)
    const platform = resolveCreatePlatform(req.platform, apiVersion)
    const pull = (ref: ImageReference): Promise<void> =>
      pullImage(ctx, ref, {onProgress: req.onPullProgress ?? pullProgressPrinter(notices, req.quiet), platform: req.platform, strictAuth: true})
    // docker pulls whatever was named, even an image ID, and lets the reference parser refuse it.
    if (req.pull === 'always') await pull(named ?? parseNormalizedNamed(req.body.Image))

    const body = adaptCreateBody(req.body, apiVersion, platform?.split('/')[0])
    const create = () => engine.containerCreate(body, {name: req.name, platform})
    let response
    try {
      response = await create()
    } catch (error) {
      // Any 404 counts, as in docker (a missing network too): the image is pulled and create tried once more.
      if (!(error instanceof NotFoundError && named && req.pull === 'missing')) throw error
      if (!req.quiet) notices.write(`Unable to find image '${familiarString(withDefaultTag(named))}' locally\n`)
      await pull(named)
      response = await create()
    }
    for (const warning of [...(response.Warnings ?? []), ...req.warnings]) notices.write(`WARNING: ${warning}\n`)
    cid.write(response.Id)
    return response.Id
  } finally {
    cid.close()
  }
}

// ---------------------------------------------------------------------------------------------
// Wait.

export interface ExitWait {
  /** The exit status docker would use: the container's, or 125 when waiting failed. */
  status: Promise<number>
  /** Stops listening; nothing is logged for a wait nobody reads any more. */
  abandon(): void
}

/**
 * Registers `POST /containers/{id}/wait` and resolves once the engine has answered with headers,
 * which means it will report the next exit (or the removal) even if it happens right away.
 */
export async function registerWait(ctx: ClientContext, id: string, condition: 'next-exit' | 'removed'): Promise<ExitWait> {
  let abandoned = false
  const logError = (message: string): void => {
    if (!abandoned) ctx.stderr.write(logrusLine('error', message, new Date(ctx.now())))
  }
  if (compareVersions(await ctx.engine().apiVersion(), '1.30') < 0) {
    try {
      const legacy = await legacyWait(ctx, id, condition === 'removed', logError)
      return {
        abandon() {
          abandoned = true
          legacy.abandon()
        },
        status: legacy.status,
      }
    } catch (error) {
      logError(`error getting events from daemon: ${(error as Error).message}`)
      return {abandon: () => {}, status: Promise.resolve(125)}
    }
  }
  let handle: ContainerWaitHandle
  try {
    handle = await ctx.engine().containerWait(id, condition)
  } catch (error) {
    logError(`error waiting for container: ${(error as Error).message}`)
    return {abandon: () => {}, status: Promise.resolve(125)}
  }
  const status = handle.result.then(
    (result) => {
      if (result.Error && typeof result.Error === 'object') {
        logError(`Error waiting for container: ${result.Error.Message ?? ''}`)
        return 125
      }
      return result.StatusCode
    },
    (error: unknown) => {
      logError(`error waiting for container: ${error instanceof DecodeError ? error.message : String(error)}`)
      return 125
    },
  )
  return {
    abandon() {
      abandoned = true
      handle.abandon()
    },
    status,
  }
}

// ---------------------------------------------------------------------------------------------
// The attached session.

export interface AttachOptions {
  stdin: boolean
  stdout: boolean
  stderr: boolean
  detachKeys?: string
}

export interface SessionStreams {
  stdin?: AttachedStdin
  stdout: NodeJS.WritableStream | null
  stderr: NodeJS.WritableStream | null
}

/** Where an attached session's streams go: only the attached ones, and stderr to stdout with a TTY. */
export function streamsFor(ctx: ClientContext, attach: AttachOptions, tty: boolean): SessionStreams {
  const stdout = writableOf(ctx.stdout)
  return {
    stderr: attach.stderr ? (tty ? stdout : writableOf(ctx.stderr)) : null,
    stdout: attach.stdout ? stdout : null,
    ...(attach.stdin ? {stdin: ctx.stdin as AttachedStdin} : {}),
  }
}

/** The session over a hijacked attach (run) or exec-start (exec) stream, wired to the CLI's streams. */
export function startAttachedSession(ctx: ClientContext, hooks: ProcessHooks, hijacked: HijackedStream, attach: AttachOptions, tty: boolean): StreamSession {
  return startStreamSession({
    ...streamsFor(ctx, attach, tty),
    detachKeys: attach.detachKeys,
    env: ctx.env,
    exitHook: hooks.exitHook,
    hijacked,
    tty,
    warn: (message) => ctx.stderr.write(logrusLine('warning', message, new Date(ctx.now()))),
  })
}

/** Keeps the TTY of a container or exec (whichever `resize` sets) at our terminal's size; returns the stop. */
export function followTerminalSize(ctx: ClientContext, hooks: ProcessHooks, resize: (size: {height: number; width: number}) => Promise<void>): () => void {
  return monitorTtySize({
    onGiveUp: () => ctx.stderr.write('failed to resize tty, using default size\n'),
    resize: (rows, columns) => resize({height: rows, width: columns}),
    signals: hooks.signals,
    size: () => terminalSize(ctx.stdout as TerminalOutput),
  })
}

/**
 * Counts SIGINT/SIGTERM during a session: `onFirst` for the first (docker cancels the command's
 * context: exec, start -a and attach react, run does not), and the third ends the process at once
 * with docker's message, the terminal restored. Returns the function that stops counting.
 */
export function guardTermination(ctx: ClientContext, hooks: ProcessHooks, session: () => StreamSession | undefined, onFirst?: (signal: NodeJS.Signals) => void): () => void {
  return watchTerminationSignals(hooks.signals, {
    ...(onFirst ? {onFirst} : {}),
    onForce: () => {
      session()?.restoreTerminal()
      ctx.stderr.write(FORCED_EXIT_MESSAGE)
      hooks.forceExit(1)
    },
  })
}

export interface SignalForwarding {
  stop(): void
  /** Settles once every kill request sent so far has been answered (or failed). */
  sent(): Promise<void>
}

/** sig-proxy: every signal we catch goes to the container as `POST /kill?signal=NAME` until stop(). */
export function forwardSignals(ctx: ClientContext, hooks: ProcessHooks, id: string): SignalForwarding {
  const pending = new Set<Promise<void>>()
  const stop = proxySignals(hooks.signals, (name) => {
    // docker only logs a failed kill at debug level
    const kill = ctx
      .engine()
      .containerKill(id, name)
      .catch(() => {})
      .finally(() => pending.delete(kill))
    pending.add(kill)
  })
  return {
    async sent() {
      await Promise.all(pending)
    },
    stop,
  }
}

export interface RunOutcome {
  id: string
  /** The container's exit status; 0 when it was detached from, or started detached. */
  status: number
}

/**
 * Runs the container described by `req` to the end, as `docker run` does. Rejects with
 * ContainerRunError when it could not be created or started, and with the error docker would
 * print otherwise.
 */
export async function runContainer(ctx: ClientContext, req: CreateRequest, apiVersion: string, hooks: ProcessHooks = processHooks()): Promise<RunOutcome> {
  const engine = ctx.engine()
  let session: StreamSession | undefined
  let wait: ExitWait | undefined
  const stops: Array<() => void> = [guardTermination(ctx, hooks, () => session)]
  try {
    let id: string
    try {
      id = await createContainer(ctx, req, apiVersion)
    } catch (error) {
      throw new ContainerRunError('create', error)
    }

    if (req.sigProxy) stops.push(forwardSignals(ctx, hooks, id).stop)

    const attach: AttachOptions = {...req.attach, detachKeys: req.detachKeys ?? ctx.config().detachKeys}
    const attached = attach.stdin || attach.stdout || attach.stderr
    // Detached: the ID goes out before start, so it is there even when start fails.
    if (!attached) ctx.stdout.write(`${id}\n`)
    if (attached) {
      const hijacked = await engine.containerAttach(id, {...attach, stream: true})
      session = startAttachedSession(ctx, hooks, hijacked, attach, req.tty)
    }

    wait = await registerWait(ctx, id, req.autoRemove ? 'removed' : 'next-exit')

    try {
      await engine.containerStart(id)
    } catch (error) {
      if (session) {
        session.cancel()
        await session.outcome
        session.close()
      }
      // With --rm the engine removes the container that failed to start; docker waits for that.
      if (req.autoRemove) await wait.status
      throw new ContainerRunError('start', error)
    }

    if (!session) return {id, status: 0}

    if (req.tty && ctx.stdout.isTTY) stops.push(followTerminalSize(ctx, hooks, (size) => engine.containerResize(id, size)))

    return {id, status: await finish(session, wait, req.attach)}
  } finally {
    session?.close()
    wait?.abandon()
    for (const stop of stops.reverse()) stop()
  }
}

/** Which comes first decides: the end of the streams, or the container's exit (docker's select). */
async function finish(session: StreamSession, wait: ExitWait, attach: {stdout: boolean; stderr: boolean}): Promise<number> {
  const first = await Promise.race([
    session.outcome.then((outcome) => ({outcome})),
    wait.status.then((status) => ({status})),
  ])
  if ('outcome' in first) {
    const outcome: StreamOutcome = first.outcome
    if (outcome.kind === 'detached') return 0
    if (outcome.kind === 'error') {
      session.restoreTerminal()
      throw outcome.error
    }
    return wait.status
  }
  // The container is done; its output may still be on the way, so drain it unless none is attached.
  if (!attach.stdout && !attach.stderr) session.cancel()
  await session.outcome
  return first.status
}
