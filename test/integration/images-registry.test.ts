// push, login, logout, save, load and import against a fake engine: what goes on the wire (query,
// X-Registry-Auth, the /auth body, request bodies) and the edges a real engine cannot be made to
// show (an identity token from /auth, a save cut off mid-stream, Docker Hub as the default
// server without contacting it). Output parity with docker on a real engine is in test/e2e.
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import type {ServerResponse} from 'node:http'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {runCli} from '../fake-engine/run-cli.js'
import {type FakeEngine, type RecordedRequest, sendJSON, startFakeEngine} from '../fake-engine/server.js'

let engine: FakeEngine
let workDir: string
let configDir: string

beforeAll(async () => {
  engine = await startFakeEngine()
  workDir = mkdtempSync(path.join(tmpdir(), 'whalectl-images-registry-'))
})
afterAll(async () => {
  await engine.close()
  rmSync(workDir, {force: true, recursive: true})
})
beforeEach(() => {
  configDir = mkdtempSync(path.join(workDir, 'config-'))
})

const env = (extra: Record<string, string> = {}) => ({DOCKER_CONFIG: configDir, DOCKER_HOST: engine.host, ...extra})

function streamLines(res: ServerResponse, lines: unknown[]): void {
  res.writeHead(200, {'Content-Type': 'application/json'})
  for (const line of lines) res.write(`${JSON.stringify(line)}\r\n`)
  res.end()
}

const lastRequest = (p: string): RecordedRequest | undefined => engine.requests.filter((r) => r.path === p).at(-1)

function decodeAuthHeader(value: string | string[] | undefined): unknown {
  return JSON.parse(Buffer.from(String(value).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'))
}

const configFile = (): string => path.join(configDir, 'config.json')

describe('push', () => {
  it('sends tag=latest and the credentials from config.json, and shows the stream', async () => {
    writeFileSync(configFile(), JSON.stringify({auths: {'127.0.0.1:5000': {auth: Buffer.from('u:p').toString('base64')}}}))
    engine.on('POST', '/images/127.0.0.1:5000/app/push', (_req, res) =>
      streamLines(res, [
        {status: 'The push refers to repository [127.0.0.1:5000/app]'},
        {id: 'abc', progressDetail: {}, status: 'Preparing'},
        {id: 'abc', progressDetail: {current: 10, total: 100}, status: 'Pushing'},
        {id: 'abc', progressDetail: {}, status: 'Pushed'},
        {status: 'latest: digest: sha256:1234 size: 528'},
        {aux: {Digest: 'sha256:1234', Size: 528, Tag: 'latest'}, progressDetail: {}},
      ]),
    )
    const r = await runCli(['push', '127.0.0.1:5000/app'], env())
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: 'Using default tag: latest\nThe push refers to repository [127.0.0.1:5000/app]\nabc: Preparing\nabc: Pushed\nlatest: digest: sha256:1234 size: 528\n',
    })
    const req = lastRequest('/images/127.0.0.1:5000/app/push')
    expect(req?.query.get('tag')).toBe('latest')
    expect(decodeAuthHeader(req?.headers['x-registry-auth'])).toEqual({password: 'p', serveraddress: '127.0.0.1:5000', username: 'u'})
  })

  it('an error message in the stream is printed as it is, exit 1; -q prints nothing before it', async () => {
    engine.on('POST', '/images/127.0.0.1:5000/denied/push', (_req, res) =>
      streamLines(res, [{id: 'abc', progressDetail: {}, status: 'Preparing'}, {error: 'denied: requested access to the resource is denied', errorDetail: {message: 'denied: requested access to the resource is denied'}}]),
    )
    expect(await runCli(['push', '127.0.0.1:5000/denied:1'], env())).toEqual({
      code: 1,
      stderr: 'denied: requested access to the resource is denied\n',
      stdout: 'abc: Preparing\n',
    })
    expect(await runCli(['push', '-q', '127.0.0.1:5000/denied:1'], env())).toEqual({code: 1, stderr: 'denied: requested access to the resource is denied\n', stdout: ''})
  })

  it('-a sends no tag and -q ends with the reference pushed', async () => {
    engine.on('POST', '/images/127.0.0.1:5000/all/push', (_req, res) => streamLines(res, [{status: 'The push refers to repository [127.0.0.1:5000/all]'}]))
    expect(await runCli(['image', 'push', '-a', '-q', '127.0.0.1:5000/all'], env())).toEqual({code: 0, stderr: '', stdout: '127.0.0.1:5000/all\n'})
    expect(lastRequest('/images/127.0.0.1:5000/all/push')?.query.has('tag')).toBe(false)
  })
})

describe('login', () => {
  it('sends the credentials to /auth and stores them base64 in auths, keeping other keys and the mode', async () => {
    writeFileSync(configFile(), JSON.stringify({custom: {keep: true}, psFormat: 'table {{.ID}}'}))
    chmodSync(configFile(), 0o640)
    engine.on('POST', '/auth', (_req, res) => sendJSON(res, 200, {IdentityToken: '', Status: 'Login Succeeded'}))
    const r = await runCli(['login', '-u', 'whale', '--password-stdin', 'reg.example:5000'], env(), 's3cr:et\n')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('Login Succeeded\n')
    expect(r.stderr).toBe(`\nWARNING! Your credentials are stored unencrypted in '${configDir}/config.json'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n`)
    expect(JSON.parse(lastRequest('/auth')?.body.toString() ?? '')).toEqual({password: 's3cr:et', serveraddress: 'reg.example:5000', username: 'whale'})
    expect(readFileSync(configFile(), 'utf8')).toBe(
      '{\n\t"auths": {\n\t\t"reg.example:5000": {\n\t\t\t"auth": "d2hhbGU6czNjcjpldA=="\n\t\t}\n\t},\n\t"psFormat": "table {{.ID}}",\n\t"custom": {\n\t\t"keep": true\n\t}\n}',
    )
    expect(statSync(configFile()).mode & 0o777).toBe(0o640)
    expect(readdirSync(configDir)).toEqual(['config.json'])
  })

  it('stores an identity token the engine returns instead of the password', async () => {
    engine.on('POST', '/auth', (_req, res) => sendJSON(res, 200, {IdentityToken: 'tok-123', Status: 'Login Succeeded'}))
    const r = await runCli(['login', '-u', 'whale', '--password-stdin', 'https://reg.example/v2/'], env(), 'pw')
    expect(r).toEqual({code: 0, stderr: '', stdout: 'Login Succeeded\n'})
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toEqual({auths: {'reg.example': {auth: Buffer.from('whale:').toString('base64'), identitytoken: 'tok-123'}}})
  })

  it("defaults to Docker Hub's key (asking only the engine)", async () => {
    engine.on('POST', '/auth', (_req, res) => sendJSON(res, 200, {Status: 'Login Succeeded'}))
    const r = await runCli(['login', '-u', 'whale', '-p', 'pw'], env())
    expect(r.code).toBe(0)
    expect(r.stderr.startsWith('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n')).toBe(true)
    expect(JSON.parse(lastRequest('/auth')?.body.toString() ?? '').serveraddress).toBe('https://index.docker.io/v1/')
    expect(Object.keys(JSON.parse(readFileSync(configFile(), 'utf8')).auths)).toEqual(['https://index.docker.io/v1/'])
  })

  it('a refused login changes nothing in config.json and never shows the secret, even with --debug', async () => {
    const before = '{"auths":{"other":{"auth":"dTpw"}},"x":1}'
    writeFileSync(configFile(), before)
    engine.on('POST', '/auth', (_req, res) => sendJSON(res, 401, {message: 'login attempt to https://reg.example/v2/ failed with status: 401 Unauthorized'}))
    const r = await runCli(['--debug', 'login', '-u', 'whale', '--password-stdin', 'reg.example'], env(), 'very-secret-pw')
    expect(r.code).toBe(1)
    expect(r.stderr.split('\n')[0]).toBe('Error response from daemon: login attempt to https://reg.example/v2/ failed with status: 401 Unauthorized')
    expect(r.stdout + r.stderr).not.toContain('very-secret-pw')
    expect(readFileSync(configFile(), 'utf8')).toBe(before)
    expect(readdirSync(configDir)).toEqual(['config.json'])
  })

  it("refuses docker's flag combinations, and an interactive login without a terminal", async () => {
    expect(await runCli(['login', '--password-stdin'], env())).toEqual({code: 1, stderr: 'the --password-stdin option requires --username to be set\n', stdout: ''})
    expect(await runCli(['login', '-u', 'x', '-p', 'y', '--password-stdin'], env())).toEqual({
      code: 1,
      stderr: 'conflicting options: cannot specify both --password and --password-stdin\n',
      stdout: '',
    })
    expect(await runCli(['login', 'reg.example'], env())).toEqual({code: 1, stderr: 'Error: Cannot perform an interactive login from a non TTY device\n', stdout: ''})
    expect(engine.requests.filter((r) => r.path === '/auth' && r.body.toString().includes('"x"'))).toEqual([])
  })
})

describe('logout', () => {
  it('removes every spelling of the server, says so even when there was nothing', async () => {
    writeFileSync(configFile(), JSON.stringify({auths: {'http://reg.example': {auth: 'dTpw'}, 'reg.example': {auth: 'dTpw'}, other: {auth: 'dTpw'}}}))
    expect(await runCli(['logout', 'reg.example'], env())).toEqual({code: 0, stderr: '', stdout: 'Removing login credentials for reg.example\n'})
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toEqual({auths: {other: {auth: 'dTpw'}}})
    expect(await runCli(['logout', 'reg.example'], env())).toEqual({code: 0, stderr: '', stdout: 'Removing login credentials for reg.example\n'})
  })
})

describe('load and import', () => {
  it('load streams the archive and asks for quiet output off a terminal', async () => {
    engine.on('POST', '/images/load', (_req, res) => streamLines(res, [{stream: 'Loaded image: app:1\n'}]))
    const tar = path.join(workDir, 'in.tar')
    writeFileSync(tar, Buffer.alloc(4096, 7))
    expect(await runCli(['load', '-i', tar], env())).toEqual({code: 0, stderr: '', stdout: 'Loaded image: app:1\n'})
    const req = lastRequest('/images/load')
    expect(req?.query.get('quiet')).toBe('1')
    expect(req?.headers['content-type']).toBe('application/x-tar')
    expect(req?.body.equals(Buffer.alloc(4096, 7))).toBe(true)
  })

  it('import sends the file, the reference, changes, message and platform', async () => {
    engine.on('POST', '/images/create', (_req, res) => streamLines(res, [{status: `sha256:${'0'.repeat(64)}`}]))
    const tar = path.join(workDir, 'rootfs.tar')
    writeFileSync(tar, 'rootfs')
    const r = await runCli(['import', '-c', 'ENV A=b', '-c', 'CMD ["/x"]', '-m', 'msg', '--platform', 'Linux/AMD64', tar, 'app:2'], env())
    expect(r).toEqual({code: 0, stderr: '', stdout: `sha256:${'0'.repeat(64)}\n`})
    const req = lastRequest('/images/create')
    expect(req?.query.get('fromSrc')).toBe('-')
    expect(req?.query.get('repo')).toBe('app:2')
    expect(req?.query.getAll('changes')).toEqual(['ENV A=b', 'CMD ["/x"]'])
    expect(req?.query.get('message')).toBe('msg')
    expect(req?.query.get('platform')).toBe('linux/amd64')
    expect(req?.headers['x-registry-auth']).toBeUndefined()
    expect(req?.body.toString()).toBe('rootfs')
  })

  it('import of a URL leaves the download to the engine', async () => {
    engine.on('POST', '/images/create', (_req, res) => streamLines(res, [{status: 'Downloading from http://127.0.0.1:9/x.tar'}]))
    await runCli(['import', 'http://127.0.0.1:9/x.tar'], env())
    const req = lastRequest('/images/create')
    expect(req?.query.get('fromSrc')).toBe('http://127.0.0.1:9/x.tar')
    expect(req?.body.length).toBe(0)
  })
})

describe('save', () => {
  it('a save cut off mid-stream leaves no file, and no temporary file, behind', async () => {
    engine.on('GET', '/images/get', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/x-tar', 'Content-Length': '1000000'})
      res.write(Buffer.alloc(65536))
      setTimeout(() => res.destroy(), 50)
    })
    const outDir = path.join(workDir, 'save-out')
    mkdirSync(outDir)
    const r = await runCli(['save', '-o', path.join(outDir, 'x.tar'), 'app:1'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('unexpected EOF\n')
    expect(readdirSync(outDir)).toEqual([])
  })

  it('--platform needs API 1.48', async () => {
    expect(await runCli(['save', '--platform', 'linux/amd64', 'app:1'], env())).toEqual({
      code: 1,
      stderr: '"--platform" requires API version 1.48, but the Docker daemon API version is 1.41\n',
      stdout: '',
    })
  })
})
