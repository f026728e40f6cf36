// `whalectl stats` and `whalectl commit` against the reference docker CLI.
//
// stats: live figures differ from one run to the next, so the numbers are compared on recorded
// and hand-made stats samples that a fake engine serves to both CLIs (test/fake-engine/stats.ts;
// docker is simply pointed at it with DOCKER_HOST); the real engine then covers what does not
// depend on the figures: errors, names, IDs, PIDs, stopped containers (all zeros), containers
// that stop or go away while streaming, flags, and the redraw frames' structure.
// commit: each CLI commits the same container with the same flags; the images' configs, the
// printed ID's shape, every error and exit code are compared, and the requests both send to a
// fake engine must be identical.
import {spawn} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, dockerHost, removeTestContainers, repoRoot, runDocker, runWhalectl} from '../engine/harness.js'
import {type FakeEngine, startFakeEngine} from '../fake-engine/server.js'
import {
  CASES,
  RECORDED_V1,
  serveListAndEvents,
  serveNoSuchContainer,
  serveOS,
  serveStats,
  STOPPED_SAMPLE,
  WINDOWS_SAMPLE,
  fixtureID,
} from '../fake-engine/stats.js'
import {expectParity, type ParityOptions, renameProgram, shellQuote} from './normalise.js'
import {CLIS, type Cli, onTerminal} from './pty.js'

const prefix = 'statstest-'
const name = (n: string): string => prefix + n
const label = ['--label', cleanupLabel]
const IMAGE_REPO = 'whalectl-commit-test'

async function docker(args: string[]): Promise<string> {
  const result = await runDocker(args)
  if (result.code !== 0) throw new Error(`docker ${shellQuote(args)} failed (${result.code}): ${result.stderr}`)
  return result.stdout.trim()
}

/** Each redraw ends with erase-below; the frames of a streamed stats run, in order. */
function framesOf(stdout: string): string[] {
  const parts = stdout.split('\x1b[J')
  parts.pop()
  return parts.map((p) => `${p}\x1b[J`)
}

/** The frames without repeats: what changed on screen, in order. */
function distinct(frames: string[]): string[] {
  return frames.filter((f, i) => i === 0 || f !== frames[i - 1])
}

interface Streamed {
  frames: string[]
  code: number
  stderr: string
}

/**
 * Runs a streaming stats until it has drawn `frames` frames, then sends `signal` (SIGKILL by
 * default: docker 28 ignores SIGINT while it streams named containers).
 */
function streamStats(cli: Cli, args: string[], env: Record<string, string>, frames: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<Streamed> {
  const [command, ...pre] = CLIS[cli]
  const child = spawn(command as string, [...pre, ...args], {cwd: repoRoot, env: {HOME: process.env.HOME ?? '/', PATH: process.env.PATH ?? '/usr/bin:/bin', ...env}})
  let stdout = ''
  let stderr = ''
  let signalled = false
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    if (!signalled && framesOf(stdout).length >= frames) {
      signalled = true
      child.kill(signal)
    }
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  return new Promise((resolve) => {
    child.on('close', (code, sig) => {
      clearTimeout(timer)
      resolve({code: code ?? (sig === 'SIGKILL' ? 137 : -1), frames: framesOf(stdout), stderr})
    })
  })
}

const emptyConfig = (): string => mkdtempSync(path.join(tmpdir(), 'whalectl-config-'))

// ------------------------------------------------------------------------------------------
// stats: the numbers, on samples a fake engine serves to both CLIs

describe('stats on recorded samples (fake engine)', () => {
  let fake: FakeEngine
  const fakeEnv = (): Record<string, string> => ({DOCKER_HOST: fake.host})
  const parity = (args: string[], opts: ParityOptions = {}): Promise<unknown> => expectParity(['stats', ...args], {env: fakeEnv(), ...opts})
  const all = ['busy', ...Object.keys(CASES)]

  beforeAll(async () => {
    fake = await startFakeEngine()
    serveStats(fake, 'busy', {samples: [RECORDED_V1[1] as string, RECORDED_V1[1] as string]})
    serveStats(fake, 'first', {samples: [RECORDED_V1[0] as string]})
    serveStats(fake, 'stopped', {samples: [STOPPED_SAMPLE, STOPPED_SAMPLE]})
    for (const [n, s] of Object.entries(CASES)) serveStats(fake, n, {samples: [s, s]})
    serveStats(fake, 'ending', {end: true, samples: [RECORDED_V1[0] as string, RECORDED_V1[1] as string]})
    serveStats(fake, 'empty', {end: true, samples: []})
    fake.on('GET', '/containers/silent/stats', (_req, res) => res.writeHead(200, {'Content-Type': 'application/json'}).write(''))
    serveNoSuchContainer(fake, 'nosuch')
    serveNoSuchContainer(fake, 'nosuch2')
  })
  afterAll(async () => {
    await fake?.close()
  })

  it('the default table: CPU %, memory without cache (cgroup v1 and v2), MEM %, NET I/O, BLOCK I/O, PIDS', async () => {
    await parity(['--no-stream', ...all, 'first', 'stopped'])
  })

  it('--format json, table templates, plain templates with functions, --no-trunc', async () => {
    await parity(['--no-stream', '--format', 'json', ...all])
    await parity(['--no-stream', '--format', 'table {{.Container}}\t{{.Name}}\t{{.ID}}\t{{.MemPerc}}\t{{.PIDs}}', ...all])
    await parity(['--no-stream', '--format', '{{.CPUPerc}}|{{.MemUsage}}|{{upper .Name}}|{{json .}}|{{.NetIO}}|{{.BlockIO}}', ...all])
    await parity(['--no-stream', '--no-trunc', 'busy', 'v2'])
    await parity(['--no-stream', '--no-trunc', '--format', 'table {{.ID}}\t{{.Container}}', 'busy'])
    await parity(['--no-stream', '--format', 'table', 'busy'])
    await parity(['--no-stream', '--format', 'raw', 'busy'])
    await parity(['--no-stream', '--format', '', 'busy'])
  })

  it('statsFormat from config.json, unless --format is given', async () => {
    const config = emptyConfig()
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({statsFormat: 'table {{.Name}}\t{{.CPUPerc}}\t{{.PIDs}}'}))
    await parity(['--no-stream', 'busy', 'v2'], {env: {...fakeEnv(), DOCKER_CONFIG: config}})
    await parity(['--no-stream', '--format', '{{.Name}}', 'busy'], {env: {...fakeEnv(), DOCKER_CONFIG: config}})
  })

  it('template errors come after the stats, worded as docker words them', async () => {
    await parity(['--no-stream', '--format', '{{.Nope}}', 'busy'])
    await parity(['--no-stream', '--format', '{{.Name', 'busy'])
    await parity(['--no-stream', '--format', 'table {{.Nope}}', 'busy'])
  })

  it('unknown containers: every error, in order, and exit 1, even with known ones', async () => {
    await parity(['--no-stream', 'nosuch'])
    await parity(['--no-stream', 'nosuch', 'busy', 'nosuch2'])
    await parity(['nosuch'])
  })

  it('a stats stream that ends before any sample, or says nothing for two seconds', async () => {
    await parity(['--no-stream', 'empty'])
    await parity(['empty'])
    await parity(['--no-stream', 'silent', 'busy'])
  })

  it('a container named twice is shown once', async () => {
    await parity(['--no-stream', 'busy', 'v2', 'busy'])
  })

  it('every container: the engine list order, short IDs as CONTAINER, -a asking for all', async () => {
    serveListAndEvents(fake, [
      {id: fixtureID('a'), name: 'v2'},
      {id: fixtureID('b'), name: 'noprecpu'},
    ])
    serveStats(fake, fixtureID('a').slice(0, 12), {samples: [CASES['v2'] as string]})
    serveStats(fake, fixtureID('b').slice(0, 12), {samples: [CASES['noprecpu'] as string]})
    await parity(['--no-stream'])
    await parity(['--no-stream', '--format', '{{.Container}} {{.Name}} {{.ID}}'])
    fake.requests.length = 0
    await parity(['--no-stream', '-a', '--format', 'json'])
    // Both CLIs asked the same questions (order aside: the requests go out concurrently).
    const asked = fake.requests.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url.replace(/^\/v[\d.]+/, '')}`)
    const half = asked.length / 2
    expect(asked.slice(half).sort()).toEqual(asked.slice(0, half).sort())
    expect(asked).toContain('GET /containers/json?all=1')
    expect(asked).toContain(`GET /events?filters=${encodeURIComponent('{"type":{"container":true}}')}`)
  })

  it('--no-stream with no containers: the header alone; nothing at all for json', async () => {
    serveListAndEvents(fake, [])
    await parity(['--no-stream'])
    await parity(['--no-stream', '--format', 'json'])
  })

  it('a Windows daemon: its table, private working set, CPU from read times and processors', async () => {
    const win = await startFakeEngine()
    try {
      serveOS(win, 'windows')
      serveStats(win, 'win', {samples: [WINDOWS_SAMPLE]}, 'windows')
      serveStats(win, 'busy', {samples: [RECORDED_V1[1] as string]}, 'windows')
      for (const format of ['table', 'json', 'table {{.MemUsage}}\t{{.MemPerc}}\t{{.PIDs}}']) {
        await expectParity(['stats', '--no-stream', '--format', format, 'win', 'busy'], {env: {DOCKER_HOST: win.host}})
      }
    } finally {
      await win.close()
    }
  })

  it('streaming: the same redraw frames, byte for byte', async () => {
    const args = ['stats', 'busy', 'v2']
    const [d, w] = await Promise.all([streamStats('docker', args, fakeEnv(), 3), streamStats('whalectl', args, fakeEnv(), 3)])
    expect(w.frames.slice(0, 3)).toEqual(d.frames.slice(0, 3))
    expect(w.frames[0]).toMatch(/^\x1b\[HCONTAINER ID {3}NAME/)
    const json = ['stats', '--format', 'json', 'busy']
    const [dj, wj] = await Promise.all([streamStats('docker', json, fakeEnv(), 2), streamStats('whalectl', json, fakeEnv(), 2)])
    expect(wj.frames.slice(0, 2)).toEqual(dj.frames.slice(0, 2))
  })

  it('streaming a container whose stream ends: its row turns to --', async () => {
    const args = ['stats', 'ending']
    const [d, w] = await Promise.all([streamStats('docker', args, fakeEnv(), 3), streamStats('whalectl', args, fakeEnv(), 3)])
    expect(w.frames.slice(0, 3)).toEqual(d.frames.slice(0, 3))
    expect(w.frames[0]).toContain('busy      --        -- / --')
  })

  it('streaming every container: rows join on start events and leave on die events', async () => {
    serveListAndEvents(
      fake,
      [
        {id: fixtureID('a'), name: 'v2'},
        {id: fixtureID('b'), name: 'noprecpu'},
      ],
      [
        {action: 'die', afterMs: 1200, id: fixtureID('a')},
        {action: 'start', afterMs: 2600, id: fixtureID('c')},
      ],
    )
    serveStats(fake, fixtureID('a').slice(0, 12), {samples: [CASES['v2'] as string]})
    serveStats(fake, fixtureID('b').slice(0, 12), {samples: [CASES['noprecpu'] as string]})
    serveStats(fake, fixtureID('c').slice(0, 12), {samples: [CASES['percpu'] as string]})
    const run = (cli: Cli): Promise<Streamed> => streamStats(cli, ['stats', '--format', 'table {{.Container}}\t{{.Name}}\t{{.CPUPerc}}'], fakeEnv(), 10)
    const [d, w] = await Promise.all([run('docker'), run('whalectl')])
    expect(distinct(w.frames)).toEqual(distinct(d.frames))
    expect(distinct(w.frames)).toHaveLength(3)
  })

  it('SIGINT while streaming every container: one last frame of -- rows, exit 130', async () => {
    serveListAndEvents(fake, [{id: fixtureID('a'), name: 'v2'}])
    serveStats(fake, fixtureID('a').slice(0, 12), {samples: [CASES['v2'] as string]})
    const run = (cli: Cli): Promise<Streamed> => streamStats(cli, ['stats'], fakeEnv(), 2, 'SIGINT')
    const [d, w] = await Promise.all([run('docker'), run('whalectl')])
    expect([w.code, w.stderr]).toEqual([d.code, d.stderr])
    expect(w.code).toBe(130)
    expect(w.frames.at(-1)).toEqual(d.frames.at(-1))
    expect(w.frames.at(-1)).toContain('v2        --        -- / --')
  })
})

// ------------------------------------------------------------------------------------------
// stats: against the engine

describe('stats against the engine', () => {
  beforeAll(async () => {
    await removeTestContainers()
    await docker(['run', '-d', ...label, '--name', name('sleeper'), 'busybox', 'sleep', '600'])
    await docker(['run', '-d', ...label, '--name', name('sleeper2'), 'busybox', 'sleep', '600'])
    await docker(['run', '-d', ...label, '--name', name('exited'), 'busybox', 'true'])
    await docker(['create', ...label, '--name', name('created'), 'busybox', 'true'])
    await docker(['wait', name('exited')])
  })
  afterAll(async () => {
    await removeTestContainers()
  })

  it('unknown containers: docker error, exit 1, nothing on stdout', async () => {
    await expectParity(['stats', '--no-stream', 'statstest-nosuch'])
    await expectParity(['stats', '--no-stream', 'statstest-nosuch', name('sleeper'), 'statstest-nosuch2'])
    await expectParity(['stats', 'statstest-nosuch'])
    await expectParity(['container', 'stats', '--no-stream', 'statstest-nosuch'])
    await expectParity(['stats', '--no-stream', ''])
  })

  it('stopped and created containers: a row of zeros', async () => {
    await expectParity(['stats', '--no-stream', name('exited'), name('created')])
    await expectParity(['stats', '--no-stream', '--format', 'json', name('exited')])
  })

  it('running containers: names, IDs and PIDs as docker shows them', async () => {
    const format = ['--format', '{{.Container}} {{.Name}} {{.ID}} {{.PIDs}}']
    await expectParity(['stats', '--no-stream', ...format, name('sleeper'), name('sleeper2')])
    await expectParity(['stats', '--no-stream', '--no-trunc', '--format', 'table {{.ID}}\t{{.Name}}', name('sleeper')])
    const id = await docker(['inspect', '-f', '{{.Id}}', name('sleeper')])
    await expectParity(['stats', '--no-stream', ...format, id.slice(0, 5), id])
    await expectParity(['container', 'stats', '--no-stream', ...format, name('sleeper')])
  })

  it('the default table: the same header, columns and rows (figures masked)', async () => {
    const mask = (text: string): string => text.replace(/\d+(\.\d+)?(%|[kMGTP]?i?B)/g, 'N').replace(/ +/g, ' ')
    const pair = await expectParity(['stats', '--no-stream', name('sleeper'), name('exited')], {normalise: mask})
    expect(pair.whalectl.stdout.split('\n')[0]).toBe('CONTAINER ID   NAME                CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS')
    expect(pair.whalectl.stdout).toMatch(/\n[0-9a-f]{12} {3}statstest-sleeper {3}\d+\.\d\d% +\d+(\.\d+)?[KMG]?i?B \/ \d+(\.\d+)?[KMGT]?i?B +\d+\.\d\d% +\S+ \/ \S+ +\S+ \/ \S+ +1\n/)
  })

  it('every running container, and every container with -a', async () => {
    await expectParity(['stats', '--no-stream', '--format', '{{.Container}} {{.Name}}'])
    await expectParity(['stats', '--no-stream', '-a', '--format', '{{.Container}} {{.Name}}'])
  })

  it('template and flag errors', async () => {
    await expectParity(['stats', '--no-stream', '--format', '{{.Nope}}', name('sleeper')])
    await expectParity(['stats', '--no-stream', '--format', '{{.Name', name('sleeper')])
    await expectParity(['stats', '--bogus'], {dockerStderr: renameProgram})
    await expectParity(['stats', '--no-stream=maybe'], {dockerStderr: renameProgram})
  })

  it('a container that stops while streaming keeps its row, with the zeros the engine sends', async () => {
    const run = async (cli: Cli): Promise<Streamed> => {
      const n = name(`stopping-${cli.slice(0, 1)}`)
      await docker(['run', '-d', ...label, '--name', n, 'busybox', 'sh', '-c', 'trap "exit 0" TERM; sleep 600 & wait'])
      setTimeout(() => void runDocker(['stop', n]), 1800)
      return streamStats(cli, ['stats', '--format', 'table {{.Name}}\t{{.PIDs}}\t{{.NetIO}}', n], {DOCKER_CONFIG: emptyConfig(), DOCKER_HOST: dockerHost()}, 9)
    }
    const [d, w] = [await run('docker'), await run('whalectl')]
    const shown = (s: Streamed): string[] => distinct(s.frames).map((f) => f.replaceAll(`-${s === d ? 'd' : 'w'}`, '-X'))
    expect(shown(w)).toEqual(shown(d))
    expect(shown(w).at(-1)).toContain('statstest-stopping-X   0')
  })

  it('a container removed while streaming: its row turns to --', async () => {
    const run = async (cli: Cli): Promise<Streamed> => {
      const n = name(`removed-${cli.slice(0, 1)}`)
      await docker(['run', '-d', ...label, '--name', n, 'busybox', 'sleep', '600'])
      setTimeout(() => void runDocker(['rm', '-f', n]), 1800)
      return streamStats(cli, ['stats', '--format', 'table {{.Name}}\t{{.PIDs}}', n], {DOCKER_CONFIG: emptyConfig(), DOCKER_HOST: dockerHost()}, 9)
    }
    const [d, w] = [await run('docker'), await run('whalectl')]
    const shown = (s: Streamed): string[] => distinct(s.frames).map((f) => f.replaceAll(`-${s === d ? 'd' : 'w'}`, '-X'))
    expect(shown(w)).toEqual(shown(d))
    expect(shown(w).at(-1)).toContain('statstest-removed-X   --')
  })

  it('on a terminal: the same redraw, and Ctrl-C ends it with 130', () => {
    const args = ['stats', '-a', '--format', 'table {{.Name}}']
    const d = onTerminal('docker', args, [[3.5, '\x03']])
    const w = onTerminal('whalectl', args, [[3.5, '\x03']])
    expect(w.code).toBe(d.code)
    expect(w.code).toBe(130)
    const first = (out: string): string | undefined => framesOf(out)[0]
    expect(first(w.output)).toEqual(first(d.output))
    expect(first(w.output)).toMatch(/^\x1b\[HNAME\r\n/)
  })
})

// ------------------------------------------------------------------------------------------
// commit

describe('commit', () => {
  const tags: string[] = []

  beforeAll(async () => {
    await docker(['run', '-d', ...label, '--name', name('source'), 'busybox', 'sh', '-c', 'echo hi > /made-here; sleep 600'])
  })
  afterAll(async () => {
    await removeTestContainers()
    const images = (await runDocker(['images', '-q', IMAGE_REPO])).stdout.split('\n').filter((l) => l !== '')
    if (images.length > 0) await runDocker(['rmi', '-f', ...new Set(images)])
    if (tags.length > 0) await runDocker(['rmi', '-f', ...tags])
  })

  /** Commits with each CLI to its own tag; returns both tags' image configs as docker inspect shows them. */
  async function commitBoth(flags: string[]): Promise<{docker: string; whalectl: string}> {
    const out: Record<string, string> = {}
    for (const cli of ['docker', 'whalectl'] as const) {
      const tag = `${IMAGE_REPO}:${cli}-${tags.length}`
      tags.push(tag)
      const result = await (cli === 'docker' ? runDocker : runWhalectl)(['commit', ...flags, name('source'), tag])
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/)
      expect(await docker(['inspect', '-f', '{{.Id}}', tag])).toBe(result.stdout.trim())
      out[cli] = await docker(['inspect', '-f', '{{json .Config}}|{{.Comment}}|{{.Author}}|{{.Parent}}', tag])
    }
    return {docker: out['docker'] as string, whalectl: out['whalectl'] as string}
  }

  it('-m, -a and -c with Dockerfile instructions make the same image as docker', async () => {
    const both = await commitBoth([
      '-m', 'a message', '-a', 'Jane <jane@example.com>',
      '-c', 'ENV A=1 B="two words"', '-c', 'CMD ["sh", "-c", "echo hi"]', '-c', 'EXPOSE 8080/tcp',
      '-c', 'LABEL org.example=yes', '-c', 'WORKDIR /srv', '-c', 'USER nobody', '-c', 'ENTRYPOINT ["/bin/sh"]',
      '--change=VOLUME /data', '-c', 'ONBUILD RUN true',
    ])
    expect(both.whalectl).toEqual(both.docker)
    expect(both.whalectl).toContain('"Cmd":["sh","-c","echo hi"]')
  })

  it('--pause=false, -p and no flags', async () => {
    for (const flags of [['--pause=false'], ['-p'], []]) {
      const both = await commitBoth(flags)
      expect(both.whalectl).toEqual(both.docker)
    }
  })

  it('the image has the container changes', async () => {
    const tag = `${IMAGE_REPO}:changes`
    expect((await runWhalectl(['container', 'commit', name('source'), tag])).code).toBe(0)
    expect(await docker(['run', '--rm', tag, 'cat', '/made-here'])).toBe('hi')
  })

  it('without a repository: an untagged image', async () => {
    const result = await runWhalectl(['commit', name('source')])
    expect(result.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/)
    tags.push(result.stdout.trim())
    expect(await docker(['inspect', '-f', '{{len .RepoTags}}', result.stdout.trim()])).toBe('0')
  })

  it('a registry reference with a port, and a repository without a tag (latest)', async () => {
    for (const ref of ['127.0.0.1:5000/whalectl-commit-test/x:v1', `${IMAGE_REPO}`]) {
      const result = await runWhalectl(['commit', name('source'), ref])
      expect(result.code).toBe(0)
      tags.push(ref.includes(':v1') ? ref : `${ref}:latest`)
      expect(await docker(['inspect', '-f', '{{.Id}}', tags.at(-1) as string])).toBe(result.stdout.trim())
    }
  })

  it('bad references: docker client-side errors, exit 1', async () => {
    for (const ref of ['UPPER', 'a:b:c', `x@sha256:${'a'.repeat(64)}`, `x:t@sha256:${'a'.repeat(64)}`, ':tag', 'foo:', 'a'.repeat(64), '-x']) {
      await expectParity(['commit', name('source'), ref])
    }
  })

  it('unknown containers, bad changes, argument and flag errors', async () => {
    await expectParity(['commit', 'statstest-nosuch'])
    await expectParity(['commit', 'statstest-nosuch', 'UPPER'])
    await expectParity(['commit', ''])
    for (const change of ['BOGUS x', 'FROM busybox', 'EXPOSE abc', 'ENV', 'RUN true']) {
      await expectParity(['commit', '-c', change, name('source'), `${IMAGE_REPO}:never`])
    }
    await expectParity(['commit'], {dockerStderr: renameProgram})
    await expectParity(['commit', 'a', 'b', 'c'], {dockerStderr: renameProgram})
    // Flags after CONTAINER are arguments.
    await expectParity(['commit', name('source'), '-m', 'x'], {dockerStderr: renameProgram})
    await expectParity(['commit', '--pause=maybe', name('source')], {dockerStderr: renameProgram})
    await expectParity(['commit', '--bogus', name('source')], {dockerStderr: renameProgram})
  })

  it('sends what docker sends (fake engine)', async () => {
    const fake = await startFakeEngine()
    try {
      fake.on('POST', '/commit', (_req, res) => {
        res.writeHead(201, {'Content-Type': 'application/json'})
        res.end('{"Id":"sha256:abc"}\n')
      })
      const cases = [
        ['c1'],
        ['c1', 'busybox'],
        ['-p=false', '-m', 'hi there', '-a', 'Me <a@b>', '-c', 'ENV A=1', '-c', 'CMD ["sh"]', 'c1', 'Foo/bar:t'],
        ['c1', 'localhost:5000/x'],
        ['--pause', '--message=', 'c1', 'x/y/z:1.0'],
      ]
      for (const args of cases) {
        fake.requests.length = 0
        await expectParity(['commit', ...args], {env: {DOCKER_HOST: fake.host}})
        const commits = fake.requests.filter((r) => r.path === '/commit').map((r) => [r.url, r.headers['content-length'], r.headers['content-type'], r.body.toString()])
        expect(commits).toHaveLength(2)
        expect(commits[1]).toEqual(commits[0])
      }
    } finally {
      await fake.close()
    }
  })
})
