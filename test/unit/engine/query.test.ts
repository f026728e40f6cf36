import {describe, expect, it} from 'vitest'

import {encodeFilters} from '../../../src/lib/engine/client.js'
import {encodeQuery} from '../../../src/lib/engine/query.js'
import {negotiateVersion} from '../../../src/lib/engine/version.js'

describe('encodeQuery', () => {
  it('sorts keys and escapes like Go url.Values', () => {
    expect(encodeQuery({size: '1', all: '1', limit: undefined})).toBe('?all=1&size=1')
    expect(encodeQuery({t: ['a b', "x!'()*"]})).toBe("?t=a+b&t=x%21%27%28%29%2A")
    expect(encodeQuery({})).toBe('')
  })
})

describe('encodeFilters', () => {
  it('writes docker filter JSON with sorted keys and values', () => {
    expect(encodeFilters({status: ['exited'], label: ['b', 'a']})).toBe('{"label":{"a":true,"b":true},"status":{"exited":true}}')
    expect(encodeFilters({})).toBeUndefined()
  })
})

describe('negotiateVersion', () => {
  it('takes the lower of the daemon and client maximum, 1.24 without a header', () => {
    expect(negotiateVersion('1.41')).toBe('1.41')
    expect(negotiateVersion('1.99')).toBe('1.50')
    expect(negotiateVersion(undefined)).toBe('1.24')
  })
})
