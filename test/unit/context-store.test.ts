import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterEach, describe, expect, it} from 'vitest'

import {exportArchive, importTarArchive} from '../../src/lib/context/archive.js'
import {dockerOptions, parseKeyValues} from '../../src/lib/context/docker-options.js'
import {marshalGoAny, parseGoAny} from '../../src/lib/context/go-any.js'
import {
  decodeImportedMetadata,
  decodeStoredMetadata,
  descriptionOf,
  dockerEndpointOf,
  dockerEndpointValue,
  encodeMetadata,
  withDescription,
} from '../../src/lib/context/metadata.js'
import {validateContextName} from '../../src/lib/context/names.js'
import {contextDigest, ContextNotFoundError, ContextStore} from '../../src/lib/context/store.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, {force: true, recursive: true})
})

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'context-store-'))
  dirs.push(dir)
  return dir
}

describe('--docker values (pflag stringToString)', () => {
  it('takes one pair as given, quotes trimmed, and several as a CSV record', () => {
    expect(parseKeyValues('host="tcp://a:1,b"')).toEqual([['host', '"tcp://a:1,b']])
    expect(parseKeyValues('"host=x"')).toEqual([['host', 'x']])
    expect(parseKeyValues('host=tcp://a:1,ca=/x,"key=/y,z"')).toEqual([
      ['host', 'tcp://a:1'],
      ['ca', '/x'],
      ['key', '/y,z'],
    ])
  })

  it('refuses values without key=value in pflag words, and merges repeated flags', () => {
    expect(() => parseKeyValues('host')).toThrow('host must be formatted as key=value')
    expect(() => parseKeyValues('a=1,b,c=2')).toThrow('b must be formatted as key=value')
    expect(dockerOptions(undefined)).toBeUndefined()
    expect([...(dockerOptions(['host=x,ca=1', 'ca=2']) ?? [])]).toEqual([
      ['host', 'x'],
      ['ca', '2'],
    ])
  })
})

describe('meta.json', () => {
  it('is written as json.Marshal writes store.Metadata: sorted maps, HTML escaped, omitempty', () => {
    const meta = {endpoints: new Map([['docker', dockerEndpointValue('unix:///x', false)]]), metadata: new Map([['Description', 'a<b']]), name: 'c1'}
    expect(encodeMetadata(meta)).toBe('{"Name":"c1","Metadata":{"Description":"a\\u003cb"},"Endpoints":{"docker":{"Host":"unix:///x","SkipTLSVerify":false}}}')
    expect(encodeMetadata({endpoints: new Map([['docker', dockerEndpointValue('', true)]]), metadata: new Map(), name: 'c2'})).toBe(
      '{"Name":"c2","Metadata":{},"Endpoints":{"docker":{"SkipTLSVerify":true}}}',
    )
  })

  it('reads the docker endpoint typed (unknown fields dropped) and keeps other endpoints whole', () => {
    const meta = decodeStoredMetadata(Buffer.from('{"Name":"x","Metadata":{"Description":"","Extra":1},"Endpoints":{"docker":{"Host":"h","Other":1},"kube":{"b":1,"a":2.50}}}'))
    expect(encodeMetadata(meta)).toBe('{"Name":"x","Metadata":{"Extra":1},"Endpoints":{"docker":{"Host":"h","SkipTLSVerify":false},"kube":{"a":2.5,"b":1}}}')
    expect(dockerEndpointOf(meta)).toEqual({host: 'h', skipTLSVerify: false})
  })

  it('keeps everything of an imported meta.json under the new name', () => {
    const meta = decodeImportedMetadata(Buffer.from('{"Name":"old","Metadata":{"Description":"d"},"Endpoints":{"docker":{"Host":"h","Other":1}}}'), 'new')
    expect(encodeMetadata(meta)).toBe('{"Name":"new","Metadata":{"Description":"d"},"Endpoints":{"docker":{"Host":"h","Other":1}}}')
  })

  it('reports what does not decode in Go words', () => {
    expect(() => decodeStoredMetadata(Buffer.from('{bad'))).toThrow("invalid character 'b' looking for beginning of object key string")
    expect(() => decodeStoredMetadata(Buffer.from('{"Metadata":"s"}'))).toThrow('json: cannot unmarshal string into Go value of type map[string]interface {}')
    expect(() => dockerEndpointOf(decodeStoredMetadata(Buffer.from('{"Name":"x","Endpoints":{}}')))).toThrow('cannot find docker endpoint in context')
  })

  it('describes the default context with docker fixed text, and --description replaces a description', () => {
    const stored = decodeStoredMetadata(Buffer.from('{"Name":"x","Metadata":{"Description":"old","K":true}}'))
    expect(descriptionOf(stored)).toBe('old')
    expect(marshalGoAny(withDescription(stored, 'new'))).toBe('{"Description":"new","K":true}')
    expect(marshalGoAny(withDescription(stored, ''))).toBe('{"Description":"old","K":true}')
    expect(descriptionOf({endpoints: new Map(), name: 'default'})).toBe('Current DOCKER_HOST based configuration')
  })

  it('marshals decoded values as Go does: float64 numbers, sorted keys', () => {
    expect(marshalGoAny(parseGoAny('{"z":[1.0,1e21,0.0000001,"&"],"a":null}'))).toBe('{"a":null,"z":[1,1e+21,1e-7,"\\u0026"]}')
  })
})

describe('context names', () => {
  it('follows store.ValidateContextName', () => {
    expect(() => validateContextName('ok-1.2_3+x')).not.toThrow()
    expect(() => validateContextName('')).toThrow('context name cannot be empty')
    expect(() => validateContextName('default')).toThrow('"default" is a reserved context name')
    expect(() => validateContextName('a')).toThrow('context name "a" is invalid, names are validated against regexp "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"')
  })
})

describe('context archives', () => {
  const meta = {endpoints: new Map([['docker', dockerEndpointValue('tcp://h:1', false)]]), metadata: new Map(), name: 'c'}
  const tls = new Map([['docker', new Map([['ca.pem', Buffer.from('CA')]])]])

  it('ends right after the last file, as docker leaves its archive', () => {
    const archive = exportArchive(meta, tls)
    // meta.json header + data block, tls/, tls/docker/, ca.pem header, 2 bytes unpadded
    expect(archive.length).toBe(512 * 5 + 2)
    expect(archive.toString('latin1', 0, 9)).toBe('meta.json')
    expect(archive.toString('latin1', 100, 108)).toBe('0000644\0')
  })

  it('imports what it exported, and refuses stray files, bad JSON and archives without metadata', () => {
    const imported = importTarArchive('d', exportArchive(meta, tls))
    expect(encodeMetadata(imported.meta)).toBe('{"Name":"d","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://h:1","SkipTLSVerify":false}}}')
    expect(imported.tls.get('docker')?.get('ca.pem')?.toString()).toBe('CA')
    expect(() => importTarArchive('d', Buffer.alloc(0))).toThrow('invalid context: no metadata found')
    expect(() => importTarArchive('d', Buffer.from('hello\n'))).toThrow('unexpected EOF')
  })
})

describe('the store on disk', () => {
  it('writes, lists in natural order, reads TLS files and removes, in docker layout and modes', async () => {
    const dir = tempDir()
    const store = new ContextStore(dir)
    for (const name of ['c10', 'c9']) await store.write({endpoints: new Map([['docker', dockerEndpointValue('unix:///x', false)]]), metadata: new Map(), name})
    await store.resetTLS('c9', new Map([['docker', new Map([['key.pem', Buffer.from('K')]])]]))
    expect((await store.list()).map((m) => m.name)).toEqual(['c9', 'c10'])
    const metaFile = path.join(dir, 'contexts', 'meta', contextDigest('c9'), 'meta.json')
    expect(statSync(metaFile).mode & 0o777).toBe(0o644)
    expect(readFileSync(metaFile, 'utf8')).toBe('{"Name":"c9","Metadata":{},"Endpoints":{"docker":{"Host":"unix:///x","SkipTLSVerify":false}}}')
    expect(statSync(path.join(dir, 'contexts', 'tls', contextDigest('c9'), 'docker', 'key.pem')).mode & 0o777).toBe(0o600)
    expect([...(await store.listTLS('c9'))]).toEqual([['docker', ['key.pem']]])
    await store.remove('c9')
    expect(await store.exists('c9')).toBe(false)
    await expect(store.get('c9')).rejects.toBeInstanceOf(ContextNotFoundError)
    await expect(store.get('c9')).rejects.toThrow(`context "c9": context not found: open ${metaFile}: no such file or directory`)
  })
})
