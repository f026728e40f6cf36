// `whalectl info` (also `system info`): docker info. The Client part describes whalectl; the
// Server part is docker's, from GET /info, with the engine's warnings on stderr. `--format` runs
// against docker's dockerInfo struct (src/lib/format/info-types.ts); a template that reads only
// client fields does not contact the engine, as docker's needsServerInfo decides.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import type {ConfigFile} from '../lib/config/config-file.js'
import {ConnectionError} from '../lib/engine/errors.js'
import {type ClientPlugin, clientInfoText, serverInfoText} from '../lib/format/info-render.js'
import {decodeDockerInfo, SparseInfoType} from '../lib/format/info-types.js'
import {JSONObject, type JSONValue, parseJSONLiteral} from '../lib/format/json-raw.js'
import {dockerTemplateFuncs, parseTemplate, TemplateExecError, TemplateParseError} from '../lib/format/template.js'
import {newClientVersion} from '../lib/format/version-client.js'
import {contextNameOf, INSPECT_FORMAT_HELP} from './version.js'

const FLAGS: FlagSpec[] = [{description: INSPECT_FORMAT_HELP, kind: 'string', name: 'format', short: 'f', valueName: 'string'}]

/** docker's registry.IndexServer: the Username line names the account logged in to Docker Hub. */
const INDEX_SERVER = 'https://index.docker.io/v1/'

export interface InfoOptions {
  format: string
  /** The CLI plugins to list in the Client part. */
  plugins: readonly ClientPlugin[]
}

/** The Docker Hub user config.json is logged in as, from its `auth` (user:password) or username. */
export function hubUserName(config: Pick<ConfigFile, 'auths'>): string {
  const entry = config.auths?.[INDEX_SERVER]
  if (!entry) return ''
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    return colon === -1 ? '' : decoded.slice(0, colon)
  }
  return entry.username ?? ''
}

/** needsServerInfo: '' and json need the engine; so does a template that fails on the client fields alone. */
export function needsServerInfo(format: string, clientJSON: Record<string, unknown>): boolean {
  if (format === '' || format === 'json' || format === '{{json .}}' || !/\.[a-zA-Z]/.test(format)) return true
  try {
    const template = parseTemplate(format, dockerTemplateFuncs())
    template.execute(decodeDockerInfo(parseJSONLiteral(JSON.stringify({ClientInfo: clientJSON})), SparseInfoType))
    return false
  } catch {
    return true
  }
}

function clientInfoJSON(ctx: CommandContext, plugins: readonly ClientPlugin[]): Record<string, unknown> {
  const {ApiVersion: _unused, ...version} = newClientVersion(contextNameOf(ctx), undefined)
  const pluginJSON = plugins.map((p) => ({Name: p.name, Path: p.path, ShortDescription: p.shortDescription, Vendor: p.vendor, Version: p.version}))
  return {Debug: ctx.globals.debug, ...version, Plugins: pluginJSON, Warnings: null}
}

export async function runInfo(ctx: CommandContext, opts: InfoOptions): Promise<void> {
  const clientJSON = clientInfoJSON(ctx, opts.plugins)
  if (opts.format !== '') {
    await formatInfo(ctx, opts.format, clientJSON)
    return
  }
  let info: Record<string, unknown> | undefined
  let connectionError: unknown
  const serverErrors: string[] = []
  try {
    info = (await ctx.engine().info()) as Record<string, unknown>
  } catch (error) {
    if (error instanceof ConnectionError) connectionError = error
    else if (error instanceof Error) serverErrors.push(error.message)
    else throw error
  }
  const client = clientInfoText({context: clientJSON.Context as string, debug: ctx.globals.debug, plugins: opts.plugins, version: clientJSON.Version as string})
  ctx.stdout.write(`Client:\n${client.out}`)
  ctx.stderr.write(client.err)
  ctx.stdout.write('\nServer:\n')
  if (info) {
    const server = serverInfoText(info, {clientDebug: ctx.globals.debug, userName: hubUserName(ctx.config())})
    ctx.stdout.write(server.out)
    ctx.stderr.write(server.err)
    serverErrors.push(...server.errors)
  }
  for (const message of serverErrors) ctx.stderr.write(`ERROR: ${message}\n`)
  // errors.Join: the printing failure first, then the connection error.
  const messages = [...(serverErrors.length > 0 ? ['errors pretty printing info'] : []), ...(connectionError ? [(connectionError as Error).message] : [])]
  if (messages.length > 0) throw new CliError(messages.join('\n'))
}

/** `--format`: the template against dockerInfo, followed by a newline even when it fails. */
async function formatInfo(ctx: CommandContext, format: string, clientJSON: Record<string, unknown>): Promise<void> {
  let template
  try {
    template = parseTemplate(format === 'json' ? '{{json .}}' : format, dockerTemplateFuncs())
  } catch (error) {
    if (error instanceof TemplateParseError) throw new CliError(`template parsing error: ${error.message}`, 64)
    throw error
  }
  let serverJSON: JSONValue = null
  let connectionError: Error | undefined
  const serverErrors: string[] = []
  if (needsServerInfo(format, clientJSON)) {
    try {
      serverJSON = parseJSONLiteral((await ctx.engine().infoWithRaw()).raw)
    } catch (error) {
      if (error instanceof ConnectionError) connectionError = error
      else if (error instanceof Error) {
        serverErrors.push(error.message)
        // Printed, as the template may not show ServerErrors.
        ctx.stderr.write(`${error.message}\n`)
      } else throw error
    }
  }
  const members: Array<readonly [string, JSONValue]> = serverJSON instanceof JSONObject ? [...serverJSON.entries] : []
  if (serverErrors.length > 0) members.push(['ServerErrors', serverErrors])
  members.push(['ClientInfo', parseJSONLiteral(JSON.stringify(clientJSON))])
  const data = decodeDockerInfo(new JSONObject(members))
  let output = ''
  let execError: Error | undefined
  try {
    output = template.execute(data)
  } catch (error) {
    if (!(error instanceof TemplateExecError)) throw error
    output = error.partialOutput
    execError = error
  }
  ctx.stdout.write(`${output}\n`)
  const messages = [connectionError?.message, execError?.message].filter((m): m is string => m !== undefined)
  if (messages.length > 0) throw new CliError(messages.join('\n'))
}

export default class Info extends DockerCommand {
  static override argRule = {kind: 'none'} as const
  static override description = 'Display system-wide information'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'info [OPTIONS]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    // Loaded only here: discovery runs each plugin's metadata command.
    const {listPlugins} = await import('../lib/plugins/discovery.js')
    const plugins = (await listPlugins(ctx.globals.configDir, ctx.config(), ctx.env)).map(
      (p): ClientPlugin => ({
        ...(p.Err === undefined ? {} : {error: p.Err}),
        name: p.Name,
        path: p.Path,
        shortDescription: p.ShortDescription ?? '',
        vendor: p.Vendor ?? '',
        version: p.Version ?? '',
      }),
    )
    await runInfo(ctx, {format: (parsed.flags.format as string | undefined) ?? '', plugins})
  }
}
