import {chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {configForSave, loadAuths, marshalIndent, saveConfigFile} from '../../../src/lib/config/config-write.js'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'whalectl-config-write-'))
})
afterEach(() => rmSync(dir, {force: true, recursive: true}))

describe('marshalIndent', () => {
  it('lays out like Go json.MarshalIndent(v, "", "\\t")', () => {
    expect(marshalIndent({a: {}, b: [], c: ['x', 1, true, null], d: {e: 'f'}})).toBe(
      '{\n\t"a": {},\n\t"b": [],\n\t"c": [\n\t\t"x",\n\t\t1,\n\t\ttrue,\n\t\tnull\n\t],\n\t"d": {\n\t\t"e": "f"\n\t}\n}',
    )
  })

  it('escapes strings as Go does, HTML characters included', () => {
    expect(marshalIndent({k: '<&>\u2028"\\\n'})).toBe('{\n\t"k": "\\u003c\\u0026\\u003e\\u2028\\"\\\\\\n"\n}')
  })
})

describe('configForSave', () => {
  it("puts docker's fields in struct order, sorts maps, re-encodes auths, keeps unknown keys last", () => {
    const config = {
      zzz: {b: 1},
      detachKeys: 'ctrl-x',
      auths: {'z.example': {auth: 'eDp5'}, 'a.example': {email: 'x@y'}},
      psFormat: '',
      HttpHeaders: {'X-B': '2', 'user-agent': 'dropped', 'X-A': '1'},
      credHelpers: {b: 'h', a: 'h'},
    }
    const auths = loadAuths(config.auths)
    auths.set('127.0.0.1:5001', {password: 's3cr:et', serveraddress: '127.0.0.1:5001', username: 'whale'})
    const saved = configForSave(config, auths)
    expect(Object.keys(saved)).toEqual(['auths', 'HttpHeaders', 'detachKeys', 'credHelpers', 'zzz'])
    expect(saved.auths).toEqual({'127.0.0.1:5001': {auth: 'd2hhbGU6czNjcjpldA=='}, 'a.example': {email: 'x@y'}, 'z.example': {auth: 'eDp5'}})
    expect(Object.keys(saved.auths as object)).toEqual(['127.0.0.1:5001', 'a.example', 'z.example'])
    expect(Object.keys(saved.HttpHeaders as object)).toEqual(['X-A', 'X-B'])
    expect(Object.keys(saved.credHelpers as object)).toEqual(['a', 'b'])
  })

  it('writes an identity token beside `user:` and an empty auths map as {}', () => {
    const auths = loadAuths({})
    expect(marshalIndent(configForSave({}, auths))).toBe('{\n\t"auths": {}\n}')
    auths.set('r', {identitytoken: 'tok', serveraddress: 'r', username: 'u'})
    expect(configForSave({}, auths).auths).toEqual({r: {auth: 'dTo=', identitytoken: 'tok'}})
  })

  it('keeps an entry whose auth cannot be decoded as it is', () => {
    expect(configForSave({}, loadAuths({r: {auth: 'not base64!'}})).auths).toEqual({r: {auth: 'not base64!'}})
  })
})

describe('saveConfigFile', () => {
  const file = (): string => path.join(dir, 'config.json')

  it('creates the directory (0700) and a 0600 file, with no temporary file left', async () => {
    const configDir = path.join(dir, 'new')
    await saveConfigFile(configDir, {}, loadAuths({}))
    expect(statSync(configDir).mode & 0o777).toBe(0o700)
    expect(statSync(path.join(configDir, 'config.json')).mode & 0o777).toBe(0o600)
    expect(readdirSync(configDir)).toEqual(['config.json'])
  })

  it("keeps the old file's mode", async () => {
    writeFileSync(file(), '{}')
    chmodSync(file(), 0o640)
    await saveConfigFile(dir, {psFormat: 'x'}, loadAuths({}))
    expect(statSync(file()).mode & 0o777).toBe(0o640)
    expect(readFileSync(file(), 'utf8')).toBe('{\n\t"auths": {},\n\t"psFormat": "x"\n}')
  })

  it('writes through a symlink to the file it points to', async () => {
    const real = path.join(dir, 'real.json')
    writeFileSync(real, '{}')
    symlinkSync(real, file())
    await saveConfigFile(dir, {}, loadAuths({}))
    expect(lstatSync(file()).isSymbolicLink()).toBe(true)
    expect(readFileSync(real, 'utf8')).toBe('{\n\t"auths": {}\n}')
  })
})
