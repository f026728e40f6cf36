// `whalectl context update NAME`: docker context update. --description replaces the description,
// --docker the docker endpoint and its TLS files; the rest of the context is kept. A failure
// while writing puts the old metadata and TLS files back.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {DOCKER_FLAG, dockerEndpointConfig, dockerOptions, endpointConfigHelp} from '../lib/context/docker-options.js'
import {type ContextMetadata, DOCKER_ENDPOINT, withDescription} from '../lib/context/metadata.js'
import {validateContextName} from '../lib/context/names.js'
import {ContextStoreWithDefault} from '../lib/context/store-with-default.js'
import {goQuote} from '../lib/format/go-print.js'

const FLAGS: FlagSpec[] = [{description: 'Description of the context', kind: 'string', name: 'description', valueName: 'string'}, DOCKER_FLAG]

export interface ContextUpdateOptions {
  name: string
  description: string
  docker?: Map<string, string>
}

export async function runContextUpdate(ctx: CommandContext, opts: ContextUpdateOptions): Promise<void> {
  validateContextName(opts.name)
  const store = new ContextStoreWithDefault(ctx)
  const old = await store.disk.get(opts.name).catch((error: unknown) => {
    throw new CliError((error as Error).message)
  })
  const meta: ContextMetadata = {endpoints: new Map(old.endpoints), metadata: withDescription(old, opts.description), name: old.name}
  let tls: Map<string, Buffer> | undefined
  if (opts.docker !== undefined) {
    const config = await dockerEndpointConfig(store, opts.docker)
    meta.endpoints.set(DOCKER_ENDPOINT, config.endpoint)
    tls = config.tls
  }
  const oldTLS = await store.disk.readTLS(opts.name)
  try {
    await store.disk.write(meta)
    if (opts.docker !== undefined) await store.disk.resetEndpointTLS(opts.name, DOCKER_ENDPOINT, tls)
  } catch (error) {
    await store.disk.write(old).catch(() => {})
    await store.disk.resetTLS(opts.name, oldTLS).catch(() => {})
    throw error
  }
  ctx.stdout.write(`${opts.name}\n`)
  ctx.stderr.write(`Successfully updated context ${goQuote(opts.name)}\n`)
}

export default class ContextUpdate extends DockerCommand {
  static override argRule = {kind: 'exact', n: 1} as const
  static override description = endpointConfigHelp('Update a context', 'update')
  static override summary = 'Update a context'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'context update [OPTIONS] CONTEXT'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    const opts: ContextUpdateOptions = {description: (parsed.flags.description as string | undefined) ?? '', name: parsed.args[0] as string}
    const docker = dockerOptions(parsed.flags.docker as string[] | undefined)
    if (docker !== undefined) opts.docker = docker
    await runContextUpdate(ctx, opts)
  }
}
