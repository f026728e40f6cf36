// ssh:// engines against the reference docker, through a private sshd on 127.0.0.1 (see
// test/engine/sshd.ts): the same commands, hosts and contexts give the same bytes and exit
// codes, whether the far side's `docker` is whalectl's `system dial-stdio` (used by both
// clients, so the reference docker client exercises it too) or the reference docker's. And
// the failures docker reports with ssh's own stderr: a refused key, a closed port, a far side
// without docker.
import {createHash, randomBytes} from 'node:crypto'
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, dockerHost, removeTestContainers, runDocker, tempDockerConfig} from '../engine/harness.js'
import {type FarSide, type Sshd, startSshd} from '../engine/sshd.js'
import {expectParity, maskDurations, renameProgram, runPair} from './normalise.js'

/** `docker: …` and `'docker run --help'` in run's error, and only those: the rest names docker's host and command. */
const runErrorProgram = (text: string): string => text.replace(/^docker: /, 'whalectl: ').replace("'docker run --help'", "'whalectl run --help'")

const TIMEOUT = 120_000

const sshds: Partial<Record<FarSide, Sshd>> = {}

beforeAll(async () => {
  for (const far of ['whalectl', 'docker', 'none'] as const) sshds[far] = await startSshd(far, dockerHost())
}, 30_000)

afterAll(async () => {
  for (const sshd of Object.values(sshds)) sshd.stop()
  await removeTestContainers()
})

function sshd(far: FarSide): Sshd {
  const server = sshds[far]
  if (!server) throw new Error(`no sshd for ${far}`)
  return server
}

/** The environment of a client whose engine is `host` over the given sshd. */
function sshEnv(server: Sshd, host = server.url(), key: 'authorized' | 'refused' = 'authorized'): Record<string, string> {
  return {DOCKER_HOST: host, PATH: server.clientPath(key)}
}

/** A labelled container on the test engine (made directly, not over ssh); returns its ID. */
async function container(args: string[]): Promise<string> {
  const made = await runDocker(['run', '-d', '--label', cleanupLabel, ...args])
  expect(made.stderr).toBe('')
  return made.stdout.trim()
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1))
    })
  })
}

describe.each(['whalectl', 'docker'] as const)('ssh:// host whose far side runs %s', (far) => {
  it(
    'ps of labelled containers',
    async () => {
      await container(['--name', `ssh-ps-${far}-${randomBytes(3).toString('hex')}`, 'busybox', 'true'])
      await expectParity(['ps', '-a', '--filter', `label=${cleanupLabel}`, '--format', 'table {{.Names}}\t{{.Image}}\t{{.Command}}\t{{.Status}}'], {
        env: sshEnv(sshd(far)),
        normalise: maskDurations,
      })
    },
    TIMEOUT,
  )

  it(
    'run -i with a few MiB of piped stdin, checksummed on the far side',
    async () => {
      const input = randomBytes(3 * 1024 * 1024)
      const expected = createHash('md5').update(input).digest('hex')
      const pair = await expectParity(['run', '--rm', '-i', '--label', cleanupLabel, 'busybox', 'sh', '-c', 'md5sum; echo done >&2; exit 3'], {
        env: sshEnv(sshd(far)),
        input,
      })
      expect(pair.whalectl.stdout).toBe(`${expected}  -\n`)
      expect(pair.whalectl.code).toBe(3)
    },
    TIMEOUT,
  )

  it(
    'logs -f of a container that prints then exits',
    async () => {
      const id = await container(['busybox', 'sh', '-c', 'echo one; echo two >&2; sleep 1; echo three'])
      const pair = await expectParity(['logs', '-f', id], {env: sshEnv(sshd(far))})
      expect(pair.whalectl.stdout).toBe('one\nthree\n')
    },
    TIMEOUT,
  )

  it(
    'exec, with and without stdin',
    async () => {
      const id = await container(['busybox', 'sleep', '300'])
      await expectParity(['exec', id, 'sh', '-c', 'echo out; echo err >&2; exit 4'], {env: sshEnv(sshd(far))})
      const pair = await expectParity(['exec', '-i', id, 'sh', '-c', 'wc -c; cat /nonexistent'], {env: sshEnv(sshd(far)), input: randomBytes(200_000)})
      expect(pair.whalectl.stdout.trim()).toBe('200000')
    },
    TIMEOUT,
  )
})

describe('ssh:// hosts in their other places', () => {
  it(
    '-H with a socket path on the far side, and one that is not there',
    async () => {
      const server = sshd('whalectl')
      const socket = dockerHost().replace(/^unix:\/\//, '')
      await expectParity(['-H', server.url(socket), 'ps', '-a', '--filter', `label=${cleanupLabel}`, '--format', '{{.Image}}'], {env: {PATH: server.clientPath()}})
      await expectParity(['-H', server.url('/tmp/whalectl-no-such.sock'), 'ps'], {env: {PATH: server.clientPath()}})
    },
    TIMEOUT,
  )

  it(
    'a context whose docker endpoint is an ssh:// host',
    async () => {
      const server = sshd('whalectl')
      const config = tempDockerConfig()
      const created = await runDocker(['context', 'create', 'over-ssh', '--docker', `host=${server.url()}`], {env: {DOCKER_CONFIG: config}})
      expect(created.code).toBe(0)
      const env = {DOCKER_CONFIG: config, PATH: server.clientPath()}
      await expectParity(['--context', 'over-ssh', 'run', '--rm', '--label', cleanupLabel, 'busybox', 'echo', 'hello'], {env})
      await expectParity(['ps', '-a', '--filter', `label=${cleanupLabel}`, '--format', '{{.Image}}'], {env: {...env, DOCKER_CONTEXT: 'over-ssh', DOCKER_HOST: ''}})
    },
    TIMEOUT,
  )

  it(
    'a context meta.json written by hand',
    async () => {
      const server = sshd('docker')
      const config = tempDockerConfig()
      const digest = createHash('sha256').update('hand').digest('hex')
      const meta = path.join(config, 'contexts', 'meta', digest)
      mkdirSync(meta, {recursive: true})
      writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({Endpoints: {docker: {Host: server.url(), SkipTLSVerify: false}}, Metadata: {}, Name: 'hand'}))
      await expectParity(['--context', 'hand', 'ps', '-a', '--filter', `label=${cleanupLabel}`, '-q', '-n', '1'], {env: {DOCKER_CONFIG: config, PATH: server.clientPath()}})
    },
    TIMEOUT,
  )

  it.each([['ssh://'], ['ssh://root:secret@127.0.0.1'], ['ssh://127.0.0.1?x=1'], ['ssh://127.0.0.1#frag'], ['ssh://127.0.0.1:abc'], ['ssh://:22']])(
    '-H %s is refused before any connection',
    async (host) => {
      await expectParity(['-H', host, 'ps'], {env: {DOCKER_CONFIG: tempDockerConfig()}})
    },
  )
})

describe('ssh:// failures carry ssh stderr as docker shows it', () => {
  it(
    'a key the far side refuses',
    async () => {
      const server = sshd('whalectl')
      await expectParity(['ps'], {env: sshEnv(server, server.url(), 'refused')})
      await expectParity(['run', '--rm', 'busybox', 'true'], {dockerStderr: runErrorProgram, env: sshEnv(server, server.url(), 'refused')})
    },
    TIMEOUT,
  )

  it(
    'a port nothing listens on',
    async () => {
      const server = sshd('whalectl')
      const port = await closedPort()
      await expectParity(['ps'], {env: sshEnv(server, `ssh://root@127.0.0.1:${port}`)})
      await expectParity(['logs', 'x'], {env: sshEnv(server, `ssh://127.0.0.1:${port}`)})
    },
    TIMEOUT,
  )

  it(
    'a far side without docker',
    async () => {
      const server = sshd('none')
      await expectParity(['ps'], {env: sshEnv(server)})
      await expectParity(['exec', 'x', 'true'], {env: sshEnv(server)})
    },
    TIMEOUT,
  )

  it(
    'no ssh on the PATH',
    async () => {
      // A PATH with node (which whalectl runs on) and no ssh.
      const bin = path.join(tempDockerConfig(), 'bin')
      mkdirSync(bin)
      symlinkSync(process.execPath, path.join(bin, 'node'))
      await expectParity(['ps'], {env: {DOCKER_HOST: 'ssh://127.0.0.1', PATH: bin}})
    },
    TIMEOUT,
  )
})

describe('system dial-stdio', () => {
  const ping = 'GET /_ping HTTP/1.0\r\nHost: x\r\n\r\n'
  const hideDate = (text: string): string => text.replace(/^Date: .*$/m, 'Date: <DATE>')

  // stdin ends right after the request: the half-close must leave the answer coming. docker's
  // stderr is not compared: it sometimes logs a race of its own between closing the connection
  // and half-closing it (`error while CloseWrite … use of closed network connection`).
  it('relays a request and the answer, then ends with the engine', async () => {
    const {docker, whalectl} = await runPair(['system', 'dial-stdio'], {input: ping})
    expect({code: whalectl.code, stdout: hideDate(whalectl.stdout)}).toEqual({code: docker.code, stdout: hideDate(docker.stdout)})
    expect(whalectl.stdout).toMatch(/^HTTP\/1\.0 200 OK\r\n[\s\S]*\r\n\r\nOK$/)
    expect(whalectl.stderr).toBe('')
  })

  it.each([
    [['-H', 'unix:///tmp/whalectl-no-such.sock', 'system', 'dial-stdio']],
    [['-H', 'tcp://127.0.0.1:1', 'system', 'dial-stdio']],
    [['system', 'dial-stdio', 'extra']],
  ])('%j fails as docker does', async (args) => {
    await expectParity(args, {dockerStderr: renameProgram, input: ping})
  })
})
