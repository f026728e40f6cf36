import {describe, expect, it} from 'vitest'

import {driverOptions, endpointSettings} from '../../src/commands/network-connect.js'
import {networkPruneReport} from '../../src/commands/network-prune.js'
import {renderList} from '../../src/lib/cli/list-output.js'
import type {NetworkSummary} from '../../src/lib/engine/types.js'
import {NETWORK_FORMAT_CONTEXT, networkFormat, networkRow} from '../../src/lib/format/network-context.js'

const ID = 'e1beabcf90ce1d97b2892a864a95516f461a10e96a14ea2602bc61b4b7d3611b'
const NET: NetworkSummary = {Created: '2026-12-03T13:01:18.13579773Z', Driver: 'bridge', Id: ID, Internal: true, Labels: {a: '<1>'}, Name: 'n1', Scope: 'local'}

describe('network ls rows', () => {
  it('prints the default table, IDs with -q, and the raw layout', () => {
    expect(renderList(networkFormat('table', false), NETWORK_FORMAT_CONTEXT, [networkRow(NET, true)])).toBe(
      'NETWORK ID     NAME      DRIVER    SCOPE\ne1beabcf90ce   n1        bridge    local\n',
    )
    expect(renderList(networkFormat('table', true), NETWORK_FORMAT_CONTEXT, [networkRow(NET, false)])).toBe(`${ID}\n`)
    expect(renderList(networkFormat('raw', false), NETWORK_FORMAT_CONTEXT, [networkRow(NET, true)])).toBe(
      'network_id: e1beabcf90ce\nname: n1\ndriver: bridge\nscope: local\n\n',
    )
  })

  it('marshals every field to json with sorted keys and HTML escaping', () => {
    expect(renderList('json', NETWORK_FORMAT_CONTEXT, [networkRow(NET, true)])).toBe(
      '{"CreatedAt":"2026-12-03 13:01:18.13579773 +0000 UTC","Driver":"bridge","ID":"e1beabcf90ce","IPv4":"false","IPv6":"false","Internal":"true","Labels":"a=\\u003c1\\u003e","Name":"n1","Scope":"local"}\n',
    )
  })

  it("reports template errors in docker's words, naming docker's type", () => {
    expect(() => renderList('{{.Nope}}', NETWORK_FORMAT_CONTEXT, [networkRow(NET, true)])).toThrow(
      'template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *network.networkContext',
    )
    expect(renderList('{{.Label "a"}}|{{.CreatedAt}}', NETWORK_FORMAT_CONTEXT, [networkRow({Id: ID, Name: 'x'}, true)])).toBe('|0001-01-01 00:00:00 +0000 UTC\n')
  })
})

describe('network connect', () => {
  it('trims driver options and refuses pairs without a key', () => {
    expect(driverOptions([' k = v ', 'e='])).toEqual({e: '', k: 'v'})
    expect(() => driverOptions(['x'])).toThrow('invalid key/value pair format in driver options')
    expect(() => driverOptions(['=x'])).toThrow('invalid key/value pair format in driver options')
  })

  it('sends only the addresses given', () => {
    const opts = {aliases: ['a'], container: 'c', driverOpts: [], gwPriority: 0, ipv4Address: '10.0.0.2', ipv6Address: '', linkLocalIPs: [], links: [], network: 'n'}
    expect(endpointSettings(opts)).toMatchObject({Aliases: ['a'], DriverOpts: {}, IPAMConfig: {IPv4Address: '10.0.0.2'}, Links: null})
  })
})

describe('network prune report', () => {
  it('lists the networks removed, and prints nothing when none were', () => {
    expect(networkPruneReport(['a', 'b'])).toBe('Deleted Networks:\na\nb\n\n')
    expect(networkPruneReport([])).toBe('')
    expect(networkPruneReport(null)).toBe('')
  })
})
