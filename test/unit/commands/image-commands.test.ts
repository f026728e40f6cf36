import {describe, expect, it} from 'vitest'

import {imagePruneFilters, imagePruneReport} from '../../../src/commands/image-prune.js'
import {imageListFilters} from '../../../src/commands/images.js'
import {deleteLines} from '../../../src/commands/rmi.js'
import {tagTarget} from '../../../src/commands/tag.js'
import {parseAnyReference} from '../../../src/lib/registry/reference.js'

const HEX = 'cf5048d0fa7d454002f44e93430097b5796280a666beb1b20be711e4ac0c7dc3'

describe('tag', () => {
  it('sends the target normalised, with latest by default', () => {
    expect(tagTarget('busybox', 'b:c')).toEqual({repo: 'docker.io/library/b', tag: 'c'})
    expect(tagTarget('busybox', 'localhost:5000/a/b')).toEqual({repo: 'localhost:5000/a/b', tag: 'latest'})
    expect(tagTarget(HEX, 'x')).toEqual({repo: 'docker.io/library/x', tag: 'latest'})
    expect(tagTarget(`sha256:${HEX}`, 'x').tag).toBe('latest')
  })

  it("words docker's errors", () => {
    expect(() => tagTarget('busybox', 'Bad')).toThrow(
      'Error parsing reference: "Bad" is not a valid repository/tag: invalid reference format: repository name (library/Bad) must be lowercase',
    )
    expect(() => tagTarget('Bad', 'x')).toThrow('Error parsing reference: "Bad" is not a valid repository/tag')
    expect(() => tagTarget('busybox', 'x:')).toThrow('"x:" is not a valid repository/tag: invalid reference format')
    expect(() => tagTarget('busybox', HEX)).toThrow('cannot specify 64-byte hexadecimal strings')
    expect(() => tagTarget('busybox', `x@sha256:${HEX}`)).toThrow(/^refusing to create a tag with a digest reference$/)
  })

  it('parseAnyReference takes IDs, digests and names', () => {
    expect(parseAnyReference(HEX)).toEqual({digest: `sha256:${HEX}`})
    expect(parseAnyReference(`sha256:${HEX}`)).toEqual({digest: `sha256:${HEX}`})
    // not a valid digest, but a valid name with a tag
    expect(parseAnyReference('sha256:zz')).toEqual({domain: 'docker.io', path: 'library/sha256', tag: 'zz'})
  })
})

describe('images', () => {
  it('adds the argument as a reference filter', () => {
    expect(imageListFilters({filters: {label: ['a']}, matchName: undefined})).toEqual({label: ['a']})
    expect(imageListFilters({filters: {reference: ['x']}, matchName: 'busybox'})).toEqual({reference: ['x', 'busybox']})
    expect(imageListFilters({filters: {reference: ['busybox']}, matchName: 'busybox'})).toEqual({reference: ['busybox']})
  })
})

describe('rmi', () => {
  it('prints Deleted for deleted entries and Untagged otherwise', () => {
    expect(deleteLines([{Untagged: 'a:1'}, {Deleted: 'sha256:x'}, {}])).toBe('Untagged: a:1\nDeleted: sha256:x\nUntagged: \n')
  })
})

describe('image prune', () => {
  it('adds dangling=true, or dangling=false with -a, then config.json filters', () => {
    expect(imagePruneFilters({all: false, filters: {}, force: true}, undefined)).toEqual({dangling: ['true']})
    expect(imagePruneFilters({all: true, filters: {label: ['b']}, force: true}, ['until=24h'])).toEqual({dangling: ['false'], label: ['b'], until: ['24h']})
    expect(imagePruneFilters({all: true, filters: {dangling: ['true']}, force: true}, undefined)).toEqual({dangling: ['true', 'false']})
  })

  it('reports as docker does', () => {
    expect(imagePruneReport(null, 0)).toBe('Total reclaimed space: 0B\n')
    expect(imagePruneReport([], 1234)).toBe('Total reclaimed space: 0B\n')
    expect(imagePruneReport([{Untagged: 'a:1'}, {Deleted: 'sha256:x'}], 2)).toBe('Deleted Images:\nuntagged: a:1\ndeleted: sha256:x\n\nTotal reclaimed space: 2B\n')
  })
})
