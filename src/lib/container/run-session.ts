// `whalectl run` once its flags are a create request: create (pulling the image when the engine
// has none), attach, wait, start, stream, and the container's exit status
// (DOCKER-CLI-BEHAVIOUR.md §2.2–2.5, §8).
//
// The order is today's docker CLI's, not the one the Engine API's "Inside docker run" text gives:
// the attach connection and the wait request are both open BEFORE start. Attaching after start
// with logs=1&stream=1 loses output — on dockerd 20.10 a container running `seq 1 200000` gave
// 109,229 to 192,702 of its 200,000 lines — and waiting after start can miss a quick exit.
import {closeSync, openSync, statSync, unlinkSync, writeSync} from 'node:fs'

import type {CommandContext, OutStream} from '../cli/context.js'
import {StatusError} from '../cli/errors.js'
import {hijack, type HijackedStream} from '../engine/hijack.js'
import {NotFoundError} from '../engine/errors.js'
import {encodeQuery} from '../engine/query.js'
import type {StreamResponse} from '../engine/transport.js'
import {goQuote} from '../format/go-print.js'
import {pullImage} from '../image/pull.js'
import {familiarString, type ImageReference, parseNormalizedNamed, withDefaultTag} from '../registry/reference.js'
import {type AttachedStdin, startStreamSession, type StreamOutcome, type StreamSession} from './attach.js'
import {adaptCreateBody, type CreateRequest, resolveCreatePlatform} from './create-options.js'
import {toRunStatusError} from './exit-status.js'
import {FORCED_EXIT_MESSAGE, proxySignals, type SignalSource, watchTerminationSignals} from './signals.js'
import {type ExitHook, monitorTtySize, terminalSize, type TerminalOutput} from './tty.js'

/** What a session needs from the process besides the command context; tests pass fakes. */
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

/**
 * A reader of our stdout that went away (`whalectl run … | head -1`) ends the command quietly,
 * with the status of a program killed by SIGPIPE, as bin/run.js does for the same error.
 */
export function quietBrokenPipe(error: Error): Error {
  return (error as NodeJS.ErrnoException).code === 'EPIPE' ? new StatusError('', 141) : error
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

interface CreateResponse {
  Id: string
  Warnings?: string[] | null
}

/**
 * docker's createContainer: returns the new container's ID. Errors are returned as they come;
 * the caller maps them to 125/126/127.
 */
export async function createContainer(ctx: CommandContext, req: CreateRequest, apiVersion: string): Promise<string> {
  const engine = ctx.engine()
  const cid = new CidFile(req.cidfile)
  try {
    const named = namedReference(req.body.Image)
    const platform = resolveCreatePlatform(req.platform, apiVersion)
    const pull = (ref: ImageReference): Promise<void> => pullImage(ctx, ref, {out: ctx.stderr, platform: req.platform, quiet: req.quiet, strictAuth: true})
    // docker pulls whatever was named, even an image ID, and lets the reference parser refuse it.
    if (req.pull === 'always') await pull(named ?? parseNormalizedNamed(req.body.Image))

    const body = adaptCreateBody(req.body, apiVersion, platform?.split('/')[0])
    const create = (): Promise<CreateResponse> => engine.getJSON<CreateResponse>('POST', '/containers/create', {json: body, query: {name: req.name, platform}})
    let response: CreateResponse
    try {
      response = await create()
    } catch (error) {
      // Any 404 counts, as in docker (a missing network too): the image is pulled and create tried once more.
      if (!(error instanceof NotFoundError && named && req.pull === 'missing')) throw error
      if (!req.quiet) ctx.stderr.write(`Unable to find image '${familiarString(withDefaultTag(named))}' locally\n`)
      await pull(named)
      response = await create()
    }
    for (const warning of [...(response.Warnings ?? []), ...req.warnings]) ctx.stderr.write(`WARNING: ${warning}\n`)
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

interface WaitResponse {
  StatusCode?: number
  Error?: {Message?: string} | null
}

/**
 * Registers `POST /containers/{id}/wait` and resolves once the engine has answered with headers,
 * which means it will report the next exit (or the removal) even if it happens right away.
 */
export async function registerWait(ctx: CommandContext, id: string, condition: 'next-exit' | 'removed'): Promise<ExitWait> {
  let abandoned = false
  const logError = (message: string): void => {
    if (!abandoned) ctx.stderr.write(logrusLine('error', message, new Date(ctx.now())))
  }
  let response: StreamResponse
  try {
    // An empty body, sent as `Content-Length: 0` like Go's client does: a streamed POST with no
    // body at all is left open for writing, and the engine would never answer.
    response = await ctx.engine().stream('POST', `/containers/${id}/wait`, {body: Buffer.alloc(0), query: {condition}})
  } catch (error) {
    logError(`error waiting for container: ${(error as Error).message}`)
    return {abandon: () => {}, status: Promise.resolve(125)}
  }
  const body = response.body
  body.on('error', () => {})
  const status = (async (): Promise<number> => {
    const chunks: Buffer[] = []
    let cutShort = false
    try {
      for await (const chunk of body) chunks.push(chunk as Buffer)
    } catch {
      // The connection dropped; whatever arrived may still hold the whole answer.
      cutShort = true
    }
    const text = Buffer.concat(chunks).toString('utf8')
    let result: WaitResponse
    try {
      result = JSON.parse(text) as WaitResponse
    } catch {
      // Go's decoder: EOF for nothing at all, the text itself for something that is not JSON.
      const reason = text.trim() === '' ? (cutShort ? 'unexpected EOF' : 'EOF') : text
      logError(`error waiting for container: ${reason}`)
      return 125
    }
    if (result.Error && typeof result.Error === 'object') {
      logError(`Error waiting for container: ${result.Error.Message ?? ''}`)
      return 125
    }
    return result.StatusCode ?? 0
  })()
  return {
    abandon() {
      abandoned = true
      body.destroy()
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

/** The attach query in Go's url.Values order (sorted): detachKeys, stderr, stdin, stdout, stream. */
export function attachQuery(opts: AttachOptions): string {
  return encodeQuery({
    detachKeys: opts.detachKeys || undefined,
    stderr: opts.stderr ? '1' : undefined,
    stdin: opts.stdin ? '1' : undefined,
    stdout: opts.stdout ? '1' : undefined,
    stream: '1',
  })
}

export interface SessionStreams {
  stdin?: AttachedStdin
  stdout: NodeJS.WritableStream | null
  stderr: NodeJS.WritableStream | null
}

/** Where an attached session's streams go: only the attached ones, and stderr to stdout with a TTY. */
export function streamsFor(ctx: CommandContext, attach: AttachOptions, tty: boolean): SessionStreams {
  const stdout = writableOf(ctx.stdout)
  return {
    stderr: attach.stderr ? (tty ? stdout : writableOf(ctx.stderr)) : null,
    stdout: attach.stdout ? stdout : null,
    ...(attach.stdin ? {stdin: ctx.stdin as AttachedStdin} : {}),
  }
}

/** The session over a hijacked attach (run) or exec-start (exec) stream, wired to the CLI's streams. */
export function startAttachedSession(ctx: CommandContext, hooks: ProcessHooks, hijacked: HijackedStream, attach: AttachOptions, tty: boolean): StreamSession {
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

/** Keeps the TTY of a container (`/containers/<id>`) or exec (`/exec/<id>`) at our terminal's size; returns the stop. */
export function followTerminalSize(ctx: CommandContext, hooks: ProcessHooks, resource: string): () => void {
  const engine = ctx.engine()
  return monitorTtySize({
    onGiveUp: () => ctx.stderr.write('failed to resize tty, using default size\n'),
    resize: (rows, columns) => engine.call('POST', `${resource}/resize`, {query: {h: String(rows), w: String(columns)}}),
    signals: hooks.signals,
    size: () => terminalSize(ctx.stdout as TerminalOutput),
  })
}

/**
 * Runs the container described by `req` to the end, as `docker run` does. Resolves when the
 * container exited 0, was detached from, or started detached; rejects with StatusError for any
 * other status, and with the error docker would print otherwise.
 */
export async function runContainer(ctx: CommandContext, req: CreateRequest, apiVersion: string, hooks: ProcessHooks = processHooks()): Promise<void> {
  const engine = ctx.engine()
  let session: StreamSession | undefined
  let wait: ExitWait | undefined
  const stops: Array<() => void> = []
  stops.push(
    watchTerminationSignals(hooks.signals, {
      onForce: () => {
        session?.restoreTerminal()
        ctx.stderr.write(FORCED_EXIT_MESSAGE)
        hooks.forceExit(1)
      },
    }),
  )
  try {
    let id: string
    try {
      id = await createContainer(ctx, req, apiVersion)
    } catch (error) {
      throw toRunStatusError(error)
    }

    if (req.sigProxy) {
      stops.push(
        proxySignals(hooks.signals, (name) => {
          // docker only logs a failed kill at debug level
          engine.call('POST', `/containers/${id}/kill`, {query: {signal: name}}).catch(() => {})
        }),
      )
    }

    const attach: AttachOptions = {...req.attach, detachKeys: req.detachKeys ?? ctx.config().detachKeys}
    const attached = attach.stdin || attach.stdout || attach.stderr
    // Detached: the ID goes out before start, so it is there even when start fails.
    if (!attached) ctx.stdout.write(`${id}\n`)
    if (attached) {
      const hijacked = await hijack(ctx.endpoint(), {
        headers: {'Content-Type': 'text/plain'},
        method: 'POST',
        path: `/v${apiVersion}/containers/${id}/attach${attachQuery(attach)}`,
      })
      session = startAttachedSession(ctx, hooks, hijacked, attach, req.tty)
    }

    wait = await registerWait(ctx, id, req.autoRemove ? 'removed' : 'next-exit')

    try {
      await engine.call('POST', `/containers/${id}/start`)
    } catch (error) {
      if (session) {
        session.cancel()
        await session.outcome
        session.close()
      }
      // With --rm the engine removes the container that failed to start; docker waits for that.
      if (req.autoRemove) await wait.status
      throw toRunStatusError(error)
    }

    if (!session) return

    if (req.tty && ctx.stdout.isTTY) stops.push(followTerminalSize(ctx, hooks, `/containers/${id}`))

    const status = await finish(session, wait, req.attach)
    if (status !== 0) throw new StatusError('', status)
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
      throw quietBrokenPipe(outcome.error)
    }
    return wait.status
  }
  // The container is done; its output may still be on the way, so drain it unless none is attached.
  if (!attach.stdout && !attach.stderr) session.cancel()
  await session.outcome
  return first.status
}
