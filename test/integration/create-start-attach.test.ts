// `whalectl create`, `start` and `attach` against a fake engine: the calls on the wire and their
// order (start -a: inspect → attach → wait → start; attach: wait → inspect → attach → inspect),
// the queries, and the answers docker gives for states a real engine rarely shows (restarting,
// a wait that reports an error). Parity with docker on a real engine is in test/e2e.
import {spawn} from 'node:child_process'
import type {ServerResponse} from 'node:http'
import {describe, expect, it} from 'vitest'

import {UPGRADED, useFakeEngine} from '../fake-engine/cli-suite.js'
import {frame} from '../fake-engine/frames.js'
import {BIN_RUN, runCli} from '../fake-engine/run-cli.js'
import {type RecordedRequest, sendJSON} from '../fake-engine/server.js'

const ID = 'feed'.padEnd(64, '1')

const fake = useFakeEngine('whalectl-csa-')
const {calls, env, find} = fake

interface Container {
  name: string
  tty?: boolean
  openStdin?: boolean
  autoRemove?: boolean
  state?: {Running: boolean; Paused?: boolean; Restarting?: boolean}
  /** What it prints once started (or at once, when it is already running). */
  output: Array<[number, string]>
  exitCode: number
  /** The wait's answer, when not just the exit code. */
  waitAnswer?: unknown
  /** It keeps running after its output until it is sent a signal. */
  untilKilled?: boolean
  /** The start request is never answered. */
  startHangs?: boolean
}

interface FakeContainerEvents {
  startRequested: Promise<void>
  /** The first kill request, with its signal. */
  killed: Promise<string>
}

/** One container's inspect, attach, wait, start and kill routes. */
function fakeContainer(c: Container): FakeContainerEvents {
  let started: () => void = () => {}
  const running = c.state?.Running ? Promise.resolve() : new Promise<void>((resolve) => (started = resolve))
  let startRequested: () => void = () => {}
  const startAsked = new Promise<void>((resolve) => (startRequested = resolve))
  let killedWith: (signal: string) => void = () => {}
  const killed = new Promise<string>((resolve) => (killedWith = resolve))
  let exited: () => void = () => {}
  const done = new Promise<void>((resolve) => (exited = resolve))
  if (c.untilKilled) void killed.then(exited)
  const inspect = (_req: RecordedRequest, res: ServerResponse): void =>
    sendJSON(res, 200, {
      Config: {OpenStdin: c.openStdin ?? false, Tty: c.tty ?? false},
      HostConfig: {AutoRemove: c.autoRemove ?? false},
      Id: ID,
      State: {Paused: false, Restarting: false, Running: false, ...c.state},
    })
  fake.engine.on('GET', `/containers/${c.name}/json`, inspect)
  fake.engine.on('GET', `/containers/${ID}/json`, inspect)
  for (const target of new Set([c.name, ID])) {
    fake.engine.onUpgrade('POST', `/containers/${target}/attach`, (_req, socket) => {
      fake.keep(socket)
      socket.write(UPGRADED)
      void running.then(async () => {
        for (const [stream, text] of c.output) socket.write(c.tty ? Buffer.from(text) : frame(stream, text))
        if (!c.untilKilled) exited()
        await done
        setTimeout(() => socket.end(), 10)
      })
    })
    fake.engine.on('POST', `/containers/${target}/wait`, (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.flushHeaders()
      void done.then(() => res.end(`${JSON.stringify(c.waitAnswer ?? {Error: null, StatusCode: c.exitCode})}\n`))
    })
    fake.engine.on('POST', `/containers/${target}/kill`, (req, res) => {
      res.writeHead(204)
      res.end()
      killedWith(req.query.get('signal') ?? '')
    })
  }
  fake.engine.on('POST', `/containers/${ID}/start`, (_req, res) => {
    startRequested()
    if (c.startHangs) return
    res.writeHead(204)
    res.end()
    started()
  })
  return {killed, startRequested: startAsked}
}

/** The CLI as a child process the test can signal. */
function spawnCli(args: string[]): {exit: Promise<{code: number | null; stderr: string; stdout: string}>; kill: (signal: NodeJS.Signals) => void} {
  const child = spawn(process.execPath, [BIN_RUN, ...args], {env: {PATH: process.env.PATH, ...env()}, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const exit = new Promise<{code: number | null; stderr: string; stdout: string}>((resolve) => child.on('close', (code) => resolve({code, stderr, stdout})))
  return {exit, kill: (signal) => child.kill(signal)}
}

describe('create', () => {
  it('sends run’s create body without attaching anything else, prints the ID', async () => {
    fake.engine.on('POST', '/containers/create', (_req, res) => sendJSON(res, 201, {Id: ID, Warnings: ['from the engine']}))
    const r = await runCli(['create', '--name', 'web', '-i', '-e', 'A=1', 'busybox', 'sh'], env())
    expect(r).toEqual({code: 0, stderr: 'WARNING: from the engine\n', stdout: `${ID}\n`})
    expect(calls()).toEqual(['HEAD /_ping', 'POST /containers/create'])
    const create = find('POST', '/containers/create')
    expect(create?.url).toBe('/v1.41/containers/create?name=web')
    // run's defaults: stdout and stderr attached, stdin with -i, which also makes it StdinOnce
    expect(JSON.parse(create?.body.toString() ?? '{}')).toMatchObject({AttachStderr: true, AttachStdin: true, AttachStdout: true, Cmd: ['sh'], Env: ['A=1'], Image: 'busybox', OpenStdin: true, StdinOnce: true})
  })

  it('pulls on 404 with the notes on stderr, then creates once more', async () => {
    let creates = 0
    fake.engine.on('POST', '/containers/create', (_req, res) => {
      creates++
      if (creates === 1) sendJSON(res, 404, {message: 'No such image: example.com/img:1'})
      else sendJSON(res, 201, {Id: ID, Warnings: []})
    })
    fake.engine.on('POST', '/images/create', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end(`${JSON.stringify({status: 'Status: Downloaded newer image for example.com/img:1'})}\r\n`)
    })
    const r = await runCli(['create', 'example.com/img:1'], env())
    expect(r).toEqual({code: 0, stderr: "Unable to find image 'example.com/img:1' locally\nStatus: Downloaded newer image for example.com/img:1\n", stdout: `${ID}\n`})
    expect(calls()).toEqual(['HEAD /_ping', 'POST /containers/create', 'POST /images/create', 'POST /containers/create'])
  })

  it('an engine error is printed as it is, exit 1 (no `docker:` prefix, no 125)', async () => {
    fake.engine.on('POST', '/containers/create', (_req, res) => sendJSON(res, 404, {message: 'No such image: busybox:nope'}))
    const r = await runCli(['create', '--pull', 'never', 'busybox:nope'], env())
    expect(r).toEqual({code: 1, stderr: 'Error response from daemon: No such image: busybox:nope\n', stdout: ''})
  })

  it('-it does not need a terminal: nothing is started', async () => {
    fake.engine.on('POST', '/containers/create', (_req, res) => sendJSON(res, 201, {Id: ID, Warnings: []}))
    const r = await runCli(['create', '-it', 'busybox'], env())
    expect(r.code).toBe(0)
    expect(JSON.parse(find('POST', '/containers/create')?.body.toString() ?? '{}')).toMatchObject({AttachStdin: true, OpenStdin: true, Tty: true})
  })
})

describe('start', () => {
  it('starts each container in turn, reports failures as they come and together at the end', async () => {
    fake.engine.on('POST', '/containers/a/start', (_req, res) => {
      res.writeHead(204)
      res.end()
    })
    fake.engine.on('POST', '/containers/b/start', (_req, res) => sendJSON(res, 404, {message: 'No such container: b'}))
    fake.engine.on('POST', '/containers/c/start', (_req, res) => {
      // already running
      res.writeHead(304)
      res.end()
    })
    fake.engine.on('POST', '/containers/d/start', (_req, res) => sendJSON(res, 500, {message: 'cannot start d'}))
    const r = await runCli(['start', 'a', 'b', 'c', 'd'], env())
    expect(r).toEqual({
      code: 1,
      stderr: 'Error response from daemon: No such container: b\nError response from daemon: cannot start d\nError: failed to start containers: b, d\n',
      stdout: 'a\nc\n',
    })
    expect(calls()).toEqual(['HEAD /_ping', 'POST /containers/a/start', 'POST /containers/b/start', 'POST /containers/c/start', 'POST /containers/d/start'])
  })

  it('-a: inspect, attach, wait, start; both streams demuxed; the container’s status', async () => {
    fakeContainer({exitCode: 3, name: 'web', output: [[1, 'out\n'], [2, 'err\n']]})
    const r = await runCli(['start', '-a', 'web'], env())
    expect(r).toEqual({code: 3, stderr: 'err\n', stdout: 'out\n'})
    expect(calls()).toEqual(['HEAD /_ping', 'GET /containers/web/json', `POST /containers/${ID}/attach`, `POST /containers/${ID}/wait`, `POST /containers/${ID}/start`])
    expect(find('POST', `/containers/${ID}/attach`)?.url).toBe(`/v1.41/containers/${ID}/attach?stderr=1&stdout=1&stream=1`)
    expect(find('POST', `/containers/${ID}/wait`)?.url).toBe(`/v1.41/containers/${ID}/wait?condition=next-exit`)
  })

  it('-i attaches stdin only when the container keeps it open; --rm waits for the removal', async () => {
    fakeContainer({autoRemove: true, exitCode: 0, name: 'web', openStdin: true, output: [[1, 'x\n']]})
    const r = await runCli(['start', '-i', '--detach-keys', 'ctrl-x,y', 'web'], env(), '')
    expect(r.code).toBe(0)
    expect(find('POST', `/containers/${ID}/attach`)?.url).toBe(`/v1.41/containers/${ID}/attach?detachKeys=ctrl-x%2Cy&stderr=1&stdin=1&stdout=1&stream=1`)
    expect(find('POST', `/containers/${ID}/wait`)?.url).toBe(`/v1.41/containers/${ID}/wait?condition=removed`)
  })

  it('-i of a container without an open stdin leaves our stdin out', async () => {
    fakeContainer({exitCode: 0, name: 'web', output: []})
    await runCli(['start', '-i', 'web'], env(), '')
    expect(find('POST', `/containers/${ID}/attach`)?.query.has('stdin')).toBe(false)
  })

  it('-a of several containers, and a start failure after the attach', async () => {
    let r = await runCli(['start', '-a', 'a', 'b'], env())
    expect(r).toEqual({code: 1, stderr: 'you cannot start and attach multiple containers at once\n', stdout: ''})
    expect(fake.engine.requests).toEqual([])
    fakeContainer({exitCode: 0, name: 'web', output: []})
    fake.engine.on('POST', `/containers/${ID}/start`, (_req, res) => sendJSON(res, 500, {message: 'exec: "nope": executable file not found in $PATH: unknown'}))
    r = await runCli(['start', '-a', 'web'], env())
    expect(r).toEqual({code: 1, stderr: 'Error response from daemon: exec: "nope": executable file not found in $PATH: unknown\n', stdout: ''})
  })

  it('-a forwards SIGTERM to the container and ends quietly with 0', async () => {
    const events = fakeContainer({exitCode: 143, name: 'web', output: [[1, 'ready\n']], untilKilled: true})
    const cli = spawnCli(['start', '-a', 'web'])
    await events.startRequested
    await new Promise((resolve) => setTimeout(resolve, 200))
    cli.kill('SIGTERM')
    expect(await cli.exit).toEqual({code: 0, stderr: '', stdout: 'ready\n'})
    expect(await events.killed).toBe('TERM')
  })

  it('-a: a signal before the start is answered ends it quietly with 128+signo', async () => {
    const events = fakeContainer({exitCode: 0, name: 'web', output: [], startHangs: true})
    const cli = spawnCli(['start', '-a', 'web'])
    await events.startRequested
    cli.kill('SIGINT')
    expect(await cli.exit).toEqual({code: 130, stderr: '', stdout: ''})
  })

  it('--checkpoint needs an engine with experimental features', async () => {
    const r = await runCli(['start', '--checkpoint', 'cp1', '--checkpoint-dir', '/x', 'web'], env())
    expect(r).toEqual({
      code: 1,
      stderr: '"--checkpoint" is only supported on a Docker daemon with experimental features enabled\n"--checkpoint-dir" is only supported on a Docker daemon with experimental features enabled\n',
      stdout: '',
    })
  })
})

describe('attach', () => {
  it('wait, inspect, attach, inspect again; the container’s status', async () => {
    fakeContainer({exitCode: 5, name: 'web', output: [[1, 'x\n'], [2, 'y\n']], state: {Running: true}})
    const r = await runCli(['attach', 'web'], env(), '')
    expect(r).toEqual({code: 5, stderr: 'y\n', stdout: 'x\n'})
    expect(calls()).toEqual(['HEAD /_ping', 'POST /containers/web/wait', 'GET /containers/web/json', 'POST /containers/web/attach', 'GET /containers/web/json'])
    expect(find('POST', '/containers/web/wait')?.url).toBe('/v1.41/containers/web/wait?condition=not-running')
    // stdin only for a container that keeps it open
    expect(find('POST', '/containers/web/attach')?.url).toBe('/v1.41/containers/web/attach?stderr=1&stdout=1&stream=1')
  })

  it('--no-stdin leaves stdin out of an open-stdin container; --detach-keys goes in the query', async () => {
    fakeContainer({exitCode: 0, name: 'web', openStdin: true, output: [], state: {Running: true}})
    await runCli(['attach', '--no-stdin', '--detach-keys', 'ctrl-a', 'web'], env(), '')
    expect(find('POST', '/containers/web/attach')?.url).toBe('/v1.41/containers/web/attach?detachKeys=ctrl-a&stderr=1&stdout=1&stream=1')
  })

  it.each([
    [{Running: false}, 'You cannot attach to a stopped container, start it first'],
    [{Paused: true, Running: true}, 'You cannot attach to a paused container, unpause it first'],
    [{Restarting: true, Running: true}, 'You cannot attach to a restarting container, wait until it is running'],
  ])('refuses a container in state %j', async (state, message) => {
    fakeContainer({exitCode: 0, name: 'web', output: [], state})
    const r = await runCli(['attach', 'web'], env(), '')
    expect(r).toEqual({code: 1, stderr: `${message}\n`, stdout: ''})
    expect(calls()).not.toContain('POST /containers/web/attach')
  })

  it('a missing container: inspect’s words', async () => {
    fake.engine.on('POST', '/containers/nope/wait', (_req, res) => sendJSON(res, 404, {message: 'No such container: nope'}))
    fake.engine.on('GET', '/containers/nope/json', (_req, res) => sendJSON(res, 404, {message: 'No such container: nope'}))
    const r = await runCli(['attach', 'nope'], env(), '')
    expect(r).toEqual({code: 1, stderr: 'Error response from daemon: No such container: nope\n', stdout: ''})
  })

  it('an error in the wait’s answer is the command’s error', async () => {
    fakeContainer({exitCode: 0, name: 'web', output: [], state: {Running: true}, waitAnswer: {Error: {Message: 'something broke'}, StatusCode: -1}})
    const r = await runCli(['attach', 'web'], env(), '')
    expect(r).toEqual({code: 1, stderr: 'something broke\n', stdout: ''})
  })

  it('SIGTERM once the streams flow: forwarded, and the container’s status awaited', async () => {
    const events = fakeContainer({exitCode: 42, name: 'web', output: [[1, 'x\n']], state: {Running: true}, untilKilled: true})
    const cli = spawnCli(['attach', 'web'])
    while (calls().filter((c) => c === 'GET /containers/web/json').length < 2) await new Promise((resolve) => setTimeout(resolve, 20))
    await new Promise((resolve) => setTimeout(resolve, 200))
    cli.kill('SIGTERM')
    expect(await events.killed).toBe('TERM')
    expect(await cli.exit).toEqual({code: 42, stderr: '', stdout: 'x\n'})
  })

  it('a TTY container wants a terminal on stdin unless --no-stdin', async () => {
    fakeContainer({exitCode: 0, name: 'web', output: [], state: {Running: true}, tty: true})
    let r = await runCli(['attach', 'web'], env(), '')
    expect(r).toEqual({code: 1, stderr: 'the input device is not a TTY\n', stdout: ''})
    r = await runCli(['attach', '--no-stdin', 'web'], env(), '')
    expect(r.code).toBe(0)
  })
})
