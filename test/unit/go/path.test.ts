import {describe, expect, it} from 'vitest'

import {goPathClean} from '../../../src/lib/go/path.js'

// Go's own path.Clean table (path/path_test.go's cleantests), and the API paths docker's client builds.
describe('goPathClean (Go path.Clean)', () => {
  it.each([
    ['', '.'],
    ['abc', 'abc'],
    ['abc/def', 'abc/def'],
    ['a/b/c', 'a/b/c'],
    ['.', '.'],
    ['..', '..'],
    ['../..', '../..'],
    ['../../abc', '../../abc'],
    ['/abc', '/abc'],
    ['/', '/'],
    ['abc/', 'abc'],
    ['abc/def/', 'abc/def'],
    ['a/b/c/', 'a/b/c'],
    ['./', '.'],
    ['../', '..'],
    ['../../', '../..'],
    ['/abc/', '/abc'],
    ['abc//def//ghi', 'abc/def/ghi'],
    ['//abc', '/abc'],
    ['///abc', '/abc'],
    ['//abc//', '/abc'],
    ['abc//', 'abc'],
    ['abc/./def', 'abc/def'],
    ['/./abc/def', '/abc/def'],
    ['abc/.', 'abc'],
    ['abc/def/ghi/../jkl', 'abc/def/jkl'],
    ['abc/def/../ghi/../jkl', 'abc/jkl'],
    ['abc/def/..', 'abc'],
    ['abc/def/../..', '.'],
    ['/abc/def/../..', '/'],
    ['abc/def/../../..', '..'],
    ['/abc/def/../../..', '/'],
    ['abc/def/../../../ghi/jkl/../../../mno', '../../mno'],
    ['abc/./../def', 'def'],
    ['abc//./../def', 'def'],
    ['abc/../../././../def', '../../def'],
  ])('%j → %j', (input, want) => {
    expect(goPathClean(input)).toBe(want)
  })

  it('API paths: a name given with slashes reaches the engine as docker sends it', () => {
    expect(goPathClean('/v1.41/containers//web/stop')).toBe('/v1.41/containers/web/stop')
    expect(goPathClean('/v1.41/containers/web//update')).toBe('/v1.41/containers/web/update')
    expect(goPathClean('/v1.41/containers/../web/kill')).toBe('/v1.41/web/kill')
  })
})
