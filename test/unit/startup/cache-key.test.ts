// The code cache's key and files: a cache is handed to V8 only under the key it was made for
// (V8 itself checks no more of the source than its length).
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import vm from 'node:vm'
import {afterEach, describe, expect, it} from 'vitest'

import {compileBundle, loadBundle, shippedCacheFile, writeCache} from '../../../src/lib/startup/bundle-loader.js'
import {bundleHashOf, cachedDataFor, cacheKey, fnv1a, processCacheKey, userCacheDir, userCacheFile, withHeader} from '../../../src/lib/startup/cache-key.js'

const parts = {arch: 'x64', bundleHash: '0123456789abcdef', nodeOptions: ['--max-semi-space-size=1'], nodeVersion: 'v20.20.2'}

describe('cacheKey', () => {
  it('changes with each part: bundle, Node version, architecture, node options', () => {
    const base = cacheKey(parts)
    expect(cacheKey({...parts, bundleHash: 'fedcba9876543210'})).not.toBe(base)
    expect(cacheKey({...parts, nodeVersion: 'v22.12.0'})).not.toBe(base)
    expect(cacheKey({...parts, arch: 'arm64'})).not.toBe(base)
    expect(cacheKey({...parts, nodeOptions: []})).not.toBe(base)
    expect(cacheKey({...parts})).toBe(base)
  })

  it('stays one printable line whatever the options hold', () => {
    expect(cacheKey({...parts, nodeOptions: ['--title=a\nb', 'é']})).toMatch(/^[\x20-\x7e]+$/)
  })

  it('includes NODE_OPTIONS for the running process', () => {
    expect(processCacheKey('abc', {NODE_OPTIONS: '--stack-size=2000'})).not.toBe(processCacheKey('abc', {}))
    expect(processCacheKey('abc', {})).toContain(process.version)
  })
})

describe('cache files', () => {
  const data = Buffer.from([0, 1, 2, 255, 10, 13])

  it('give back the V8 bytes only for the key they were written with', () => {
    const file = withHeader('k1 v20', data)
    expect(cachedDataFor(file, 'k1 v20')).toEqual(data)
    expect(cachedDataFor(file, 'k1 v2')).toBeUndefined()
    expect(cachedDataFor(file, 'k1 v20 x')).toBeUndefined()
    expect(cachedDataFor(Buffer.from('garbage'), 'k1 v20')).toBeUndefined()
  })

  it('read the bundle hash from its first line only', () => {
    expect(bundleHashOf('// whalectl-bundle 3adcb8dfb41bb950\n"use strict";')).toBe('3adcb8dfb41bb950')
    expect(bundleHashOf('"use strict";\n// whalectl-bundle 3adcb8dfb41bb950\n')).toBeUndefined()
  })

  it('live in $XDG_CACHE_HOME/whalectl, else ~/.cache/whalectl, else nowhere', () => {
    expect(userCacheDir({XDG_CACHE_HOME: '/x/cache'}, () => '/home/u')).toBe('/x/cache/whalectl')
    expect(userCacheDir({XDG_CACHE_HOME: 'relative'}, () => '/home/u')).toBe('/home/u/.cache/whalectl')
    expect(userCacheDir({}, () => '/home/u')).toBe('/home/u/.cache/whalectl')
    expect(userCacheDir({}, () => '')).toBeUndefined()
    expect(
      userCacheDir({}, () => {
        throw new Error('no home')
      }),
    ).toBeUndefined()
  })

  it('are named by a hash of the key', () => {
    expect(userCacheFile('/c', 'a')).toBe(`/c/cli-${fnv1a('a')}.cache`)
    expect(userCacheFile('/c', 'a')).not.toBe(userCacheFile('/c', 'b'))
    // FNV-1a's published test vector
    expect(fnv1a('a')).toBe('e40c292c')
  })
})

describe('loadBundle', () => {
  let dir: string
  afterEach(() => rmSync(dir, {force: true, recursive: true}))

  const bundleSource = (hash: string): string => `// whalectl-bundle ${hash}\nexports.answer = () => 42;\nexports.url = __bundleUrl;\n`

  it('runs the bundle, and a cache made for it is taken by V8', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'whalectl-cache-test-'))
    const bundle = path.join(dir, 'cli.cjs')
    writeFileSync(bundle, bundleSource('aa'))
    const compiled = compileBundle(readFileSync(bundle, 'utf8'), bundle)
    const exported = compiled.run() as unknown as {answer(): number; url: string}
    expect(exported.answer()).toBe(42)
    expect(exported.url).toBe(`file://${bundle}`)
    writeFileSync(shippedCacheFile(bundle), withHeader(processCacheKey('aa', process.env), compiled.script.createCachedData()))
    const again = compileBundle(readFileSync(bundle, 'utf8'), bundle, cachedDataFor(readFileSync(shippedCacheFile(bundle)), processCacheKey('aa', process.env)))
    expect(again.script.cachedDataRejected).toBe(false)
  })

  it('with an unwritable cache directory: no cache, no error, nothing printed', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'whalectl-cache-test-'))
    const bundle = path.join(dir, 'cli.cjs')
    writeFileSync(bundle, bundleSource('bb'))
    const blocker = path.join(dir, 'a-file')
    writeFileSync(blocker, '')
    const exported = loadBundle(bundle, {XDG_CACHE_HOME: path.join(blocker, 'below')}) as unknown as {answer(): number}
    expect(exported.answer()).toBe(42)
    const script = new vm.Script('1')
    expect(() => writeCache(path.join(blocker, 'below', 'whalectl', 'x.cache'), 'k', script)).not.toThrow()
  })

  it('writes a cache of its own where none fits, once, under the key', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'whalectl-cache-test-'))
    const file = path.join(dir, 'xdg', 'whalectl', 'c.cache')
    writeCache(file, 'the key', new vm.Script('function f() { return 1 }; f()'))
    const written = readFileSync(file)
    expect(cachedDataFor(written, 'the key')?.length).toBeGreaterThan(0)
    expect(cachedDataFor(written, 'another key')).toBeUndefined()
  })
})
