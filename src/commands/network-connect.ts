// `whalectl network connect`: docker network connect. The endpoint settings are sent as docker
// builds them (aliases, addresses, links, driver options, gateway priority); the engine's
// refusals are printed as they come.
import {type FlagSpec, flagSpec as spec, type ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {emptyEndpoint, type EndpointSettings} from '../lib/container/create-options.js'
import {validateLink} from '../lib/container/run-flags.js'
import {readStringSlice} from '../lib/image/build-options.js'

const FLAGS: FlagSpec[] = [
  spec('alias', 'stringArray', 'strings', 'Add network-scoped alias for the container', {parse: readStringSlice}),
  spec('driver-opt', 'stringArray', 'strings', 'driver options for the network', {parse: readStringSlice}),
  spec('gw-priority', 'int', 'int', 'Highest gw-priority provides the default gateway. Accepts positive and negative values.'),
  spec('ip', 'string', 'string', 'IPv4 address (e.g., "172.30.100.104")'),
  spec('ip6', 'string', 'string', 'IPv6 address (e.g., "2001:db8::33")'),
  spec('link', 'stringArray', 'list', 'Add link to another container', {parse: validateLink}),
  spec('link-local-ip', 'stringArray', 'strings', 'Add a link-local address for the container', {parse: readStringSlice}),
]

export interface NetworkConnectOptions {
  network: string
  container: string
  ipv4Address: string
  ipv6Address: string
  links: string[]
  aliases: string[]
  linkLocalIPs: string[]
  driverOpts: string[]
  gwPriority: number
}

export function toNetworkConnectOptions(parsed: ParsedArgs): NetworkConnectOptions {
  const f = parsed.flags
  const slice = (name: string): string[] => (f[name] as string[]).flatMap(readStringSlice)
  return {
    aliases: slice('alias'),
    container: parsed.args[1] as string,
    driverOpts: slice('driver-opt'),
    gwPriority: (f['gw-priority'] as number | undefined) ?? 0,
    ipv4Address: (f.ip as string | undefined) ?? '',
    ipv6Address: (f.ip6 as string | undefined) ?? '',
    linkLocalIPs: slice('link-local-ip'),
    links: f.link as string[],
    network: parsed.args[0] as string,
  }
}

/** docker's convertDriverOpt: `k=v` pairs with spaces trimmed; a pair without `=` or a key is refused. */
export function driverOptions(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const value of values) {
    const eq = value.indexOf('=')
    const key = (eq === -1 ? value : value.slice(0, eq)).trim()
    if (eq === -1 || key === '') throw new CliError('invalid key/value pair format in driver options')
    out[key] = value.slice(eq + 1).trim()
  }
  return out
}

/** network.EndpointSettings as docker sends it (unset fields at their Go zero values). */
export function endpointSettings(opts: NetworkConnectOptions): EndpointSettings {
  const ipam: NonNullable<EndpointSettings['IPAMConfig']> = {}
  if (opts.ipv4Address !== '') ipam.IPv4Address = opts.ipv4Address
  if (opts.ipv6Address !== '') ipam.IPv6Address = opts.ipv6Address
  if (opts.linkLocalIPs.length > 0) ipam.LinkLocalIPs = opts.linkLocalIPs
  return {
    ...emptyEndpoint(),
    IPAMConfig: ipam,
    Links: opts.links.length > 0 ? opts.links : null,
    Aliases: opts.aliases,
    DriverOpts: driverOptions(opts.driverOpts),
    GwPriority: opts.gwPriority,
  }
}

export async function runNetworkConnect(ctx: CommandContext, opts: NetworkConnectOptions): Promise<void> {
  const settings = endpointSettings(opts)
  await ctx.engine().networkConnect(opts.network, opts.container, {...settings})
}

export default class NetworkConnect extends DockerCommand {
  static override argRule = {kind: 'exact', n: 2} as const
  static override description = 'Connect a container to a network'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'network connect [OPTIONS] NETWORK CONTAINER'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runNetworkConnect(ctx, toNetworkConnectOptions(parsed))
  }
}
