// docker network create's IPAM block: --subnet, --ip-range, --gateway and --aux-address are
// matched to each other subnet by subnet, with docker's checks and error texts, before anything
// is sent to the engine.
import {goNetContains, parseGoCIDR} from '../go/net-cidr.js'
import {parseGoIP} from '../go/net-ip.js'

/** One network.IPAMConfig, with the JSON names the engine reads. */
export interface IPAMPool {
  Subnet: string
  IPRange?: string
  Gateway?: string
  AuxiliaryAddresses?: Record<string, string>
}

/** network.IPAM as docker sends it. */
export interface IPAMBlock {
  Driver: string
  Options: Record<string, string>
  Config: IPAMPool[]
}

export interface IPAMOptions {
  driver: string
  subnets: readonly string[]
  ipRanges: readonly string[]
  gateways: readonly string[]
  /** --aux-address name=address, in the order given (docker walks a Go map: any order). */
  auxAddresses: ReadonlyMap<string, string>
  driverOptions: Record<string, string>
}

/** docker's subnetMatches: whether `data` (an address or a CIDR) lies in `subnet`. */
function subnetMatches(subnet: string, data: string): boolean {
  let net
  try {
    net = parseGoCIDR(subnet).net
  } catch (error) {
    throw new Error(`invalid subnet: ${(error as Error).message}`)
  }
  const ip = data.includes('/') ? parseGoCIDR(data).ip : parseGoIP(data)
  return goNetContains(net, ip)
}

/**
 * docker's createIPAMConfig. Throws docker's message for a range or gateway without a subnet,
 * overlapping subnets, and values no subnet holds. Pools come in the order of their subnets
 * (docker's come out of a Go map, in any order).
 */
export function ipamConfig(opts: IPAMOptions): IPAMBlock {
  if (opts.subnets.length < opts.ipRanges.length || opts.subnets.length < opts.gateways.length) {
    throw new Error('every ip-range or gateway must have a corresponding subnet')
  }
  const pools = new Map<string, IPAMPool & {AuxiliaryAddresses: Record<string, string>}>()
  for (const subnet of opts.subnets) {
    for (const other of pools.keys()) {
      if (subnetMatches(subnet, other) || subnetMatches(other, subnet)) throw new Error('multiple overlapping subnet configuration is not supported')
    }
    pools.set(subnet, {AuxiliaryAddresses: {}, Subnet: subnet})
  }

  for (const range of opts.ipRanges) {
    let match = false
    for (const subnet of opts.subnets) {
      parseGoCIDR(range)
      if (!subnetMatches(subnet, range)) continue
      const pool = pools.get(subnet)!
      if (pool.IPRange !== undefined) throw new Error(`cannot configure multiple ranges (${range}, ${pool.IPRange}) on the same subnet (${subnet})`)
      pool.IPRange = range
      match = true
    }
    if (!match) throw new Error(`no matching subnet for range ${range}`)
  }

  for (const gateway of opts.gateways) {
    let match = false
    for (const subnet of opts.subnets) {
      if (!subnetMatches(subnet, gateway)) continue
      const pool = pools.get(subnet)!
      if (pool.Gateway !== undefined) throw new Error(`cannot configure multiple gateways (${gateway}, ${pool.Gateway}) for the same subnet (${subnet})`)
      pool.Gateway = gateway
      match = true
    }
    if (!match) throw new Error(`no matching subnet for gateway ${gateway}`)
  }

  for (const [name, address] of opts.auxAddresses) {
    let match = false
    for (const subnet of opts.subnets) {
      if (!subnetMatches(subnet, address)) continue
      pools.get(subnet)!.AuxiliaryAddresses[name] = address
      match = true
    }
    if (!match) throw new Error(`no matching subnet for aux-address ${address}`)
  }

  // Go's omitempty: empty strings and empty maps are not sent.
  const config = [...pools.values()].map((pool): IPAMPool => {
    const out: IPAMPool = {Subnet: pool.Subnet}
    if (pool.IPRange) out.IPRange = pool.IPRange
    if (pool.Gateway) out.Gateway = pool.Gateway
    if (Object.keys(pool.AuxiliaryAddresses).length > 0) out.AuxiliaryAddresses = pool.AuxiliaryAddresses
    return out
  })
  return {Config: config, Driver: opts.driver, Options: opts.driverOptions}
}
