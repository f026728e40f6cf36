// Pulling an image, for `whalectl pull`, `run`'s pull-on-404 and the library's Docker.pull
// (DOCKER-CLI-BEHAVIOUR.md §6, §2.3): the registry credentials from the user's config and
// credential helpers, then the engine's JSON progress stream. The stream's HTTP status is 200
// even when the pull fails, so a failure arrives as an error message inside it.
import type {ConfigFile} from '../config/config-file.js'
import type {EngineClient} from '../engine/client.js'
import type {AuthConfig, JSONMessage} from '../engine/types.js'
import type {OutStream} from '../io.js'
import {resolveAuth, resolveAuthStrict} from '../registry/auth.js'
import {apiTag, type ImageReference, registryAuthKey, repositoryName} from '../registry/reference.js'
import {ProgressRenderer} from '../streams/progress.js'
import {followMessageStream} from './messages.js'

export interface PullImageOptions {
  /** `--platform`, sent lower-cased as docker does. */
  platform?: string
  /** `pull -a`: no tag in the query, every tag of the repository is pulled. */
  all?: boolean
  /** run's implicit pull: a failing credential helper is an error instead of "no credentials". */
  strictAuth?: boolean
  /** Aborting closes the request; pullImage then rejects with AbortedError. */
  signal?: AbortSignal
  /** The credentials to send, instead of looking them up in config.json and its helpers. */
  auth?: AuthConfig
  /**
   * Receives every message of the engine's stream, in order. An error message is handed over
   * too before the pull rejects with StreamError, so a renderer can finish its display.
   */
  onProgress?: (message: JSONMessage) => void
}

async function registryAuth(config: ConfigFile, ref: ImageReference, opts: PullImageOptions): Promise<AuthConfig> {
  if (opts.auth) return opts.auth
  const key = registryAuthKey(ref)
  return opts.strictAuth ? resolveAuthStrict(config, key) : resolveAuth(config, key)
}

/**
 * Pulls `ref`. Rejects with the engine's error (`Error response from daemon: …`) when it refuses
 * the request, with StreamError carrying the unprefixed message of an error inside the stream,
 * with CredentialHelperError when a strict credential lookup fails, and with AbortedError on abort.
 */
export async function pullImage(ctx: {engine(): EngineClient; config(): ConfigFile}, ref: ImageReference, opts: PullImageOptions = {}): Promise<void> {
  const auth = await registryAuth(ctx.config(), ref, opts)
  await followMessageStream(
    () => ctx.engine().imageCreate({auth, fromImage: repositoryName(ref), platform: opts.platform, signal: opts.signal, tag: opts.all ? undefined : apiTag(ref)}),
    opts,
  )
}

/**
 * The progress display docker prints for a pull: per-layer lines redrawn on a terminal, plain
 * lines elsewhere. Returns the onProgress callback for pullImage; `quiet` prints nothing.
 */
export function pullProgressPrinter(out: OutStream, quiet: boolean): ((message: JSONMessage) => void) | undefined {
  if (quiet) return undefined
  const renderer = new ProgressRenderer(out, {
    tty: out.isTTY === true,
    // docker falls back to 200 columns only when the size cannot be read; a 0x0 terminal means no bar.
    width: () => out.columns ?? 200,
  })
  return (message) => {
    // The renderer throws for an error message once its cursor bookkeeping is done; pullImage
    // then rejects with the same text.
    try {
      renderer.render(message)
    } catch {
      // the StreamError pullImage throws next carries the message
    }
  }
}
