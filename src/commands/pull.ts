// `whalectl pull`: docker pull, byte for byte (DOCKER-CLI-BEHAVIOUR.md §0.4-0.5, §6).
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {withInterrupt} from '../lib/cli/interrupt.js'
import {pullImage, pullProgressPrinter} from '../lib/image/pull.js'
import {
  fullString,
  type ImageReference,
  InvalidReferenceError,
  isNameOnly,
  parseNormalizedNamed,
  withDefaultTag,
} from '../lib/registry/reference.js'

const FLAGS: FlagSpec[] = [
  {description: 'Download all tagged images in the repository', kind: 'bool', name: 'all-tags', short: 'a'},
  // Content trust (notary) is not implemented: the flag is accepted, and pulls are never verified.
  {default: true, description: 'Skip image verification', kind: 'bool', name: 'disable-content-trust'},
  {description: 'Set platform if server is multi-platform capable', kind: 'string', name: 'platform', valueName: 'string'},
  {description: 'Suppress verbose output', kind: 'bool', name: 'quiet', short: 'q'},
]

export interface PullOptions {
  remote: string
  all: boolean
  quiet: boolean
  platform?: string
  /** Cancels the pull; without one, SIGINT/SIGTERM do. */
  signal?: AbortSignal
}

export function toPullOptions(parsed: ParsedArgs, env: NodeJS.ProcessEnv): PullOptions {
  const f = parsed.flags
  const platform = parsed.changed.has('platform') ? (f.platform as string) : env.DOCKER_DEFAULT_PLATFORM
  return {
    all: f['all-tags'] as boolean,
    platform: platform || undefined,
    quiet: f.quiet as boolean,
    remote: parsed.args[0] as string,
  }
}

/** The reference docker pulls: `-a` wants a bare name, otherwise a missing tag becomes `latest`. */
export function pullReference(remote: string, all: boolean): {ref: ImageReference; defaulted: boolean} {
  let ref: ImageReference
  try {
    ref = parseNormalizedNamed(remote)
  } catch (error) {
    if (error instanceof InvalidReferenceError) throw new CliError(error.message)
    throw error
  }
  if (all && !isNameOnly(ref)) throw new CliError("tag can't be used with --all-tags/-a")
  if (!all && isNameOnly(ref)) return {defaulted: true, ref: withDefaultTag(ref)}
  return {defaulted: false, ref}
}

export async function runPull(ctx: CommandContext, opts: PullOptions): Promise<void> {
  const {defaulted, ref} = pullReference(opts.remote, opts.all)
  if (defaulted && !opts.quiet) ctx.stdout.write(`Using default tag: ${ref.tag}\n`)
  const pull = (signal: AbortSignal): Promise<void> =>
    pullImage(ctx, ref, {all: opts.all, onProgress: pullProgressPrinter(ctx.stdout, opts.quiet), platform: opts.platform, signal})
  try {
    await (opts.signal ? pull(opts.signal) : withInterrupt(pull))
  } catch (error) {
    if (error instanceof Error && error.message.includes("when fetching 'plugin'")) {
      throw new CliError(`${error.message} - Use \`docker plugin install\``)
    }
    throw error
  }
  ctx.stdout.write(`${fullString(ref)}\n`)
}

export default class Pull extends DockerCommand {
  static override aliases = ['image:pull']
  static override argRule = {kind: 'exact', n: 1} as const
  static override description = 'Download an image from a registry'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'pull [OPTIONS] NAME[:TAG|@DIGEST]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runPull(ctx, toPullOptions(parsed, ctx.env))
  }
}
