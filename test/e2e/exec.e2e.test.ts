// `whalectl exec` against the reference `docker exec` on the same engine (DOCKER-CLI-BEHAVIOUR.md
// §3). One long-running container (made with docker) serves every case; each case runs the same
// argv through both CLIs and compares stdout, stderr and the exit code. Terminal cases run under
// a pseudo-terminal (python3's pty module).
import {createHash, randomBytes} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, removeTestContainers, runDocker, runWhalectl} from '../engine/harness.js'
import {expectParity, renameProgram, shellQuote} from './normalise.js'
import {onTerminal, start} from './pty.js'

const suffix = randomBytes(3).toString('hex')
const CTR = `exectest-${suffix}`
let workDir = ''

async function docker(args: string[]): Promise<string> {
  const result = await runDocker(args)
  if (result.code !== 0) throw new Error(`docker ${shellQuote(args)} failed (${result.code}): ${result.stderr}`)
  return result.stdout.trim()
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'whalectl-exec-e2e-'))
  await docker(['run', '-d', '--name', CTR, '-l', cleanupLabel, 'busybox', 'sleep', '3600'])
})
afterAll(async () => {
  await removeTestContainers()
  rmSync(workDir, {force: true, recursive: true})
})

/** The comparable part of a result. */
const view = (r: {code: number; stderr: string; stdout: string}) => ({code: r.code, stderr: r.stderr, stdout: r.stdout})

const parity = (args: string[], opts: Parameters<typeof expectParity>[1] = {}) => expectParity(args, {attempts: 1, ...opts})

describe('exec', () => {
  it('separates stdout from stderr and exits with the command status', async () => {
    const pair = await parity(['exec', CTR, 'sh', '-c', 'echo out; echo err >&2; exit 9'])
    expect(view(pair.whalectl)).toEqual({code: 9, stderr: 'err\n', stdout: 'out\n'})
  })

  it('-i sends stdin, half-closes it, and keeps the output', async () => {
    const pair = await parity(['exec', '-i', CTR, 'sh', '-c', 'cat; echo after-eof; id -u'], {input: 'hello\n'})
    expect(pair.whalectl.stdout).toBe('hello\nafter-eof\n0\n')
  })

  it('-i carries 16 MiB of random bytes unchanged', async () => {
    const input = randomBytes(16 * 1024 * 1024)
    const result = await runWhalectl(['exec', '-i', CTR, 'cat'], {input, timeoutMs: 120_000})
    expect(result.code).toBe(0)
    expect(createHash('sha256').update(result.stdoutBuf).digest('hex')).toBe(createHash('sha256').update(input).digest('hex'))
  })

  it('-e, --env-file, -w and -u', async () => {
    const envFile = path.join(workDir, 'exec.env')
    writeFileSync(envFile, '# comment\nFROMFILE=1\nINHERITED\n')
    const pair = await parity(
      ['exec', '-e', 'A=1', '-e', 'INHERITED', '--env-file', envFile, '-w', '/tmp', '-u', '1000:1000', CTR, 'sh', '-c', 'echo $A $FROMFILE $INHERITED; pwd; id'],
      {env: {INHERITED: 'inh'}},
    )
    expect(pair.whalectl.stdout).toBe('1 1 inh\n/tmp\nuid=1000 gid=1000 groups=1000\n')
  })

  it('--privileged (whatever this engine makes of it, the same for both)', async () => {
    await parity(['exec', '--privileged', CTR, 'sh', '-c', 'id -u'])
  })

  it('a command that is not found: the engine says so on the stream, 126', async () => {
    const pair = await parity(['exec', CTR, 'nosuchcmd'])
    expect(pair.whalectl.code).toBe(126)
    expect(pair.whalectl.stdout).toContain('executable file not found')
  })

  it('no such container', async () => {
    const pair = await parity(['exec', `nosuch-${suffix}`, 'true'])
    expect(view(pair.whalectl)).toEqual({code: 1, stderr: `Error response from daemon: No such container: nosuch-${suffix}\n`, stdout: ''})
  })

  it('a stopped container', async () => {
    await docker(['run', '--name', `${CTR}-stopped`, '-l', cleanupLabel, 'busybox', 'true'])
    const pair = await parity(['exec', `${CTR}-stopped`, 'true'])
    expect(pair.whalectl.code).toBe(1)
    expect(pair.whalectl.stderr).toMatch(/^Error response from daemon: Container [0-9a-f]{64} is not running\n$/)
  })

  it('a paused container', async () => {
    await docker(['pause', CTR])
    try {
      const pair = await parity(['exec', CTR, 'true'])
      expect(pair.whalectl.stderr).toBe(`Error response from daemon: Container ${CTR} is paused, unpause the container before exec\n`)
    } finally {
      await docker(['unpause', CTR])
    }
  })

  it('-d prints nothing, exits 0, and the command runs', async () => {
    const pair = await parity(['exec', '-d', CTR, 'sh', '-c', 'echo ran > /tmp/detached-marker; exit 3'])
    expect(view(pair.whalectl)).toEqual({code: 0, stderr: '', stdout: ''})
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await docker(['exec', CTR, 'cat', '/tmp/detached-marker'])).toBe('ran')
  })

  it('-it with a stdin that is not a terminal', async () => {
    const pair = await parity(['exec', '-it', CTR, 'true'])
    expect(view(pair.whalectl)).toEqual({code: 1, stderr: 'the input device is not a TTY\n', stdout: ''})
  })

  it('-t without -i: raw output, stderr merged into stdout', async () => {
    const pair = await parity(['exec', '-t', CTR, 'sh', '-c', 'echo out; echo err >&2'])
    expect(pair.whalectl.stdout).toBe('out\r\nerr\r\n')
  })

  it('argument errors', async () => {
    const pair = await parity(['exec', CTR], {dockerStderr: renameProgram})
    expect(pair.whalectl.code).toBe(1)
  })
})

describe('exec on a terminal', () => {
  it('-it: a terminal of our size, the exit status, as docker', () => {
    const args = ['exec', '-it', CTR, 'sh', '-c', 'tty; sleep 0.3; stty size; exit 6']
    // which pty the container hands out depends on what earlier execs left open
    const anyPty = (r: {code: number; output: string}) => ({...r, output: r.output.replace(/\/dev\/pts\/\d+/g, '/dev/pts/N')})
    const theirs = anyPty(onTerminal('docker', args))
    const ours = anyPty(onTerminal('whalectl', args))
    expect(ours).toEqual(theirs)
    expect(ours.code).toBe(6)
    expect(ours.output).toContain('40 100\r\n')
  })

  it('detach keys end exec with `read escape sequence` and exit 1', () => {
    for (const cli of ['docker', 'whalectl'] as const) {
      const result = onTerminal(cli, ['exec', '-it', '--detach-keys', 'ctrl-x,x', CTR, 'sh'], [
        ['/ #', 'echo typed-$((6*7))\r'],
        ['typed-42\r\n', Buffer.from([0x18, 0x78])],
      ])
      expect(result.code, result.output).toBe(1)
      expect(result.output).toContain('typed-42\r\n')
      expect(result.output.endsWith('read escape sequence\r\n')).toBe(true)
    }
  })
})

describe('exec and signals', () => {
  it('SIGTERM ends the CLI with 0 and leaves the process running', async () => {
    for (const cli of ['docker', 'whalectl'] as const) {
      const marker = `sigtest-${cli}-${suffix}`
      const session = start(cli, ['exec', CTR, 'sh', '-c', `echo started; exec sleep 30 # ${marker}`])
      await session.printed('started\n')
      session.child.kill('SIGTERM')
      expect(await session.exit).toBe(0)
      expect(session.stdout()).toBe('started\n')
      expect(session.stderr()).toBe('')
      expect(await docker(['exec', CTR, 'ps'])).toContain('sleep 30')
    }
  })
})
