// `whalectl pull` and `whalectl build` against a fake engine: what goes on the wire (query,
// X-Registry-Auth / X-Registry-Config, the tar body) and how stream-level failures and Ctrl-C
// end the command. Output parity with docker on a real engine is in test/e2e.
import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import type {ServerResponse} from 'node:http'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BIN_RUN, runCli} from '../fake-engine/run-cli.js'
import {type FakeEngine, type RecordedRequest, sendJSON, startFakeEngine} from '../fake-engine/server.js'

let engine: FakeEngine
let workDir: string
let emptyConfig: string

beforeAll(async () => {
  engine = await startFakeEngine()
  workDir = mkdtempSync(path.join(tmpdir(), 'whalectl-pull-build-'))
  emptyConfig = path.join(workDir, 'empty-config')
  mkdirSync(emptyConfig)
})
afterAll(async () => {
  await engine.close()
  rmSync(workDir, {force: true, recursive: true})
})

const env = (extra: Record<string, string> = {}) => ({DOCKER_CONFIG: emptyConfig, DOCKER_HOST: engine.host, ...extra})

function streamLines(res: ServerResponse, lines: unknown[]): void {
  res.writeHead(200, {'Content-Type': 'application/json'})
  for (const line of lines) res.write(`${JSON.stringify(line)}\r\n`)
  res.end()
}

const lastRequest = (p: string): RecordedRequest | undefined => engine.requests.filter((r) => r.path === p).at(-1)

function decodeHeader(value: string | string[] | undefined): string {
  expect(typeof value).toBe('string')
  const text = value as string
  // Padded base64url: the engine decodes it with Go's base64.URLEncoding.
  expect(text).toMatch(/^[A-Za-z0-9_-]*={0,2}$/)
  expect(text.length % 4).toBe(0)
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')
}

/** Names of the entries in an uncompressed tar (ustar/PAX headers as our context writer makes them). */
function tarNames(tar: Buffer): string[] {
  const names: string[] = []
  let offset = 0
  let paxPath: string | undefined
  while (offset + 512 <= tar.length) {
    const block = tar.subarray(offset, offset + 512)
    if (block.every((b) => b === 0)) break
    const field = (start: number, length: number) => block.toString('latin1', start, start + length).replace(/\0.*$/s, '')
    const size = Number.parseInt(field(124, 12).trim() || '0', 8)
    const type = String.fromCharCode(block[156] ?? 0)
    const body = tar.subarray(offset + 512, offset + 512 + size)
    if (type === 'x') {
      paxPath = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1]
    } else {
      const prefix = field(345, 155)
      names.push(paxPath ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100)))
      paxPath = undefined
    }
    offset += 512 + Math.ceil(size / 512) * 512
  }
  return names
}

describe('pull', () => {
  it('an error inside a 200 stream fails with its message unprefixed, exit 1', async () => {
    engine.on('POST', '/images/create', (_req, res) =>
      streamLines(res, [
        {id: '1', status: 'Pulling from busybox'},
        {error: 'unauthorized: authentication required', errorDetail: {message: 'unauthorized: authentication required'}},
      ]),
    )
    const r = await runCli(['pull', 'example.com/busybox:1'], env())
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('1: Pulling from busybox\n')
    expect(r.stderr).toBe('unauthorized: authentication required\n')
  })

  it('a bare {"error"} line is a failure too', async () => {
    engine.on('POST', '/images/create', (_req, res) => streamLines(res, [{status: 'Pulling from x', id: 'latest'}, {error: 'boom'}]))
    const r = await runCli(['pull', '-q', 'x'], env())
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('boom\n')
  })

  it('success: progress, then the full reference; -q keeps only the reference', async () => {
    engine.on('POST', '/images/create', (_req, res) =>
      streamLines(res, [
        {id: 'latest', status: 'Pulling from library/busybox'},
        {id: 'abc', progressDetail: {}, status: 'Pulling fs layer'},
        {id: 'abc', progress: '[=>   ]', progressDetail: {current: 1, total: 100}, status: 'Downloading'},
        {id: 'abc', progressDetail: {}, status: 'Pull complete'},
        {status: 'Digest: sha256:1234'},
        {status: 'Status: Downloaded newer image for busybox:latest'},
      ]),
    )
    const r = await runCli(['pull', 'busybox'], env())
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      'Using default tag: latest\nlatest: Pulling from library/busybox\nabc: Pulling fs layer\nabc: Pull complete\nDigest: sha256:1234\nStatus: Downloaded newer image for busybox:latest\ndocker.io/library/busybox:latest\n',
    )
    const q = await runCli(['pull', '-q', 'busybox'], env())
    expect(q.stdout).toBe('docker.io/library/busybox:latest\n')
    const request = lastRequest('/images/create')
    expect(request?.url).toBe('/v1.41/images/create?fromImage=docker.io%2Flibrary%2Fbusybox&tag=latest')
    expect(request?.headers['content-length']).toBe('0')
  })

  it('X-Registry-Auth: {} without credentials, the config.json entry for the registry otherwise', async () => {
    engine.on('POST', '/images/create', (_req, res) => streamLines(res, [{status: 'Status: Image is up to date'}]))
    await runCli(['pull', '127.0.0.1:5001/busybox:latest'], env())
    expect(lastRequest('/images/create')?.headers['x-registry-auth']).toBe('e30=')

    const configDir = path.join(workDir, 'auth-config')
    mkdirSync(configDir, {recursive: true})
    const auth = Buffer.from('whale:s3cr:et').toString('base64')
    writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({auths: {'127.0.0.1:5001': {auth}, 'other:1': {auth}}}))
    const r = await runCli(['pull', '127.0.0.1:5001/busybox:latest'], env({DOCKER_CONFIG: configDir}))
    expect(r.code).toBe(0)
    const header = lastRequest('/images/create')?.headers['x-registry-auth']
    expect(decodeHeader(header)).toBe('{"username":"whale","password":"s3cr:et","serveraddress":"127.0.0.1:5001"}')
    // The secret never shows up in what we print, even with --debug.
    const debug = await runCli(['--debug', 'pull', '127.0.0.1:5001/busybox:latest'], env({DOCKER_CONFIG: configDir}))
    expect(debug.stdout + debug.stderr).not.toContain('s3cr')
    expect(debug.stdout + debug.stderr).not.toContain(auth)
  })

  it('a refusal before the stream is "Error response from daemon", exit 1', async () => {
    engine.on('POST', '/images/create', (_req, res) => sendJSON(res, 404, {message: 'manifest for x:nope not found: manifest unknown: manifest unknown'}))
    const r = await runCli(['pull', 'x:nope'], env())
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('Error response from daemon: manifest for x:nope not found: manifest unknown: manifest unknown\n')
  })

  it('--platform and DOCKER_DEFAULT_PLATFORM, lower-cased', async () => {
    engine.on('POST', '/images/create', (_req, res) => streamLines(res, []))
    await runCli(['pull', '--platform', 'Linux/ARM64', 'x:1'], env())
    expect(lastRequest('/images/create')?.query.get('platform')).toBe('linux/arm64')
    await runCli(['pull', 'x:1'], env({DOCKER_DEFAULT_PLATFORM: 'linux/s390x'}))
    expect(lastRequest('/images/create')?.query.get('platform')).toBe('linux/s390x')
  })

  it('a connection dropped mid-stream is "unexpected EOF"', async () => {
    engine.on('POST', '/images/create', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.write('{"status":"Pulling from x","id":"1"}\r\n{"status":"Dow')
      setTimeout(() => res.socket?.destroy(), 50)
    })
    const r = await runCli(['pull', 'x:1'], env())
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('1: Pulling from x\n')
    expect(r.stderr).toBe('unexpected EOF\n')
  })
})

/** Starts the CLI, waits until the engine has answered with `firstLine`, sends SIGINT. */
async function interrupt(args: string[], route: string, firstLine: unknown): Promise<{code: number | null; signal: string | null; stdout: string; closed: boolean}> {
  let closed = false
  let answered!: () => void
  const answeredPromise = new Promise<void>((resolve) => (answered = resolve))
  engine.on('POST', route, (_req, res) => {
    res.writeHead(200, {'Content-Type': 'application/json'})
    res.write(`${JSON.stringify(firstLine)}\r\n`)
    res.on('close', () => (closed = true))
    answered()
    // …and never finishes: only the client can end this request.
  })
  const child = spawn(process.execPath, [BIN_RUN, ...args], {
    cwd: workDir,
    env: {HOME: process.env.HOME, PATH: process.env.PATH, ...env()},
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  child.stdin.end()
  let stdout = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  await answeredPromise
  // Give the client a moment to read the first message.
  await new Promise((r) => setTimeout(r, 300))
  child.kill('SIGINT')
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])))
  await new Promise((r) => setTimeout(r, 100))
  return {closed, code, signal, stdout}
}

describe('Ctrl-C', () => {
  it('pull: closes the request and exits 130', async () => {
    const r = await interrupt(['pull', 'x:1'], '/images/create', {id: '1', status: 'Pulling from x'})
    expect(r.signal).toBeNull()
    expect(r.code).toBe(130)
    expect(r.closed).toBe(true)
    expect(r.stdout).toBe('1: Pulling from x\n')
  })

  it('build: closes the request and exits 130', async () => {
    const ctxDir = path.join(workDir, 'ctrl-c')
    mkdirSync(ctxDir, {recursive: true})
    writeFileSync(path.join(ctxDir, 'Dockerfile'), 'FROM busybox\n')
    const r = await interrupt(['build', ctxDir], '/build', {stream: 'Step 1/1 : FROM busybox\n'})
    expect(r.signal).toBeNull()
    expect(r.code).toBe(130)
    expect(r.closed).toBe(true)
    expect(r.stdout).toMatch(/\r\nStep 1\/1 : FROM busybox\n$/)
  })
})

/** docker 28's notice before every classic build without buildx (lib/plugins/builder-choice.ts). */
const LEGACY_NOTICE = /^DEPRECATED: The legacy builder is deprecated[^\n]*\n(?: {12}[^\n]*\n)*\n/

/** `build` through the CLI, its stderr without the notice; the first test checks the notice itself. */
async function runBuild(args: string[], env: Record<string, string | undefined>, input?: string) {
  const r = await runCli(args, env, input)
  return {...r, stderr: r.stderr.replace(LEGACY_NOTICE, '')}
}

describe('build', () => {
  let ctxDir: string

  beforeAll(() => {
    ctxDir = path.join(workDir, 'ctx')
    mkdirSync(path.join(ctxDir, 'sub'), {recursive: true})
    writeFileSync(path.join(ctxDir, 'Dockerfile'), 'FROM busybox\nCOPY . /ctx\n')
    writeFileSync(path.join(ctxDir, 'a.txt'), 'a')
    writeFileSync(path.join(ctxDir, 'secret.key'), 'k')
    writeFileSync(path.join(ctxDir, 'sub', 'b.txt'), 'b')
    writeFileSync(path.join(ctxDir, '.dockerignore'), '*.key\n')
  })

  const ok = (_req: RecordedRequest, res: ServerResponse) =>
    streamLines(res, [
      {stream: 'Step 1/2 : FROM busybox\n'},
      {stream: ' ---> 0db8342cd846\n'},
      {aux: {ID: 'sha256:c472307a17a7d6a5ab3a1958d4dbec8a1f8d7bc2e876be02dd25ff8c231ad9cb'}},
      {stream: 'Successfully built c472307a17a7\n'},
      {stream: 'Successfully tagged t:1\n'},
    ])

  it('query, headers and the tar body', async () => {
    engine.on('POST', '/build', ok)
    const configDir = path.join(workDir, 'build-config')
    mkdirSync(configDir, {recursive: true})
    writeFileSync(
      path.join(configDir, 'config.json'),
      JSON.stringify({auths: {'127.0.0.1:5000': {auth: Buffer.from('u:p').toString('base64')}, 'https://index.docker.io/v1/': {auth: Buffer.from('hub:pw').toString('base64')}}}),
    )
    const raw = await runCli(['build', '-t', 't:1', '--build-arg', 'X=1', '--label', 'l=v', '--no-cache', ctxDir], env({DOCKER_CONFIG: configDir}))
    const r = {...raw, stderr: raw.stderr.replace(LEGACY_NOTICE, '')}
    expect(LEGACY_NOTICE.exec(raw.stderr)?.[0]).toBe(
      'DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n' +
        '            Install the buildx component to build images with BuildKit:\n' +
        '            https://docs.docker.com/go/buildx/\n\n',
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Sending build context to Docker daemon {2}\d+(\.\d+)?kB\r\r\nStep 1\/2 : FROM busybox\n ---> 0db8342cd846\nSuccessfully built c472307a17a7\nSuccessfully tagged t:1\n$/)
    const request = lastRequest('/build') as RecordedRequest
    expect(request.url).toBe(
      '/v1.41/build?buildargs=%7B%22X%22%3A%221%22%7D&dockerfile=Dockerfile&labels=%7B%22l%22%3A%22v%22%7D&nocache=1&t=t%3A1&version=1',
    )
    expect(request.headers['content-type']).toBe('application/x-tar')
    expect(request.headers['transfer-encoding']).toBe('chunked')
    expect(decodeHeader(request.headers['x-registry-config'])).toBe(
      '{"127.0.0.1:5000":{"username":"u","password":"p","serveraddress":"127.0.0.1:5000"},"https://index.docker.io/v1/":{"username":"hub","password":"pw","serveraddress":"https://index.docker.io/v1/"}}',
    )
    expect(tarNames(request.body).sort()).toEqual(['.dockerignore', 'Dockerfile', 'a.txt', 'sub/', 'sub/b.txt'])
    const sent = /Docker daemon +([\d.]+)kB/.exec(r.stdout)?.[1]
    expect(Number(sent) * 1000).toBeCloseTo(request.body.length, -2)
  })

  it('X-Registry-Config is e30= with no credentials', async () => {
    engine.on('POST', '/build', ok)
    await runBuild(['build', ctxDir], env())
    expect(lastRequest('/build')?.headers['x-registry-config']).toBe('e30=')
  })

  it('-q prints only the engine quiet output; --iidfile gets the aux ID', async () => {
    engine.on('POST', '/build', (_req, res) => streamLines(res, [{stream: 'sha256:c472307a\n'}, {aux: {ID: 'sha256:c472307a'}}]))
    const iid = path.join(workDir, 'iid-q')
    writeFileSync(iid, 'stale')
    const r = await runBuild(['build', '-q', '--iidfile', iid, ctxDir], env())
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('sha256:c472307a\n')
    expect(lastRequest('/build')?.query.get('q')).toBe('1')
    const {readFileSync} = await import('node:fs')
    // With -q docker writes what it printed, newline included.
    expect(readFileSync(iid, 'utf8')).toBe('sha256:c472307a\n')

    engine.on('POST', '/build', ok)
    const iid2 = path.join(workDir, 'iid')
    await runBuild(['build', '--iidfile', iid2, ctxDir], env())
    expect(readFileSync(iid2, 'utf8')).toBe('sha256:c472307a17a7d6a5ab3a1958d4dbec8a1f8d7bc2e876be02dd25ff8c231ad9cb')
  })

  it('a failing step exits with its code; -q then shows the held output on stderr', async () => {
    const failing = (_req: RecordedRequest, res: ServerResponse) =>
      streamLines(res, [
        {stream: 'Step 2/2 : RUN exit 3\n'},
        {error: "The command '/bin/sh -c exit 3' returned a non-zero code: 3", errorDetail: {code: 3, message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3"}},
      ])
    engine.on('POST', '/build', failing)
    const r = await runBuild(['build', ctxDir], env())
    expect(r.code).toBe(3)
    expect(r.stdout).toMatch(/Step 2\/2 : RUN exit 3\n$/)
    expect(r.stderr).toBe("The command '/bin/sh -c exit 3' returned a non-zero code: 3\n")

    const iid = path.join(workDir, 'iid-fail')
    writeFileSync(iid, 'stale')
    const q = await runBuild(['build', '-q', '--iidfile', iid, ctxDir], env())
    expect(q.code).toBe(3)
    expect(q.stdout).toBe('')
    expect(q.stderr).toMatch(/^Sending build context to Docker daemon +[\d.]+kB\r\r\nStep 2\/2 : RUN exit 3\nThe command '\/bin\/sh -c exit 3' returned a non-zero code: 3\n$/)
    const {existsSync} = await import('node:fs')
    expect(existsSync(iid)).toBe(false)
  })

  it('an error without a code exits 1; an HTTP error is prefixed', async () => {
    engine.on('POST', '/build', (_req, res) => streamLines(res, [{errorDetail: {message: 'manifest unknown'}, error: 'manifest unknown'}]))
    const r = await runBuild(['build', ctxDir], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('manifest unknown\n')
    engine.on('POST', '/build', (_req, res) => sendJSON(res, 400, {message: 'dockerfile parse error line 2: unknown instruction: BOGUS'}))
    const h = await runBuild(['build', ctxDir], env())
    expect(h.code).toBe(1)
    expect(h.stderr).toBe('Error response from daemon: dockerfile parse error line 2: unknown instruction: BOGUS\n')
  })

  it('`-` with a Dockerfile on stdin sends a one-file tar', async () => {
    engine.on('POST', '/build', ok)
    const r = await runBuild(['build', '-'], env(), 'FROM busybox\n')
    expect(r.code).toBe(0)
    const request = lastRequest('/build') as RecordedRequest
    expect(request.query.get('dockerfile')).toBe('Dockerfile')
    expect(tarNames(request.body)).toEqual(['Dockerfile'])
  })

  it('--compress gzips the body', async () => {
    engine.on('POST', '/build', ok)
    const r = await runBuild(['build', '--compress', ctxDir], env())
    expect(r.code).toBe(0)
    const body = (lastRequest('/build') as RecordedRequest).body
    expect([body[0], body[1]]).toEqual([0x1f, 0x8b])
    const {gunzipSync} = await import('node:zlib')
    expect(tarNames(gunzipSync(body))).toContain('a.txt')
  })

  it('a git URL is cloned by the CLI, never handed to the engine: without git, docker\'s error', async () => {
    engine.on('POST', '/build', ok)
    const builds = engine.requests.filter((r) => r.path === '/build').length
    // PATH with node alone (bin/run.js's shebang needs it) and no git.
    const bin = path.join(workDir, 'node-only')
    mkdirSync(bin, {recursive: true})
    const {symlinkSync} = await import('node:fs')
    symlinkSync(process.execPath, path.join(bin, 'node'))
    const r = await runBuild(['build', 'git://127.0.0.1/repo.git'], {...env(), PATH: bin})
    expect(r).toEqual({code: 1, stderr: `unable to prepare context: unable to find 'git': exec: "git": executable file not found in $PATH\n`, stdout: ''})
    expect(engine.requests.filter((r) => r.path === '/build').length).toBe(builds)
  })

  it('an http URL is downloaded by the CLI (with its progress line) and sniffed like stdin', async () => {
    const {createServer} = await import('node:http')
    const server = createServer((req, res) => {
      if (req.url === '/Dockerfile') {
        res.writeHead(200, {'Content-Length': '13'})
        res.end('FROM busybox\n')
      } else {
        res.writeHead(404, 'File not found')
        res.end('  nothing here \n')
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as {port: number}).port
    try {
      engine.on('POST', '/build', ok)
      const url = `http://127.0.0.1:${port}/Dockerfile`
      const r = await runBuild(['build', url], env())
      expect(r.code).toBe(0)
      // Printed once: the read that completes a known length carries EOF, as in Go's client.
      expect(r.stdout.startsWith(`Downloading build context from remote url: ${url} [${'='.repeat(50)}>]      13B/13B\rSending build context to Docker daemon`)).toBe(true)
      const request = lastRequest('/build') as RecordedRequest
      expect(request.query.get('dockerfile')).toBe('Dockerfile')
      expect(request.query.get('remote')).toBeNull()
      expect(tarNames(request.body)).toEqual(['Dockerfile'])

      const missing = await runBuild(['build', `http://127.0.0.1:${port}/nope`], env())
      expect(missing.code).toBe(1)
      expect(missing.stderr).toBe(
        `unable to prepare context: unable to download remote context http://127.0.0.1:${port}/nope: failed to GET http://127.0.0.1:${port}/nope with status 404 File not found: nothing here\n`,
      )
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('an unreachable engine: no upload line, the connect error, exit 1', async () => {
    const r = await runBuild(['build', ctxDir], {DOCKER_CONFIG: emptyConfig, DOCKER_HOST: 'unix:///nonexistent-whalectl.sock'})
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('Cannot connect to the Docker daemon at unix:///nonexistent-whalectl.sock. Is the docker daemon running?\n')
  })

  it('DOCKER_BUILDKIT=1 fails as docker without buildx does, before any request', async () => {
    const before = engine.requests.length
    const r = await runBuild(['build', ctxDir], env({DOCKER_BUILDKIT: '1'}))
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      'ERROR: BuildKit is enabled but the buildx component is missing or broken.\n       Install the buildx component to build images with BuildKit:\n       https://docs.docker.com/go/buildx/\n',
    )
    expect(engine.requests.length).toBe(before)
  })
})
