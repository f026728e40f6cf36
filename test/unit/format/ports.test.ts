import {describe, expect, it} from 'vitest'

import {displayablePorts, type Port} from '../../../src/lib/format/ports.js'

describe('displayablePorts', () => {
  it('renders the observed mix of ranges, same-number mappings and host mappings', () => {
    // Given in an order the daemon might use; the output order comes from sorting.
    const ports: Port[] = [
      {IP: '0.0.0.0', PrivatePort: 443, PublicPort: 32768, Type: 'tcp'},
      {IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp'},
      {IP: '127.0.0.1', PrivatePort: 9002, PublicPort: 9002, Type: 'tcp'},
      {PrivatePort: 7003, Type: 'tcp'},
      {IP: '127.0.0.1', PrivatePort: 9000, PublicPort: 9000, Type: 'tcp'},
      {PrivatePort: 7001, Type: 'tcp'},
      {IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp'},
      {PrivatePort: 53, Type: 'udp'},
      {IP: '127.0.0.1', PrivatePort: 9001, PublicPort: 9001, Type: 'tcp'},
      {PrivatePort: 7000, Type: 'tcp'},
    ]
    expect(displayablePorts(ports)).toBe(
      '7000-7001/tcp, 53/udp, 7003/tcp, 127.0.0.1:9000-9002->9000-9002/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp, 0.0.0.0:32768->443/tcp',
    )
  })

  it('does not reorder the caller’s array', () => {
    const ports: Port[] = [{PrivatePort: 2, Type: 'tcp'}, {PrivatePort: 1, Type: 'tcp'}]
    expect(displayablePorts(ports)).toBe('1-2/tcp')
    expect(ports.map((port) => port.PrivatePort)).toEqual([2, 1])
  })

  it.each<[Port[] | null, string]>([
    [[], ''],
    [null, ''],
    [[{PrivatePort: 80, Type: 'tcp'}], '80/tcp'],
    [[{PrivatePort: 80, Type: 'tcp'}, {PrivatePort: 80, Type: 'udp'}], '80/tcp, 80/udp'],
    [[{IP: '0.0.0.0', PrivatePort: 80, PublicPort: 80, Type: 'tcp'}], '0.0.0.0:80->80/tcp'],
    [[{IP: '::', PrivatePort: 80, PublicPort: 80, Type: 'tcp'}, {IP: '::', PrivatePort: 81, PublicPort: 81, Type: 'tcp'}], '[::]:80-81->80-81/tcp'],
    [[{IP: '0.0.0.0', PrivatePort: 80, Type: 'tcp'}], '0.0.0.0:0->80/tcp'],
    [
      [
        {PrivatePort: 1, Type: 'tcp'},
        {PrivatePort: 3, Type: 'tcp'},
        {PrivatePort: 5, Type: 'tcp'},
        {PrivatePort: 6, Type: 'tcp'},
      ],
      '1/tcp, 3/tcp, 5-6/tcp',
    ],
    [
      [
        {IP: '0.0.0.0', PrivatePort: 80, PublicPort: 80, Type: 'tcp'},
        {IP: '::', PrivatePort: 80, PublicPort: 80, Type: 'tcp'},
      ],
      '0.0.0.0:80->80/tcp, [::]:80->80/tcp',
    ],
  ])('%j → %s', (ports, text) => {
    expect(displayablePorts(ports)).toBe(text)
  })
})
