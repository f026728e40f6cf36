// `whalectl create`: docker create. run's flags without the attach/detach ones, the same create
// body, the same pull on 404 (`Unable to find image…` and the progress on stderr), --cidfile and
// the engine's warnings; the new container's full ID on stdout.
//
// Unlike run, create reports the engine's and the client's errors as they are (exit 1, no
// `docker:` prefix): docker's runCreate returns them without toStatusError. Only what docker
// refuses while reading the flags gets `docker: <err>` + the help hint and 125.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {CREATE_FLAGS, RUN_FLAG_REQUIREMENTS, unsupportedFlagsError} from '../lib/container/run-flags.js'
import {createContainer, logrusLine} from '../lib/container/run-session.js'
import {createRequestFor, type RunOptions, toRunOptions} from './run.js'

export type CreateOptions = RunOptions

export const toCreateOptions = toRunOptions

export async function runCreate(ctx: CommandContext, opts: CreateOptions): Promise<void> {
  const req = createRequestFor(ctx, opts, process.cwd(), 'create')
  for (const warning of req.parseWarnings) ctx.stderr.write(logrusLine('warning', warning, new Date(ctx.now())))
  const apiVersion = await ctx.engine().apiVersion()
  const unsupported = unsupportedFlagsError(RUN_FLAG_REQUIREMENTS, opts.changed, {apiVersion})
  if (unsupported !== undefined) throw new CliError(unsupported, 1)
  const id = await createContainer(ctx, req, apiVersion)
  ctx.stdout.write(`${id}\n`)
}

export default class Create extends DockerCommand {
  static override aliases = ['container:create']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Create a new container'
  static override flagSpecs = CREATE_FLAGS
  static override flags = toOclifFlags(CREATE_FLAGS)
  static override interspersed = false
  static override usageLine = 'create [OPTIONS] IMAGE [COMMAND] [ARG...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runCreate(ctx, toCreateOptions(parsed))
  }
}
