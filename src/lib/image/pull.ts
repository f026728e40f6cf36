// The pull both `whalectl pull` and `whalectl run`'s pull-on-404 use (DOCKER-CLI-BEHAVIOUR.md §6,
// §2.3): POST /images/create with the registry credentials, then the engine's JSON progress
// stream rendered the way docker's jsonmessage does. The stream's HTTP status is 200 even when
// the pull fails, so a failure arrives as an error message inside it.
import type {CommandContext, OutStream} from '../cli/context.js'
import {CliError} from '../cli/errors.js'
import type {Query} from '../engine/query.js'
import type {RequestOptions, StreamResponse} from '../engine/transport.js'
import {type AuthConfig, CredentialHelperError, encodeAuthHeader, resolveAuth, resolveAuthStrict} from '../registry/auth.js'
import {apiTag, type ImageReference, registryAuthKey, repositoryName} from '../registry/reference.js'
import {decodeJSONStream} from '../streams/json-stream.js'
import {type JSONMessage, JSONMessageError, ProgressRenderer} from '../streams/progress.js'
import {CancelledError, RequestGuard} from './cancel.js'
import {streamFailure} from './stream-errors.js'

export interface PullImageOptions {
  /** Where progress goes: stdout for `pull`, stderr for `run`. Its isTTY picks the live display. */
  out: OutStream
  /** Discard the progress stream (the caller prints what it must, e.g. pull's final reference). */
  quiet: boolean
  /** `--platform`, sent lower-cased as docker does. */
  platform?: string
  /** `pull -a`: no tag in the query, every tag of the repository is pulled. */
  all?: boolean
  /** run's implicit pull: a failing credential helper is an error instead of "no credentials". */
  strictAuth?: boolean
  /** Aborting closes the request; pullImage then rejects with CancelledError. */
  signal?: AbortSignal
  /** Only for tests: the credentials to send, skipping the config.json lookup. */
  auth?: AuthConfig
}

/** The query of `POST /images/create` (docker's client.ImagePull). */
export function pullQuery(ref: ImageReference, opts: {all?: boolean; platform?: string}): Query {
  return {
    fromImage: repositoryName(ref),
    platform: opts.platform ? opts.platform.toLowerCase() : undefined,
    tag: opts.all ? undefined : apiTag(ref),
  }
}

/**
 * docker's jsonmessage only fails on `errorDetail`; the engine always sends it together with the
 * deprecated `error` string. A bare `error` (from a proxy or an older engine) is treated as the
 * failure it means instead of being printed as an empty status line.
 */
export function withErrorDetail(msg: JSONMessage): JSONMessage {
  if ((msg.errorDetail === undefined || msg.errorDetail === null) && typeof msg.error === 'string' && msg.error !== '') {
    return {...msg, errorDetail: {message: msg.error}}
  }
  return msg
}

const discard: OutStream = {write: () => true}

async function registryAuth(ctx: CommandContext, ref: ImageReference, opts: PullImageOptions): Promise<AuthConfig> {
  if (opts.auth) return opts.auth
  const key = registryAuthKey(ref)
  if (!opts.strictAuth) return resolveAuth(ctx.config(), key)
  try {
    return await resolveAuthStrict(ctx.config(), key)
  } catch (error) {
    if (error instanceof CredentialHelperError) throw new CliError(error.message)
    throw error
  }
}

/**
 * Pulls `ref` and renders the engine's progress to `opts.out`. Rejects with EngineError
 * (`Error response from daemon: …`) when the engine refuses the request, with a CliError carrying
 * the unprefixed message of an error inside the stream, and with CancelledError on abort.
 */
export async function pullImage(ctx: CommandContext, ref: ImageReference, opts: PullImageOptions): Promise<void> {
  const auth = await registryAuth(ctx, ref, opts)
  const guard = new RequestGuard(opts.signal)
  try {
    // `signal` is passed on for a transport that closes a request still waiting for headers.
    const request: RequestOptions & {signal?: AbortSignal} = {
      // An empty body, sent as `Content-Length: 0` like docker's; a POST stream without one
      // would wait for the caller to write a body.
      body: Buffer.alloc(0),
      headers: {'x-registry-auth': encodeAuthHeader(auth)},
      query: pullQuery(ref, opts),
      signal: opts.signal,
    }
    const response: StreamResponse = await guard.race(ctx.engine().stream('POST', '/images/create', request))
    guard.closeOnAbort(response.body)
    const out = opts.quiet ? discard : opts.out
    const renderer = new ProgressRenderer(out, {
      tty: !opts.quiet && opts.out.isTTY === true,
      // docker falls back to 200 columns only when the size cannot be read; a 0x0 terminal means no bar.
      width: () => opts.out.columns ?? 200,
    })
    for await (const msg of decodeJSONStream<JSONMessage>(response.body)) {
      renderer.render(withErrorDetail(msg))
    }
  } catch (error) {
    const failure = guard.translate(error)
    if (failure instanceof JSONMessageError) throw new CliError(failure.message)
    throw streamFailure(failure)
  } finally {
    guard.dispose()
  }
}

export {CancelledError}
