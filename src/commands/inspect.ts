// `whalectl inspect`: docker inspect. Each name is looked up as a container, then an image, a
// network, a volume, (on a swarm manager) a service, task or node, a plugin, (on a swarm
// manager) a secret or config, unless --type names the one kind to ask for; the answers are
// printed by the inspector of src/lib/format/inspect.ts (the engine's JSON re-indented, or a
// template). Names that match nothing are reported at the end: `Error: No such object: x`.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import type {EngineClient} from '../lib/engine/client.js'
import {NotFoundError} from '../lib/engine/errors.js'
import type {GoType} from '../lib/format/go-decode.js'
import {goQuote} from '../lib/format/go-print.js'
import {inspectAll, InspectFormatError, type InspectTarget} from '../lib/format/inspect.js'
import {
  ConfigInspectType,
  ContainerInspectType,
  ImageInspectType,
  NetworkInspectType,
  NodeInspectType,
  PluginInspectType,
  SecretInspectType,
  ServiceInspectType,
  TaskInspectType,
  VolumeInspectType,
} from '../lib/format/inspect-types.js'

/** docker's InspectFormatHelp. */
export const INSPECT_FORMAT_FLAG: FlagSpec = {
  description:
    "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates",
  kind: 'string',
  name: 'format',
  short: 'f',
  valueName: 'string',
}

const FLAGS: FlagSpec[] = [
  INSPECT_FORMAT_FLAG,
  {description: 'Display total file sizes if the type is container', kind: 'bool', name: 'size', short: 's'},
  {description: 'Only inspect objects of the given type', kind: 'string', name: 'type', valueName: 'string'},
]

const ALL_TYPES = ['config', 'container', 'image', 'network', 'node', 'plugin', 'secret', 'service', 'task', 'volume'] as const
type ObjectType = (typeof ALL_TYPES)[number]

const TYPE_LIST = `"${ALL_TYPES.join('", "')}"`

export interface InspectOptions {
  format: string
  size: boolean
  /** '' when not given. */
  type: string
  typeChanged: boolean
  refs: string[]
}

export function toInspectOptions(parsed: ParsedArgs): InspectOptions {
  return {
    format: (parsed.flags.format as string | undefined) ?? '',
    refs: parsed.args,
    size: parsed.flags.size as boolean,
    type: (parsed.flags.type as string | undefined) ?? '',
    typeChanged: parsed.changed.has('type'),
  }
}

/** Runs docker's inspector over `refs` and prints as docker does: the output, then the failures (exit 1). */
export async function writeInspection(ctx: CommandContext, refs: readonly string[], format: string, lookup: (ref: string) => Promise<InspectTarget>): Promise<void> {
  let result
  try {
    result = await inspectAll(refs, format, lookup)
  } catch (error) {
    if (error instanceof InspectFormatError) throw new CliError(error.message, error.exitCode)
    throw error
  }
  ctx.stdout.write(result.stdout)
  if (result.errors.length > 0) throw new CliError(result.errors.join('\n'))
}

interface ObjectKind {
  readonly type: ObjectType
  readonly swarm: boolean
  readonly sizeSupported: boolean
  readonly goType: GoType
  fetch(engine: EngineClient, ref: string, size: boolean): Promise<{raw: Buffer}>
}

/** docker's autodetection order. */
const KINDS: readonly ObjectKind[] = [
  {fetch: (e, ref, size) => e.containerInspectWithRaw(ref, {size}), goType: ContainerInspectType, sizeSupported: true, swarm: false, type: 'container'},
  {fetch: (e, ref) => e.imageInspectWithRaw(ref), goType: ImageInspectType, sizeSupported: false, swarm: false, type: 'image'},
  {fetch: (e, ref) => e.networkInspectWithRaw(ref), goType: NetworkInspectType, sizeSupported: false, swarm: false, type: 'network'},
  {fetch: (e, ref) => e.volumeInspectWithRaw(ref), goType: VolumeInspectType, sizeSupported: false, swarm: false, type: 'volume'},
  {fetch: (e, ref) => e.serviceInspectWithRaw(ref, {insertDefaults: true}), goType: ServiceInspectType, sizeSupported: false, swarm: true, type: 'service'},
  {fetch: (e, ref) => e.taskInspectWithRaw(ref), goType: TaskInspectType, sizeSupported: false, swarm: true, type: 'task'},
  {fetch: (e, ref) => e.nodeInspectWithRaw(ref), goType: NodeInspectType, sizeSupported: false, swarm: true, type: 'node'},
  {fetch: (e, ref) => e.pluginInspectWithRaw(ref), goType: PluginInspectType, sizeSupported: false, swarm: false, type: 'plugin'},
  {fetch: (e, ref) => e.secretInspectWithRaw(ref), goType: SecretInspectType, sizeSupported: false, swarm: true, type: 'secret'},
  {fetch: (e, ref) => e.configInspectWithRaw(ref), goType: ConfigInspectType, sizeSupported: false, swarm: true, type: 'config'},
]

/** Failures that let the search go on to the next kind of object. */
function isSkippable(error: unknown): boolean {
  if (error instanceof NotFoundError) return true
  const message = error instanceof Error ? error.message : ''
  return message.includes('not supported') || message.includes('invalid reference format')
}

/** docker's inspectAll lookup for one reference. */
function lookupAny(ctx: CommandContext, opts: InspectOptions): (ref: string) => Promise<InspectTarget> {
  const engine = ctx.engine()
  // An info request decides whether swarm objects are worth asking for (once per reference, as docker).
  const isSwarmManager = async (): Promise<boolean> => {
    try {
      const info = await engine.info()
      return (info.Swarm as {ControlAvailable?: unknown} | undefined)?.ControlAvailable === true
    } catch (error) {
      ctx.stderr.write(`${(error as Error).message}\n`)
      return false
    }
  }
  return async (ref) => {
    let swarm: boolean | undefined
    for (const kind of KINDS) {
      if (opts.type !== '' && kind.type !== opts.type) continue
      if (opts.type === '' && kind.swarm) {
        swarm ??= await isSwarmManager()
        if (!swarm) continue
      }
      let raw: Buffer
      try {
        ;({raw} = await kind.fetch(engine, ref, opts.size))
      } catch (error) {
        if (opts.type === '' && isSkippable(error)) continue
        throw error
      }
      if (opts.size && !kind.sizeSupported) ctx.stderr.write(`WARNING: --size ignored for ${kind.type}\n`)
      return {raw, type: kind.goType}
    }
    throw new Error(`Error: No such object: ${ref}`)
  }
}

export async function runInspect(ctx: CommandContext, opts: InspectOptions): Promise<void> {
  if (opts.typeChanged && opts.type === '') throw new CliError(`type is empty: must be one of ${TYPE_LIST}`)
  if (opts.type !== '' && !(ALL_TYPES as readonly string[]).includes(opts.type)) {
    throw new CliError(`unknown type: ${goQuote(opts.type)}: must be one of ${TYPE_LIST}`)
  }
  await writeInspection(ctx, opts.refs, opts.format, lookupAny(ctx, opts))
}

export default class Inspect extends DockerCommand {
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Return low-level information on Docker objects'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'inspect [OPTIONS] NAME|ID [NAME|ID...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runInspect(ctx, toInspectOptions(parsed))
  }
}
