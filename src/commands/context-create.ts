// `whalectl context create NAME`: docker context create. With --docker the endpoint is made from
// its keys; with --from (or neither flag) it is a copy of that context (the current one),
// TLS files included, with --description replacing the description.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {DOCKER_FLAG, dockerEndpointConfig, dockerOptions, endpointConfigHelp} from '../lib/context/docker-options.js'
import {type ContextMetadata, DOCKER_ENDPOINT, withDescription} from '../lib/context/metadata.js'
import {checkNameForCreation} from '../lib/context/names.js'
import type {ContextTLSData} from '../lib/context/store.js'
import {ContextStoreWithDefault} from '../lib/context/store-with-default.js'
import {storeNewContext} from '../lib/context/write-context.js'
import {goQuote} from '../lib/format/go-print.js'

const FLAGS: FlagSpec[] = [
  {description: 'Description of the context', kind: 'string', name: 'description', valueName: 'string'},
  DOCKER_FLAG,
  {description: 'create context from a named context', kind: 'string', name: 'from', valueName: 'string'},
]

export interface ContextCreateOptions {
  name: string
  description: string
  /** The merged --docker keys; undefined when the flag was not given. */
  docker?: Map<string, string>
  from: string
}

async function fromExisting(store: ContextStoreWithDefault, from: string, opts: ContextCreateOptions): Promise<{meta: ContextMetadata; tls: ContextTLSData}> {
  if (opts.docker !== undefined && opts.docker.size > 0) throw new CliError('cannot use --docker flag when --from is set')
  const source = await store.get(from)
  const meta: ContextMetadata = {endpoints: source.endpoints, metadata: withDescription(source, opts.description), name: opts.name}
  return {meta, tls: await store.tlsData(from)}
}

async function fromDockerOptions(store: ContextStoreWithDefault, docker: Map<string, string>, opts: ContextCreateOptions): Promise<{meta: ContextMetadata; tls: ContextTLSData}> {
  const config = await dockerEndpointConfig(store, docker)
  const metadata = new Map<string, string>()
  if (opts.description !== '') metadata.set('Description', opts.description)
  const meta: ContextMetadata = {endpoints: new Map([[DOCKER_ENDPOINT, config.endpoint]]), metadata, name: opts.name}
  const tls: ContextTLSData = new Map()
  if (config.tls !== undefined) tls.set(DOCKER_ENDPOINT, config.tls)
  return {meta, tls}
}

export async function runContextCreate(ctx: CommandContext, opts: ContextCreateOptions): Promise<void> {
  const store = new ContextStoreWithDefault(ctx)
  await checkNameForCreation(store.disk, opts.name)
  const source =
    opts.from === '' && opts.docker !== undefined
      ? await fromDockerOptions(store, opts.docker, opts)
      : await fromExisting(store, opts.from === '' ? store.currentName() : opts.from, opts).catch((error: unknown) => {
          throw error instanceof CliError ? error : new CliError((error as Error).message)
        })
  await storeNewContext(store.disk, source.meta, source.tls)
  ctx.stdout.write(`${opts.name}\n`)
  ctx.stderr.write(`Successfully created context ${goQuote(opts.name)}\n`)
}

export default class ContextCreate extends DockerCommand {
  static override argRule = {kind: 'exact', n: 1} as const
  static override description = endpointConfigHelp('Create a context', 'create')
  static override summary = 'Create a context'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'context create [OPTIONS] CONTEXT'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    const opts: ContextCreateOptions = {
      description: (parsed.flags.description as string | undefined) ?? '',
      from: (parsed.flags.from as string | undefined) ?? '',
      name: parsed.args[0] as string,
    }
    const docker = dockerOptions(parsed.flags.docker as string[] | undefined)
    if (docker !== undefined) opts.docker = docker
    await runContextCreate(ctx, opts)
  }
}
