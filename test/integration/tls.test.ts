// DOCKER_HOST=tcp:// with TLS: the CLI verifies the daemon with DOCKER_CERT_PATH/ca.pem.
import {execFile, execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createServer as createHttpServer} from 'node:http'
import {createServer, type Server} from 'node:https'
import type {AddressInfo} from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {referenceDocker} from '../engine/harness.js'
import {runCli} from '../fake-engine/run-cli.js'

let dir: string
let server: Server
let port: number
const paths: string[] = []

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-tls-'))
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
  ], {stdio: 'ignore'})
  const cert = readFileSync(path.join(dir, 'cert.pem'))
  writeFileSync(path.join(dir, 'ca.pem'), cert)
  server = createServer({cert, key: readFileSync(path.join(dir, 'key.pem'))}, (req, res) => {
    paths.push(`${req.method} ${req.url}`)
    if (req.url === '/_ping') {
      res.writeHead(200, {'Api-Version': '1.41'})
      res.end()
      return
    }
    res.writeHead(200, {'Content-Type': 'application/json'})
    res.end(JSON.stringify([{Command: 'sleep 9', Created: Math.floor(Date.now() / 1000) - 7200, Id: 'a'.repeat(64), Image: 'busybox', ImageID: 'sha256:' + 'b'.repeat(64), Labels: {}, Mounts: [], Names: ['/tls'], Ports: [], State: 'running', Status: 'Up 2 hours'}]))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  rmSync(dir, {force: true, recursive: true})
})

describe('TLS', () => {
  it('talks to a TLS daemon verified with DOCKER_CERT_PATH/ca.pem', async () => {
    const r = await runCli(['ps', '--format', '{{.Names}} {{.RunningFor}}'], {
      DOCKER_CERT_PATH: dir,
      DOCKER_CONFIG: dir,
      DOCKER_HOST: `tcp://127.0.0.1:${port}`,
      DOCKER_TLS_VERIFY: '1',
    })
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('tls 2 hours ago\n')
    expect(r.code).toBe(0)
    expect(paths).toContain('GET /v1.41/containers/json')
  })

  it('the same through --tlsverify --tlscacert flags', async () => {
    const r = await runCli(['-H', `tcp://127.0.0.1:${port}`, '--tlsverify', '--tlscacert', path.join(dir, 'ca.pem'), 'ps', '-q'], {DOCKER_CONFIG: '/nonexistent'})
    expect(r.stdout).toBe('aaaaaaaaaaaa\n')
    expect(r.code).toBe(0)
  })

  it('accepts any certificate with --tls alone, and refuses one a wrong CA did not sign', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'whalectl-tls-other-'))
    // docker reads ca.pem whenever TLS is on, verifying or not, so one must exist.
    const noCa = await runCli(['-H', `tcp://127.0.0.1:${port}`, '--tls', 'ps', '-q'], {DOCKER_CERT_PATH: other, DOCKER_CONFIG: other})
    expect(noCa).toEqual({code: 1, stderr: `Failed to initialize: unable to resolve docker endpoint: open ${other}/ca.pem: no such file or directory\n`, stdout: ''})
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=someone-else',
      '-keyout', path.join(other, 'key.pem'), '-out', path.join(other, 'ca.pem'),
    ], {stdio: 'ignore'})
    const noVerify = await runCli(['-H', `tcp://127.0.0.1:${port}`, '--tls', 'ps', '-q'], {DOCKER_CERT_PATH: other, DOCKER_CONFIG: other})
    expect(noVerify.code).toBe(0)
    expect(noVerify.stdout).toBe('aaaaaaaaaaaa\n')
    const wrongCa = await runCli(['-H', `tcp://127.0.0.1:${port}`, '--tlsverify', 'ps'], {DOCKER_CERT_PATH: other, DOCKER_CONFIG: other})
    expect(wrongCa.code).toBe(1)
    expect(wrongCa.stdout).toBe('')
    expect(wrongCa.stderr).toMatch(/^error during connect: .*(certificate|self.signed)/i)
    rmSync(other, {force: true, recursive: true})
  })

  it('requires ca.pem when verifying', async () => {
    const r = await runCli(['-H', `tcp://127.0.0.1:${port}`, '--tlsverify', 'ps'], {DOCKER_CERT_PATH: path.join(dir, 'missing'), DOCKER_CONFIG: dir})
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`Failed to initialize: unable to resolve docker endpoint: open ${path.join(dir, 'missing')}/ca.pem: no such file or directory\n`)
  })
})

/** The reference docker on the same fake daemon: its exit code and stderr. */
function runDocker(args: string[], env: Record<string, string>): Promise<{code: number; stderr: string}> {
  return new Promise((resolve) => {
    execFile(referenceDocker, args, {env: {HOME: process.env.HOME, PATH: process.env.PATH, ...env}}, (error, _stdout, stderr) => {
      resolve({code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stderr})
    })
  })
}

describe('TLS failures, in docker\'s words (Go\'s crypto/tls and x509 texts)', () => {
  let plain: ReturnType<typeof createHttpServer>
  let plainPort: number
  let other: string

  beforeAll(async () => {
    plain = createHttpServer((_req, res) => res.end('{}'))
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve))
    plainPort = (plain.address() as AddressInfo).port
    other = mkdtempSync(path.join(os.tmpdir(), 'whalectl-tls-other-'))
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=someone-else',
      '-keyout', path.join(other, 'key.pem'), '-out', path.join(other, 'ca.pem'),
    ], {stdio: 'ignore'})
  })

  afterAll(async () => {
    await new Promise<void>((resolve) => plain.close(() => resolve()))
    rmSync(other, {force: true, recursive: true})
  })

  it.each([
    ['a CA that did not sign the certificate', () => `tcp://127.0.0.1:${port}`, () => path.join(other, 'ca.pem')],
    ['a host name the certificate (IP SAN only) does not name', () => `tcp://localhost:${port}`, () => path.join(dir, 'ca.pem')],
    ['a daemon that answers in plain HTTP', () => `tcp://127.0.0.1:${plainPort}`, () => path.join(dir, 'ca.pem')],
  ])('%s', async (_what, host, ca) => {
    for (const command of [['ps'], ['exec', 'x', 'true'], ['logs', 'x']]) {
      const args = ['-H', host(), '--tlsverify', '--tlscacert', ca(), ...command]
      const ours = await runCli(args, {DOCKER_CONFIG: '/nonexistent'})
      const theirs = await runDocker(args, {DOCKER_CONFIG: '/nonexistent'})
      expect({code: ours.code, stderr: ours.stderr}, args.join(' ')).toEqual(theirs)
      expect(ours.stderr).toMatch(/^error during connect: Get "https:\/\/.*": (tls|http): /)
    }
  })
})

