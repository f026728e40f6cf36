import {describe, expect, it} from 'vitest'

import {formatGoDuration} from '../../../src/lib/go/duration.js'
import {compareNatural, naturalLess} from '../../../src/lib/go/sortorder.js'

describe('formatGoDuration (time.Duration.String)', () => {
  it.each([
    [0n, '0s'],
    [1n, '1ns'],
    [1500n, '1.5µs'],
    [2_000_000n, '2ms'],
    [1_000_000_000n, '1s'],
    [1_500_000_000n, '1.5s'],
    [90_000_000_000n, '1m30s'],
    [3_600_000_000_000n, '1h0m0s'],
    [-61_000_000_000n, '-1m1s'],
    [9223372036854775807n, '2562047h47m16.854775807s'],
  ])('%s ns is %s', (ns, text) => {
    expect(formatGoDuration(ns)).toBe(text)
  })
})

describe('naturalLess (fvbommel/sortorder)', () => {
  it('orders digit runs by value, digits before other bytes', () => {
    const lines = ['80/tcp -> 0.0.0.0:8080', '8080/tcp -> :::9', '9/udp -> 1.2.3.4:1', '443/tcp -> 0.0.0.0:10443', 'a', '007/tcp']
    expect([...lines].sort(compareNatural)).toEqual(['007/tcp', '9/udp -> 1.2.3.4:1', '80/tcp -> 0.0.0.0:8080', '443/tcp -> 0.0.0.0:10443', '8080/tcp -> :::9', 'a'])
  })

  it('breaks ties on leading zeros and length', () => {
    expect(naturalLess('a01', 'a1')).toBe(false)
    expect(naturalLess('a1', 'a01')).toBe(true)
    expect(naturalLess('a', 'ab')).toBe(true)
    expect(naturalLess('x', 'x')).toBe(false)
  })
})
