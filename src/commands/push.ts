// `whalectl push`: docker push, byte for byte (the same progress display as pull; the final
// `<tag>: digest: sha256:… size: N` line is the engine's own).
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {requireFlagApiVersion} from '../lib/cli/flag-version.js'
import {withInterrupt} from '../lib/cli/interrupt.js'
import {printNote} from '../lib/cli/note.js'
import {parsePlatform} from '../lib/container/create-request.js'
import type {JSONMessage} from '../lib/engine/types.js'
import {pullProgressPrinter} from '../lib/image/pull.js'
import {PUSH_PLATFORM_API_VERSION, pushAuxNote, pushImage} from '../lib/image/push.js'
import type {OutStream} from '../lib/io.js'
import {fullString} from '../lib/registry/reference.js'
import {pullReference} from './pull.js'

const FLAGS: FlagSpec[] = [
  {description: 'Push all tags of an image to the repository', kind: 'bool', name: 'all-tags', short: 'a'},
  // Content trust (notary) is not implemented: the flag is accepted, and pushes are never signed.
  {default: true, description: 'Skip image signing', kind: 'bool', name: 'disable-content-trust'},
  {
    description:
      "Push a platform-specific manifest as a single-platform image to the registry.\nImage index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)",
    kind: 'string',
    name: 'platform',
    valueName: 'string',
  },
  {description: 'Suppress verbose output', kind: 'bool', name: 'quiet', short: 'q'},
]

const PLATFORM_NOTE =
  'Using --platform pushes only the specified platform manifest of a multi-platform image index.\n' +
  'Other components, like attestations, will not be included.\n' +
  'To push the complete multi-platform image, remove the --platform flag.\n'

export interface PushOptions {
  remote: string
  all: boolean
  quiet: boolean
  /** Never $DOCKER_DEFAULT_PLATFORM: docker pushes the image as it is unless asked. */
  platform?: string
  /** Flags given on the command line, for the API-version check of --platform. */
  changed: ReadonlySet<string>
  /** Cancels the push; without one, SIGINT/SIGTERM do. */
  signal?: AbortSignal
}

export function toPushOptions(parsed: ParsedArgs): PushOptions {
  const f = parsed.flags
  return {
    all: f['all-tags'] as boolean,
    changed: parsed.changed,
    platform: (f.platform as string | undefined) || undefined,
    quiet: f.quiet as boolean,
    remote: parsed.args[0] as string,
  }
}

/** What docker shows of a push: the progress (or nothing with -q), with aux notes kept for the end. */
function pushDisplay(out: OutStream, quiet: boolean, notes: string[]): (message: JSONMessage) => void {
  const render = pullProgressPrinter(out, quiet)
  return (message) => {
    if (message.aux !== undefined && message.aux !== null) {
      const note = pushAuxNote(message.aux)
      if (note !== undefined) notes.push(note)
    }
    render?.(message)
  }
}

export async function runPush(ctx: CommandContext, opts: PushOptions): Promise<void> {
  await requireFlagApiVersion(ctx, opts.changed, 'platform', PUSH_PLATFORM_API_VERSION)
  if (opts.platform !== undefined) {
    try {
      parsePlatform(opts.platform)
    } catch (error) {
      ctx.stderr.write(`Invalid platform ${opts.platform}`)
      throw new CliError((error as Error).message)
    }
    printNote(ctx.stdout, PLATFORM_NOTE)
  }
  // The same rules as pull's: -a wants a bare name, otherwise a missing tag becomes `latest`.
  const {defaulted, ref} = pullReference(opts.remote, opts.all)
  if (defaulted && !opts.quiet) ctx.stdout.write(`Using default tag: ${ref.tag}\n`)
  const notes: string[] = []
  const onProgress = pushDisplay(ctx.stdout, opts.quiet, notes)
  const push = (signal: AbortSignal): Promise<void> => pushImage(ctx, ref, {all: opts.all, onProgress, platform: opts.platform, signal})
  try {
    await (opts.signal ? push(opts.signal) : withInterrupt(push))
    if (opts.quiet) ctx.stdout.write(`${fullString(ref)}\n`)
  } finally {
    for (const note of notes) printNote(ctx.stdout, note)
  }
}

export default class Push extends DockerCommand {
  static override aliases = ['image:push']
  static override argRule = {kind: 'exact', n: 1} as const
  static override description = 'Upload an image to a registry'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'push [OPTIONS] NAME[:TAG]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runPush(ctx, toPushOptions(parsed))
  }
}
