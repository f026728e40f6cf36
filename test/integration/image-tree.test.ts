// `images --tree` needs API 1.47, which the test engine (20.10) does not speak: the reference
// docker and whalectl both run against a fake engine at 1.47 answering with multi-platform
// images, on a pipe and on a pseudo-terminal, and must print the same bytes.
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BIN_RUN} from '../fake-engine/run-cli.js'
import {type FakeEngine, sendJSON, startFakeEngine} from '../fake-engine/server.js'

const DOCKER = process.env.WHALECTL_TEST_DOCKER_CLI ?? '/usr/local/bin/docker'
const hex = (c: string): string => `sha256:${c.repeat(64)}`

function manifest(id: string, platform: Record<string, string>, opts: {available?: boolean; containers?: string[]; total?: number; content?: number; kind?: string} = {}): object {
  return {
    Available: opts.available ?? true,
    Descriptor: {digest: hex(id), mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 100},
    ID: hex(id),
    ImageData: {Containers: opts.containers ?? [], Platform: platform, Size: {Unpacked: opts.total ?? 0}},
    Kind: opts.kind ?? 'image',
    Size: {Content: opts.content ?? 0, Total: opts.total ?? 0},
  }
}

const IMAGES = [
  {
    Containers: 0,
    Created: 1_700_000_000,
    Id: hex('a'),
    Manifests: [
      manifest('1', {architecture: 'amd64', os: 'linux'}, {containers: ['c1'], content: 3_456_789, total: 12_345_678}),
      manifest('2', {architecture: 'arm64', os: 'linux', variant: 'v8'}, {available: false, content: 3_300_000}),
      {...manifest('3', {}, {content: 1234}), AttestationData: {For: hex('1')}, ImageData: undefined, Kind: 'attestation'},
    ],
    RepoDigests: [],
    RepoTags: ['alpine:latest', '127.0.0.1:5000/some/much/longer/repository/name/for/alpine:3.20', 'alpine:3'],
    Size: 12_345_678,
  },
  {Containers: 2, Created: 1_800_000_000, Id: hex('b'), Manifests: [], RepoDigests: [], RepoTags: ['busybox:latest'], Size: 1_984_287},
  {Containers: 0, Created: 1_600_000_000, Id: hex('c'), Manifests: null, RepoDigests: [], RepoTags: [], Size: 5},
]

let engine: FakeEngine

beforeAll(async () => {
  engine = await startFakeEngine({apiVersion: '1.47'})
  engine.on('GET', '/images/json', (_req, res) => sendJSON(res, 200, IMAGES))
})
afterAll(async () => {
  await engine.close()
})

interface Out {
  code: number
  stdout: string
  stderr: string
}

function env(): Record<string, string> {
  return {DOCKER_CONFIG: '/nonexistent-whalectl-config', DOCKER_HOST: engine.host, HOME: process.env.HOME ?? '/', PATH: process.env.PATH ?? ''}
}

function run(argv: string[]): Promise<Out> {
  return new Promise((resolve) => {
    const [command, ...args] = argv
    const child = spawn(command as string, args, {env: env()})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.stdin.end()
    child.on('close', (code) => resolve({code: code ?? -1, stderr, stdout}))
  })
}

// argv on a pseudo-terminal of the given width; everything the terminal showed, and the exit code.
const PTY = String.raw`
import fcntl, os, pty, struct, sys, termios
cols = int(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, cols, 0, 0))
out = b''
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
`

function onTerminal(cols: number, argv: string[]): Promise<Out> {
  return run(['python3', '-c', PTY, String(cols), ...argv])
}

const both = async (args: string[], runner: (argv: string[]) => Promise<Out> = run): Promise<{docker: Out; whalectl: Out}> => ({
  docker: await runner([DOCKER, ...args]),
  whalectl: await runner([BIN_RUN, ...args]),
})

describe.skipIf(!existsSync(DOCKER))('images --tree matches docker on an API 1.47 engine', () => {
  for (const args of [['images', '--tree'], ['image', 'ls', '--tree', '-a'], ['images', '--tree', '--filter', 'label=x', 'alpine']]) {
    it(`${args.join(' ')} on a pipe`, async () => {
      const {docker, whalectl} = await both(args)
      expect(whalectl).toEqual(docker)
    })
  }

  for (const cols of [100, 80, 50, 24]) {
    it(`images --tree -a on a terminal ${cols} columns wide`, async () => {
      const {docker, whalectl} = await both(['images', '--tree', '-a'], (argv) => onTerminal(cols, argv))
      expect(whalectl).toEqual(docker)
    })
  }

  for (const flag of ['-q', '--no-trunc', '--digests', '--format=json']) {
    it(`--tree ${flag}: not supported yet`, async () => {
      const {docker, whalectl} = await both(['images', '--tree', flag])
      expect(whalectl).toEqual(docker)
    })
  }

  it('asks the engine for manifests', async () => {
    const before = engine.requests.length
    await run([BIN_RUN, 'images', '--tree', '-a'])
    expect(engine.requests.slice(before).map((r) => r.url)).toContain('/v1.47/images/json?all=1&manifests=1')
  })
})
