// The ssh:// transport against the fake engine, with a fake `ssh` first on the PATH: it records
// its argv and relays its stdio to the fake engine's socket (what `ssh … docker system
// dial-stdio` does), or fails as ssh does. Plain requests, streams and a hijacked connection
// with half-close go through it; the real ssh is in test/e2e/ssh.e2e.test.ts.
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {Duplex} from 'node:stream'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {EngineClient} from '../../src/lib/engine/client.js'
import type {Endpoint} from '../../src/lib/engine/endpoint.js'
import {ConnectionError} from '../../src/lib/engine/errors.js'
import {hijack} from '../../src/lib/engine/hijack.js'
import {Transport} from '../../src/lib/engine/transport.js'
import {demuxStream} from '../../src/lib/streams/demux.js'
import {Sink, frame} from '../fake-engine/frames.js'
import {type FakeEngine, sendJSON, startFakeEngine} from '../fake-engine/server.js'

const UPGRADED = 'HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n'

let bin: string
let savedPath: string | undefined

/** Installs `ssh` as a node script with this body (it gets SOCK and ARGV_FILE from the environment). */
function fakeSsh(body: string): void {
  const script = path.join(bin, 'ssh')
  writeFileSync(script, `#!${process.execPath}\nrequire('node:fs').appendFileSync(process.env.ARGV_FILE, JSON.stringify(process.argv.slice(2)) + '\\n')\n${body}\n`)
  chmodSync(script, 0o755)
}

const RELAY = `const s = require('node:net').connect(process.env.SOCK); process.stdin.pipe(s); s.pipe(process.stdout)`

function argvs(): string[][] {
  return readFileSync(process.env.ARGV_FILE as string, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as string[])
}

beforeAll(() => {
  bin = mkdtempSync(path.join(os.tmpdir(), 'whalectl-fake-ssh-'))
  savedPath = process.env.PATH
  process.env.PATH = `${bin}:${savedPath ?? ''}`
  process.env.ARGV_FILE = path.join(bin, 'argv')
})

afterAll(() => {
  process.env.PATH = savedPath
  delete process.env.SOCK
  delete process.env.ARGV_FILE
  rmSync(bin, {force: true, recursive: true})
})

describe('an ssh:// engine', () => {
  let engine: FakeEngine
  const endpoint: Endpoint = {display: 'ssh://me@far:2222', host: 'far', kind: 'ssh', port: '2222', user: 'me'}

  beforeEach(async () => {
    engine = await startFakeEngine()
    process.env.SOCK = engine.socketPath
    writeFileSync(process.env.ARGV_FILE as string, '')
  })
  afterEach(async () => {
    await engine.close()
  })

  it('sends requests over ssh with the dummy host, reusing the connection for small ones', async () => {
    fakeSsh(RELAY)
    engine.on('GET', '/containers/json', (_req, res) => sendJSON(res, 200, [{Id: 'abc'}]))
    const client = new EngineClient(new Transport(endpoint), '1.41')
    for (let i = 0; i < 3; i++) expect(await client.containerList()).toEqual([{Id: 'abc'}])
    client.close()
    expect(engine.requests.map((r) => r.headers.host)).toEqual(['docker.example.com', 'docker.example.com', 'docker.example.com'])
    expect(argvs()).toEqual([['-o ConnectTimeout=30', '-T', '-l', 'me', '-p', '2222', '--', 'far', 'docker', 'system', 'dial-stdio']])
  })

  it('gives a streamed response its own ssh process', async () => {
    fakeSsh(RELAY)
    engine.on('GET', '/containers/c1/logs', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/vnd.docker.multiplexed-stream'})
      res.write(frame(1, 'one\n'))
      setTimeout(() => res.end(frame(2, 'two\n')), 20)
    })
    const client = new EngineClient(new Transport(endpoint), '1.41')
    const body = await client.containerLogs('c1', {follow: true, stdout: true, stderr: true})
    const out = new Sink()
    const err = new Sink()
    await demuxStream(body, out, err)
    expect([out.text, err.text]).toEqual(['one\n', 'two\n'])
    expect(argvs()).toHaveLength(1)
  })

  it('hijacks through ssh: stdin is half-closed and the output still arrives', async () => {
    fakeSsh(RELAY)
    engine.onUpgrade('POST', '/containers/c1/attach', (_req, socket: Duplex, head) => {
      socket.write(UPGRADED)
      const chunks = [head]
      socket.on('data', (chunk: Buffer) => chunks.push(chunk))
      socket.once('end', () => socket.end(frame(1, `got:${Buffer.concat(chunks).toString()}\n`)))
    })
    const stream = await hijack(endpoint, {headers: {'Content-Type': 'text/plain'}, method: 'POST', path: '/v1.41/containers/c1/attach?stdin=1&stdout=1&stream=1'})
    stream.socket.write('hello')
    stream.closeWrite()
    const out = new Sink()
    await demuxStream(stream.socket, out, new Sink())
    expect(out.text).toBe('got:hello\n')
  })

  it("fails with ssh's exit status and stderr, after retrying the ping for the request itself", async () => {
    fakeSsh(`process.stderr.write('me@far: Permission denied (publickey).\\r\\n'); process.exit(255)`)
    const client = new EngineClient(new Transport(endpoint))
    const failure = client.containerList()
    await expect(failure).rejects.toBeInstanceOf(ConnectionError)
    await expect(failure).rejects.toThrow(
      'error during connect: Get "http://docker.example.com/v1.50/containers/json": command [ssh -o ConnectTimeout=30 -T -l me -p 2222 -- far docker system dial-stdio] has exited with exit status 255, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=me@far: Permission denied (publickey).\r\n',
    )
    expect(argvs()).toHaveLength(2)
  })

  it('fails as docker does when there is no ssh to run', async () => {
    const saved = process.env.PATH
    process.env.PATH = bin
    rmSync(path.join(bin, 'ssh'), {force: true})
    try {
      await expect(new EngineClient(new Transport(endpoint)).containerList()).rejects.toThrow(
        'error during connect: Get "http://docker.example.com/v1.50/containers/json": exec: "ssh": executable file not found in $PATH',
      )
    } finally {
      process.env.PATH = saved
    }
  })
})
