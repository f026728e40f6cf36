// Exit codes and messages for everything that goes wrong before or around the API call,
// against a fake engine (the real-engine parity lives in test/e2e).
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli} from '../fake-engine/run-cli.js'
import {type FakeEngine, sendJSON, startFakeEngine} from '../fake-engine/server.js'

let engine: FakeEngine

beforeAll(async () => {
  engine = await startFakeEngine()
})
afterAll(async () => {
  await engine.close()
})

const env = () => ({DOCKER_CONFIG: '/nonexistent-whalectl-config', DOCKER_HOST: engine.host})

describe('flag and argument errors (no request is made)', () => {
  it('unknown flag: 125 with the usage block', async () => {
    const before = engine.requests.length
    const r = await runCli(['ps', '--foo'], env())
    expect(r.code).toBe(125)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe("unknown flag: --foo\n\nUsage:  whalectl ps [OPTIONS]\n\nRun 'whalectl ps --help' for more information\n")
    expect(engine.requests.length).toBe(before)
  })

  it('bad integer: 125 with strconv wording', async () => {
    const r = await runCli(['ps', '-n', 'abc'], env())
    expect(r.code).toBe(125)
    expect(r.stderr.split('\n')[0]).toBe('invalid argument "abc" for "-n, --last" flag: strconv.ParseInt: parsing "abc": invalid syntax')
  })

  it('malformed filter: 125', async () => {
    const r = await runCli(['ps', '--filter', 'nokey'], env())
    expect(r.code).toBe(125)
    expect(r.stderr.split('\n')[0]).toBe('invalid argument "nokey" for "-f, --filter" flag: bad format of filter (expected name=value)')
  })

  it('a filter value is Go-quoted in the message, as pflag does', async () => {
    const r = await runCli(['ps', '--filter', 'a"b'], env())
    expect(r.code).toBe(125)
    expect(r.stderr.split('\n')[0]).toBe('invalid argument "a\\"b" for "-f, --filter" flag: bad format of filter (expected name=value)')
  })

  it('extra argument: 1', async () => {
    const r = await runCli(['ps', 'extra'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe("whalectl: 'whalectl ps' accepts no arguments\n\nUsage:  whalectl ps [OPTIONS]\n\nRun 'whalectl ps --help' for more information\n")
  })

  it('unknown command: 1', async () => {
    const r = await runCli(['frobnicate'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe("whalectl: unknown command: whalectl frobnicate\n\nRun 'whalectl --help' for more information\n")
  })

  it('two -H: 1', async () => {
    const r = await runCli(['-H', 'unix:///a', '-H', 'unix:///b', 'ps'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('Specify only one -H\n')
  })

  it('--help prints help on stdout and exits 0 without contacting the engine', async () => {
    const r = await runCli(['ps', '--help'], env())
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('List containers')
    expect(r.stdout).toContain('--no-trunc')
  })

  it('run --env-file is ours, not node\'s (Node 20 scans its argv for --env-file)', async () => {
    const r = await runCli(['run', '--env-file', '/nonexistent-whalectl.env', 'busybox', 'true'], env())
    expect(r.stderr).toBe("whalectl: open /nonexistent-whalectl.env: no such file or directory\n\nRun 'whalectl run --help' for more information\n")
    expect(r.code).toBe(125)
  })

  it('--version', async () => {
    const r = await runCli(['--version'], env())
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Docker version 28\.2\.2-whalectl\.\d+\.\d+\.\d+, build \S+\n$/)
  })

  it('template errors are found before the API call: exit 1', async () => {
    const before = engine.requests.length
    const parse = await runCli(['ps', '--format', '{{.ID'], env())
    expect(parse.code).toBe(1)
    expect(parse.stderr).toBe('failed to parse template: template: :1: unclosed action\n')
    const exec = await runCli(['ps', '--format', '{{.Nope}}'], env())
    expect(exec.code).toBe(1)
    expect(exec.stderr).toBe('failed to execute template: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext\n')
    expect(engine.requests.length).toBe(before)
  })
})

describe('engine errors', () => {
  it('an unreachable daemon', async () => {
    const r = await runCli(['ps'], {DOCKER_CONFIG: '/nonexistent', DOCKER_HOST: 'unix:///nonexistent.sock'})
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?\n')
  })

  it('a DOCKER_HOST that does not parse', async () => {
    const r = await runCli(['ps'], {DOCKER_HOST: 'bogus://x'})
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('Failed to initialize: unable to resolve docker endpoint: invalid bind address format: bogus://x\n')
  })

  it('a JSON error from the daemon', async () => {
    engine.on('GET', '/containers/json', (_req, res) => sendJSON(res, 500, {message: 'boom\n'}))
    const r = await runCli(['ps'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('Error response from daemon: boom\n')
  })

  it('a filter the daemon rejects', async () => {
    engine.on('GET', '/containers/json', (_req, res) => sendJSON(res, 400, {message: "Invalid filter 'bogus'"}))
    const r = await runCli(['ps', '-f', 'bogus=1'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe("Error response from daemon: Invalid filter 'bogus'\n")
  })

  it('an empty error body', async () => {
    engine.on('GET', '/containers/json', (_req, res) => {
      res.writeHead(502)
      res.end()
    })
    const r = await runCli(['ps'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      `request returned 502 Bad Gateway for API route and version http://${encodeURIComponent(engine.socketPath)}/v1.41/containers/json, check if the server supports the requested API version\n`,
    )
  })

  it('JSON of the wrong shape', async () => {
    engine.on('GET', '/containers/json', (_req, res) => sendJSON(res, 200, {not: 'a list'}))
    const r = await runCli(['ps'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('json: cannot unmarshal object into Go value of type []container.Summary\n')
  })

  it('garbage instead of JSON', async () => {
    engine.on('GET', '/containers/json', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end('garbage')
    })
    const r = await runCli(['ps'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe("invalid character 'g' looking for beginning of value\n")
  })
})

describe('API version negotiation and the list query', () => {
  const lastListUrl = () => engine.requests.filter((r) => r.path === '/containers/json').at(-1)?.url

  it('uses the daemon version, pinned DOCKER_API_VERSION, and sorted query keys', async () => {
    engine.on('GET', '/containers/json', (_req, res) => sendJSON(res, 200, []))
    const r = await runCli(['ps', '-a', '-s', '-n', '3', '-f', 'status=exited', '-f', 'label=a'], env())
    expect(r.code).toBe(0)
    expect(lastListUrl()).toBe(`/v1.41/containers/json?all=1&filters=${encodeURIComponent('{"label":{"a":true},"status":{"exited":true}}')}&limit=3&size=1`)
    const pinned = await runCli(['ps'], {...env(), DOCKER_API_VERSION: '1.40'})
    expect(pinned.code).toBe(0)
    expect(lastListUrl()).toBe('/v1.40/containers/json')
    await runCli(['ps', '-l'], env())
    expect(lastListUrl()).toBe('/v1.41/containers/json?limit=1')
    // docker ignores an empty --filter
    const empty = await runCli(['ps', '--filter', ''], env())
    expect(empty.code).toBe(0)
    expect(lastListUrl()).toBe('/v1.41/containers/json')
  })

  it('falls back to 1.24 when the ping has no API-Version header', async () => {
    const old = await startFakeEngine({apiVersion: null})
    old.on('GET', '/containers/json', (_req, res) => sendJSON(res, 200, []))
    const r = await runCli(['ps'], {DOCKER_HOST: old.host})
    expect(r.code).toBe(0)
    expect(old.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['HEAD /_ping', 'GET /v1.24/containers/json'])
    await old.close()
  })
})
