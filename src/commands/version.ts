// `whalectl version`: docker version. The Client block describes whalectl (Node's version where
// docker shows Go's); the Server block is docker's, from GET /version. Both come from docker's
// template (src/lib/format/version-render.ts), so `--format` sees docker's field names. When the
// engine cannot be asked, the Client block is printed and then the error, exit 1.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {CLIENT_MAX_API_VERSION} from '../lib/engine/version.js'
import {resolveContextName} from '../lib/context/context-name.js'
import {newClientVersion} from '../lib/format/version-client.js'
import {newVersionTemplate, renderVersion, VersionFormatError} from '../lib/format/version-render.js'

/** cli/flags InspectFormatHelp: the --format of commands that print one object. */
export const INSPECT_FORMAT_HELP =
  "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"

const FLAGS: FlagSpec[] = [
  {description: INSPECT_FORMAT_HELP, kind: 'string', name: 'format', short: 'f', valueName: 'string'},
  // Accepted and ignored, as docker 28 does since Kubernetes support went away.
  {description: 'Kubernetes config file', hidden: true, kind: 'string', name: 'kubeconfig', valueName: 'string'},
]

/** The context the command runs in, as docker names it. */
export function contextNameOf(ctx: CommandContext): string {
  return resolveContextName(ctx.globals, ctx.env, () => ctx.config().currentContext)
}

/** dockerCli.CurrentVersion(): the negotiated API version, or the one we would ask for when the engine cannot answer. */
async function currentApiVersion(ctx: CommandContext): Promise<string> {
  const engine = ctx.engine()
  try {
    return await engine.apiVersion()
  } catch {
    return ctx.env.DOCKER_API_VERSION || CLIENT_MAX_API_VERSION
  }
}

export async function runVersion(ctx: CommandContext, format: string): Promise<void> {
  let template
  try {
    template = newVersionTemplate(format)
  } catch (error) {
    if (error instanceof VersionFormatError) throw new CliError(error.message, error.exitCode)
    throw error
  }
  const client = newClientVersion(contextNameOf(ctx), await currentApiVersion(ctx))
  let server: Record<string, unknown> | undefined
  let serverError: unknown
  try {
    server = (await ctx.engine().serverVersion()) as Record<string, unknown>
  } catch (error) {
    serverError = error
  }
  const rendered = renderVersion(template, client, server)
  ctx.stdout.write(rendered.text)
  if (serverError !== undefined) throw serverError
  if (rendered.error) throw new CliError(rendered.error.message)
}

export default class Version extends DockerCommand {
  static override argRule = {kind: 'none'} as const
  static override description = 'Show the Docker version information'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'version [OPTIONS]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runVersion(ctx, (parsed.flags.format as string | undefined) ?? '')
  }
}
