// `whalectl run` and `whalectl exec` against a fake engine: the order of the calls on the wire
// (create → attach → wait → start), the attach query, the exec bodies, and how exit codes and
// signals travel. Behaviour on a real engine, with parity against docker, is in test/e2e.
import {spawn} from 'node:child_process'
import type {ServerResponse} from 'node:http'
import path from 'node:path'
import type {Duplex} from 'node:stream'
import {describe, expect, it} from 'vitest'

import {UPGRADED, useFakeEngine} from '../fake-engine/cli-suite.js'
import {BIN_RUN, runCli} from '../fake-engine/run-cli.js'
import {sendJSON} from '../fake-engine/server.js'
import {frame} from '../fake-engine/frames.js'

const ID = 'c0ffee'.padEnd(64, '0')

const fake = useFakeEngine('whalectl-run-exec-')
const {calls, env, find} = fake

/** Reads what the client sends on an upgraded connection until it half-closes. */
function readUntilEnd(socket: Duplex, head: Buffer): Promise<Buffer> {
  const chunks = [head]
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.once('end', () => resolve(Buffer.concat(chunks)))
  })
}

/** Reads exactly `length` bytes of request body that follow the upgrade request's headers. */
function readBody(socket: Duplex, head: Buffer, length: number): Promise<Buffer> {
  let data = head
  return new Promise((resolve) => {
    if (data.length >= length) {
      resolve(data.subarray(0, length))
      return
    }
    const onData = (chunk: Buffer): void => {
      data = Buffer.concat([data, chunk])
      if (data.length >= length) {
        socket.removeListener('data', onData)
        resolve(data.subarray(0, length))
      }
    }
    socket.on('data', onData)
  })
}

interface FakeContainer {
  /** What the container prints once started: [stream, text] frames. */
  output: Array<[number, string]>
  exitCode: number
  /** Echo the attached stdin back on stdout after its EOF. */
  echoStdin?: boolean
}

/** Routes for one container's create, attach, wait and start, behaving like dockerd 20.10. */
function fakeContainer(c: FakeContainer): void {
  let started: () => void = () => {}
  const running = new Promise<void>((resolve) => {
    started = resolve
  })
  let exited: () => void = () => {}
  const done = new Promise<void>((resolve) => {
    exited = resolve
  })
  fake.engine.on('POST', '/containers/create', (_req, res) => sendJSON(res, 201, {Id: ID, Warnings: []}))
  fake.engine.onUpgrade('POST', `/containers/${ID}/attach`, (_req, socket, head) => {
    fake.keep(socket)
    socket.write(UPGRADED)
    const input = c.echoStdin ? readUntilEnd(socket, head) : Promise.resolve(Buffer.alloc(0))
    void running.then(async () => {
      for (const [stream, text] of c.output) socket.write(frame(stream, text))
      const stdin = await input
      if (c.echoStdin) socket.write(frame(1, stdin))
      exited()
      setTimeout(() => socket.end(), 10)
    })
  })
  fake.engine.on('POST', `/containers/${ID}/wait`, (_req, res) => {
    res.writeHead(200, {'Content-Type': 'application/json'})
    res.flushHeaders()
    void done.then(() => res.end(`${JSON.stringify({Error: null, StatusCode: c.exitCode})}\n`))
  })
  fake.engine.on('POST', `/containers/${ID}/start`, (_req, res) => {
    res.writeHead(204)
    res.end()
    started()
  })
  fake.engine.on('POST', `/containers/${ID}/kill`, (_req, res) => {
    res.writeHead(204)
    res.end()
  })
}

describe('run', () => {
  it('creates, attaches, registers the wait, then starts; demuxes and exits with the status', async () => {
    fakeContainer({exitCode: 3, output: [[1, 'hi\n'], [2, 'oops\n'], [1, 'bye\n']]})
    const r = await runCli(['run', '--rm', 'busybox', 'sh', '-c', 'echo hi'], env())
    expect(r.stdout).toBe('hi\nbye\n')
    expect(r.stderr).toBe('oops\n')
    expect(r.code).toBe(3)
    expect(calls()).toEqual(['HEAD /_ping', 'POST /containers/create', `POST /containers/${ID}/attach`, `POST /containers/${ID}/wait`, `POST /containers/${ID}/start`])
    const attach = find('POST', `/containers/${ID}/attach`)
    expect(attach?.url).toBe(`/v1.41/containers/${ID}/attach?stderr=1&stdout=1&stream=1`)
    expect(attach?.headers['content-type']).toBe('text/plain')
    expect(attach?.headers.upgrade).toBe('tcp')
    expect(find('POST', `/containers/${ID}/wait`)?.url).toBe(`/v1.41/containers/${ID}/wait?condition=removed`)
    const body = JSON.parse(find('POST', '/containers/create')?.body.toString() ?? '{}') as {Cmd: string[]; HostConfig: {AutoRemove: boolean}; Image: string}
    expect(body).toMatchObject({Cmd: ['sh', '-c', 'echo hi'], HostConfig: {AutoRemove: true}, Image: 'busybox'})
  })

  it('waits for next-exit without --rm and passes detach keys and stdin in the attach query', async () => {
    fakeContainer({echoStdin: true, exitCode: 0, output: [[1, 'ready\n']]})
    const r = await runCli(['run', '-i', '--detach-keys', 'ctrl-x,y', 'busybox', 'cat'], env(), 'piped input\n')
    expect(r.stdout).toBe('ready\npiped input\n')
    expect(r.code).toBe(0)
    expect(find('POST', `/containers/${ID}/attach`)?.url).toBe(`/v1.41/containers/${ID}/attach?detachKeys=ctrl-x%2Cy&stderr=1&stdin=1&stdout=1&stream=1`)
    expect(find('POST', `/containers/${ID}/wait`)?.url).toBe(`/v1.41/containers/${ID}/wait?condition=next-exit`)
    const body = JSON.parse(find('POST', '/containers/create')?.body.toString() ?? '{}') as Record<string, unknown>
    expect(body).toMatchObject({AttachStdin: true, OpenStdin: true, StdinOnce: true})
  })

  it('-d prints the full ID and does not attach', async () => {
    fakeContainer({exitCode: 0, output: []})
    const r = await runCli(['run', '-d', 'busybox'], env())
    expect(r.stdout).toBe(`${ID}\n`)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(calls()).toEqual(['HEAD /_ping', 'POST /containers/create', `POST /containers/${ID}/wait`, `POST /containers/${ID}/start`])
  })

  it('pulls on 404 (to stderr) and creates once more', async () => {
    let creates = 0
    fakeContainer({exitCode: 0, output: [[1, 'ok\n']]})
    fake.engine.on('POST', '/containers/create', (_req, res) => {
      creates++
      if (creates === 1) sendJSON(res, 404, {message: 'No such image: example.com/img:1'})
      else sendJSON(res, 201, {Id: ID, Warnings: ['something to know']})
    })
    fake.engine.on('POST', '/images/create', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end(`${JSON.stringify({status: 'Pulling from img', id: '1'})}\r\n${JSON.stringify({status: 'Status: Downloaded newer image for example.com/img:1'})}\r\n`)
    })
    const r = await runCli(['run', 'example.com/img:1'], env())
    expect(r.stdout).toBe('ok\n')
    expect(r.stderr).toBe("Unable to find image 'example.com/img:1' locally\n1: Pulling from img\nStatus: Downloaded newer image for example.com/img:1\nWARNING: something to know\n")
    expect(r.code).toBe(0)
    expect(calls().slice(0, 4)).toEqual(['HEAD /_ping', 'POST /containers/create', 'POST /images/create', 'POST /containers/create'])
    expect(find('POST', '/images/create')?.url).toBe('/v1.41/images/create?fromImage=example.com%2Fimg&tag=1')
  })

  it('--pull never: the 404 is the answer, 125', async () => {
    fake.engine.on('POST', '/containers/create', (_req, res) => sendJSON(res, 404, {message: 'No such image: busybox:nope'}))
    const r = await runCli(['run', '--pull', 'never', 'busybox:nope'], env())
    expect(r.code).toBe(125)
    expect(r.stderr).toBe("whalectl: Error response from daemon: No such image: busybox:nope\n\nRun 'whalectl run --help' for more information\n")
    expect(calls()).toEqual(['HEAD /_ping', 'POST /containers/create'])
  })

  it.each([
    ['exec: "nope": executable file not found in $PATH: unknown', 127],
    ['exec: "/etc": permission denied: unknown', 126],
    ['something else broke', 125],
  ])('maps the start error %j to %i', async (message, code) => {
    fakeContainer({exitCode: 0, output: []})
    fake.engine.on('POST', `/containers/${ID}/start`, (_req, res) => sendJSON(res, 500, {message}))
    const r = await runCli(['run', 'busybox'], env())
    expect(r.code).toBe(code)
    expect(r.stderr).toBe(`whalectl: Error response from daemon: ${message}\n\nRun 'whalectl run --help' for more information\n`)
  })

  it('forwards SIGTERM to the container as kill?signal=TERM', async () => {
    let started: () => void = () => {}
    const isRunning = new Promise<void>((resolve) => {
      started = resolve
    })
    let release: () => void = () => {}
    const killed = new Promise<void>((resolve) => {
      release = resolve
    })
    let waitRes: ServerResponse | undefined
    fake.engine.on('POST', '/containers/create', (_req, res) => sendJSON(res, 201, {Id: ID, Warnings: []}))
    fake.engine.onUpgrade('POST', `/containers/${ID}/attach`, (_req, socket) => {
      socket.write(UPGRADED)
      void killed.then(() => socket.end(frame(1, 'got TERM\n')))
    })
    fake.engine.on('POST', `/containers/${ID}/wait`, (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.flushHeaders()
      waitRes = res
    })
    fake.engine.on('POST', `/containers/${ID}/start`, (_req, res) => {
      res.writeHead(204)
      res.end()
      started()
    })
    fake.engine.on('POST', `/containers/${ID}/kill`, (_req, res) => {
      res.writeHead(204)
      res.end()
      waitRes?.end('{"Error":null,"StatusCode":42}\n')
      release()
    })
    const child = spawn(process.execPath, [BIN_RUN, 'run', 'busybox', 'sleep', '100'], {env: {PATH: process.env.PATH, ...env()}, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    await isRunning
    // Give the CLI a moment to install its handlers after start returned.
    await new Promise((resolve) => setTimeout(resolve, 200))
    child.kill('SIGTERM')
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code).toBe(42)
    expect(stdout).toBe('got TERM\n')
    expect(find('POST', `/containers/${ID}/kill`)?.url).toBe(`/v1.41/containers/${ID}/kill?signal=TERM`)
  })

  it('validates before calling the engine: conflicting --attach and --detach is a bare exit 1', async () => {
    const r = await runCli(['run', '-d', '-a', 'stdout', 'busybox'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('conflicting options: cannot specify both --attach and --detach\n')
    expect(fake.engine.requests).toEqual([])
  })

  it('-it with a stdin that is not a terminal', async () => {
    const r = await runCli(['run', '-it', 'busybox'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('the input device is not a TTY\n')
    expect(fake.engine.requests).toEqual([])
  })
})

describe('exec', () => {
  const EXEC = 'e1'.padEnd(64, 'f')

  function fakeExec(exitCode: number, output: Array<[number, string]>, startBodies: Buffer[]): void {
    fake.engine.on('GET', '/containers/c1/json', (_req, res) => sendJSON(res, 200, {Id: ID, State: {Running: true}}))
    fake.engine.on('POST', '/containers/c1/exec', (_req, res) => sendJSON(res, 201, {Id: EXEC}))
    fake.engine.onUpgrade('POST', `/exec/${EXEC}/start`, (req, socket, head) => {
      const length = Number(req.headers['content-length'] ?? 0)
      void readBody(socket, head, length).then((body) => {
        startBodies.push(body)
        socket.write(UPGRADED)
        for (const [stream, text] of output) socket.write(frame(stream, text))
        socket.end()
      })
    })
    fake.engine.on('GET', `/exec/${EXEC}/json`, (_req, res) => sendJSON(res, 200, {ExitCode: exitCode, Running: false}))
  }

  it('inspects, creates, starts hijacked and reports the exec exit code', async () => {
    const startBodies: Buffer[] = []
    fakeExec(9, [[1, 'out\n'], [2, 'err\n']], startBodies)
    const r = await runCli(['exec', 'c1', 'sh', '-c', 'echo hi'], env())
    expect(r.stdout).toBe('out\n')
    expect(r.stderr).toBe('err\n')
    expect(r.code).toBe(9)
    expect(calls()).toEqual(['HEAD /_ping', 'GET /containers/c1/json', 'POST /containers/c1/exec', `POST /exec/${EXEC}/start`, `GET /exec/${EXEC}/json`])
    expect(find('POST', '/containers/c1/exec')?.body.toString()).toBe(
      '{"User":"","Privileged":false,"Tty":false,"AttachStdin":false,"AttachStderr":true,"AttachStdout":true,"Detach":false,"DetachKeys":"","Env":null,"WorkingDir":"","Cmd":["sh","-c","echo hi"]}',
    )
    expect(startBodies.map(String)).toEqual(['{"Detach":false,"Tty":false}'])
    const start = find('POST', `/exec/${EXEC}/start`)
    expect(start?.headers['content-type']).toBe('application/json')
    expect(start?.headers.upgrade).toBe('tcp')
  })

  it('sends -e, --env-file, -w, -u, --privileged and -i in the create body', async () => {
    const startBodies: Buffer[] = []
    fakeExec(0, [], startBodies)
    const envFile = path.join(fake.workDir, 'exec.env')
    const {writeFileSync} = await import('node:fs')
    writeFileSync(envFile, '# comment\nFROMFILE=1\nINHERITED\n')
    const r = await runCli(
      ['exec', '-i', '--privileged', '-u', '1000:1000', '-w', '/tmp', '--env-file', envFile, '-e', 'A=1', '-e', 'HOSTVAR', '-e', 'UNSET', 'c1', 'cat'],
      env({HOSTVAR: 'hv', INHERITED: 'inh'}),
      '',
    )
    expect(r.code).toBe(0)
    expect(find('POST', '/containers/c1/exec')?.body.toString()).toBe(
      '{"User":"1000:1000","Privileged":true,"Tty":false,"AttachStdin":true,"AttachStderr":true,"AttachStdout":true,"Detach":false,"DetachKeys":"","Env":["FROMFILE=1","INHERITED=inh","A=1","HOSTVAR=hv","UNSET"],"WorkingDir":"/tmp","Cmd":["cat"]}',
    )
  })

  it('-d: plain start with Detach true, no output, exit 0', async () => {
    fake.engine.on('GET', '/containers/c1/json', (_req, res) => sendJSON(res, 200, {Id: ID}))
    fake.engine.on('POST', '/containers/c1/exec', (_req, res) => sendJSON(res, 201, {Id: EXEC}))
    fake.engine.on('POST', `/exec/${EXEC}/start`, (_req, res) => {
      res.writeHead(200)
      res.end()
    })
    const r = await runCli(['exec', '-d', 'c1', 'sleep', '1'], env())
    expect(r).toEqual({code: 0, stderr: '', stdout: ''})
    expect(find('POST', '/containers/c1/exec')?.body.toString()).toBe(
      '{"User":"","Privileged":false,"Tty":false,"AttachStdin":false,"AttachStderr":false,"AttachStdout":false,"Detach":true,"DetachKeys":"","Env":null,"WorkingDir":"","Cmd":["sleep","1"]}',
    )
    expect(find('POST', `/exec/${EXEC}/start`)?.body.toString()).toBe('{"Detach":true,"Tty":false}')
  })

  it('sends ConsoleSize to API 1.42+ engines only, right after Tty', async () => {
    await fake.restart({apiVersion: '1.44'})
    const startBodies: Buffer[] = []
    fakeExec(0, [], startBodies)
    const r = await runCli(['exec', '-t', 'c1', 'echo', 'x'], env())
    expect(r.code).toBe(0)
    expect(find('POST', '/containers/c1/exec')?.body.toString()).toMatch(/^\{"User":"","Privileged":false,"Tty":true,"ConsoleSize":\[0,0\],"AttachStdin":false,/)
    expect(startBodies.map(String)).toEqual(['{"Detach":false,"Tty":true,"ConsoleSize":[0,0]}'])
  })

  it('a missing container is reported before anything is created', async () => {
    fake.engine.on('GET', '/containers/nosuch/json', (_req, res) => sendJSON(res, 404, {message: 'No such container: nosuch'}))
    const r = await runCli(['exec', 'nosuch', 'true'], env())
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('Error response from daemon: No such container: nosuch\n')
    expect(calls()).toEqual(['HEAD /_ping', 'GET /containers/nosuch/json'])
  })
})
