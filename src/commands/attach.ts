// `whalectl attach`: docker attach. Our stdin, stdout and stderr on a running container's until
// its streams end, then its exit status as ours (src/lib/container/start-attach.ts).
import {type FlagSpec, flagSpec, type ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {quietBrokenPipe} from '../lib/container/exit-status.js'
import {type ProcessHooks, processHooks} from '../lib/container/run-session.js'
import {attachTo, statusExit} from '../lib/container/start-attach.js'

const FLAGS: FlagSpec[] = [
  flagSpec('detach-keys', 'string', 'string', 'Override the key sequence for detaching a container'),
  flagSpec('no-stdin', 'bool', undefined, 'Do not attach STDIN'),
  flagSpec('sig-proxy', 'bool', undefined, 'Proxy all received signals to the process', {default: true}),
]

export interface AttachOptions {
  container: string
  noStdin: boolean
  sigProxy: boolean
  detachKeys: string
}

export function toAttachOptions(parsed: ParsedArgs): AttachOptions {
  const f = parsed.flags
  return {
    container: parsed.args[0] as string,
    detachKeys: (f['detach-keys'] as string | undefined) ?? '',
    noStdin: f['no-stdin'] as boolean,
    sigProxy: f['sig-proxy'] as boolean,
  }
}

export async function runAttach(ctx: CommandContext, opts: AttachOptions, hooks: ProcessHooks = processHooks()): Promise<void> {
  const status = await attachTo(ctx, opts.container, {detachKeys: opts.detachKeys, noStdin: opts.noStdin, sigProxy: opts.sigProxy}, hooks).catch((error: unknown) => {
    throw quietBrokenPipe(error)
  })
  statusExit(status)
}

export default class Attach extends DockerCommand {
  static override aliases = ['container:attach']
  static override argRule = {kind: 'exact', n: 1} as const
  static override description = 'Attach local standard input, output, and error streams to a running container'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'attach [OPTIONS] CONTAINER'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runAttach(ctx, toAttachOptions(parsed))
  }
}
