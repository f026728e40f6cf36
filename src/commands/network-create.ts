// `whalectl network create`: docker network create. The IPAM flags are matched subnet by subnet
// before the request (src/lib/network/ipam.ts, docker's messages); the engine's ID is printed.
import {type FlagSpec, flagSpec as spec, type ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {requireFlagsApiVersions} from '../lib/cli/flag-versions.js'
import {kvListToMap, validateLabel} from '../lib/container/run-flags.js'
import type {NetworkCreateBody} from '../lib/engine/types.js'
import {readStringSlice} from '../lib/image/build-options.js'
import {ipamConfig} from '../lib/network/ipam.js'

const FLAGS: FlagSpec[] = [
  spec('attachable', 'bool', undefined, 'Enable manual container attachment'),
  spec('aux-address', 'stringArray', 'map', 'Auxiliary IPv4 or IPv6 addresses used by Network driver'),
  spec('config-from', 'string', 'string', 'The network from which to copy the configuration'),
  spec('config-only', 'bool', undefined, 'Create a configuration only network'),
  spec('driver', 'string', 'string', 'Driver to manage the Network', {default: 'bridge', short: 'd'}),
  spec('gateway', 'stringArray', 'strings', 'IPv4 or IPv6 Gateway for the master subnet', {parse: readStringSlice}),
  spec('ingress', 'bool', undefined, 'Create swarm routing-mesh network'),
  spec('internal', 'bool', undefined, 'Restrict external access to the network'),
  spec('ip-range', 'stringArray', 'strings', 'Allocate container ip from a sub-range', {parse: readStringSlice}),
  spec('ipam-driver', 'string', 'string', 'IP Address Management Driver', {default: 'default'}),
  spec('ipam-opt', 'stringArray', 'map', 'Set IPAM driver specific options'),
  spec('ipv4', 'bool', undefined, 'Enable or disable IPv4 address assignment', {default: true}),
  spec('ipv6', 'bool', undefined, 'Enable or disable IPv6 address assignment'),
  spec('label', 'stringArray', 'list', 'Set metadata on a network', {parse: validateLabel}),
  spec('opt', 'stringArray', 'map', 'Set driver specific options', {short: 'o'}),
  spec('scope', 'string', 'string', "Control the network's scope"),
  spec('subnet', 'stringArray', 'strings', 'Subnet in CIDR format that represents a network segment', {parse: readStringSlice}),
]

/** The API version each flag needs (docker's "version" annotations). */
const FLAG_API_VERSIONS = {attachable: '1.25', 'config-from': '1.30', 'config-only': '1.30', ingress: '1.29', scope: '1.30'}

export interface NetworkCreateOptions {
  name: string
  driver: string
  driverOptions: Record<string, string>
  labels: Record<string, string>
  internal: boolean
  /** Sent only when given on the command line. */
  ipv4?: boolean
  ipv6?: boolean
  attachable: boolean
  ingress: boolean
  scope: string
  configOnly: boolean
  configFrom: string
  ipamDriver: string
  subnets: string[]
  ipRanges: string[]
  gateways: string[]
  auxAddresses: Map<string, string>
  ipamOptions: Record<string, string>
  changed: ReadonlySet<string>
}

/** opts.MapOpts: `k=v` entries, the last one for a key winning (a bare `k` is `k=`). */
function mapOpt(values: readonly string[]): Map<string, string> {
  return new Map(Object.entries(kvListToMap(values)))
}

export function toNetworkCreateOptions(parsed: ParsedArgs): NetworkCreateOptions {
  const f = parsed.flags
  const list = (name: string): string[] => f[name] as string[]
  const slice = (name: string): string[] => list(name).flatMap(readStringSlice)
  return {
    attachable: f.attachable as boolean,
    auxAddresses: mapOpt(list('aux-address')),
    changed: parsed.changed,
    configFrom: (f['config-from'] as string | undefined) ?? '',
    configOnly: f['config-only'] as boolean,
    driver: f.driver as string,
    driverOptions: kvListToMap(list('opt')),
    gateways: slice('gateway'),
    ingress: f.ingress as boolean,
    internal: f.internal as boolean,
    ipRanges: slice('ip-range'),
    ipamDriver: f['ipam-driver'] as string,
    ipamOptions: kvListToMap(list('ipam-opt')),
    ipv4: parsed.changed.has('ipv4') ? (f.ipv4 as boolean) : undefined,
    ipv6: parsed.changed.has('ipv6') ? (f.ipv6 as boolean) : undefined,
    labels: kvListToMap(list('label')),
    name: parsed.args[0] as string,
    scope: (f.scope as string | undefined) ?? '',
    subnets: slice('subnet'),
  }
}

/** The request body, in the field order of docker's network.CreateRequest. */
export function networkCreateBody(opts: NetworkCreateOptions): NetworkCreateBody {
  const ipam = ipamConfig({
    auxAddresses: opts.auxAddresses,
    driver: opts.ipamDriver,
    driverOptions: opts.ipamOptions,
    gateways: opts.gateways,
    ipRanges: opts.ipRanges,
    subnets: opts.subnets,
  })
  return {
    Driver: opts.driver,
    Scope: opts.scope,
    ...(opts.ipv4 === undefined ? {} : {EnableIPv4: opts.ipv4}),
    ...(opts.ipv6 === undefined ? {} : {EnableIPv6: opts.ipv6}),
    IPAM: ipam,
    Internal: opts.internal,
    Attachable: opts.attachable,
    Ingress: opts.ingress,
    ConfigOnly: opts.configOnly,
    ConfigFrom: opts.configFrom === '' ? null : {Network: opts.configFrom},
    Options: opts.driverOptions,
    Labels: opts.labels,
    Name: opts.name,
  }
}

export async function runNetworkCreate(ctx: CommandContext, opts: NetworkCreateOptions): Promise<void> {
  await requireFlagsApiVersions(ctx, opts.changed, FLAG_API_VERSIONS)
  let body: NetworkCreateBody
  try {
    body = networkCreateBody(opts)
  } catch (error) {
    throw new CliError((error as Error).message)
  }
  const created = await ctx.engine().networkCreate(body)
  ctx.stdout.write(`${created.Id}\n`)
}

export default class NetworkCreate extends DockerCommand {
  static override argRule = {kind: 'exact', n: 1} as const
  static override description = 'Create a network'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'network create [OPTIONS] NETWORK'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runNetworkCreate(ctx, toNetworkCreateOptions(parsed))
  }
}
