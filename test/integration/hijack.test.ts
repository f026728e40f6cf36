import {execFileSync, spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createServer as createHttpServer, type IncomingMessage, type Server} from 'node:http'
import {createServer as createHttpsServer} from 'node:https'
import type {AddressInfo} from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {PassThrough, type Duplex} from 'node:stream'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import type {Endpoint} from '../../src/lib/engine/endpoint.js'
import {EngineError} from '../../src/lib/engine/errors.js'
import {hijack} from '../../src/lib/engine/hijack.js'
import {USER_AGENT} from '../../src/lib/engine/node-request.js'
import {demuxStream} from '../../src/lib/streams/demux.js'
import {pumpStdin} from '../../src/lib/streams/stdin-pump.js'
import {type FakeEngine, startFakeEngine} from '../fake-engine/server.js'
import {REPO_ROOT} from '../fake-engine/run-cli.js'
import {Sink, frame} from '../fake-engine/frames.js'

const UPGRADED =
  'HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n'
const ATTACH = '/v1.41/containers/c1/attach?stderr=1&stdin=1&stdout=1&stream=1'
const ATTACH_HEADERS = {'Content-Type': 'text/plain'}



/** Reads what the client sent after the request headers until it half-closes. */
function readUntilEnd(socket: Duplex, head: Buffer): Promise<Buffer> {
  const chunks = [head]
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.once('end', () => resolve(Buffer.concat(chunks)))
  })
}

/** A stdin-echoing upgrade handler: once the client half-closes, it answers with what it got. */
function echoAfterEOF(socket: Duplex, head: Buffer): void {
  socket.write(Buffer.concat([Buffer.from(UPGRADED), frame(1, 'ready\n')]))
  void readUntilEnd(socket, head).then((input) => {
    socket.write(frame(1, `got:${input.toString()}\n`))
    setTimeout(() => socket.end(frame(2, 'bye\n')), 20)
  })
}

describe('hijack over a unix socket', () => {
  let engine: FakeEngine
  let endpoint: Endpoint

  beforeEach(async () => {
    engine = await startFakeEngine()
    endpoint = {display: engine.host, kind: 'unix', socketPath: engine.socketPath}
  })
  afterEach(async () => {
    await engine.close()
  })

  it('sends the upgrade headers docker sends', async () => {
    engine.onUpgrade('POST', '/containers/c1/attach', (_req, socket) => socket.end(UPGRADED))
    const stream = await hijack(endpoint, {headers: ATTACH_HEADERS, method: 'POST', path: ATTACH})
    stream.close()
    const req = engine.requests.at(-1)
    expect(req?.url).toBe(ATTACH)
    expect(req?.headers).toMatchObject({
      'connection': 'Upgrade',
      'content-length': '0',
      'content-type': 'text/plain',
      'host': 'api.moby.localhost',
      'upgrade': 'tcp',
      'user-agent': USER_AGENT,
    })
    expect(stream.mediaType).toBe('application/vnd.docker.multiplexed-stream')
  })

  it('delivers bytes sent together with the 101 headers first, even when read late', async () => {
    engine.onUpgrade('POST', '/containers/c1/attach', (_req, socket) => {
      socket.write(Buffer.concat([Buffer.from(UPGRADED), frame(1, 'hi\n'), frame(2, 'warn\n')]))
      setTimeout(() => socket.end(frame(1, 'later\n')), 20)
    })
    const stream = await hijack(endpoint, {headers: ATTACH_HEADERS, method: 'POST', path: ATTACH})
    await new Promise((resolve) => setTimeout(resolve, 50))
    const out = new Sink()
    const err = new Sink()
    await demuxStream(stream.socket, out, err)
    expect(out.text).toBe('hi\nlater\n')
    expect(err.text).toBe('warn\n')
  })

  it('carries stdin to the engine, half-closes at EOF and still receives output afterwards', async () => {
    engine.onUpgrade('POST', '/containers/c1/attach', (_req, socket, head) => echoAfterEOF(socket, head))
    const stream = await hijack(endpoint, {headers: ATTACH_HEADERS, method: 'POST', path: ATTACH})
    const stdin = new PassThrough()
    const pump = pumpStdin(stdin, stream)
    const out = new Sink()
    const err = new Sink()
    const output = demuxStream(stream.socket, out, err)
    stdin.write('line 1\n')
    setTimeout(() => stdin.end('line 2\n'), 20)
    expect(await pump.done).toBe('eof')
    await output
    expect(out.text).toBe('ready\ngot:line 1\nline 2\n\n')
    expect(err.text).toBe('bye\n')
  })

  it('sends the exec start body', async () => {
    const body = JSON.stringify({Detach: false, Tty: true})
    let received = ''
    engine.onUpgrade('POST', '/exec/e1/start', (_req, socket, head) => {
      socket.write(UPGRADED)
      void readUntilEnd(socket, head).then((input) => {
        received = input.toString()
        socket.end('raw tty output')
      })
    })
    const stream = await hijack(endpoint, {
      body,
      headers: {'Content-Type': 'application/json'},
      method: 'POST',
      path: '/v1.41/exec/e1/start',
    })
    stream.closeWrite()
    const chunks: Buffer[] = []
    for await (const chunk of stream.socket) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks).toString()).toBe('raw tty output')
    expect(received).toBe(body)
    expect(engine.requests.at(-1)?.headers).toMatchObject({'content-length': String(body.length), 'content-type': 'application/json'})
  })

  it('fails as docker does when the engine answers with a JSON error instead of upgrading', async () => {
    engine.onUpgrade('POST', '/containers/x/attach', (_req, socket) => {
      const json = JSON.stringify({message: 'No such container: x'})
      socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`)
    })
    const attempt = hijack(endpoint, {headers: ATTACH_HEADERS, method: 'POST', path: '/v1.41/containers/x/attach?stream=1'})
    await expect(attempt).rejects.toThrow(/^unable to upgrade to tcp, received 404$/)
    await expect(attempt).rejects.toBeInstanceOf(EngineError)
    await expect(attempt).rejects.toMatchObject({status: 404})
  })

  it('fails on any other status without a body', async () => {
    engine.onUpgrade('POST', '/containers/c1/attach', (_req, socket) => {
      socket.end('HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops')
    })
    await expect(hijack(endpoint, {method: 'POST', path: ATTACH})).rejects.toThrow(/^unable to upgrade to tcp, received 500$/)
  })

  it('reports a connection closed before any answer as EOF', async () => {
    engine.onUpgrade('POST', '/containers/c1/attach', (_req, socket) => socket.destroy())
    await expect(hijack(endpoint, {method: 'POST', path: ATTACH})).rejects.toThrow(/^EOF$/)
  })

  it('lets the process exit when the container ends while stdin is still open', async () => {
    engine.onUpgrade('POST', '/containers/c1/attach', (_req, socket) => {
      socket.write(Buffer.concat([Buffer.from(UPGRADED), frame(1, 'hello\n')]))
      socket.once('data', (input: Buffer) => socket.end(frame(1, `bye ${input.toString()}`)))
    })
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-pump-'))
    const script = path.join(dir, 'attach.mts')
    const src = (file: string): string => JSON.stringify(path.join(REPO_ROOT, 'src', 'lib', file))
    writeFileSync(
      script,
      [
        `import {hijack} from ${src('engine/hijack.ts')}`,
        `import {demuxStream} from ${src('streams/demux.ts')}`,
        `import {pumpStdin} from ${src('streams/stdin-pump.ts')}`,
        `const stream = await hijack(${JSON.stringify(endpoint)}, {method: 'POST', path: ${JSON.stringify(ATTACH)}})`,
        'const pump = pumpStdin(process.stdin, stream)',
        'await demuxStream(stream.socket, process.stdout, process.stderr)',
        'pump.stop()',
        'stream.close()',
      ].join('\n'),
    )
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', script], {cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit']})
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        // stdin is written once but never closed, like `docker run -i … < <(sleep 12)`
        if (out === 'hello\n') child.stdin.write('ping')
      })
      const code = await new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL')
          reject(new Error('the process kept running after the container ended'))
        }, 10_000)
        child.once('exit', (status) => {
          clearTimeout(timer)
          resolve(status)
        })
      })
      expect({code, out}).toEqual({code: 0, out: 'hello\nbye ping'})
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })

  it('uses docker’s hijack dial message when nothing listens', async () => {
    const socketPath = path.join(os.tmpdir(), 'whalectl-nothing-here.sock')
    const nowhere: Endpoint = {display: `unix://${socketPath}`, kind: 'unix', socketPath}
    await expect(hijack(nowhere, {method: 'POST', path: ATTACH})).rejects.toThrow(
      `cannot connect to the Docker daemon. Is 'docker daemon' running on this host?: dial unix ${socketPath}: connect: no such file or directory`,
    )
  })
})

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
}

function onUpgrade(server: Server): void {
  server.on('upgrade', (_req: IncomingMessage, socket: Duplex, head: Buffer) => echoAfterEOF(socket, head))
}

describe('hijack over TCP', () => {
  it('half-closes and keeps reading on a plain TCP connection', async () => {
    const server = createHttpServer()
    onUpgrade(server)
    const port = await listen(server)
    try {
      const endpoint: Endpoint = {display: `tcp://127.0.0.1:${port}`, host: '127.0.0.1', kind: 'tcp', port}
      const stream = await hijack(endpoint, {method: 'POST', path: ATTACH})
      const stdin = new PassThrough()
      pumpStdin(stdin, stream)
      stdin.end('abc')
      const out = new Sink()
      await demuxStream(stream.socket, out, null)
      expect(out.text).toBe('ready\ngot:abc\n')
    } finally {
      await close(server)
    }
  })

  it('uses docker’s hijack dial message when the port is closed', async () => {
    const server = createHttpServer()
    const port = await listen(server)
    await close(server)
    const endpoint: Endpoint = {display: `tcp://127.0.0.1:${port}`, host: '127.0.0.1', kind: 'tcp', port}
    await expect(hijack(endpoint, {method: 'POST', path: ATTACH})).rejects.toThrow(
      `cannot connect to the Docker daemon. Is 'docker daemon' running on this host?: dial tcp 127.0.0.1:${port}: connect: connection refused`,
    )
  })

  describe('with TLS', () => {
    let dir: string
    let cert: Buffer
    let key: Buffer

    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-tls-'))
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1',
        '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
      ], {stdio: 'ignore'})
      cert = readFileSync(path.join(dir, 'cert.pem'))
      key = readFileSync(path.join(dir, 'key.pem'))
    })
    afterAll(() => rmSync(dir, {force: true, recursive: true}))

    it('verifies the server with the CA and half-closes over TLS', async () => {
      // https servers end their side when the client's ends unless told otherwise; the engine does not.
      const server = createHttpsServer({allowHalfOpen: true, cert, key})
      onUpgrade(server)
      const port = await listen(server)
      try {
        const endpoint: Endpoint = {display: `tcp://127.0.0.1:${port}`, host: '127.0.0.1', kind: 'tcp', port, tls: {ca: cert, verify: true}}
        const stream = await hijack(endpoint, {method: 'POST', path: ATTACH})
        const stdin = new PassThrough()
        pumpStdin(stdin, stream)
        stdin.end('over tls')
        const out = new Sink()
        await demuxStream(stream.socket, out, null)
        expect(out.text).toBe('ready\ngot:over tls\n')
      } finally {
        await close(server)
      }
    })

    it('refuses a server it cannot verify', async () => {
      const server = createHttpsServer({cert, key})
      onUpgrade(server)
      const port = await listen(server)
      try {
        const endpoint: Endpoint = {display: `tcp://127.0.0.1:${port}`, host: '127.0.0.1', kind: 'tcp', port, tls: {verify: true}}
        await expect(hijack(endpoint, {method: 'POST', path: ATTACH})).rejects.toThrow(
          "cannot connect to the Docker daemon. Is 'docker daemon' running on this host?: tls: failed to verify certificate: x509: certificate signed by unknown authority",
        )
      } finally {
        await close(server)
      }
    })
  })
})
