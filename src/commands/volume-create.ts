// `whalectl volume create`: docker volume create. The name comes from the argument or the hidden
// --name (not both); the engine names anonymous volumes, and the name it answers with is printed.
// The cluster-volume flags (swarm CSI volumes) need API 1.42 and are sent as docker sends them.
import {type FlagSpec, flagSpec as spec, type ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {requireFlagsApiVersions} from '../lib/cli/flag-versions.js'
import {kvListToMap, validateLabel} from '../lib/container/run-flags.js'
import type {Open, VolumeCreateBody} from '../lib/engine/types.js'
import {ramInBytes} from '../lib/go/units.js'

const FLAGS: FlagSpec[] = [
  spec('availability', 'string', 'string', 'Cluster Volume availability ("active", "pause", "drain")', {default: 'active'}),
  spec('driver', 'string', 'string', 'Specify volume driver name', {default: 'local', short: 'd'}),
  spec('group', 'string', 'string', 'Cluster Volume group (cluster volumes)'),
  spec('label', 'stringArray', 'list', 'Set metadata for a volume', {parse: validateLabel}),
  spec('limit-bytes', 'string', 'bytes', 'Minimum size of the Cluster Volume in bytes', {parse: ramInBytes}),
  spec('name', 'string', 'string', 'Specify volume name', {hidden: true}),
  spec('opt', 'stringArray', 'map', 'Set driver specific options', {short: 'o'}),
  spec('required-bytes', 'string', 'bytes', 'Maximum size of the Cluster Volume in bytes', {parse: ramInBytes}),
  spec('scope', 'string', 'string', 'Cluster Volume access scope ("single", "multi")', {default: 'single'}),
  spec('secret', 'stringArray', 'map', 'Cluster Volume secrets'),
  spec('sharing', 'string', 'string', 'Cluster Volume access sharing ("none", "readonly", "onewriter", "all")', {default: 'none'}),
  spec('topology-preferred', 'stringArray', 'list', 'A topology that the Cluster Volume would be preferred in'),
  spec('topology-required', 'stringArray', 'list', 'A topology that the Cluster Volume must be accessible from'),
  spec('type', 'string', 'string', 'Cluster Volume access type ("mount", "block")', {default: 'block'}),
]

/** The flags that make docker send a cluster volume spec (its list names `secrets`, which is no flag). */
const CLUSTER_SPEC_FLAGS = ['group', 'scope', 'sharing', 'availability', 'type', 'limit-bytes', 'required-bytes']
const CLUSTER_FLAGS = [...CLUSTER_SPEC_FLAGS, 'secret', 'topology-required', 'topology-preferred']

export interface VolumeCreateOptions {
  /** '' lets the engine choose one. */
  name: string
  /** Both --name and the argument were given: docker refuses that once the flags are checked. */
  nameConflict: boolean
  driver: string
  driverOpts: Record<string, string>
  labels: Record<string, string>
  /** The cluster volume spec, when a cluster flag asks for one. */
  cluster?: Open
  changed: ReadonlySet<string>
}

/** `segment=value,segment=value` topologies, as docker reads them (no checks). */
function topologies(values: readonly string[]): Open[] {
  return values.map((value) => ({Segments: Object.fromEntries(value.split(',').map((segment) => {
    const eq = segment.indexOf('=')
    return eq === -1 ? [segment, ''] : [segment.slice(0, eq), segment.slice(eq + 1)]
  }))}))
}

/** docker's ClusterVolumeSpec from the cluster flags. */
function clusterSpec(f: ParsedArgs['flags']): Open {
  const str = (name: string): string => (f[name] as string | undefined) ?? ''
  const type = str('type')
  const accessMode: Open = {Scope: str('scope'), Sharing: str('sharing')}
  if (type === 'mount') accessMode.MountVolume = {}
  if (type === 'block') accessMode.BlockVolume = {}
  const bytes = (name: string): number => (f[name] === undefined ? 0 : ramInBytes(f[name] as string))
  const secrets = Object.entries(kvListToMap(f.secret as string[]))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([Key, Secret]) => ({Key, Secret}))
  const required = topologies(f['topology-required'] as string[])
  const preferred = topologies(f['topology-preferred'] as string[])
  return {
    Group: str('group'),
    AccessMode: accessMode,
    ...(secrets.length > 0 ? {Secrets: secrets} : {}),
    AccessibilityRequirements: {...(required.length > 0 ? {Requisite: required} : {}), ...(preferred.length > 0 ? {Preferred: preferred} : {})},
    CapacityRange: {RequiredBytes: bytes('required-bytes'), LimitBytes: bytes('limit-bytes')},
    Availability: str('availability'),
  }
}

export function toVolumeCreateOptions(parsed: ParsedArgs): VolumeCreateOptions {
  const f = parsed.flags
  const flagName = (f.name as string | undefined) ?? ''
  const argName = parsed.args[0]
  const opts: VolumeCreateOptions = {
    changed: parsed.changed,
    driver: f.driver as string,
    driverOpts: kvListToMap(f.opt as string[]),
    labels: kvListToMap(f.label as string[]),
    name: argName ?? flagName,
    nameConflict: argName !== undefined && flagName !== '',
  }
  if (CLUSTER_SPEC_FLAGS.some((flag) => parsed.changed.has(flag))) opts.cluster = clusterSpec(f)
  return opts
}

export async function runVolumeCreate(ctx: CommandContext, opts: VolumeCreateOptions): Promise<void> {
  await requireFlagsApiVersions(ctx, opts.changed, Object.fromEntries(CLUSTER_FLAGS.map((flag) => [flag, '1.42'])))
  if (opts.nameConflict) throw new CliError('conflicting options: cannot specify a volume-name through both --name and as a positional arg')
  // volume.CreateOptions omits empty fields, and the engine stores an omitted DriverOpts as null.
  const body: VolumeCreateBody = {}
  if (opts.cluster) body.ClusterVolumeSpec = opts.cluster
  if (opts.driver !== '') body.Driver = opts.driver
  if (Object.keys(opts.driverOpts).length > 0) body.DriverOpts = opts.driverOpts
  if (Object.keys(opts.labels).length > 0) body.Labels = opts.labels
  if (opts.name !== '') body.Name = opts.name
  const volume = await ctx.engine().volumeCreate(body)
  ctx.stdout.write(`${volume.Name}\n`)
}

export default class VolumeCreate extends DockerCommand {
  static override argRule = {kind: 'max', n: 1} as const
  static override description = 'Create a volume'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'volume create [OPTIONS] [VOLUME]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runVolumeCreate(ctx, toVolumeCreateOptions(parsed))
  }
}
