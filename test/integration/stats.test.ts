// `stats` and `commit` against a fake engine: the requests made, and the protocol's awkward
// cases (streams that break, end or say nothing, events that stop, signals). Parity with the
// reference docker CLI on the same samples is in test/e2e/stats-commit.e2e.test.ts; the cases
// here where whalectl knowingly differs from docker 28 say so.
import {spawn} from 'node:child_process'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {BIN_RUN, runCli} from '../fake-engine/run-cli.js'
import {type FakeEngine, sendJSON, startFakeEngine} from '../fake-engine/server.js'
import {CASES, fixtureID, RECORDED_V1, serveListAndEvents, serveStats} from '../fake-engine/stats.js'

let engine: FakeEngine

beforeAll(async () => {
  engine = await startFakeEngine()
  serveStats(engine, 'busy', {samples: [RECORDED_V1[1] as string]})
  serveStats(engine, 'v2', {samples: [CASES['v2'] as string]})
})
afterAll(async () => {
  await engine.close()
})
beforeEach(() => {
  engine.requests.length = 0
})

const env = (): Record<string, string> => ({DOCKER_CONFIG: '/nonexistent-whalectl-config', DOCKER_HOST: engine.host})
const urls = (): string[] => engine.requests.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url.replace(/^\/v[\d.]+/, '')}`)
const ROW = 'f2a93a47e49c   busy      57.15%    920KiB / 23.54GiB   0.00%     0B / 0B   0B / 0B     1'
const BROKEN_ROW = 'f2a93a47e49c   busy      --        -- / --             --        --        --          --'

/** Runs whalectl until its output contains `text` `times` times, then sends `signal`. */
function signalAfter(args: string[], text: string, times: number, signal: NodeJS.Signals): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN_RUN, ...args], {env: {HOME: process.env.HOME, PATH: process.env.PATH, ...env()}})
    let stdout = ''
    let stderr = ''
    let sent = false
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (!sent && stdout.split(text).length > times) {
        sent = true
        child.kill(signal)
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`no exit: ${stdout}`))
    }, 15_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, stderr, stdout})
    })
  })
}

describe('stats', () => {
  it('--no-stream asks for one sample per container, as docker does (no one-shot)', async () => {
    const result = await runCli(['stats', '--no-stream', 'busy', 'v2'], env())
    expect(result.stdout.split('\n')[1]?.replace(/ +/g, ' ')).toBe(ROW.replace(/ +/g, ' '))
    expect(result.code).toBe(0)
    expect(urls().sort()).toEqual(['GET /containers/busy/stats?stream=0', 'GET /containers/v2/stats?stream=0'])
  })

  it('every container: events of type container first, then the list (all with -a)', async () => {
    serveListAndEvents(engine, [{id: fixtureID('a'), name: 'v2'}])
    serveStats(engine, fixtureID('a').slice(0, 12), {samples: [CASES['v2'] as string]})
    await runCli(['stats', '--no-stream'], env())
    expect(urls()).toEqual([
      `GET /events?filters=${encodeURIComponent('{"type":{"container":true}}')}`,
      'GET /containers/json',
      `GET /containers/${fixtureID('a').slice(0, 12)}/stats?stream=0`,
    ])
    engine.requests.length = 0
    await runCli(['stats', '--no-stream', '--all'], env())
    expect(urls()).toContain('GET /containers/json?all=1')
  })

  it('a failing list is the error', async () => {
    engine.on('GET', '/containers/json', (_req, res) => sendJSON(res, 500, {message: 'list broke'}))
    const result = await runCli(['stats', '--no-stream'], env())
    expect(result).toEqual({code: 1, stderr: 'Error response from daemon: list broke\n', stdout: ''})
  })

  it('an engine error on the stats request is the error', async () => {
    engine.on('GET', '/containers/bad/stats', (_req, res) => sendJSON(res, 500, {message: 'cgroup gone'}))
    const result = await runCli(['stats', '--no-stream', 'bad'], env())
    expect(result).toEqual({code: 1, stderr: 'Error response from daemon: cgroup gone\n', stdout: ''})
  })

  it('a stats stream that is not JSON: its decode error, exit 1 (docker 28 retries it forever)', async () => {
    engine.on('GET', '/containers/garbage/stats', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.write('{"read": x}\n')
    })
    const result = await runCli(['stats', '--no-stream', 'garbage'], env())
    expect(result).toEqual({code: 1, stderr: "invalid character 'x' looking for beginning of value\n", stdout: ''})
  })

  it('a stream cut off while streaming: the row turns to --', async () => {
    engine.on('GET', '/containers/cut/stats', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.write(`${RECORDED_V1[1]}\n`)
      setTimeout(() => res.socket?.destroy(), 800)
    })
    const result = await signalAfter(['stats', 'cut'], BROKEN_ROW, 2, 'SIGKILL')
    expect(result.stdout).toContain(`${ROW}\n`)
    expect(result.stdout).toContain(BROKEN_ROW)
  })

  it('SIGTERM while streaming named containers: one last frame of -- rows, exit 143 (docker 28 keeps going)', async () => {
    serveStats(engine, 'held', {intervalMs: 300, samples: [RECORDED_V1[1] as string]})
    const result = await signalAfter(['stats', 'held'], ROW, 2, 'SIGTERM')
    expect(result.code).toBe(143)
    expect(result.stderr).toBe('')
    const frames = result.stdout.split('\x1b[J').filter((f) => f !== '')
    expect(frames.at(-1)).toContain(BROKEN_ROW)
  })

  it('SIGINT while waiting for a first sample: nothing printed, exit 130', async () => {
    engine.on('GET', '/containers/silent/stats', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.write('')
    })
    const child = spawn(process.execPath, [BIN_RUN, 'stats', '--no-stream', 'silent'], {env: {HOME: process.env.HOME, PATH: process.env.PATH, ...env()}})
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    while (!urls().includes('GET /containers/silent/stats?stream=0')) await new Promise((resolve) => setTimeout(resolve, 20))
    child.kill('SIGINT')
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect([code, out]).toEqual([130, ''])
  })

  it('the events stream ending: "EOF", exit 1, after the frame drawn', async () => {
    serveListAndEvents(engine, [{id: fixtureID('a'), name: 'v2'}])
    engine.on('GET', '/events', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      setTimeout(() => res.end(), 300)
    })
    const result = await runCli(['stats', '--format', '{{.Name}}'], env())
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('EOF\n')
    expect(result.stdout).toMatch(/^\x1b\[Hv2\n/)
  })

  it('the events connection breaking (a daemon restart): a quiet end, exit 0', async () => {
    serveListAndEvents(engine, [])
    engine.on('GET', '/events', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.write('{"Type":"container","Act')
      setTimeout(() => res.socket?.destroy(), 300)
    })
    const result = await runCli(['stats'], env())
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
  })

  it('a bad flag value: 125 before any request', async () => {
    const result = await runCli(['stats', '--no-stream=maybe'], env())
    expect(result.code).toBe(125)
    expect(result.stderr).toContain('invalid argument "maybe" for "--no-stream" flag')
    expect(urls()).toEqual([])
  })
})

describe('commit', () => {
  beforeAll(() => {
    engine.on('POST', '/commit', (_req, res) => {
      res.writeHead(201, {'Content-Type': 'application/json'})
      res.end('{"Id":"sha256:abc"}\n')
    })
  })

  // The query strings docker 28.2.2 sends for the same command lines (recorded).
  it.each([
    [['c1'], '/commit?author=&comment=&container=c1&repo=&tag='],
    [['c1', 'busybox'], '/commit?author=&comment=&container=c1&repo=docker.io%2Flibrary%2Fbusybox&tag=latest'],
    [['-p=false', '-m', 'hi there', '-a', 'Me <a@b>', '-c', 'ENV A=1', '-c', 'CMD ["sh"]', 'c1', 'Foo/bar:t'], '/commit?author=Me+%3Ca%40b%3E&changes=ENV+A%3D1&changes=CMD+%5B%22sh%22%5D&comment=hi+there&container=c1&pause=0&repo=Foo%2Fbar&tag=t'],
    [['c1', 'foo/bar:t'], '/commit?author=&comment=&container=c1&repo=docker.io%2Ffoo%2Fbar&tag=t'],
    [['c1', 'localhost:5000/x'], '/commit?author=&comment=&container=c1&repo=localhost%3A5000%2Fx&tag=latest'],
  ])('commit %j sends docker query, no body', async (args, url) => {
    const result = await runCli(['commit', ...args], env())
    expect(result).toEqual({code: 0, stderr: '', stdout: 'sha256:abc\n'})
    const [request] = engine.requests.filter((r) => r.path === '/commit')
    expect(request?.url.replace(/^\/v[\d.]+/, '')).toBe(url)
    expect(request?.headers['content-length']).toBe('0')
    expect(request?.headers['content-type']).toBeUndefined()
  })

  it.each([
    ['x@sha256:' + 'a'.repeat(64), 'refusing to create a tag with a digest reference'],
    ['a:b:c', 'invalid reference format'],
    ['UPPER', 'invalid reference format: repository name (library/UPPER) must be lowercase'],
  ])('a bad reference %s is refused before any request', async (ref, message) => {
    const result = await runCli(['commit', 'c1', ref], env())
    expect(result).toEqual({code: 1, stderr: `${message}\n`, stdout: ''})
    expect(engine.requests.filter((r) => r.path === '/commit')).toEqual([])
  })
})
