import {describe, expect, it} from 'vitest'

import {
  apiTag,
  familiarName,
  familiarString,
  fullString,
  type ImageReference,
  InvalidReferenceError,
  isNameOnly,
  parseNormalizedNamed,
  registryAuthKey,
  repositoryName,
  withDefaultTag,
} from '../../../src/lib/registry/reference.js'

const HEX64 = '1126ece6e8542980cc6ca79a89af783a97d0f5b917428524a17260ba833073b4'
const DIGEST = `sha256:${HEX64}`

function parseError(s: string): string {
  try {
    parseNormalizedNamed(s)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidReferenceError)
    return (error as Error).message
  }
  throw new Error(`expected ${JSON.stringify(s)} to be rejected`)
}

describe('parseNormalizedNamed', () => {
  it.each<[string, ImageReference]>([
    ['busybox', {domain: 'docker.io', path: 'library/busybox'}],
    ['busybox:1', {domain: 'docker.io', path: 'library/busybox', tag: '1'}],
    ['library/busybox', {domain: 'docker.io', path: 'library/busybox'}],
    ['foo/bar', {domain: 'docker.io', path: 'foo/bar'}],
    ['foo/bar/baz:v1.0-rc_1', {domain: 'docker.io', path: 'foo/bar/baz', tag: 'v1.0-rc_1'}],
    ['docker.io/busybox', {domain: 'docker.io', path: 'library/busybox'}],
    ['docker.io/foo/bar', {domain: 'docker.io', path: 'foo/bar'}],
    ['index.docker.io/busybox', {domain: 'docker.io', path: 'library/busybox'}],
    ['index.docker.io/foo/bar', {domain: 'docker.io', path: 'foo/bar'}],
    ['host:5000/a/b:tag', {domain: 'host:5000', path: 'a/b', tag: 'tag'}],
    ['127.0.0.1:5000/busybox:1', {domain: '127.0.0.1:5000', path: 'busybox', tag: '1'}],
    ['localhost/x', {domain: 'localhost', path: 'x'}],
    ['localhost:5000/x', {domain: 'localhost:5000', path: 'x'}],
    ['ghcr.io/owner/image', {domain: 'ghcr.io', path: 'owner/image'}],
    ['[::1]:5000/x:y', {domain: '[::1]:5000', path: 'x', tag: 'y'}],
    // Uppercase in the first component makes it a registry host, not a Hub namespace.
    ['Foo/bar', {domain: 'Foo', path: 'bar'}],
    // A single component is never a domain, even when it looks like one.
    ['example.com', {domain: 'docker.io', path: 'library/example.com'}],
    ['localhost', {domain: 'docker.io', path: 'library/localhost'}],
    ['localhost:5000', {domain: 'docker.io', path: 'library/localhost', tag: '5000'}],
    [`busybox@${DIGEST}`, {digest: DIGEST, domain: 'docker.io', path: 'library/busybox'}],
    [`busybox:1@${DIGEST}`, {digest: DIGEST, domain: 'docker.io', path: 'library/busybox', tag: '1'}],
    [`127.0.0.1:5000/busybox@${DIGEST}`, {digest: DIGEST, domain: '127.0.0.1:5000', path: 'busybox'}],
    [`x@sha512:${'ab'.repeat(64)}`, {digest: `sha512:${'ab'.repeat(64)}`, domain: 'docker.io', path: 'library/x'}],
    ['a__b-c---d/e', {domain: 'docker.io', path: 'a__b-c---d/e'}],
    // The first component has a dot but is no valid host name, so the grammar reads it all as path.
    ['a_b.c/x', {domain: '', path: 'a_b.c/x'}],
    ['a__b.c-d/e', {domain: '', path: 'a__b.c-d/e'}],
  ])('%s', (input, expected) => {
    expect(parseNormalizedNamed(input)).toEqual(expected)
  })

  it('accepts tags of up to 128 characters', () => {
    expect(parseNormalizedNamed(`x:${'t'.repeat(128)}`).tag).toHaveLength(128)
    expect(parseError(`x:${'t'.repeat(129)}`)).toBe('invalid reference format')
  })

  it('limits the repository path to 255 characters, library/ included', () => {
    expect(parseNormalizedNamed('a'.repeat(247)).path).toHaveLength(255)
    expect(parseError('a'.repeat(248))).toBe('repository name must not be more than 255 characters')
    expect(parseError(`reg.io/${'a'.repeat(256)}`)).toBe('repository name must not be more than 255 characters')
  })

  it.each([
    ['Bad', 'invalid reference format: repository name (library/Bad) must be lowercase'],
    ['Bad:1', 'invalid reference format: repository name (library/Bad) must be lowercase'],
    ['foo/Bar', 'invalid reference format: repository name (foo/Bar) must be lowercase'],
    ['localhost/Foo:tag', 'invalid reference format: repository name (Foo) must be lowercase'],
    ['127.0.0.1:5000/a/B', 'invalid reference format: repository name (a/B) must be lowercase'],
    [`Foo@${DIGEST}`, `invalid reference format: repository name (library/Foo@sha256) must be lowercase`],
    ['', 'invalid reference format'],
    ['busybox:', 'invalid reference format'],
    ['a b', 'invalid reference format'],
    ['-busybox', 'invalid reference format'],
    ['foo//bar', 'invalid reference format'],
    ['foo/bar:a/b', 'invalid reference format'],
    ['a:b/c', 'invalid reference format'],
    ['busybox:-tag', 'invalid reference format'],
    ['busybox@sha256:abc', 'invalid reference format'],
    [HEX64, `invalid repository name (${HEX64}), cannot specify 64-byte hexadecimal strings`],
    [`busybox@sha256:${HEX64.slice(1)}`, 'invalid checksum digest length'],
    [`busybox@sha256:${HEX64.toUpperCase()}`, 'invalid checksum digest format'],
    [`busybox@md5:${'0'.repeat(32)}`, 'unsupported digest algorithm'],
    // Before the first ':' an uppercase algorithm trips the lowercase check; after a tag it reaches go-digest.
    [`busybox@SHA256:${HEX64}`, 'invalid reference format: repository name (library/busybox@SHA256) must be lowercase'],
    [`busybox:1@SHA256:${HEX64}`, 'invalid checksum digest format'],
  ])('rejects %j', (input, message) => {
    expect(parseError(input)).toBe(message)
  })
})

describe('derived forms', () => {
  const cases: Array<{input: string; familiar: string; familiarStr: string; full: string; name: string; apiTag: string; authKey: string}> = [
    {
      apiTag: 'latest',
      authKey: 'https://index.docker.io/v1/',
      familiar: 'busybox',
      familiarStr: 'busybox',
      full: 'docker.io/library/busybox',
      input: 'busybox',
      name: 'docker.io/library/busybox',
    },
    {
      apiTag: '1',
      authKey: 'https://index.docker.io/v1/',
      familiar: 'foo/bar',
      familiarStr: 'foo/bar:1',
      full: 'docker.io/foo/bar:1',
      input: 'index.docker.io/foo/bar:1',
      name: 'docker.io/foo/bar',
    },
    {
      apiTag: '1',
      authKey: '127.0.0.1:5000',
      familiar: '127.0.0.1:5000/busybox',
      familiarStr: '127.0.0.1:5000/busybox:1',
      full: '127.0.0.1:5000/busybox:1',
      input: '127.0.0.1:5000/busybox:1',
      name: '127.0.0.1:5000/busybox',
    },
    {
      apiTag: DIGEST,
      authKey: 'https://index.docker.io/v1/',
      familiar: 'busybox',
      familiarStr: `busybox:1@${DIGEST}`,
      full: `docker.io/library/busybox:1@${DIGEST}`,
      input: `busybox:1@${DIGEST}`,
      name: 'docker.io/library/busybox',
    },
    {
      // library/ is only dropped for single-component official names.
      apiTag: 'latest',
      authKey: 'https://index.docker.io/v1/',
      familiar: 'library/a/b',
      familiarStr: 'library/a/b',
      full: 'docker.io/library/a/b',
      input: 'library/a/b',
      name: 'docker.io/library/a/b',
    },
    {
      apiTag: 'latest',
      authKey: 'localhost',
      familiar: 'localhost/x',
      familiarStr: 'localhost/x',
      full: 'localhost/x',
      input: 'localhost/x',
      name: 'localhost/x',
    },
    {
      apiTag: 'latest',
      authKey: 'ghcr.io',
      familiar: 'ghcr.io/o/i',
      familiarStr: 'ghcr.io/o/i',
      full: 'ghcr.io/o/i',
      input: 'ghcr.io/o/i',
      name: 'ghcr.io/o/i',
    },
  ]

  it.each(cases)('$input', (c) => {
    const ref = parseNormalizedNamed(c.input)
    expect(familiarName(ref)).toBe(c.familiar)
    expect(familiarString(ref)).toBe(c.familiarStr)
    expect(fullString(ref)).toBe(c.full)
    expect(repositoryName(ref)).toBe(c.name)
    expect(apiTag(ref)).toBe(c.apiTag)
    expect(registryAuthKey(ref)).toBe(c.authKey)
  })

  it('adds :latest only to name-only references', () => {
    const bare = parseNormalizedNamed('busybox')
    expect(isNameOnly(bare)).toBe(true)
    expect(fullString(withDefaultTag(bare))).toBe('docker.io/library/busybox:latest')
    expect(familiarString(withDefaultTag(bare))).toBe('busybox:latest')
    expect(bare.tag).toBeUndefined()

    const tagged = parseNormalizedNamed('127.0.0.1:5000/busybox:1')
    expect(withDefaultTag(tagged)).toBe(tagged)

    const digested = parseNormalizedNamed(`busybox@${DIGEST}`)
    expect(isNameOnly(digested)).toBe(false)
    expect(fullString(withDefaultTag(digested))).toBe(`docker.io/library/busybox@${DIGEST}`)
  })
})
