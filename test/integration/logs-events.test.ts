// `logs` and `events` against a fake engine: the wire protocol's awkward cases (frames and JSON
// split across chunks, stream errors, 404s, follow ending, signals) and the exact requests made.
// Parity with the real docker CLI is in test/e2e/logs.e2e.test.ts and events.e2e.test.ts.
import {spawn} from 'node:child_process'
import type {ServerResponse} from 'node:http'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {BIN_RUN, runCli} from '../fake-engine/run-cli.js'
import {type FakeEngine, type RecordedRequest, sendJSON, startFakeEngine} from '../fake-engine/server.js'
import {frame} from '../fake-engine/frames.js'

const FULL_ID = 'c0ffee'.padEnd(64, '0')

let engine: FakeEngine

beforeAll(async () => {
  engine = await startFakeEngine()
})
afterAll(async () => {
  await engine.close()
})
beforeEach(() => {
  engine.requests.length = 0
})

const env = (): Record<string, string> => ({DOCKER_CONFIG: '/nonexistent-whalectl-config', DOCKER_HOST: engine.host, TZ: 'UTC'})


const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Writes `data` in pieces cut at `cuts`, pausing between them so each arrives on its own. */
async function writeInPieces(res: ServerResponse, data: Buffer, cuts: number[]): Promise<void> {
  let from = 0
  for (const cut of [...cuts, data.length]) {
    res.write(data.subarray(from, cut))
    from = cut
    await pause(15)
  }
}

function inspectAs(tty: boolean): void {
  engine.on('GET', `/containers/c1/json`, (_req, res) => sendJSON(res, 200, {Config: {Tty: tty}, Id: FULL_ID}))
}

function logsRequests(): RecordedRequest[] {
  return engine.requests.filter((r) => r.path.endsWith('/logs'))
}

/** Runs whalectl until it has printed something, then sends `signal`. */
function interruptAfterOutput(args: string[], signal: NodeJS.Signals): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN_RUN, ...args], {env: {HOME: process.env.HOME, PATH: process.env.PATH, ...env()}})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout === '') setTimeout(() => child.kill(signal), 50)
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error('no output, or no exit after the signal'))
    }, 10_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, stderr, stdout})
    })
  })
}

describe('logs', () => {
  it('demultiplexes frames split anywhere, byte for byte', async () => {
    inspectAs(false)
    const body = Buffer.concat([frame(1, 'out1\n'), frame(2, 'err1\n'), frame(1, ''), frame(1, 'x'.repeat(70_000)), frame(1, '\n'), frame(2, 'last, no newline')])
    engine.on('GET', `/containers/${FULL_ID}/logs`, async (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/vnd.docker.multiplexed-stream'})
      // cut inside the first header, inside a payload, between header and payload
      await writeInPieces(res, body, [3, 10, 13, 21, 30, 40, 1000, 60_000])
      res.end()
    })
    const r = await runCli(['logs', 'c1'], env())
    expect(r.stderr).toBe('err1\nlast, no newline')
    expect(r.stdout).toBe(`out1\n${'x'.repeat(70_000)}\n`)
    expect(r.code).toBe(0)
  })

  it('sends docker query: both streams, tail always, converted times', async () => {
    inspectAs(false)
    engine.on('GET', `/containers/${FULL_ID}/logs`, (_req, res) => {
      res.writeHead(200)
      res.end()
    })
    const r = await runCli(['logs', '-f', '-t', '--details', '-n', '5', '--since', '2026-11-23T10:00:00.5Z', '--until', '1700000000', 'c1'], env())
    expect(r.code).toBe(0)
    expect(engine.requests.map((q) => `${q.method} ${q.url}`)).toEqual([
      'HEAD /_ping',
      'GET /v1.41/containers/c1/json',
      `GET /v1.41/containers/${FULL_ID}/logs?details=1&follow=1&since=1795428000.500000000&stderr=1&stdout=1&tail=5&timestamps=1&until=1700000000`,
    ])
    const plain = await runCli(['logs', 'c1'], env())
    expect(plain.code).toBe(0)
    expect(logsRequests().at(-1)?.url).toBe(`/v1.41/containers/${FULL_ID}/logs?stderr=1&stdout=1&tail=all`)
  })

  it('copies a TTY log raw, even bytes that look like frame headers', async () => {
    inspectAs(true)
    const raw = Buffer.concat([frame(2, 'not a frame\r\n'), Buffer.from([0xff, 0, 1])])
    engine.on('GET', `/containers/${FULL_ID}/logs`, async (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/vnd.docker.raw-stream'})
      await writeInPieces(res, raw, [5])
      res.end()
    })
    const child = spawn(process.execPath, [BIN_RUN, 'logs', 'c1'], {env: {PATH: process.env.PATH, ...env()}})
    const chunks: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => chunks.push(c))
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).toBe(0)
    expect(Buffer.concat(chunks)).toEqual(raw)
  })

  it('follows until the engine ends the stream, then exits 0', async () => {
    inspectAs(false)
    engine.on('GET', `/containers/${FULL_ID}/logs`, async (_req, res) => {
      res.writeHead(200)
      for (let i = 0; i < 5; i++) {
        res.write(frame(1, `tick ${i}\n`))
        await pause(60)
      }
      res.end()
    })
    const r = await runCli(['logs', '-f', 'c1'], env())
    expect(r.stdout).toBe('tick 0\ntick 1\ntick 2\ntick 3\ntick 4\n')
    expect(r.code).toBe(0)
  })

  it('reports an error frame from the daemon after what came before it', async () => {
    inspectAs(false)
    engine.on('GET', `/containers/${FULL_ID}/logs`, (_req, res) => {
      res.writeHead(200)
      res.end(Buffer.concat([frame(1, 'ok\n'), frame(3, 'boom'), frame(1, 'never\n')]))
    })
    const r = await runCli(['logs', 'c1'], env())
    expect(r.stdout).toBe('ok\n')
    expect(r.stderr).toBe('error from daemon in stream: boom\n')
    expect(r.code).toBe(1)
  })

  it('reports a connection dropped mid-log as Go does (unexpected EOF)', async () => {
    inspectAs(true)
    engine.on('GET', `/containers/${FULL_ID}/logs`, (_req, res) => {
      res.writeHead(200)
      res.write('partial')
      setTimeout(() => res.socket?.destroy(), 50)
    })
    const r = await runCli(['logs', 'c1'], env())
    expect(r).toEqual({code: 1, stderr: 'unexpected EOF\n', stdout: 'partial'})
  })

  it('passes the engine errors through: unknown container, unreadable log', async () => {
    engine.on('GET', '/containers/nosuch/json', (_req, res) => sendJSON(res, 404, {message: 'No such container: nosuch'}))
    const missing = await runCli(['logs', 'nosuch'], env())
    expect(missing).toEqual({code: 1, stderr: 'Error response from daemon: No such container: nosuch\n', stdout: ''})
    expect(logsRequests()).toEqual([])

    inspectAs(false)
    engine.on('GET', `/containers/${FULL_ID}/logs`, (_req, res) =>
      sendJSON(res, 501, {message: 'configured logging driver does not support reading'}),
    )
    const unreadable = await runCli(['logs', 'c1'], env())
    expect(unreadable).toEqual({code: 1, stderr: 'Error response from daemon: configured logging driver does not support reading\n', stdout: ''})
  })

  it('checks --since after finding the container, with docker wording', async () => {
    inspectAs(false)
    const r = await runCli(['logs', '--since', 'garbage', 'c1'], env())
    expect(r).toEqual({code: 1, stderr: 'invalid value for "since": failed to parse value as time or duration: "garbage"\n', stdout: ''})
    const until = await runCli(['logs', '--until', '2026-13-01', 'c1'], env())
    expect(until.stderr).toBe('invalid value for "until": parsing time "2026-13-01": month out of range\n')
    expect(engine.requests.map((q) => q.path)).toContain('/containers/c1/json')
    expect(logsRequests()).toEqual([])
  })

  it('rejects a blank name without asking the engine, and escapes names in paths', async () => {
    const blank = await runCli(['logs', ' '], env())
    expect(blank).toEqual({code: 1, stderr: 'invalid container name or ID: value is empty\n', stdout: ''})
    expect(engine.requests).toEqual([])
    await runCli(['logs', 'a b?'], env())
    expect(engine.requests.at(-1)?.url).toBe('/v1.41/containers/a%20b%3F/json')
  })

  it('wants exactly one container', async () => {
    const r = await runCli(['logs'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe("whalectl: 'whalectl logs' requires 1 argument\n\nUsage:  whalectl logs [OPTIONS] CONTAINER\n\nRun 'whalectl logs --help' for more information\n")
  })

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('ends quietly on %s with 128+signo', async (signal, status) => {
    inspectAs(false)
    engine.on('GET', `/containers/${FULL_ID}/logs`, (_req, res) => {
      res.writeHead(200)
      res.write(frame(1, 'first\n'))
      // and then nothing, for ever
    })
    const r = await interruptAfterOutput(['logs', '-f', 'c1'], signal)
    expect(r).toEqual({code: status, stderr: '', stdout: 'first\n'})
  })
})

const ID = 'a'.repeat(64)
const event = (action: string, nanos: string, attributes: Record<string, string> = {name: 'web', image: 'busybox'}): string =>
  JSON.stringify({Action: action, Actor: {Attributes: attributes, ID}, Type: 'container', from: 'busybox', id: ID, scope: 'local', status: action, time: 1795975987}).replace(
    /}$/,
    `,"timeNano":1795975987${nanos}}`,
  )

describe('events', () => {
  it('decodes objects split across chunks and prints docker lines', async () => {
    const body = Buffer.from(`${event('create', '000000001')}\n${event('start', '123456789')}${event('die', '999999999', {exitCode: '0', name: 'web', image: 'busybox'})}\n`)
    engine.on('GET', '/events', async (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      // cut inside a key, inside timeNano's digits, and between two objects
      await writeInPieces(res, body, [20, body.indexOf('timeNano') + 14, body.indexOf('}{') + 1])
      res.end()
    })
    const r = await runCli(['events', '--since', '1795975980', '--until', '1795975990'], env())
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      [
        `2026-11-29T18:13:07.000000001Z container create ${ID} (image=busybox, name=web)`,
        `2026-11-29T18:13:07.123456789Z container start ${ID} (image=busybox, name=web)`,
        `2026-11-29T18:13:07.999999999Z container die ${ID} (exitCode=0, image=busybox, name=web)`,
        '',
      ].join('\n'),
    )
    expect(r.code).toBe(0)
    expect(engine.requests.at(-1)?.url).toBe('/v1.41/events?since=1795975980&until=1795975990')
  })

  it('encodes filters as docker does', async () => {
    engine.on('GET', '/events', (_req, res) => {
      res.writeHead(200)
      res.end()
    })
    const r = await runCli(['events', '-f', 'type=container', '--filter', 'event=start', '-f', 'event=die', '-f', 'container=web'], env())
    expect(r.code).toBe(0)
    const filters = engine.requests.at(-1)?.query.get('filters')
    expect(filters).toBe('{"container":{"web":true},"event":{"die":true,"start":true},"type":{"container":true}}')
  })

  it('formats with templates and the json keyword', async () => {
    engine.on('GET', '/events', (_req, res) => {
      res.writeHead(200)
      res.end(event('start', '000000042', {name: 'web', x: '<a&b>'}))
    })
    const json = await runCli(['events', '--format', 'json'], env())
    expect(json.stdout).toBe(
      `{"status":"start","id":"${ID}","from":"busybox","Type":"container","Action":"start","Actor":{"ID":"${ID}","Attributes":{"name":"web","x":"<a&b>"}},"scope":"local","time":1795975987,"timeNano":1795975987000000042}\n`,
    )
    const custom = await runCli(['events', '--format', '{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.TimeNano}}'], env())
    expect(custom.stdout).toBe('container start web 1795975987000000042\n')
  })

  it('refuses a bad template with 64 before connecting', async () => {
    const parse = await runCli(['events', '--format', '{{.Type'], env())
    expect(parse).toEqual({code: 64, stderr: 'Error parsing format: template: :1: unclosed action\n', stdout: ''})
    const field = await runCli(['events', '--format', '{{.Nope}}'], env())
    expect(field).toEqual({
      code: 64,
      stderr: 'Error parsing format: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *events.Message\n',
      stdout: '',
    })
    expect(engine.requests).toEqual([])
  })

  it('ends the line and fails when a template breaks on a real event', async () => {
    engine.on('GET', '/events', (_req, res) => {
      res.writeHead(200)
      res.end(event('start', '000000001'))
    })
    const r = await runCli(['events', '--format', '{{.Action}}:{{.Actor.Attributes.name.x}}'], env())
    expect(r.stdout).toBe('start:\n')
    expect(r.stderr).toBe('template: :1:20: executing "" at <.Actor.Attributes.name.x>: can\'t evaluate field x in type string\n')
    expect(r.code).toBe(1)
  })

  it('prints what came before malformed JSON, then Go decoder error', async () => {
    engine.on('GET', '/events', (_req, res) => {
      res.writeHead(200)
      res.end(`${event('start', '000000001')}\nxyz`)
    })
    const r = await runCli(['events', '--format', '{{.Action}}'], env())
    expect(r).toEqual({code: 1, stderr: "invalid character 'x' looking for beginning of value\n", stdout: 'start\n'})
  })

  it('reports a connection dropped mid-stream as Go does (unexpected EOF)', async () => {
    engine.on('GET', '/events', (_req, res) => {
      res.writeHead(200)
      res.write(`${event('start', '000000001')}{"Type":`)
      setTimeout(() => res.socket?.destroy(), 50)
    })
    const r = await runCli(['events', '--format', '{{.Action}}'], env())
    expect(r).toEqual({code: 1, stderr: 'unexpected EOF\n', stdout: 'start\n'})
  })

  it('rejects bad --since/--until with the unwrapped message, without a request', async () => {
    const r = await runCli(['events', '--since', 'garbage'], env())
    expect(r).toEqual({code: 1, stderr: 'failed to parse value as time or duration: "garbage"\n', stdout: ''})
    const until = await runCli(['events', '--until', '2026-02-30'], env())
    expect(until.stderr).toBe('parsing time "2026-02-30": day out of range\n')
    expect(engine.requests).toEqual([])
  })

  it('takes no arguments', async () => {
    const r = await runCli(['events', 'x'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe("whalectl: 'whalectl events' accepts no arguments\n\nUsage:  whalectl events [OPTIONS]\n\nRun 'whalectl events --help' for more information\n")
  })

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('streams until %s, then exits %d quietly', async (signal, status) => {
    engine.on('GET', '/events', (_req, res) => {
      res.writeHead(200)
      res.write(event('start', '000000001'))
    })
    const r = await interruptAfterOutput(['events', '--format', '{{.Action}}'], signal)
    expect(r).toEqual({code: status, stderr: '', stdout: 'start\n'})
  })
})
