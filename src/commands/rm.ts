// `whalectl rm`: docker rm. Up to 50 containers are removed at a time; each one removed is printed
// as it was named, in argument order. Failures are reported together at the end and exit 1,
// except that with -f a container that does not exist is only reported (on stderr, at once) and
// is no failure: `rm -f missing` exits 0, as scripts expect.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {DOCKER_PARALLEL, eachContainerOrFail, printingName} from '../lib/container/each-container.js'
import {NotFoundError} from '../lib/engine/errors.js'

const FLAGS: FlagSpec[] = [
  {description: 'Force the removal of a running container (uses SIGKILL)', kind: 'bool', name: 'force', short: 'f'},
  {description: 'Remove the specified link', kind: 'bool', name: 'link', short: 'l'},
  {description: 'Remove anonymous volumes associated with the container', kind: 'bool', name: 'volumes', short: 'v'},
]

export interface RmOptions {
  containers: string[]
  force: boolean
  link: boolean
  volumes: boolean
}

export function toRmOptions(parsed: ParsedArgs): RmOptions {
  const f = parsed.flags
  return {containers: parsed.args, force: f.force as boolean, link: f.link as boolean, volumes: f.volumes as boolean}
}

/** docker trims slashes off each name (`/web` is `web`); nothing left is refused before asking. */
export function removalTarget(name: string): string {
  const target = name.replace(/^\/+|\/+$/g, '')
  if (target === '') throw new Error('container name cannot be empty')
  return target
}

export async function runRm(ctx: CommandContext, opts: RmOptions): Promise<void> {
  const engine = ctx.engine()
  const remove = printingName(async (name, signal) =>
    engine.containerRemove(removalTarget(name), {force: opts.force, removeLinks: opts.link, removeVolumes: opts.volumes, signal}),
  )
  const tolerate = (error: unknown): boolean => opts.force && error instanceof NotFoundError
  await eachContainerOrFail(ctx, opts.containers, remove, {concurrency: DOCKER_PARALLEL, tolerate})
}

export default class Rm extends DockerCommand {
  static override aliases = ['container:rm', 'container:remove']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Remove one or more containers'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'rm [OPTIONS] CONTAINER [CONTAINER...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runRm(ctx, toRmOptions(parsed))
  }
}
