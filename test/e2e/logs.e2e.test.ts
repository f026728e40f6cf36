// `whalectl logs` against the reference `docker logs` on the same engine (DOCKER-CLI-BEHAVIOUR.md
// §4). beforeAll makes the containers with docker itself; each test sends one argv through both
// CLIs and compares stdout, stderr (captured apart, so `2>/dev/null` and `1>/dev/null` views are
// both covered) and the exit code. Nothing is normalised except the program name in CLI-made
// usage errors; log timestamps come from the daemon and are the same for both.
import {spawn} from 'node:child_process'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cleanupLabel, dockerHost, referenceDocker, removeTestContainers, repoRoot, runDocker, runWhalectl, tempDockerConfig} from '../engine/harness.js'
import {expectParity, renameProgram, shellQuote} from './normalise.js'

const prefix = 'logstest-'
const label = ['--label', cleanupLabel]
const whalectl = `${shellQuote([process.execPath])} ${shellQuote([path.join(repoRoot, 'bin', 'run.js')])}`
const BIG = 256 * 1024 * 1024

async function docker(args: string[]): Promise<string> {
  const result = await runDocker(args)
  if (result.code !== 0) throw new Error(`docker ${shellQuote(args)} failed (${result.code}): ${result.stderr}`)
  return result.stdout.trim()
}

const name = (n: string): string => prefix + n

/** Runs a shell pipeline against the test engine; `CLI` in it is replaced by the command line. */
function shell(script: string, cli: 'docker' | 'whalectl', signalAfterOutput?: NodeJS.Signals): Promise<{code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}> {
  const command = cli === 'docker' ? shellQuote([referenceDocker]) : whalectl
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script.replaceAll('CLI', command)], {
      env: {DOCKER_CONFIG: tempDockerConfig(), DOCKER_HOST: dockerHost(), HOME: process.env.HOME ?? '/', PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: process.env.TZ ?? 'UTC'},
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      if (signalAfterOutput && stdout === '') setTimeout(() => child.kill(signalAfterOutput), 300)
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`timed out: ${script}`))
    }, 110_000)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({code, signal, stderr, stdout})
    })
  })
}

async function waitForLog(container: string, text: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!(await runDocker(['logs', container])).stdout.includes(text)) {
    if (Date.now() > deadline) throw new Error(`${container} never logged ${text}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

beforeAll(async () => {
  await removeTestContainers()
  const run = (n: string, args: string[]): Promise<string> => docker(['run', '-d', ...label, '--name', name(n), ...args])
  await run('both', ['busybox', 'sh', '-c', 'echo out1; echo err1 >&2; echo out2; printf "tab\\there "; echo "日本"; echo err2 >&2; printf "no newline"'])
  await run('tty', ['-t', 'busybox', 'sh', '-c', 'echo out; echo err >&2; printf "no newline"'])
  await run('empty', ['busybox', 'true'])
  // 256 MiB in 1 KiB lines on stdout, and a few lines on stderr around them.
  await run('big', ['busybox', 'sh', '-c', `echo first >&2; yes "$(head -c 1023 /dev/zero | tr '\\0' x)" | head -c ${BIG}; echo last >&2`])
  for (const n of ['both', 'tty', 'empty', 'big']) await docker(['wait', name(n)])
}, 180_000)

afterAll(removeTestContainers)

const logs = (args: string[]) => expectParity(['logs', ...args])

describe('whalectl logs matches docker logs', () => {
  it('splits stdout and stderr, byte for byte', async () => {
    const pair = await logs([name('both')])
    expect(pair.whalectl.stdout).toBe('out1\nout2\ntab\there 日本\nno newline')
    expect(pair.whalectl.stderr).toBe('err1\nerr2\n')
  })

  it('--tail 0, 1, all, a word, and -n', async () => {
    for (const tail of ['0', '1', '2', 'all', 'foo', '-1']) await logs(['--tail', tail, name('both')])
    await logs(['-n', '1', name('both')])
  })

  it('-t prints the daemon timestamps, --details the attributes', async () => {
    const pair = await logs(['-t', name('both')])
    expect(pair.whalectl.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z out1\n/)
    await logs(['--details', name('both')])
    await logs(['-t', '--details', '--tail', '2', name('both')])
  })

  it('--since and --until, absolute and relative', async () => {
    const stamped = (await runDocker(['logs', '-t', name('both')])).stdout.split('\n')
    const second = (stamped[1] ?? '').split(' ')[0] ?? ''
    expect(second).not.toBe('')
    await logs(['--since', second, name('both')])
    await logs(['--until', second, name('both')])
    await logs(['--since', second.replace(/\.\d+Z$/, 'Z'), name('both')])
    await logs(['--since', String(Math.floor(Date.parse(second) / 1000) - 1), name('both')])
    await logs(['--since', '10m', name('both')])
    await logs(['--until', '10m', name('both')])
    await logs(['--since', '1h30m', '--until', '-1h', name('both')])
  })

  it('--since relative splits a log in time', async () => {
    await docker(['run', '-d', ...label, '--name', name('split'), 'busybox', 'sh', '-c', 'echo old; sleep 6; echo new; sleep 60'])
    await waitForLog(name('split'), 'new')
    const pair = await logs(['--since', '3s', name('split')])
    expect(pair.whalectl.stdout).toBe('new\n')
  })

  it('copies a TTY log raw', async () => {
    const pair = await logs([name('tty')])
    expect(pair.whalectl.stdoutBuf).toEqual(pair.docker.stdoutBuf)
    expect(pair.whalectl.stdout).toBe('out\r\nerr\r\nno newline')
  })

  it('an empty log', () => logs([name('empty')]))

  it('-f follows until the container exits, then exits 0', async () => {
    await docker(['run', '-d', ...label, '--name', name('follow'), 'busybox', 'sh', '-c', 'for i in 1 2 3; do echo $i; echo e$i >&2; sleep 1; done'])
    const [d, w] = await Promise.all([runDocker(['logs', '-f', name('follow')]), runWhalectl(['logs', '-f', name('follow')])])
    expect({code: w.code, stderr: w.stderr, stdout: w.stdout}).toEqual({code: d.code, stderr: d.stderr, stdout: d.stdout})
    expect(w.stdout).toBe('1\n2\n3\n')
    expect(w.code).toBe(0)
    // on a stopped container -f prints what there is and ends
    await logs(['-f', name('both')])
  })

  it('Ctrl-C and TERM end -f as docker does (130, 143, nothing printed)', async () => {
    await docker(['run', '-d', ...label, '--name', name('ticker'), 'busybox', 'sh', '-c', 'while true; do echo tick; sleep 0.2; done'])
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const [d, w] = await Promise.all([
        shell(`exec CLI logs -f ${name('ticker')}`, 'docker', signal),
        shell(`exec CLI logs -f ${name('ticker')}`, 'whalectl', signal),
      ])
      expect({code: w.code, signal: w.signal, stderr: w.stderr}).toEqual({code: d.code, signal: d.signal, stderr: d.stderr})
      expect(w.code).toBe(signal === 'SIGINT' ? 130 : 143)
    }
  })

  it('a reader that goes away (| head) ends it quietly', async () => {
    const script = `CLI logs -f ${name('ticker')} | head -n 2; echo "status \${PIPESTATUS[0]}"`
    const [d, w] = await Promise.all([shell(script, 'docker'), shell(script, 'whalectl')])
    expect(w).toEqual(d)
    expect(w.stdout).toBe('tick\ntick\nstatus 141\n')
  })

  it('a 256 MiB log is identical (sha256 of each stream)', async () => {
    const script = `CLI logs ${name('big')} 2>/dev/null | sha256sum; CLI logs ${name('big')} 2>&1 >/dev/null | sha256sum; CLI logs ${name('big')} | wc -c`
    const d = await shell(script, 'docker')
    const w = await shell(script, 'whalectl')
    expect(w).toEqual(d)
    expect(w.stdout.split('\n')[2]?.trim()).toBe(String(BIG))
  }, 300_000)

  describe('errors', () => {
    it('unknown container', () => logs(['nosuch-container']))
    it('bad --since / --until', async () => {
      for (const value of ['garbage', '2026-13-01', '2026-11-23 17:00:00', '1.5.5', '2026-11-23T10:00:00+25:00']) {
        await logs(['--since', value, name('both')])
        await logs(['--until', value, name('both')])
      }
    })
    it('an unknown container wins over a bad --since', () => logs(['--since', 'garbage', 'nosuch-container']))
    it('a blank name', () => logs(['  ']))
    it('argument count', async () => {
      await expectParity(['logs'], {dockerStderr: renameProgram})
      await expectParity(['logs', 'a', 'b'], {dockerStderr: renameProgram})
    })
    it('flag errors', async () => {
      await expectParity(['logs', '--nope', name('both')], {dockerStderr: renameProgram})
      await expectParity(['logs', name('both'), '--tail'], {dockerStderr: renameProgram})
      await expectParity(['logs', '-t=maybe', name('both')], {dockerStderr: renameProgram})
    })
    it('container and system aliases', async () => {
      const d = await runDocker(['container', 'logs', name('both')])
      const w = await runWhalectl(['container', 'logs', name('both')])
      expect({code: w.code, stderr: w.stderr, stdout: w.stdout}).toEqual({code: d.code, stderr: d.stderr, stdout: d.stdout})
    })
  })
})
