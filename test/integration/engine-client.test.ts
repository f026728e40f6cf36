// The typed Engine API client on a fake engine: what goes on the wire for each method (paths,
// queries in Go's url.Values order, headers, bodies), how answers and failures come back (typed
// results, error classes by status, JSON message streams, abort). The real engine proves the
// behaviour in test/e2e/library.e2e.test.ts.
import {PassThrough, Readable} from 'node:stream'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {EngineClient} from '../../src/lib/engine/client.js'
import {
  AbortedError,
  ConflictError,
  ConnectionError,
  DecodeError,
  DockerError,
  InvalidArgumentError,
  NotFoundError,
  SystemError,
} from '../../src/lib/engine/errors.js'
import {Transport} from '../../src/lib/engine/transport.js'
import {type FakeEngine, sendJSON, startFakeEngine} from '../fake-engine/server.js'

let engine: FakeEngine
let client: EngineClient

beforeEach(async () => {
  engine = await startFakeEngine()
  client = new EngineClient(new Transport({display: engine.host, kind: 'unix', socketPath: engine.socketPath}))
})

afterEach(async () => {
  client.close()
  await engine.close()
})

/** The request line the engine saw last, without the version prefix: `POST /containers/c1/stop?t=3`. */
function last(): string {
  const r = engine.requests.at(-1)
  if (!r) throw new Error('no request')
  const q = r.url.indexOf('?')
  return `${r.method} ${r.path}${q === -1 ? '' : r.url.slice(q)}`
}

function noContent(): void {
  for (const [method, path] of [
    ['POST', '/containers/c1/start'],
    ['POST', '/containers/c1/stop'],
    ['POST', '/containers/c1/restart'],
    ['POST', '/containers/c1/kill'],
    ['POST', '/containers/c1/pause'],
    ['POST', '/containers/c1/unpause'],
    ['POST', '/containers/c1/rename'],
    ['POST', '/containers/c1/resize'],
    ['DELETE', '/containers/c1'],
    ['POST', '/images/busybox/tag'],
    ['DELETE', '/networks/n1'],
    ['DELETE', '/volumes/v1'],
  ] as const) {
    engine.on(method, path, (_req, res) => {
      res.writeHead(204)
      res.end()
    })
  }
}

describe('paths and queries, as docker 28 sends them', () => {
  it('negotiates the version once and prefixes every path with it', async () => {
    noContent()
    await client.containerStart('c1')
    await client.containerPause('c1')
    expect(engine.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['HEAD /_ping', 'POST /v1.41/containers/c1/start', 'POST /v1.41/containers/c1/pause'])
  })

  it('container lifecycle calls', async () => {
    noContent()
    await client.containerStop('c1', {timeout: 3})
    expect(last()).toBe('POST /containers/c1/stop?t=3')
    await client.containerStop('c1', {stopSignal: 'SIGUSR1', timeout: 0})
    expect(last()).toBe('POST /containers/c1/stop?signal=SIGUSR1&t=0')
    await client.containerRestart('c1')
    expect(last()).toBe('POST /containers/c1/restart')
    await client.containerKill('c1', 'HUP')
    expect(last()).toBe('POST /containers/c1/kill?signal=HUP')
    await client.containerRename('c1', 'new name')
    expect(last()).toBe('POST /containers/c1/rename?name=new+name')
    await client.containerRemove('c1', {force: true, removeVolumes: true})
    expect(last()).toBe('DELETE /containers/c1?force=1&v=1')
    await client.containerResize('c1', {height: 24, width: 80})
    expect(last()).toBe('POST /containers/c1/resize?h=24&w=80')
  })

  it('escapes names as Go escapes a URL path, and refuses an empty one before sending', async () => {
    engine.on('GET', '/containers/a%20b/json', (_req, res) => sendJSON(res, 200, {Id: 'x'}))
    await client.containerInspect(' a b ')
    expect(engine.requests.at(-1)?.url).toBe('/v1.41/containers/a%20b/json')
    const count = engine.requests.length
    await expect(client.containerInspect('  ')).rejects.toThrow(new InvalidArgumentError('invalid container name or ID: value is empty', 400))
    expect(engine.requests.length).toBe(count)
  })

  it('filters are JSON with sorted keys and values', async () => {
    engine.on('GET', '/containers/json', (_req, res) => sendJSON(res, 200, []))
    await client.containerList({all: true, filters: {status: ['running', 'exited'], label: ['a=b']}, limit: 2})
    expect(decodeURIComponent(last())).toBe('GET /containers/json?all=1&filters={"label":{"a=b":true},"status":{"exited":true,"running":true}}&limit=2')
  })

  it('pull (recorded from docker 28.2.2): repository and tag apart, platform lower-cased, padded base64url auth', async () => {
    engine.on('POST', '/images/create', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end('{"status":"Pulling from library/busybox","id":"1"}\n{"status":"Digest: sha256:abc"}\n')
    })
    const messages = await client.imageCreate({auth: {password: 'p?', username: 'u'}, fromImage: '127.0.0.1:5000/busybox', platform: 'Linux/ARM64', tag: '1'})
    const seen = []
    for await (const m of messages) seen.push(m)
    expect(seen).toEqual([{id: '1', status: 'Pulling from library/busybox'}, {status: 'Digest: sha256:abc'}])
    expect(last()).toBe('POST /images/create?fromImage=127.0.0.1%3A5000%2Fbusybox&platform=linux%2Farm64&tag=1')
    const header = engine.requests.at(-1)?.headers['x-registry-auth'] as string
    expect(header).toBe(Buffer.from('{"username":"u","password":"p?"}').toString('base64').replaceAll('+', '-').replaceAll('/', '_'))
    expect(engine.requests.at(-1)?.headers['content-length']).toBe('0')
  })

  it('attach lists the streams in sorted order, as Go encodes url.Values', async () => {
    const seen: string[] = []
    engine.onUpgrade('POST', '/containers/c1/attach', (req, socket) => {
      seen.push(`${req.url} ${String(req.headers['content-type'])}`)
      socket.end('HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n')
    })
    for (const opts of [
      {stderr: true, stdout: true, stream: true},
      {detachKeys: 'ctrl-x,y', stderr: true, stdin: true, stdout: true, stream: true},
      {stdin: true, stream: true},
    ]) {
      const hijacked = await client.containerAttach('c1', opts)
      hijacked.close()
    }
    expect(seen).toEqual([
      '/v1.41/containers/c1/attach?stderr=1&stdout=1&stream=1 text/plain',
      '/v1.41/containers/c1/attach?detachKeys=ctrl-x%2Cy&stderr=1&stdin=1&stdout=1&stream=1 text/plain',
      '/v1.41/containers/c1/attach?stdin=1&stream=1 text/plain',
    ])
  })

  it('archive: the path stat header is decoded, the tar streamed both ways', async () => {
    const stat = {linkTarget: '', mode: 2_147_484_141, mtime: '2026-12-03T10:00:00Z', name: 'etc', size: 4096}
    const statHeader = Buffer.from(JSON.stringify(stat)).toString('base64')
    engine.on('HEAD', '/containers/c1/archive', (_req, res) => {
      res.writeHead(200, {'X-Docker-Container-Path-Stat': statHeader})
      res.end()
    })
    engine.on('GET', '/containers/c1/archive', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/x-tar', 'X-Docker-Container-Path-Stat': statHeader})
      res.end(Buffer.alloc(1024, 7))
    })
    let received = Buffer.alloc(0)
    engine.on('PUT', '/containers/c1/archive', (req, res) => {
      received = req.body
      res.writeHead(200)
      res.end()
    })
    expect(await client.containerStatPath('c1', '/etc')).toEqual(stat)
    expect(last()).toBe('HEAD /containers/c1/archive?path=%2Fetc')
    const out = await client.copyFromContainer('c1', '/etc')
    expect(out.stat).toEqual(stat)
    const chunks: Buffer[] = []
    for await (const chunk of out.body) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks)).toEqual(Buffer.alloc(1024, 7))
    await client.copyToContainer('c1', '/tmp', Readable.from([Buffer.from('tar bytes')]))
    expect(last()).toBe('PUT /containers/c1/archive?noOverwriteDirNonDir=true&path=%2Ftmp')
    expect(received.toString()).toBe('tar bytes')
  })

  it('build: the query from typed options, the registry config header', async () => {
    engine.on('POST', '/build', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end('{"stream":"Step 1/1 : FROM busybox\\n"}\n{"aux":{"ID":"sha256:1"}}\n')
    })
    const context = new PassThrough()
    context.end('not really a tar')
    const stream = await client.imageBuild(context, {
      authConfigs: {'127.0.0.1:5000': {password: 'x', username: 'y'}},
      buildArgs: new Map([['B', null], ['A', '1']]),
      dockerfile: 'Dockerfile',
      remove: false,
      tags: ['a:1', 'b'],
    })
    const messages = []
    for await (const m of stream) messages.push(m)
    expect(messages).toEqual([{stream: 'Step 1/1 : FROM busybox\n'}, {aux: {ID: 'sha256:1'}}])
    expect(decodeURIComponent(last())).toBe('POST /build?buildargs={"A":"1","B":null}&dockerfile=Dockerfile&rm=0&t=a:1&t=b&version=1')
    const r = engine.requests.at(-1)
    expect(r?.body.toString()).toBe('not really a tar')
    expect(r?.headers['content-type']).toBe('application/x-tar')
    expect(JSON.parse(Buffer.from(String(r?.headers['x-registry-config']), 'base64').toString())).toEqual({'127.0.0.1:5000': {password: 'x', username: 'y'}})
  })

  it('wait: accepted first, then the answer; Go decoder words for a missing one', async () => {
    engine.on('POST', '/containers/c1/wait', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.flushHeaders()
      setTimeout(() => res.end('{"StatusCode":3,"Error":null}'), 50)
    })
    const handle = await client.containerWait('c1', 'next-exit')
    expect(last()).toBe('POST /containers/c1/wait?condition=next-exit')
    await expect(handle.result).resolves.toEqual({Error: null, StatusCode: 3})
    engine.on('POST', '/containers/c2/wait', (_req, res) => {
      res.writeHead(200)
      res.end()
    })
    await expect((await client.containerWait('c2')).result).rejects.toThrow(new DecodeError('EOF'))
  })
})

describe('answers', () => {
  it('inspect keeps the engine bytes beside the value', async () => {
    const raw = '{"Id":"c1","Size":18446744073709551615,"Config":{"Tty":true}}\n'
    engine.on('GET', '/containers/c1/json', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end(raw)
    })
    const result = await client.containerInspectWithRaw('c1', {size: true})
    expect(result.raw.toString()).toBe(raw)
    expect(result.value.Config?.Tty).toBe(true)
    expect(last()).toBe('GET /containers/c1/json?size=1')
  })

  it('errors come back as classes by status, with docker text and the engine own message', async () => {
    const cases = [
      [404, NotFoundError],
      [409, ConflictError],
      [400, InvalidArgumentError],
      [401, InvalidArgumentError],
      [500, SystemError],
    ] as const
    for (const [status, Class] of cases) {
      engine.on('POST', `/containers/s${status}/start`, (_req, res) => sendJSON(res, status, {message: `no way ${status}`}))
      const error = await client.containerStart(`s${status}`).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Class)
      expect(error).toBeInstanceOf(DockerError)
      expect(error).toMatchObject({engineMessage: `no way ${status}`, message: `Error response from daemon: no way ${status}`, status})
    }
  })

  it('a body that is not JSON fails with what Go decoder says', async () => {
    engine.on('GET', '/containers/c1/json', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end('<html>')
    })
    await expect(client.containerInspect('c1')).rejects.toThrow(new DecodeError("invalid character '<' looking for beginning of value"))
  })

  it('no daemon is a ConnectionError in docker words', async () => {
    const nowhere = new EngineClient(new Transport({display: 'unix:///nonexistent.sock', kind: 'unix', socketPath: '/nonexistent.sock'}))
    const error = await nowhere.containerList().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectionError)
    expect((error as Error).message).toBe('Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?')
  })

  it('an AbortSignal closes a streamed request', async () => {
    engine.on('GET', '/events', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.write('{"Type":"container","Action":"start"}\n')
    })
    const controller = new AbortController()
    const events = await client.events({filters: {type: ['container']}, signal: controller.signal})
    const seen: string[] = []
    const done = (async () => {
      for await (const e of events) {
        seen.push(String(e.Action))
        controller.abort()
      }
    })()
    await expect(done).rejects.toBeDefined()
    expect(seen).toEqual(['start'])
    expect(decodeURIComponent(last())).toBe('GET /events?filters={"type":{"container":true}}')
  })

  it('AbortedError carries the reason', () => {
    const error = new AbortedError('why')
    expect(error).toBeInstanceOf(DockerError)
    expect(error.reason).toBe('why')
  })
})
