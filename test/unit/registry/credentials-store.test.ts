import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {ConfigFile} from '../../../src/lib/config/config-file.js'
import {CredentialHelperError} from '../../../src/lib/registry/auth.js'
import {CredentialStore, runStoreHelper, type StoreAction} from '../../../src/lib/registry/credentials-store.js'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'whalectl-credstore-'))
})
afterEach(() => rmSync(dir, {force: true, recursive: true}))

interface Call {
  helper: string
  action: StoreAction
  input: string
}

function fakeHelper(result: {code: number; stdout?: string} = {code: 0}) {
  const calls: Call[] = []
  const runHelper = async (helper: string, action: StoreAction, input: string) => {
    calls.push({action, helper, input})
    return {code: result.code, stdout: result.stdout ?? ''}
  }
  return {calls, runHelper}
}

const noStore = () => false
const readConfig = (): unknown => JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'))

describe('CredentialStore.store', () => {
  it('without a helper: base64 in auths, and the unencrypted-storage warning', async () => {
    const warnings: string[] = []
    const config: ConfigFile = {}
    const store = new CredentialStore({config, configDir: dir, lookPath: noStore, warn: (t) => warnings.push(t)})
    await store.store({password: 's3cr:et', serveraddress: '127.0.0.1:5001', username: 'whale'})
    expect(readConfig()).toEqual({auths: {'127.0.0.1:5001': {auth: 'd2hhbGU6czNjcjpldA=='}}})
    expect(warnings.join('')).toContain(`WARNING! Your credentials are stored unencrypted in '${dir}/config.json'.`)
    expect(warnings.join('')).not.toContain('s3cr:et')
  })

  it('leaves the file alone when the same credentials are stored again', async () => {
    writeFileSync(path.join(dir, 'config.json'), '{"auths":{"r":{"auth":"dTpw"}}}')
    const store = new CredentialStore({config: JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as ConfigFile, configDir: dir, lookPath: noStore, warn: () => {}})
    await store.store({password: 'p', serveraddress: 'r', username: 'u'})
    expect(readFileSync(path.join(dir, 'config.json'), 'utf8')).toBe('{"auths":{"r":{"auth":"dTpw"}}}')
  })

  it("in credsStore's helper: docker's JSON on stdin; config.json keeps only an empty entry", async () => {
    const {calls, runHelper} = fakeHelper()
    const config: ConfigFile = {credsStore: 'fake'}
    const store = new CredentialStore({config, configDir: dir, runHelper, warn: () => expect.unreachable()})
    await store.store({password: 'p<w>', serveraddress: 'reg', username: 'u'})
    expect(calls).toEqual([{action: 'store', helper: 'fake', input: '{"ServerURL":"reg","Username":"u","Secret":"p\\u003cw\\u003e"}\n'}])
    expect(readConfig()).toEqual({auths: {reg: {}}, credsStore: 'fake'})
  })

  it('an identity token goes to the helper as <token>', async () => {
    const {calls, runHelper} = fakeHelper()
    const store = new CredentialStore({config: {credHelpers: {reg: 'per-reg'}}, configDir: dir, runHelper, warn: () => {}})
    await store.store({identitytoken: 'tok', password: '', serveraddress: 'reg', username: 'u'})
    expect(calls[0]).toEqual({action: 'store', helper: 'per-reg', input: '{"ServerURL":"reg","Username":"\\u003ctoken\\u003e","Secret":"tok"}\n'})
  })

  it("a failing helper is docker's error, and config.json is not written", async () => {
    const {runHelper} = fakeHelper({code: 3, stdout: 'it broke\n'})
    const store = new CredentialStore({config: {credsStore: 'broken'}, configDir: dir, runHelper, warn: () => {}})
    await expect(store.store({password: 'p', serveraddress: 'reg', username: 'u'})).rejects.toThrow(
      new CredentialHelperError('error storing credentials - err: exit status 3, out: `it broke`'),
    )
    expect(() => readConfig()).toThrow()
  })

  it('records an auto-detected store in config.json, as docker does', async () => {
    const {calls, runHelper} = fakeHelper()
    const lookPath = (command: string): boolean => command === 'docker-credential-secretservice'
    const store = new CredentialStore({config: {}, configDir: dir, lookPath, runHelper, warn: () => {}})
    await store.store({password: 'p', serveraddress: 'reg', username: 'u'})
    expect(calls[0]?.helper).toBe('secretservice')
    expect(readConfig()).toEqual({auths: {reg: {}}, credsStore: 'secretservice'})
  })
})

describe('CredentialStore.erase', () => {
  it('removes the entry and keeps every other key', async () => {
    const config = {auths: {a: {auth: 'dTpw'}, b: {auth: 'dTpw'}}, psFormat: 'x', custom: [1]} as ConfigFile
    const store = new CredentialStore({config, configDir: dir, lookPath: noStore, warn: () => {}})
    await store.erase('a')
    await store.erase('not-there')
    expect(readConfig()).toEqual({auths: {b: {auth: 'dTpw'}}, custom: [1], psFormat: 'x'})
  })

  it('asks the helper first; its failure stops the erase', async () => {
    const {calls, runHelper} = fakeHelper({code: 1, stdout: 'credentials not found in native keychain\n'})
    const store = new CredentialStore({config: {auths: {reg: {}}, credsStore: 'fake'}, configDir: dir, runHelper, warn: () => {}})
    await expect(store.erase('reg')).rejects.toThrow('error erasing credentials - err: exit status 1, out: `credentials not found in native keychain`')
    expect(calls).toEqual([{action: 'erase', helper: 'fake', input: 'reg'}])
  })
})

describe('runStoreHelper', () => {
  it('gives the helper a pipe it can open as /dev/stdin, and only the action as argument', async () => {
    const helper = path.join(dir, 'docker-credential-pipe-test')
    writeFileSync(helper, `#!/bin/sh\nin=$(cat /dev/stdin) || exit 9\nprintf '%s|%s|%s' "$#" "$1" "$in"\n`)
    chmodSync(helper, 0o755)
    const saved = process.env.PATH
    process.env.PATH = `${dir}${path.delimiter}${saved ?? ''}`
    try {
      const result = await runStoreHelper('pipe-test', 'store', '{"Secret":"x"}\n')
      expect(result).toEqual({code: 0, stdout: '1|store|{"Secret":"x"}'})
      expect(await runStoreHelper('no-such-helper', 'erase', 'reg')).toEqual({
        code: -1,
        error: 'exec: "docker-credential-no-such-helper": executable file not found in $PATH',
        stdout: '',
      })
    } finally {
      process.env.PATH = saved
    }
  })
})
