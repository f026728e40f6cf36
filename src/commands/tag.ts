// `whalectl tag` (also `image tag`): docker tag. Both references are checked with docker's
// reference rules before the engine is asked; the target is sent normalised
// (`repo=docker.io/library/x&tag=latest`), as docker's API client sends it.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {goQuote} from '../lib/format/go-print.js'
import {
  type ImageReference,
  InvalidReferenceError,
  parseAnyReference,
  parseNormalizedNamed,
  repositoryName,
  withDefaultTag,
} from '../lib/registry/reference.js'

export interface TagOptions {
  source: string
  target: string
}

function invalid(reference: string, error: unknown): unknown {
  if (!(error instanceof InvalidReferenceError)) return error
  return new CliError(`Error parsing reference: ${goQuote(reference)} is not a valid repository/tag: ${error.message}`)
}

/** The repository and tag the engine is given for `target`, or docker's error for a bad one. */
export function tagTarget(source: string, target: string): {repo: string; tag: string} {
  try {
    parseAnyReference(source)
  } catch (error) {
    throw invalid(source, error)
  }
  let ref: ImageReference
  try {
    ref = parseNormalizedNamed(target)
  } catch (error) {
    throw invalid(target, error)
  }
  if (ref.digest !== undefined) throw new CliError('refusing to create a tag with a digest reference')
  const tagged = withDefaultTag(ref)
  return {repo: repositoryName(tagged), tag: tagged.tag ?? ''}
}

export async function runTag(ctx: CommandContext, opts: TagOptions): Promise<void> {
  const {repo, tag} = tagTarget(opts.source, opts.target)
  await ctx.engine().imageTag(opts.source, repo, tag)
}

export default class Tag extends DockerCommand {
  static override aliases = ['image:tag']
  static override argRule = {kind: 'exact', n: 2} as const
  static override description = 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE'
  static override flagSpecs = []
  static override flags = toOclifFlags([])
  static override interspersed = false
  static override usageLine = 'tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runTag(ctx, {source: parsed.args[0] as string, target: parsed.args[1] as string})
  }
}
