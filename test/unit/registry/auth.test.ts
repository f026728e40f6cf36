import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {ConfigFile} from '../../../src/lib/config/config-file.js'
import {encodeAuthHeader, encodeRegistryConfigHeader} from '../../../src/lib/engine/auth-header.js'
import {
  allRegistryAuths,
  type AuthConfig,
  convertToHostname,
  CredentialHelperError,
  decodeAuthField,
  detectDefaultStore,
  type HelperAction,
  type HelperResult,
  type HelperRunner,
  lookPathOnEnvPath,
  resolveAuth,
  resolveAuthStrict,
  runCredentialHelper,
} from '../../../src/lib/registry/auth.js'

const b64 = (s: string): string => Buffer.from(s).toString('base64')
const decodeHeader = (h: string): unknown => JSON.parse(Buffer.from(h, 'base64url').toString('utf8'))
const NOTHING_ON_PATH = (): boolean => false

interface Call {
  helper: string
  input: string
  action: HelperAction | undefined
}

/** A fake credential helper: `answers[helper][serverURL]` is what `get` prints; `lists[helper]` answers `list`. */
function fakeHelpers(
  answers: Record<string, Record<string, HelperResult>>,
  lists: Record<string, HelperResult> = {},
): {calls: Call[]; run: HelperRunner} {
  const calls: Call[] = []
  const run: HelperRunner = async (helper, input, action) => {
    calls.push({action, helper, input})
    if (action === 'list') return lists[helper] ?? {code: 1, stdout: 'no list'}
    return answers[helper]?.[input] ?? {code: 1, stdout: 'credentials not found in native keychain\n'}
  }
  return {calls, run}
}

const found = (username: string, secret: string): HelperResult => ({
  code: 0,
  stdout: JSON.stringify({Secret: secret, ServerURL: 'ignored', Username: username}),
})

describe('encodeAuthHeader', () => {
  it('sends {} as e30= (one = of padding)', () => {
    expect(encodeAuthHeader({})).toBe('e30=')
  })

  it('reproduces the observed header for a user whose password contains ":"', () => {
    const header = encodeAuthHeader({password: 'pa:ss', serveraddress: '127.0.0.1:5000', username: 'user'})
    expect(header).toBe(
      'eyJ1c2VybmFtZSI6InVzZXIiLCJwYXNzd29yZCI6InBhOnNzIiwic2VydmVyYWRkcmVzcyI6IjEyNy4wLjAuMTo1MDAwIn0=',
    )
    expect(Buffer.from(header, 'base64url').toString()).toBe(
      '{"username":"user","password":"pa:ss","serveraddress":"127.0.0.1:5000"}',
    )
  })

  it('pads to a multiple of four with "=", "==" or nothing', () => {
    expect(encodeAuthHeader({username: 'a'})).toBe('eyJ1c2VybmFtZSI6ImEifQ==')
    expect(encodeAuthHeader({username: 'ab'})).toBe('eyJ1c2VybmFtZSI6ImFiIn0=')
    expect(encodeAuthHeader({password: '???~~~'})).toBe('eyJwYXNzd29yZCI6Ij8_P35-fiJ9')
  })

  it('uses the URL-safe alphabet', () => {
    const header = encodeAuthHeader({password: '???~~~'})
    expect(header).toContain('_')
    expect(header).toContain('-')
    expect(header).not.toMatch(/[+/]/)
  })

  it('writes fields in Go struct order and leaves empty ones out', () => {
    const auth: AuthConfig = {
      auth: 'x',
      email: '',
      identitytoken: 'tok',
      password: 'p',
      registrytoken: 'rt',
      serveraddress: 's',
      username: 'u',
    }
    expect(Buffer.from(encodeAuthHeader(auth), 'base64url').toString()).toBe(
      '{"username":"u","password":"p","auth":"x","serveraddress":"s","identitytoken":"tok","registrytoken":"rt"}',
    )
  })

  it('escapes <, > and & the way Go does', () => {
    expect(encodeAuthHeader({password: 'a<b>&c'})).toBe('eyJwYXNzd29yZCI6ImFcdTAwM2NiXHUwMDNlXHUwMDI2YyJ9')
  })
})

describe('encodeRegistryConfigHeader', () => {
  it('is e30= without credentials', () => {
    expect(encodeRegistryConfigHeader({})).toBe('e30=')
  })

  it('maps registries to auth configs with the keys sorted', () => {
    const header = encodeRegistryConfigHeader({
      'https://index.docker.io/v1/': {password: 'p2', username: 'hub'},
      '127.0.0.1:5000': {password: 'pa:ss', serveraddress: '127.0.0.1:5000', username: 'user'},
    })
    expect(Buffer.from(header, 'base64url').toString()).toBe(
      '{"127.0.0.1:5000":{"username":"user","password":"pa:ss","serveraddress":"127.0.0.1:5000"},' +
        '"https://index.docker.io/v1/":{"username":"hub","password":"p2"}}',
    )
  })
})

describe('decodeAuthField', () => {
  it('splits at the first colon and trims NULs from the password', () => {
    expect(decodeAuthField(b64('user:pa:ss'))).toEqual({password: 'pa:ss', username: 'user'})
    expect(decodeAuthField(b64('user:\0secret\0\0'))).toEqual({password: 'secret', username: 'user'})
    expect(decodeAuthField(b64('user:'))).toEqual({password: '', username: 'user'})
  })

  it('refuses what Go refuses', () => {
    expect(decodeAuthField(b64('nocolon'))).toBeUndefined()
    expect(decodeAuthField(b64(':password'))).toBeUndefined()
    expect(decodeAuthField('dXNlcjpwYTpzcw')).toBeUndefined() // padding missing
    expect(decodeAuthField('dXNlcjpwYTpzcw==!')).toBeUndefined()
  })
})

describe('convertToHostname', () => {
  it.each([
    ['https://reg:5000/v1/', 'reg:5000'],
    ['http://reg:5000', 'reg:5000'],
    ['https://index.docker.io/v1/', 'index.docker.io'],
    ['https://user@reg.io/x', 'reg.io'],
    ['reg:5000/v1/', 'reg:5000'],
    ['reg.io', 'reg.io'],
    ['https://[::1]:5000/v2/', '[::1]:5000'],
    ['https://[::1]/v2/', '::1'],
    ['https://reg:port/', 'https:'],
  ])('%s → %s', (input, expected) => {
    expect(convertToHostname(input)).toBe(expected)
  })
})

describe('resolveAuth from config.json auths', () => {
  const noHelper: HelperRunner = async () => {
    throw new Error('no helper should run')
  }

  it('decodes auth and records the stored key as serveraddress', async () => {
    const config: ConfigFile = {auths: {'127.0.0.1:5000': {auth: b64('user:pa:ss')}}}
    const auth = await resolveAuth(config, '127.0.0.1:5000', noHelper, NOTHING_ON_PATH)
    expect(auth).toEqual({password: 'pa:ss', serveraddress: '127.0.0.1:5000', username: 'user'})
    expect(Buffer.from(encodeAuthHeader(auth), 'base64url').toString()).toBe(
      '{"username":"user","password":"pa:ss","serveraddress":"127.0.0.1:5000"}',
    )
  })

  it('finds a key stored as a URL by its host, keeping the stored key as serveraddress', async () => {
    const config: ConfigFile = {auths: {'https://reg:5000/v1/': {auth: b64('u:p')}}}
    expect(await resolveAuth(config, 'reg:5000', noHelper, NOTHING_ON_PATH)).toEqual({
      password: 'p',
      serveraddress: 'https://reg:5000/v1/',
      username: 'u',
    })
  })

  it('prefers an exact key over a normalised one', async () => {
    const config: ConfigFile = {
      auths: {'https://reg:5000/v1/': {auth: b64('url:1')}, 'reg:5000': {auth: b64('exact:2')}},
    }
    expect((await resolveAuth(config, 'reg:5000', noHelper, NOTHING_ON_PATH)).username).toBe('exact')
  })

  it('uses the v1 index URL for Docker Hub and nothing else matches it by host', async () => {
    const config: ConfigFile = {auths: {'https://index.docker.io/v1/': {auth: b64('hub:pw')}, 'index.docker.io': {auth: b64('no:no')}}}
    expect(await resolveAuth(config, 'https://index.docker.io/v1/', noHelper, NOTHING_ON_PATH)).toEqual({
      password: 'pw',
      serveraddress: 'https://index.docker.io/v1/',
      username: 'hub',
    })
  })

  it('is anonymous for an unknown registry', async () => {
    const config: ConfigFile = {auths: {'reg.io': {auth: b64('u:p')}}}
    const auth = await resolveAuth(config, 'other.io', noHelper, NOTHING_ON_PATH)
    expect(auth).toEqual({})
    expect(encodeAuthHeader(auth)).toBe('e30=')
  })

  it('keeps plain username/password, identity tokens and email, and never sends auth', async () => {
    const config: ConfigFile = {
      auths: {
        a: {email: 'e@x', identitytoken: 'tok', password: 'p', username: 'u'},
        b: {auth: b64('u:p'), email: 'e@x', registrytoken: 'rt'},
      },
    }
    expect(await resolveAuth(config, 'a', noHelper, NOTHING_ON_PATH)).toEqual({
      email: 'e@x',
      identitytoken: 'tok',
      password: 'p',
      serveraddress: 'a',
      username: 'u',
    })
    expect(await resolveAuth(config, 'b', noHelper, NOTHING_ON_PATH)).toEqual({
      email: 'e@x',
      password: 'p',
      registrytoken: 'rt',
      serveraddress: 'b',
      username: 'u',
    })
  })

  it('passes a broken auth field on as it is, as docker does after a failed config load', async () => {
    const config: ConfigFile = {auths: {'reg.io': {auth: 'not base64!'}}}
    expect(await resolveAuth(config, 'reg.io', noHelper, NOTHING_ON_PATH)).toEqual({auth: 'not base64!'})
  })
})

describe('resolveAuth through credential helpers', () => {
  const config: ConfigFile = {
    auths: {'hub.example': {}, 'reg.io': {email: 'me@reg.io'}, 'plain.io': {auth: b64('file:user')}},
    credHelpers: {'ecr.aws': 'ecr-login', 'plain.io': ''},
    credsStore: 'desktop',
  }

  it('asks credHelpers[key] first, then credsStore, and not config.json', async () => {
    const {calls, run} = fakeHelpers({
      desktop: {'reg.io': found('dsk', 'pw1')},
      'ecr-login': {'ecr.aws': found('AWS', 'token')},
    })
    expect(await resolveAuth(config, 'ecr.aws', run, NOTHING_ON_PATH)).toEqual({
      password: 'token',
      serveraddress: 'ecr.aws',
      username: 'AWS',
    })
    // The email lives only in config.json and survives; the rest comes from the store.
    expect(await resolveAuth(config, 'reg.io', run, NOTHING_ON_PATH)).toEqual({
      email: 'me@reg.io',
      password: 'pw1',
      serveraddress: 'reg.io',
      username: 'dsk',
    })
    expect(calls).toEqual([
      {action: 'get', helper: 'ecr-login', input: 'ecr.aws'},
      {action: 'get', helper: 'desktop', input: 'reg.io'},
    ])
  })

  it('uses config.json when credHelpers names an empty helper', async () => {
    const {calls, run} = fakeHelpers({})
    expect(await resolveAuth(config, 'plain.io', run, NOTHING_ON_PATH)).toEqual({
      password: 'user',
      serveraddress: 'plain.io',
      username: 'file',
    })
    expect(calls).toEqual([])
  })

  it('treats "credentials not found" as anonymous', async () => {
    const {run} = fakeHelpers({})
    expect(await resolveAuth(config, 'hub.example', run, NOTHING_ON_PATH)).toEqual({})
    expect(await resolveAuthStrict(config, 'hub.example', run, NOTHING_ON_PATH)).toEqual({})
  })

  it('turns the <token> user into an identity token', async () => {
    const {run} = fakeHelpers({desktop: {'reg.io': found('<token>', 'refresh')}})
    expect(await resolveAuth(config, 'reg.io', run, NOTHING_ON_PATH)).toEqual({
      email: 'me@reg.io',
      identitytoken: 'refresh',
      serveraddress: 'reg.io',
    })
  })

  it('falls back to config.json when a helper fails (pull), or rejects (run)', async () => {
    const {run} = fakeHelpers({desktop: {'reg.io': {code: 1, stdout: 'keychain locked\n'}}})
    expect(await resolveAuth(config, 'reg.io', run, NOTHING_ON_PATH)).toEqual({email: 'me@reg.io', serveraddress: 'reg.io'})
    const failure = resolveAuthStrict(config, 'reg.io', run, NOTHING_ON_PATH)
    await expect(failure).rejects.toBeInstanceOf(CredentialHelperError)
    await expect(failure).rejects.toThrow('error getting credentials - err: exit status 1, out: `keychain locked`')
  })

  it('reports a missing helper binary the way Go does', async () => {
    const run: HelperRunner = async (helper) => ({
      code: -1,
      error: `exec: "docker-credential-${helper}": executable file not found in $PATH`,
      stdout: '',
    })
    await expect(resolveAuthStrict(config, 'reg.io', run, NOTHING_ON_PATH)).rejects.toThrow(
      'error getting credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH, out: ``',
    )
  })
})

describe('default store detection', () => {
  const onPath =
    (...names: string[]) =>
    (command: string): boolean =>
      names.includes(command)

  it('prefers pass, and needs its docker-credential binary', () => {
    expect(detectDefaultStore(onPath('pass', 'docker-credential-pass', 'docker-credential-secretservice'))).toBe('pass')
    expect(detectDefaultStore(onPath('pass', 'docker-credential-secretservice'))).toBe('')
    expect(detectDefaultStore(onPath('docker-credential-secretservice'))).toBe('secretservice')
    expect(detectDefaultStore(onPath())).toBe('')
  })

  it('is used only when config.json has no auths, credsStore or credHelpers', async () => {
    const {calls, run} = fakeHelpers({pass: {'reg.io': found('u', 'p')}})
    const lookPath = onPath('pass', 'docker-credential-pass')
    expect(await resolveAuth({}, 'reg.io', run, lookPath)).toEqual({password: 'p', serveraddress: 'reg.io', username: 'u'})
    expect(await resolveAuth({auths: {}}, 'reg.io', run, lookPath)).toEqual({password: 'p', serveraddress: 'reg.io', username: 'u'})
    expect(calls).toHaveLength(2)
    expect(await resolveAuth({auths: {'x.io': {}}}, 'reg.io', run, lookPath)).toEqual({})
    expect(calls).toHaveLength(2)
  })
})

describe('allRegistryAuths', () => {
  it('returns every config.json entry when there is no store', async () => {
    const config: ConfigFile = {auths: {'127.0.0.1:5000': {auth: b64('user:pa:ss')}, 'https://index.docker.io/v1/': {}}}
    const all = await allRegistryAuths(config, fakeHelpers({}).run, NOTHING_ON_PATH)
    expect(all).toEqual({
      '127.0.0.1:5000': {password: 'pa:ss', serveraddress: '127.0.0.1:5000', username: 'user'},
      'https://index.docker.io/v1/': {serveraddress: 'https://index.docker.io/v1/'},
    })
    expect(decodeHeader(encodeRegistryConfigHeader(all))).toEqual(all)
  })

  it('lists the store, then lets credHelpers override', async () => {
    const config: ConfigFile = {
      auths: {'a.io': {email: 'a@a.io'}},
      credHelpers: {'b.io': 'special', 'c.io': 'broken'},
      credsStore: 'desktop',
    }
    const {calls, run} = fakeHelpers(
      {
        broken: {'c.io': {code: 2, stdout: 'nope'}},
        desktop: {'a.io': found('ua', 'pa'), 'b.io': found('ub', 'pb'), 'n.io': {code: 1, stdout: 'credentials not found in native keychain'}},
        special: {'b.io': found('<token>', 'idt')},
      },
      {desktop: {code: 0, stdout: '{"a.io":"ua","b.io":"ub","n.io":"x"}'}},
    )
    expect(await allRegistryAuths(config, run, NOTHING_ON_PATH)).toEqual({
      'a.io': {email: 'a@a.io', password: 'pa', serveraddress: 'a.io', username: 'ua'},
      'b.io': {identitytoken: 'idt', serveraddress: 'b.io'},
      'n.io': {},
    })
    expect(calls[0]).toEqual({action: 'list', helper: 'desktop', input: 'unused'})
  })

  it('gives nothing at all when the default store fails', async () => {
    const config: ConfigFile = {credHelpers: {'b.io': 'special'}, credsStore: 'desktop'}
    const {run} = fakeHelpers({special: {'b.io': found('u', 'p')}}, {desktop: {code: 1, stdout: ''}})
    expect(await allRegistryAuths(config, run, NOTHING_ON_PATH)).toEqual({})
  })
})

describe('the real helper runner and PATH lookup', () => {
  let dir: string
  let savedPath: string | undefined

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-cred-'))
    savedPath = process.env.PATH
    // The fake helper echoes its action and stdin so the test sees both arrived.
    const script = path.join(dir, 'docker-credential-fake')
    writeFileSync(
      script,
      '#!/bin/sh\nread -r url\nif [ "$url" = "missing" ]; then echo "credentials not found in native keychain"; exit 1; fi\n' +
        'printf \'{"ServerURL":"%s","Username":"%s","Secret":"s3:cr=t"}\\n\' "$url" "$1"\n',
    )
    chmodSync(script, 0o755)
    writeFileSync(path.join(dir, 'not-executable'), '')
    process.env.PATH = `${dir}${path.delimiter}${savedPath ?? ''}`
  })

  afterEach(() => {
    process.env.PATH = savedPath
    rmSync(dir, {force: true, recursive: true})
  })

  it('runs docker-credential-<name> <action> with the server URL on stdin', async () => {
    expect(await runCredentialHelper('fake', 'reg.io', 'get')).toEqual({
      code: 0,
      stdout: '{"ServerURL":"reg.io","Username":"get","Secret":"s3:cr=t"}\n',
    })
    expect(await runCredentialHelper('fake', 'missing')).toEqual({
      code: 1,
      stdout: 'credentials not found in native keychain\n',
    })
    expect(await resolveAuth({credsStore: 'fake'}, 'reg.io')).toEqual({
      password: 's3:cr=t',
      serveraddress: 'reg.io',
      username: 'get',
    })
  })

  // moby's TestPullWithExternalAuth helper reads `$(</dev/stdin)`: with a socket pair for stdin
  // that open fails (ENXIO) and the pull goes on without credentials.
  it('gives the helper a real pipe as stdin, which it can open as /dev/stdin', async () => {
    const script = path.join(dir, 'docker-credential-devstdin')
    writeFileSync(
      script,
      '#!/bin/sh\nif [ -p /dev/stdin ]; then kind=pipe; else kind=other; fi\nurl=$(cat /dev/stdin 2>/dev/null) || exit 3\n' +
        'printf \'{"ServerURL":"%s","Username":"%s","Secret":"%s"}\' "$url" "$kind" "$1"\n',
    )
    chmodSync(script, 0o755)
    expect(await runCredentialHelper('devstdin', 'https://reg.io:5000/v1/', 'get')).toEqual({
      code: 0,
      stdout: '{"ServerURL":"https://reg.io:5000/v1/","Username":"pipe","Secret":"get"}',
    })
    // Through the lookup docker's pull does, with the URL exactly as written (no newline added).
    expect(await resolveAuth({credsStore: 'devstdin'}, 'reg.io')).toEqual({password: 'get', serveraddress: 'reg.io', username: 'pipe'})
  })

  it('reports a helper that is not installed', async () => {
    expect(await runCredentialHelper('absent-xyz', 'reg.io')).toEqual({
      code: -1,
      error: 'exec: "docker-credential-absent-xyz": executable file not found in $PATH',
      stdout: '',
    })
  })

  it('finds only executable files on PATH', () => {
    expect(lookPathOnEnvPath('docker-credential-fake')).toBe(true)
    expect(lookPathOnEnvPath('not-executable')).toBe(false)
    expect(lookPathOnEnvPath('absent-xyz')).toBe(false)
  })
})
