// `whalectl commit`: docker commit. The reference is checked by the client (docker's errors for
// a bad name or a digest), the engine pauses the container unless --pause=false, and the new
// image's ID is printed.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import type {ContainerCommitOptions} from '../lib/engine/types.js'

const FLAGS: FlagSpec[] = [
  {description: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")', kind: 'string', name: 'author', short: 'a', valueName: 'string'},
  {description: 'Apply Dockerfile instruction to the created image', kind: 'stringArray', name: 'change', short: 'c', valueName: 'list'},
  {description: 'Commit message', kind: 'string', name: 'message', short: 'm', valueName: 'string'},
  {default: true, description: 'Pause container during commit', kind: 'bool', name: 'pause', short: 'p'},
]

export interface CommitOptions {
  container: string
  reference: string
  author: string
  comment: string
  changes: string[]
  pause: boolean
}

export function toCommitOptions(parsed: ParsedArgs): CommitOptions {
  const f = parsed.flags
  return {
    author: (f.author as string | undefined) ?? '',
    changes: f.change as string[],
    comment: (f.message as string | undefined) ?? '',
    container: parsed.args[0] ?? '',
    pause: f.pause as boolean,
    reference: parsed.args[1] ?? '',
  }
}

/** The engine's commit options for these flags: the reference and every change as typed. */
export function commitOptionsFor(opts: CommitOptions): ContainerCommitOptions {
  return {author: opts.author, changes: opts.changes, comment: opts.comment, pause: opts.pause, reference: opts.reference}
}

export async function runCommit(ctx: CommandContext, opts: CommitOptions): Promise<void> {
  const {Id} = await ctx.engine().containerCommit(opts.container, commitOptionsFor(opts))
  ctx.stdout.write(`${Id}\n`)
}

export default class Commit extends DockerCommand {
  static override aliases = ['container:commit']
  static override argRule = {kind: 'range', max: 2, min: 1} as const
  static override description = "Create a new image from a container's changes"
  // Flags after CONTAINER are arguments, as docker's SetInterspersed(false).
  static override interspersed = false
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runCommit(ctx, toCommitOptions(parsed))
  }
}
