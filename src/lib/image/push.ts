// Pushing an image, for `whalectl push` and the library's Docker.push (one operation for both):
// the registry credentials from the user's config and credential helpers, the request as
// docker's API client makes it (no digests, `latest` unless every tag is pushed, the platform as
// OCI JSON for API ≥ 1.46), then the engine's JSON progress stream. As with a pull, a failed
// push is an error message inside a 200 stream.
import type {ConfigFile} from '../config/config-file.js'
import type {EngineClient} from '../engine/client.js'
import {DockerError} from '../engine/errors.js'
import type {AuthConfig, JSONMessage} from '../engine/types.js'
import {compareVersions} from '../engine/version.js'
import {resolveAuth} from '../registry/auth.js'
import {type ImageReference, registryAuthKey, repositoryName} from '../registry/reference.js'
import {followMessageStream} from './messages.js'
import {encodePlatform} from './platform.js'

/** The API version that takes `platform=` on a push. */
export const PUSH_PLATFORM_API_VERSION = '1.46'

export interface PushImageOptions {
  /** Push every tag of the repository (`push -a`); the reference must then be a bare name. */
  all?: boolean
  /** `os[/arch[/variant]]`: push only that platform's manifest (API ≥ 1.46). */
  platform?: string
  /** The credentials to send, instead of looking them up in config.json and its helpers. */
  auth?: AuthConfig
  /** Receives every message of the engine's stream, in order (an error message too, before the push rejects). */
  onProgress?: (message: JSONMessage) => void
  /** Aborting closes the request; pushImage then rejects with AbortedError. */
  signal?: AbortSignal
}

/** A push docker's API client refuses before sending anything. */
export class PushRequestError extends DockerError {}

/**
 * Pushes `ref`: one tag (`latest` when it names none) or, with `all`, every tag of the repository.
 * Rejects with PushRequestError for a digest reference, a bad platform or an engine too old for
 * one; with the engine's error when it refuses the request; with StreamError carrying the
 * message of an error inside the stream; and with AbortedError on abort.
 */
export async function pushImage(ctx: {engine(): EngineClient; config(): ConfigFile}, ref: ImageReference, opts: PushImageOptions = {}): Promise<void> {
  if (ref.digest !== undefined) throw new PushRequestError('cannot push a digest reference')
  const engine = ctx.engine()
  let platform: string | undefined
  if (opts.platform) {
    try {
      platform = encodePlatform(opts.platform)
    } catch (error) {
      throw new PushRequestError((error as Error).message)
    }
    const apiVersion = await engine.apiVersion()
    if (compareVersions(apiVersion, PUSH_PLATFORM_API_VERSION) < 0) {
      throw new PushRequestError(`"platform" requires API version ${PUSH_PLATFORM_API_VERSION}, but the Docker daemon API version is ${apiVersion}`)
    }
  }
  const auth = opts.auth ?? (await resolveAuth(ctx.config(), registryAuthKey(ref)))
  const tag = opts.all ? undefined : (ref.tag ?? 'latest')
  await followMessageStream(() => engine.imagePush(repositoryName(ref), {auth, platform, signal: opts.signal, tag}), opts)
}

/**
 * The notes docker prints after a push for an engine's `aux` progress (API ≥ 1.46): a
 * multi-platform index that could only be pushed as one manifest, or one with content missing.
 */
export function pushAuxNote(aux: unknown): string | undefined {
  if (aux === null || typeof aux !== 'object') return undefined
  const record = aux as Record<string, unknown>
  if (record.manifestPushedInsteadOfIndex === true) {
    const digest = (key: string): string => {
      const value = record[key]
      const d = value !== null && typeof value === 'object' ? (value as Record<string, unknown>).digest : undefined
      return typeof d === 'string' ? d : ''
    }
    // aec's red and green foreground, applied whatever the output is.
    return (
      'Not all multiplatform-content is present and only the available single-platform image was pushed\n' +
      `\x1b[31m${digest('originalIndex')}\x1b[0m -> \x1b[32m${digest('selectedManifest')}\x1b[0m`
    )
  }
  if (record.contentMissing === true) {
    return `You're trying to push a manifest list/index which 
				references multiple platform specific manifests, but not all of them are available locally
				or available to the remote repository.

				Make sure you have all the referenced content and try again.

				You can also push only a single platform specific manifest directly by specifying the platform you want to push with the --platform flag.`
  }
  return undefined
}
