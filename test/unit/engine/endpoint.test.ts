import {execFileSync} from 'node:child_process'
import {mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createHash} from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {parseHost, resolveEndpoint, type EndpointOptions} from '../../../src/lib/engine/endpoint.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, {force: true, recursive: true})
})

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-tls-'))
  dirs.push(dir)
  return dir
}

let pem: string | undefined
/** A real self-signed certificate, so that a CA file passes docker's PEM check. */
function certificate(): string {
  if (pem === undefined) {
    const dir = tempDir()
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=t', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem')], {stdio: 'ignore'})
    pem = readFileSync(path.join(dir, 'c.pem'), 'utf8')
  }
  return pem
}

const base = (over: Partial<EndpointOptions> = {}): EndpointOptions => ({
  configDir: '/nonexistent-config',
  env: {},
  tls: false,
  tlsFlagChanged: false,
  tlsVerify: false,
  ...over,
})

// What docker 28.2.2 makes of each -H value (`docker -H X context inspect --format
// '{{.Endpoints.docker.Host}}'`, which parses without connecting), errors without the
// "Failed to initialize: unable to resolve docker endpoint: " prefix.
const DOCKER_PARSE_HOST: Array<[string, string | {error: string}]> = [
    ["/tmp/x.sock", "tcp://localhost:2375/tmp/x.sock"],
    ["./x.sock", "tcp://.:2375/x.sock"],
    ["x.sock", "tcp://x.sock:2375"],
    [":2376", "tcp://localhost:2376"],
    [":", "tcp://localhost:2375"],
    ["127.0.0.1", "tcp://127.0.0.1:2375"],
    ["127.0.0.1:", "tcp://127.0.0.1:2375"],
    ["127.0.0.1:99999", "tcp://127.0.0.1:99999"],
    ["127.0.0.1:abc", {error: "parse \"tcp://127.0.0.1:abc\": invalid port \":abc\" after host"}],
    ["tcp://", "tcp://localhost:2375"],
    ["tcp://127.0.0.1", "tcp://127.0.0.1:2375"],
    ["tcp://127.0.0.1:2375/", "tcp://127.0.0.1:2375/"],
    ["tcp://127.0.0.1/path/", "tcp://127.0.0.1:2375/path/"],
    ["[::1]", {error: "invalid bind address format: [::1]"}],
    ["[::1]:", "tcp://[::1]:2375"],
    ["[::1]:5", "tcp://[::1]:5"],
    ["::1", "tcp://[::1]:2375"],
    ["tcp://[::1]", {error: "invalid bind address format: [::1]"}],
    ["unix://", "unix:///var/run/docker.sock"],
    ["unix:///x", "unix:///x"],
    ["unix://relative", "unix://relative"],
    ["unix://unix:///x", "unix:///x"],
    ["tcp://tcp://x", "tcp://x:2375"],
    ["bogus://x", {error: "invalid bind address format: bogus://x"}],
    ["fd://", "fd://"],
    ["ssh://u@h", "ssh://u@h"],
    ["npipe://", "npipe:////./pipe/docker_engine"],
    [" tcp://127.0.0.1 ", "tcp://127.0.0.1:2375"],
    ["localhost", "tcp://localhost:2375"],
    ["a:b:c", {error: "parse \"tcp://a:b:c\": invalid port \":c\" after host"}],
    ["127.0.0.1:-1", {error: "parse \"tcp://127.0.0.1:-1\": invalid port \":-1\" after host"}],
    ["tcp://127.0.0.1:2375?x=1", "tcp://127.0.0.1:2375"],
    ["tcp://127.0.0.1#frag", "tcp://127.0.0.1:2375"],
    ["tcp://user@127.0.0.1", "tcp://127.0.0.1:2375"],
    ["%zz", {error: "parse \"tcp://%zz\": invalid URL escape \"%zz\""}],
    ["tcp:///x", "tcp://localhost:2375/x"],
    ["://x", {error: "invalid bind address format: ://x"}],
    ["TCP://127.0.0.1", {error: "invalid bind address format: TCP://127.0.0.1"}],
    ["unix:/x", "tcp://unix:2375/x"],
    ["[zz]:1", "tcp://zz:1"],
    ["[::1%25eth0]:1", "tcp://[::1%eth0]:1"],
    ["x[::1]", {error: "parse \"tcp://x[::1]\": invalid port \":1]\" after host"}],
    ["a b", {error: "parse \"tcp://a b\": invalid character \" \" in host name"}],
    ["tcp://127.0.0.1:1/a%2520b", "tcp://127.0.0.1:1/a%20b"],
    ["tcp://127.0.0.1:1#%zz", {error: "parse \"tcp://127.0.0.1:1#%zz\": invalid URL escape \"%zz\""}],
    ["tcp://u%zz@127.0.0.1:1", {error: "parse \"tcp://u%zz@127.0.0.1:1\": invalid URL escape \"%zz\""}],
    ["a\tb", {error: "parse \"tcp://a\\tb\": net/url: invalid control character in URL"}],
    ["tcp://[::1]x:1", {error: "parse \"tcp://[::1]x:1\": invalid port \"x:1\" after host"}],
    ["tcp://[fe80::1%eth0]:1", {error: "parse \"tcp://[fe80::1%eth0]:1\": invalid URL escape \"%et\""}],
    ["tcp://x]:1", {error: "invalid bind address format: x]:1"}],
    ["[a:1", {error: "parse \"tcp://[a:1\": missing ']' in host"}],
    ["unix://a://b", {error: "invalid proto, expected unix: a://b"}],
    ["tcp://a^b@127.0.0.1:1", {error: "parse \"tcp://a^b@127.0.0.1:1\": net/url: invalid userinfo"}],
    ["tcp://%41:1", {error: "parse \"tcp://%41:1\": invalid URL escape \"%41\""}],
    [" 127.0.0.1 ", "tcp://127.0.0.1:2375"],
]

describe('parseHost (opts.ParseHost)', () => {
  it.each(DOCKER_PARSE_HOST)('%j', (value, expected) => {
    if (typeof expected === 'string') expect(parseHost(value, false)).toBe(expected)
    else expect(() => parseHost(value, false)).toThrow(expected.error)
  })

  it('picks the TLS port only for an empty host', () => {
    expect(parseHost('', true)).toBe('tcp://localhost:2376')
    expect(parseHost('  ', false)).toBe('unix:///var/run/docker.sock')
    expect(parseHost('tcp://127.0.0.1', true)).toBe('tcp://127.0.0.1:2375')
  })
})

describe('resolveEndpoint', () => {
  it('prefers -H over DOCKER_HOST and defaults to the standard socket', () => {
    expect(resolveEndpoint(base()).display).toBe('unix:///var/run/docker.sock')
    expect(resolveEndpoint(base({env: {DOCKER_HOST: 'unix:///a.sock'}})).display).toBe('unix:///a.sock')
    expect(resolveEndpoint(base({env: {DOCKER_HOST: 'unix:///a.sock'}, host: 'unix:///b.sock'})).display).toBe('unix:///b.sock')
  })

  it('refuses --host with --context', () => {
    expect(() => resolveEndpoint(base({context: 'x', host: 'unix:///b'}))).toThrow('conflicting options: cannot specify both --host and --context')
  })

  it('reads a context from the context store', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-ctx-'))
    const digest = createHash('sha256').update('mine').digest('hex')
    mkdirSync(path.join(dir, 'contexts', 'meta', digest), {recursive: true})
    writeFileSync(path.join(dir, 'contexts', 'meta', digest, 'meta.json'), JSON.stringify({Endpoints: {docker: {Host: 'unix:///ctx.sock'}}, Name: 'mine'}))
    expect(resolveEndpoint(base({configDir: dir, context: 'mine'})).display).toBe('unix:///ctx.sock')
    expect(resolveEndpoint(base({configDir: dir, env: {DOCKER_CONTEXT: 'mine'}})).display).toBe('unix:///ctx.sock')
    // DOCKER_HOST beats DOCKER_CONTEXT
    expect(resolveEndpoint(base({configDir: dir, env: {DOCKER_CONTEXT: 'mine', DOCKER_HOST: 'unix:///h.sock'}})).display).toBe('unix:///h.sock')
    expect(() => resolveEndpoint(base({configDir: dir, context: 'nosuchctx'}))).toThrow(/context "nosuchctx": context not found/)
  })

  it('turns TLS on from the environment and requires ca.pem', () => {
    const dir = tempDir()
    expect(() => resolveEndpoint(base({env: {DOCKER_CERT_PATH: dir, DOCKER_HOST: 'tcp://127.0.0.1:1', DOCKER_TLS_VERIFY: '1'}}))).toThrow(
      `Failed to initialize: unable to resolve docker endpoint: open ${dir}/ca.pem: no such file or directory`,
    )
    writeFileSync(path.join(dir, 'ca.pem'), certificate())
    // Any non-empty DOCKER_TLS_VERIFY verifies; a host without a port keeps 2375 even with TLS.
    const e = resolveEndpoint(base({env: {DOCKER_CERT_PATH: dir, DOCKER_HOST: 'tcp://127.0.0.1', DOCKER_TLS_VERIFY: '0'}}))
    expect(e).toMatchObject({display: 'tcp://127.0.0.1:2375', kind: 'tcp', port: 2375, tls: {verify: true}})
    const noVerify = resolveEndpoint(base({env: {DOCKER_CERT_PATH: dir, DOCKER_HOST: 'tcp://127.0.0.1:9'}, tls: true}))
    expect(noVerify).toMatchObject({tls: {verify: false}})
    // Only an empty host defaults to the TLS port.
    expect(resolveEndpoint(base({env: {DOCKER_CERT_PATH: dir, DOCKER_TLS: '1'}})).display).toBe('tcp://localhost:2376')
  })

  // moby's TestRunTLSVerify: TLS options with a unix socket still load the certificates.
  describe('TLS options with a unix socket host', () => {
    const unix = 'unix:///tmp/whalectl-none.sock'
    const missing = (dir: string): string => `Failed to initialize: unable to resolve docker endpoint: open ${dir}/ca.pem: no such file or directory`

    it.each<[string, Partial<EndpointOptions>, Record<string, string>]>([
      ['--tlsverify', {changed: new Set(['tlsverify']), tlsVerify: true}, {}],
      ['--tls', {changed: new Set(['tls']), tls: true}, {}],
      ['--tlsverify=false', {changed: new Set(['tlsverify'])}, {}],
      ['DOCKER_TLS_VERIFY=1', {changed: new Set()}, {DOCKER_TLS_VERIFY: '1'}],
      ['DOCKER_TLS_VERIFY=0', {changed: new Set()}, {DOCKER_TLS_VERIFY: '0'}],
      ['DOCKER_TLS=1', {changed: new Set()}, {DOCKER_TLS: '1'}],
      ['--tlsverify (flags only known as "some TLS flag given")', {tlsFlagChanged: true, tlsVerify: true}, {}],
    ])('%s reads ca.pem and fails without it', (_label, over, env) => {
      const dir = tempDir()
      expect(() => resolveEndpoint(base({...over, env: {DOCKER_CERT_PATH: dir, ...env}, host: unix}))).toThrow(missing(dir))
    })

    it('reads the files but connects without TLS, whatever they hold', () => {
      const dir = tempDir()
      writeFileSync(path.join(dir, 'ca.pem'), 'not a certificate')
      expect(resolveEndpoint(base({changed: new Set(['tls']), env: {DOCKER_CERT_PATH: dir}, host: unix, tls: true}))).toEqual({
        display: unix,
        kind: 'unix',
        socketPath: '/tmp/whalectl-none.sock',
      })
      // Over TCP the same file is refused, as docker refuses it.
      expect(() => resolveEndpoint(base({changed: new Set(['tls']), env: {DOCKER_CERT_PATH: dir}, host: 'tcp://127.0.0.1:1', tls: true}))).toThrow(
        'Failed to initialize: failed to retrieve context tls info: ca.pem seems invalid',
      )
    })

    it('--tls=false beats DOCKER_TLS; --tlscacert alone turns nothing on', () => {
      const dir = tempDir()
      const env = {DOCKER_CERT_PATH: dir, DOCKER_TLS: '1'}
      expect(resolveEndpoint(base({changed: new Set(['tls']), env, host: unix})).kind).toBe('unix')
      expect(resolveEndpoint(base({changed: new Set(['tlscacert']), env: {DOCKER_CERT_PATH: dir}, host: unix, tlsCaCert: '/missing.pem'})).kind).toBe('unix')
      expect(() => resolveEndpoint(base({changed: new Set(['tls', 'tlscacert']), env: {}, host: unix, tls: true, tlsCaCert: '/missing.pem'}))).toThrow(
        'Failed to initialize: unable to resolve docker endpoint: open /missing.pem: no such file or directory',
      )
    })

    it('reads cert.pem and key.pem only when both are there, a missing default counting as absent', () => {
      const dir = tempDir()
      writeFileSync(path.join(dir, 'ca.pem'), certificate())
      const tls = {changed: new Set(['tls']), env: {DOCKER_CERT_PATH: dir}, tls: true}
      expect(resolveEndpoint(base({...tls, host: unix, tlsCert: '/missing-cert.pem'})).kind).toBe('unix')
      expect(() => resolveEndpoint(base({...tls, host: unix, tlsCert: '/missing-cert.pem', tlsKey: '/missing-key.pem'}))).toThrow(
        'Failed to initialize: unable to resolve docker endpoint: open /missing-cert.pem: no such file or directory',
      )
    })

    // What main passes today: only whether some TLS flag was given.
    it('without pflag\'s changed set, a TLS flag alone turns TLS on for tcp only, as before', () => {
      const dir = tempDir()
      const flagOnly = {env: {DOCKER_CERT_PATH: dir}, tlsCaCert: '/missing.pem', tlsFlagChanged: true}
      expect(resolveEndpoint(base({...flagOnly, host: unix})).kind).toBe('unix')
      expect(resolveEndpoint(base(flagOnly)).display).toBe('unix:///var/run/docker.sock')
      expect(() => resolveEndpoint(base({...flagOnly, host: 'tcp://127.0.0.1:1'}))).toThrow('open /missing.pem: no such file or directory')
    })

    it('finds ca.pem in DOCKER_CONFIG, not in the --config directory', () => {
      const dir = tempDir()
      expect(() => resolveEndpoint(base({changed: new Set(['tls']), configDir: '/elsewhere', env: {DOCKER_CONFIG: dir}, host: unix, tls: true}))).toThrow(missing(dir))
    })
  })

  it('keeps the path of a tcp host as the API base path', () => {
    expect(resolveEndpoint(base({host: '/tmp/x.sock'}))).toEqual({basePath: '/tmp/x.sock', display: 'tcp://localhost:2375/tmp/x.sock', host: 'localhost', kind: 'tcp', port: 2375})
    expect(resolveEndpoint(base({host: '[::1]:5'}))).toEqual({display: 'tcp://[::1]:5', host: '::1', kind: 'tcp', port: 5})
  })

  it('fails for hosts it cannot connect to as docker does', () => {
    expect(() => resolveEndpoint(base({host: 'npipe://'}))).toThrow(/^Failed to initialize: protocol not available$/)
    expect(() => resolveEndpoint(base({host: 'fd://'}))).toThrow(/^Failed to initialize: unable to parse docker host `fd:\/\/`$/)
    expect(() => resolveEndpoint(base({host: '127.0.0.1:abc'}))).toThrow(
      /^Failed to initialize: unable to resolve docker endpoint: parse "tcp:\/\/127\.0\.0\.1:abc": invalid port ":abc" after host$/,
    )
  })
})
