import {describe, expect, it} from 'vitest'

import {networkCreateBody, toNetworkCreateOptions} from '../../src/commands/network-create.js'
import {parseArgv} from '../../src/lib/cli/argv.js'
import NetworkCreate from '../../src/commands/network-create.js'
import {goNetContains, parseGoCIDR} from '../../src/lib/go/net-cidr.js'
import {parseGoIP} from '../../src/lib/go/net-ip.js'
import {ipamConfig, type IPAMOptions} from '../../src/lib/network/ipam.js'

const base: IPAMOptions = {auxAddresses: new Map(), driver: 'default', driverOptions: {}, gateways: [], ipRanges: [], subnets: []}

describe("Go's net.ParseCIDR and IPNet.Contains", () => {
  it('reads IPv4 and IPv6 networks and masks the network number', () => {
    const v4 = parseGoCIDR('10.1.2.3/16')
    expect(goNetContains(v4.net, parseGoIP('10.1.255.1'))).toBe(true)
    expect(goNetContains(v4.net, parseGoIP('10.2.0.1'))).toBe(false)
    const v6 = parseGoCIDR('2001:db8::/64')
    expect(goNetContains(v6.net, parseGoIP('2001:db8::33'))).toBe(true)
    expect(goNetContains(v6.net, parseGoIP('10.1.0.1'))).toBe(false)
    expect(goNetContains(v4.net, undefined)).toBe(false)
  })

  it("refuses what Go refuses, in Go's words", () => {
    for (const bad of ['bad', '10.0.0.0', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '010.0.0.0/8', 'fe80::1%eth0/64', '::/129']) {
      expect(() => parseGoCIDR(bad)).toThrow(`invalid CIDR address: ${bad}`)
    }
  })
})

describe("docker's createIPAMConfig", () => {
  it('puts ranges, gateways and auxiliary addresses in the subnet that holds them', () => {
    const ipam = ipamConfig({
      ...base,
      auxAddresses: new Map([['host1', '10.1.0.5'], ['host2', '11.0.0.5']]),
      gateways: ['11.0.0.1', '10.1.0.1'],
      ipRanges: ['10.1.0.0/25'],
      subnets: ['10.1.0.0/24', '11.0.0.0/8'],
    })
    expect(ipam).toEqual({
      Config: [
        {AuxiliaryAddresses: {host1: '10.1.0.5'}, Gateway: '10.1.0.1', IPRange: '10.1.0.0/25', Subnet: '10.1.0.0/24'},
        {AuxiliaryAddresses: {host2: '11.0.0.5'}, Gateway: '11.0.0.1', Subnet: '11.0.0.0/8'},
      ],
      Driver: 'default',
      Options: {},
    })
  })

  it('sends no pools without subnets, and leaves a lone bad subnet to the engine', () => {
    expect(ipamConfig(base).Config).toEqual([])
    expect(ipamConfig({...base, subnets: ['bad']}).Config).toEqual([{Subnet: 'bad'}])
  })

  it.each([
    [{gateways: ['10.1.0.1']}, 'every ip-range or gateway must have a corresponding subnet'],
    [{ipRanges: ['10.1.0.0/24']}, 'every ip-range or gateway must have a corresponding subnet'],
    [{subnets: ['10.1.0.0/24', '10.1.0.0/16']}, 'multiple overlapping subnet configuration is not supported'],
    [{subnets: ['10.1.0.0/24', '10.1.0.0/24']}, 'multiple overlapping subnet configuration is not supported'],
    [{ipRanges: ['10.2.0.0/24'], subnets: ['10.1.0.0/24']}, 'no matching subnet for range 10.2.0.0/24'],
    [{ipRanges: ['bad'], subnets: ['10.1.0.0/24']}, 'invalid CIDR address: bad'],
    [{ipRanges: ['10.1.0.0/25', '10.1.0.128/25'], subnets: ['10.1.0.0/24', '11.0.0.0/8']}, 'cannot configure multiple ranges (10.1.0.128/25, 10.1.0.0/25) on the same subnet (10.1.0.0/24)'],
    [{gateways: ['10.1.0.1', '10.1.0.2'], subnets: ['10.1.0.0/24', '11.0.0.0/8']}, 'cannot configure multiple gateways (10.1.0.2, 10.1.0.1) for the same subnet (10.1.0.0/24)'],
    [{gateways: ['nope'], subnets: ['10.1.0.0/24']}, 'no matching subnet for gateway nope'],
    [{gateways: ['1.2.3.4'], subnets: ['bad']}, 'invalid subnet: invalid CIDR address: bad'],
    [{auxAddresses: new Map([['a', '10.9.0.1']]), subnets: ['10.1.0.0/24']}, 'no matching subnet for aux-address 10.9.0.1'],
    [{auxAddresses: new Map([['bad', '']]), subnets: ['10.1.0.0/24']}, 'no matching subnet for aux-address '],
  ])('%j is refused: %s', (opts, message) => {
    expect(() => ipamConfig({...base, ...opts})).toThrow(message)
  })
})

describe('network create request', () => {
  const parse = (argv: string[]) => toNetworkCreateOptions(parseArgv(argv, NetworkCreate.flagSpecs, {interspersed: true}))

  it("sends docker's defaults, and --ipv4/--ipv6 only when given", () => {
    const body = networkCreateBody(parse(['n']))
    expect(body).toEqual({
      Attachable: false,
      ConfigFrom: null,
      ConfigOnly: false,
      Driver: 'bridge',
      IPAM: {Config: [], Driver: 'default', Options: {}},
      Ingress: false,
      Internal: false,
      Labels: {},
      Name: 'n',
      Options: {},
      Scope: '',
    })
    expect(networkCreateBody(parse(['--ipv4=false', '--ipv6', 'n']))).toMatchObject({EnableIPv4: false, EnableIPv6: true})
  })

  it('reads map, list and comma-separated flags as docker does', () => {
    const body = networkCreateBody(
      parse(['--internal', '--label', 'a=1', '--label', 'b', '-o', 'k=v', '-o', 'k=w', '--ipam-opt', 'x=y', '--subnet', '10.1.0.0/24,10.2.0.0/24', '--gateway', '10.2.0.1', '--config-from', 'base', 'n']),
    )
    expect(body).toMatchObject({
      ConfigFrom: {Network: 'base'},
      IPAM: {Config: [{Subnet: '10.1.0.0/24'}, {Gateway: '10.2.0.1', Subnet: '10.2.0.0/24'}], Driver: 'default', Options: {x: 'y'}},
      Internal: true,
      Labels: {a: '1', b: ''},
      Options: {k: 'w'},
    })
  })
})
