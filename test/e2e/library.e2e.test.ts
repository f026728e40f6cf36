// whalectl as a library (`import {Docker} from 'whalectl'`) against the real engine: run with
// exit codes, piped stdin and its EOF, a TTY; logs followed and aborted; events filtered and
// aborted; pull with progress and registry auth; build of a directory with .dockerignore; exec;
// and the error classes the engine's answers turn into.
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {PassThrough, Readable} from 'node:stream'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {
  AbortedError,
  ConflictError,
  ConnectionError,
  ContainerRunError,
  Docker,
  DockerError,
  InvalidArgumentError,
  type JSONMessage,
  NotFoundError,
  type OutputFrame,
  StreamError,
} from '../../src/index.js'
import {cleanupLabel, cleanupLabelKey, cleanupLabelValue, engineContext, removeTestContainers, repoRoot, runDocker, tempDockerConfig} from '../engine/harness.js'

const {authPassword, authRegistry, authUser, dockerHost, registry} = engineContext()
const LABELS = {[cleanupLabel.split('=')[0] as string]: cleanupLabel.split('=')[1] as string}

let docker: Docker
let configDir: string

beforeAll(() => {
  configDir = tempDockerConfig()
  docker = new Docker({configDir, host: dockerHost})
})

afterAll(async () => {
  docker.close()
  await removeTestContainers()
})

/** A Writable that keeps what it is given. */
function collector(): PassThrough & {text(): string} {
  const chunks: Buffer[] = []
  const stream = new PassThrough() as PassThrough & {text(): string}
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  stream.text = () => Buffer.concat(chunks).toString('utf8')
  return stream
}

describe('Docker.run', () => {
  it('returns the exit code and keeps stdout and stderr apart', async () => {
    const stdout = collector()
    const stderr = collector()
    const result = await docker.run({
      autoRemove: true,
      cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'],
      config: {Labels: LABELS},
      image: 'busybox',
      stderr,
      stdout,
    })
    expect(result.exitCode).toBe(3)
    expect(result.id).toMatch(/^[0-9a-f]{64}$/)
    expect(stdout.text()).toBe('out\n')
    expect(stderr.text()).toBe('err\n')
  })

  it('pipes stdin to the container and half-closes it at the end', async () => {
    const stdout = collector()
    const payload = Buffer.alloc(3 * 1024 * 1024, 'whale\n')
    const result = await docker.run({
      autoRemove: true,
      cmd: ['sh', '-c', 'wc -c; echo done'],
      config: {Labels: LABELS},
      image: 'busybox',
      stdin: Readable.from([payload]),
      stdout,
    })
    expect(result.exitCode).toBe(0)
    expect(stdout.text()).toBe(`${payload.length}\ndone\n`)
  })

  it('gives the container a TTY: raw output, stdout and stderr merged', async () => {
    const stdout = collector()
    const result = await docker.run({
      autoRemove: true,
      cmd: ['sh', '-c', 'echo hi >&2; tty'],
      config: {Labels: LABELS},
      image: 'busybox',
      stdout,
      tty: true,
    })
    expect(result.exitCode).toBe(0)
    expect(stdout.text()).toMatch(/^hi\r\n\/dev\/pts\/\d+\r\n$/)
  })

  it('detached: starts it and returns its ID', async () => {
    const {exitCode, id} = await docker.run({cmd: ['sleep', '30'], config: {Labels: LABELS}, detach: true, image: 'busybox'})
    expect(exitCode).toBe(0)
    const inspected = await docker.containerInspect(id)
    expect(inspected.State?.Running).toBe(true)
    await docker.containerRemove(id, {force: true})
  })

  it('an abort reaches the container as SIGTERM, as docker run forwards Ctrl-C', async () => {
    const controller = new AbortController()
    const stdout = collector()
    const running = docker.run({
      autoRemove: true,
      cmd: ['sh', '-c', 'trap "echo got TERM; exit 7" TERM; echo ready; while true; do sleep 0.1; done'],
      config: {Labels: LABELS},
      image: 'busybox',
      signal: controller.signal,
      stdout,
    })
    while (!stdout.text().includes('ready')) await new Promise((r) => setTimeout(r, 50))
    controller.abort()
    expect((await running).exitCode).toBe(7)
    expect(stdout.text()).toBe('ready\ngot TERM\n')
  })

  it('pulls an image it does not have, reporting progress', async () => {
    const image = `${registry}/busybox:1`
    await runDocker(['rmi', image])
    const messages: JSONMessage[] = []
    const result = await docker.run({autoRemove: true, cmd: ['true'], config: {Labels: LABELS}, image, onPullProgress: (m) => messages.push(m)})
    expect(result.exitCode).toBe(0)
    expect(messages.some((m) => m.status?.startsWith('Status: Downloaded newer image'))).toBe(true)
  })

  it('a command that cannot start is a ContainerRunError carrying the engine error', async () => {
    const error = await docker.run({autoRemove: true, cmd: ['/no/such/binary'], config: {Labels: LABELS}, image: 'busybox'}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContainerRunError)
    expect((error as ContainerRunError).phase).toBe('start')
    expect((error as Error).message).toContain('no such file or directory')
    expect((error as Error).cause).toBeInstanceOf(DockerError)
  })
})

describe('Docker.logs and events', () => {
  it('follows a log as stdout/stderr frames until aborted', async () => {
    const {id} = await docker.run({
      cmd: ['sh', '-c', 'echo one; sleep 0.3; echo two >&2; sleep 60'],
      config: {Labels: LABELS},
      detach: true,
      image: 'busybox',
    })
    const controller = new AbortController()
    const frames: OutputFrame[] = []
    const logs = await docker.logs(id, {follow: true, signal: controller.signal})
    const reading = (async () => {
      for await (const frame of logs) {
        frames.push(frame)
        if (frames.length === 2) controller.abort()
      }
    })()
    await reading.catch(() => {})
    expect(frames.map((f) => [f.stream, f.data.toString()])).toEqual([
      ['stdout', 'one\n'],
      ['stderr', 'two\n'],
    ])
    await docker.containerRemove(id, {force: true})
  })

  it('streams the events a filter picks until aborted', async () => {
    const controller = new AbortController()
    const since = String(Math.floor(Date.now() / 1000) - 1)
    const {id} = await docker.run({autoRemove: true, cmd: ['true'], config: {Labels: LABELS}, image: 'busybox'})
    const events = await docker.events({filters: {container: [id], type: ['container']}, signal: controller.signal, since})
    const actions: string[] = []
    await (async () => {
      for await (const event of events) {
        actions.push(String(event.Action))
        expect(event.Actor?.ID).toBe(id)
        if (event.Action === 'destroy') controller.abort()
      }
    })().catch(() => {})
    expect(actions).toEqual(expect.arrayContaining(['create', 'start', 'die', 'destroy']))
  })
})

describe('Docker.exec', () => {
  it('runs a command with stdin, output and exit code', async () => {
    const {id} = await docker.run({cmd: ['sleep', '60'], config: {Labels: LABELS}, detach: true, image: 'busybox'})
    const stdout = collector()
    const stderr = collector()
    const result = await docker.exec(id, ['sh', '-c', 'cat; echo oops >&2; exit 4'], {stderr, stdin: Readable.from(['piped\n']), stdout})
    expect(result.exitCode).toBe(4)
    expect(stdout.text()).toBe('piped\n')
    expect(stderr.text()).toBe('oops\n')
    const controller = new AbortController()
    controller.abort()
    await expect(docker.exec(id, ['sleep', '30'], {signal: controller.signal})).rejects.toBeInstanceOf(AbortedError)
    await docker.containerRemove(id, {force: true})
  })
})

describe('Docker.pull and push with registry auth', () => {
  it.skipIf(authRegistry === '')('pulls from an htpasswd registry with credentials, with progress', async () => {
    const messages: JSONMessage[] = []
    await docker.pull(`${authRegistry}/busybox`, {auth: {password: authPassword, username: authUser}, onProgress: (m) => messages.push(m)})
    expect(messages.at(-1)?.status).toMatch(/^Status: (Image is up to date|Downloaded newer image) for /)
    expect(messages.some((m) => m.status?.startsWith('Digest: sha256:'))).toBe(true)
  })

  it.skipIf(authRegistry === '')('without credentials the registry refuses, as an engine error', async () => {
    const error = await docker.pull(`${authRegistry}/busybox:latest`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DockerError)
    expect((error as Error).message).toMatch(/no basic auth credentials|unauthorized/)
  })

  it('pushes a tag to the local registry', async () => {
    const target = `${registry}/library-push:e2e`
    await docker.imageTag('busybox:latest', `${registry}/library-push`, 'e2e')
    const messages: JSONMessage[] = []
    await docker.push(target, {onProgress: (m) => messages.push(m)})
    expect(messages.some((m) => /^e2e: digest: sha256:[0-9a-f]{64} size: \d+$/.test(m.status ?? ''))).toBe(true)
    await docker.imageRemove(target)
  })
})

describe('Docker.build', () => {
  it('builds a directory, leaving out what .dockerignore names', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-lib-build-'))
    try {
      mkdirSync(path.join(dir, 'keep'))
      writeFileSync(path.join(dir, 'keep', 'a.txt'), 'a')
      writeFileSync(path.join(dir, 'secret.txt'), 'no')
      writeFileSync(path.join(dir, '.dockerignore'), 'secret.txt\n')
      writeFileSync(path.join(dir, 'Dockerfile'), 'FROM busybox\nCOPY . /ctx\nRUN ls -a /ctx > /list\n')
      const messages: JSONMessage[] = []
      const {imageId} = await docker.build({context: dir, labels: new Map([[cleanupLabelKey, cleanupLabelValue]]), onProgress: (m) => messages.push(m), tags: ['whalectl-lib-build:e2e']})
      expect(imageId).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(messages.map((m) => m.stream ?? '').join('')).toMatch(/^Step 1\/\d : FROM busybox\n/)
      const stdout = collector()
      await docker.run({autoRemove: true, cmd: ['cat', '/list'], config: {Labels: LABELS}, image: 'whalectl-lib-build:e2e', stdout})
      expect(stdout.text().split('\n').filter(Boolean).sort()).toEqual(['.', '..', '.dockerignore', 'Dockerfile', 'keep'])
      await docker.imageRemove('whalectl-lib-build:e2e', {force: true})
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })

  it('a failing step is a StreamError with the step status as its code', async () => {
    const context = await import('tar-stream')
    const pack = context.pack()
    pack.entry({name: 'Dockerfile'}, 'FROM busybox\nRUN exit 9\n')
    pack.finalize()
    const error = await docker.build({context: pack as unknown as Readable}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StreamError)
    expect((error as StreamError).code).toBe(9)
    expect((error as Error).message).toBe("The command '/bin/sh -c exit 9' returned a non-zero code: 9")
  })
})

describe('the README example', () => {
  it('runs as written, with tsx, against this engine', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
    const code = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Use it from TypeScript')))?.[1]
    if (code === undefined) throw new Error('no example')
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-readme-'))
    try {
      mkdirSync(path.join(dir, 'node_modules'))
      symlinkSync(repoRoot, path.join(dir, 'node_modules', 'whalectl'))
      writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n')
      writeFileSync(path.join(dir, 'example.ts'), code)
      const r = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['example.ts'], {
        cwd: dir,
        encoding: 'utf8',
        env: {DOCKER_CONFIG: configDir, DOCKER_HOST: dockerHost, PATH: process.env.PATH ?? ''},
        timeout: 60_000,
      })
      expect(r.stderr).toBe('oops\n')
      expect(r.stdout).toBe(
        [
          'hello',
          'exit code: 3',
          'stdout: line 1',
          'stdout: line 2',
          'stdout: line 3',
          'exit code: 5',
          'Error response from daemon: No such container: no-such-container',
          '',
        ].join('\n'),
      )
      expect(r.status).toBe(0)
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })
})

describe('errors by class', () => {
  it('404, 409 and 400 answers, and no daemon at all', async () => {
    const missing = await docker.containerInspect('whalectl-no-such-container').catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(NotFoundError)
    expect((missing as NotFoundError).message).toBe('Error response from daemon: No such container: whalectl-no-such-container')

    const name = `whalectl-lib-conflict-${process.pid}`
    await docker.containerCreate({Cmd: ['true'], Image: 'busybox', Labels: LABELS}, {name})
    const conflict = await docker.containerCreate({Cmd: ['true'], Image: 'busybox', Labels: LABELS}, {name}).catch((e: unknown) => e)
    expect(conflict).toBeInstanceOf(ConflictError)
    expect((conflict as ConflictError).status).toBe(409)
    await docker.containerRemove(name)

    const invalid = await docker.containerList({filters: {bogus: ['x']}}).catch((e: unknown) => e)
    expect(invalid).toBeInstanceOf(InvalidArgumentError)
    expect((invalid as InvalidArgumentError).engineMessage).toBe("Invalid filter 'bogus'")

    const nowhere = new Docker({host: 'unix:///nonexistent/docker.sock'})
    await expect(nowhere.ping()).rejects.toBeInstanceOf(ConnectionError)
  })

  it('fromEnv resolves the engine exactly as the CLI does', async () => {
    const fromEnv = Docker.fromEnv({env: {DOCKER_API_VERSION: '1.40', DOCKER_CONFIG: configDir, DOCKER_HOST: dockerHost}})
    expect(fromEnv.endpoint.display).toBe(dockerHost)
    expect(await fromEnv.apiVersion()).toBe('1.40')
    expect((await fromEnv.serverVersion()).ApiVersion).toBeDefined()
    fromEnv.close()
  })
})
