// `whalectl run` against the reference `docker run` on the same engine (DOCKER-CLI-BEHAVIOUR.md
// §2, §0.8, §8, §9). Most cases run one argv through both CLIs and compare stdout, stderr and the
// exit code; the program's name in CLI-made messages and container IDs are the only things
// normalised. Cases with a terminal run under a pseudo-terminal (python3's pty module), and
// signal cases spawn the CLI themselves to signal it.
import {spawnSync} from 'node:child_process'
import {createHash, randomBytes} from 'node:crypto'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, cleanupLabelValue, engineContext, removeTestContainers, repoRoot, runDocker, runWhalectl} from '../engine/harness.js'
import {expectParity, renameProgram, shellQuote, type TextNormaliser} from './normalise.js'
import {type Cli, cliEnv, forceOutWithThreeSigterms, onTerminal, runOnPty, start, WHALECTL} from './pty.js'

const {registry} = engineContext()
const LABEL = ['-l', cleanupLabel]

/** `docker: …` / `Run 'docker run --help'` in messages the CLI makes, never the daemon's text. */
const renameRunErrors: TextNormaliser = (text) => text.replace(/^docker: /gm, 'whalectl: ').replace(/'docker (run|exec) --help'/g, "'whalectl $1 --help'").replace(/^Usage:  docker /gm, 'Usage:  whalectl ')
const hideIds: TextNormaliser = (text) => text.replace(/\b[0-9a-f]{64}\b/g, '<ID>')

let workDir = ''
const suffix = randomBytes(3).toString('hex')
const name = (what: string, cli: Cli): string => `runtest-${what}-${cli}-${suffix}`

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'whalectl-run-e2e-'))
})
afterAll(async () => {
  await removeTestContainers()
  rmSync(workDir, {force: true, recursive: true})
})

async function docker(args: string[]): Promise<string> {
  const result = await runDocker(args)
  if (result.code !== 0) throw new Error(`docker ${shellQuote(args)} failed (${result.code}): ${result.stderr}`)
  return result.stdout.trim()
}

/** Runs argv through both CLIs; the program's name in CLI-made errors is normalised. */
function parity(args: string[], opts: Parameters<typeof expectParity>[1] = {}) {
  return expectParity(args, {attempts: 1, dockerStderr: renameRunErrors, ...opts})
}

async function isRunning(container: string): Promise<boolean> {
  return (await docker(['inspect', '--format', '{{.State.Running}}', container])) === 'true'
}

// ---------------------------------------------------------------------------------------------

describe('output and exit codes', () => {
  it('separates stdout from stderr and exits with the container status', async () => {
    const pair = await parity(['run', '--rm', ...LABEL, 'busybox', 'sh', '-c', 'echo out; echo err >&2; echo more; exit 3'])
    expect(pair.whalectl.stdout).toBe('out\nmore\n')
    expect(pair.whalectl.stderr).toBe('err\n')
    expect(pair.whalectl.code).toBe(3)
  })

  it.each([
    ['true', 0],
    ['exit 255', 255],
    ['exit 256', 0],
  ])('`%s` → %i', async (script, code) => {
    const pair = await parity(['run', '--rm', ...LABEL, 'busybox', 'sh', '-c', script])
    expect(pair.whalectl.code).toBe(code)
  })

  it('127 for a command that is not found, with the engine text and the help hint', async () => {
    const pair = await parity(['run', '--rm', ...LABEL, 'busybox', 'nonexistentcmd'])
    expect(pair.whalectl.code).toBe(127)
    expect(pair.whalectl.stderr).toMatch(/^whalectl: Error response from daemon: .*executable file not found in \$PATH.*\n\nRun 'whalectl run --help' for more information\n$/s)
  })

  it('126 for a command that cannot be invoked', async () => {
    const pair = await parity(['run', '--rm', ...LABEL, 'busybox', '/etc'])
    expect(pair.whalectl.code).toBe(126)
  })

  it('125 for an image the engine does not have with --pull never', async () => {
    const pair = await parity(['run', '--rm', '--pull', 'never', ...LABEL, 'busybox:nope'])
    expect(pair.whalectl.code).toBe(125)
    expect(pair.whalectl.stderr).toBe("whalectl: Error response from daemon: No such image: busybox:nope\n\nRun 'whalectl run --help' for more information\n")
  })

  it('125 for a name already in use', async () => {
    await docker(['run', '--name', `runtest-taken-${suffix}`, ...LABEL, 'busybox', 'true'])
    const pair = await parity(['run', '--name', `runtest-taken-${suffix}`, ...LABEL, 'busybox', 'true'])
    expect(pair.whalectl.code).toBe(125)
    expect(pair.whalectl.stderr).toContain(`Conflict. The container name "/runtest-taken-${suffix}" is already in use`)
  })

  it('every line of `seq 1 200000` arrives once, in order (attach before start)', async () => {
    const expected = `${Array.from({length: 200_000}, (_, i) => i + 1).join('\n')}\n`
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await runWhalectl(['run', '--rm', ...LABEL, 'busybox', 'seq', '1', '200000'])
      expect(result.code).toBe(0)
      expect(result.stdout.length).toBe(expected.length)
      expect(result.stdout === expected).toBe(true)
    }
  })

  it('-a stdout shows only stdout', async () => {
    const pair = await parity(['run', '--rm', '-a', 'stdout', ...LABEL, 'busybox', 'sh', '-c', 'echo out; echo err >&2'])
    expect(pair.whalectl.stdout).toBe('out\n')
    expect(pair.whalectl.stderr).toBe('')
  })
})

describe('--rm and -d', () => {
  it('--rm removes the container and still reports its status', async () => {
    for (const cli of ['docker', 'whalectl'] as const) {
      const run = cli === 'docker' ? runDocker : runWhalectl
      const result = await run(['run', '--rm', '--name', name('rm', cli), ...LABEL, 'busybox', 'sh', '-c', 'exit 7'])
      expect(result.code).toBe(7)
      expect((await runDocker(['inspect', name('rm', cli)])).code).toBe(1)
    }
  })

  it('-d prints the full ID and nothing else; the container runs', async () => {
    const pair = await parity(['run', '-d', ...LABEL, 'busybox', 'sleep', '30'], {normalise: hideIds})
    expect(pair.whalectl.stdout).toMatch(/^[0-9a-f]{64}\n$/)
    expect(pair.whalectl.stderr).toBe('')
    expect(await isRunning(pair.whalectl.stdout.trim())).toBe(true)
  })

  it('-d prints the ID before start, so a failed start shows both (127)', async () => {
    const pair = await parity(['run', '-d', ...LABEL, 'busybox', 'nonexistentcmd'], {normalise: hideIds})
    expect(pair.whalectl.code).toBe(127)
    expect(pair.whalectl.stdout).toMatch(/^[0-9a-f]{64}\n$/)
  })

  it('-d --rm with a failed start: the container is gone when the CLI returns', async () => {
    const result = await runWhalectl(['run', '-d', '--rm', '--name', name('drm', 'whalectl'), ...LABEL, 'busybox', 'nonexistentcmd'])
    expect(result.code).toBe(127)
    expect((await runDocker(['inspect', name('drm', 'whalectl')])).code).toBe(1)
  })

  it('--cidfile: written with the full ID; refused when it exists', async () => {
    for (const cli of ['docker', 'whalectl'] as const) {
      const file = path.join(workDir, `cid-${cli}`)
      const run = cli === 'docker' ? runDocker : runWhalectl
      const first = await run(['run', '--rm', '--cidfile', file, ...LABEL, 'busybox', 'true'])
      expect(first.code).toBe(0)
      expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}$/)
    }
    const file = path.join(workDir, 'cid-taken')
    writeFileSync(file, 'x')
    await parity(['run', '--rm', '--cidfile', file, ...LABEL, 'busybox', 'true'])
    const missingDir = path.join(workDir, 'nodir', 'cid')
    const pair = await parity(['run', '--rm', '--cidfile', missingDir, ...LABEL, 'busybox', 'true'])
    expect(pair.whalectl.code).toBe(127)
    expect(existsSync(missingDir)).toBe(false)
  })
})

describe('pull policy against the local registry', () => {
  const ref = `${registry}/busybox:1`
  const removeRef = async (): Promise<void> => {
    await runDocker(['rmi', ref])
  }

  it('pulls a missing image to stderr, then runs it', async () => {
    await removeRef()
    const reference = await runDocker(['run', '--rm', ...LABEL, ref, 'echo', 'ok'])
    await removeRef()
    const ours = await runWhalectl(['run', '--rm', ...LABEL, ref, 'echo', 'ok'])
    expect({code: ours.code, stderr: ours.stderr, stdout: ours.stdout}).toEqual({code: reference.code, stderr: reference.stderr, stdout: reference.stdout})
    expect(ours.stdout).toBe('ok\n')
    expect(ours.stderr).toMatch(new RegExp(`^Unable to find image '${ref}' locally\n1: Pulling from busybox\n`))
    expect(ours.stderr).toContain(`Status: Downloaded newer image for ${ref}\n`)
  })

  it('-q pulls silently', async () => {
    await removeRef()
    const result = await runWhalectl(['run', '--rm', '-q', ...LABEL, ref, 'echo', 'ok'])
    expect(result).toMatchObject({code: 0, stderr: '', stdout: 'ok\n'})
  })

  it('--pull always pulls an image it already has', async () => {
    await docker(['pull', '-q', ref])
    const pair = await parity(['run', '--rm', '--pull', 'always', ...LABEL, ref, 'true'])
    expect(pair.whalectl.stderr).toContain(`Status: Image is up to date for ${ref}\n`)
  })

  it('a tag the registry does not have: 125', async () => {
    const pair = await parity(['run', '--rm', ...LABEL, `${registry}/busybox:nope`, 'true'])
    expect(pair.whalectl.code).toBe(125)
  })
})

describe('create options, checked with docker inspect', () => {
  it('env, workdir, user, entrypoint and labels match what docker creates', async () => {
    const envFile = path.join(workDir, 'vars.env')
    const labelFile = path.join(workDir, 'labels')
    writeFileSync(envFile, '# comment\nFROMFILE=1\nINHERITED\n')
    writeFileSync(labelFile, 'fromfile=yes\n')
    const common = ['-e', 'A=1', '-e', 'INHERITED', '-e', 'UNSET_VAR', '--env-file', envFile, '-w', '/tmp', '-u', '1000:1000', '--entrypoint', 'sh', '-l', 'k=v', '--label-file', labelFile, ...LABEL]
    for (const cli of ['docker', 'whalectl'] as const) {
      const run = cli === 'docker' ? runDocker : runWhalectl
      const result = await run(['run', '-d', '--name', name('opts', cli), ...common, 'busybox', '-c', 'sleep 30'], {env: {INHERITED: 'inh'}})
      expect(result.code, result.stderr).toBe(0)
    }
    const format = '{{json .Config.Env}}|{{.Config.WorkingDir}}|{{.Config.User}}|{{json .Config.Entrypoint}}|{{json .Config.Cmd}}|{{json .Config.Labels}}'
    // docker takes the -e values from a Go map, so their order is random: env-file entries come
    // first, then the -e values in any order. The rest must match exactly.
    const split = (text: string): {env: string[]; rest: string} => {
      const bar = text.indexOf('|')
      return {env: JSON.parse(text.slice(0, bar)) as string[], rest: text.slice(bar)}
    }
    const theirs = split(await docker(['inspect', '--format', format, name('opts', 'docker')]))
    const ours = split(await docker(['inspect', '--format', format, name('opts', 'whalectl')]))
    expect([...ours.env].sort()).toEqual([...theirs.env].sort())
    expect(ours.env.slice(0, 2)).toEqual(['FROMFILE=1', 'INHERITED=inh'])
    expect(ours.env).toEqual(expect.arrayContaining(['A=1', 'INHERITED=inh', 'UNSET_VAR']))
    expect(ours.rest).toBe(theirs.rest)
    expect(ours.rest).toBe(`|/tmp|1000:1000|["sh"]|["-c","sleep 30"]|{"fromfile":"yes","k":"v","whalectl.test":"${cleanupLabelValue}"}`)
  })

  it('the container sees the same environment, directory and user', async () => {
    await parity(['run', '--rm', '-e', 'A=1', '-w', '/tmp', '-u', '1000:1000', '--entrypoint', 'sh', ...LABEL, 'busybox', '-c', 'echo $A; pwd; id'])
  })

  it('a wide set of flags gives the same Config and HostConfig as docker', async () => {
    const flags = [
      '-h', 'myhost', '--add-host', 'h1:10.0.0.1', '--dns', '10.0.0.2', '--init', '--restart', 'on-failure:2', '-m', '64m', '--cpus', '0.5',
      '--cpu-shares', '512', '--cap-add', 'net_admin', '--cap-drop', 'chown', '--read-only', '--tmpfs', '/run:size=1m', '--ulimit', 'nofile=100:200',
      '--stop-signal', 'SIGUSR1', '--stop-timeout', '5', '--health-cmd', 'true', '--health-interval', '5s', '--log-driver', 'json-file',
      '--log-opt', 'max-size=1m', '--group-add', '10', '--security-opt', 'no-new-privileges', '--shm-size', '32m', '--expose', '80',
      '-p', '127.0.0.1::80', '-v', `${workDir}:/host:ro`, '-v', 'anon-vol:/anon', '--mount', 'type=tmpfs,dst=/tm', ...LABEL,
    ]
    for (const cli of ['docker', 'whalectl'] as const) {
      const run = cli === 'docker' ? runDocker : runWhalectl
      const result = await run(['run', '-d', '--name', name('wide', cli), ...flags, 'busybox', 'sleep', '30'])
      expect(result.code, result.stderr).toBe(0)
    }
    const inspect = async (cli: Cli): Promise<unknown> => {
      const text = await docker(['inspect', '--format', '{{json .Config}}|{{json .HostConfig}}', name('wide', cli)])
      const [config, host] = text.split('|').map((part) => JSON.parse(part) as Record<string, unknown>) as [Record<string, unknown>, Record<string, unknown>]
      // docker takes -v from a Go map: their order is random, so only the set is compared.
      host.Binds = [...((host.Binds as string[] | null) ?? [])].sort()
      return {config, host}
    }
    expect(await inspect('whalectl')).toEqual(await inspect('docker'))
  })
})

describe('flag and option errors', () => {
  it.each([
    [['-p', '99999:80']],
    [['-v', '/a:/b:zz:q']],
    [['-m', '12x']],
    [['--pull', 'sometimes']],
    [['--rm', '--restart', 'always']],
    // (a missing --env-file cannot be tested here: Node 20 itself looks for `--env-file PATH`
    // anywhere in its argv and exits 9 when PATH does not exist, before whalectl runs)
    [['--env-file', 'test/e2e/run.e2e.test.ts']],
    [['-d', '-a', 'stdout']],
    [['--nosuchflag']],
  ])('%j', async (flags) => {
    const pair = await parity(['run', ...flags, ...LABEL, 'busybox', 'true'])
    expect([1, 125]).toContain(pair.whalectl.code)
  })

  it('no image: exit 1 with the usage block', async () => {
    const pair = await parity(['run'], {dockerStderr: renameProgram})
    expect(pair.whalectl.code).toBe(1)
  })
})

describe('stdin', () => {
  it('-i carries 64 MiB of random bytes through cat unchanged', async () => {
    const input = randomBytes(64 * 1024 * 1024)
    const result = await runWhalectl(['run', '--rm', '-i', ...LABEL, 'busybox', 'cat'], {input, timeoutMs: 120_000})
    expect(result.code).toBe(0)
    expect(result.stdoutBuf.length).toBe(input.length)
    expect(createHash('sha256').update(result.stdoutBuf).digest('hex')).toBe(createHash('sha256').update(input).digest('hex'))
  })

  it('-i: stdin EOF reaches the container, output keeps flowing, status is reported', async () => {
    const pair = await parity(['run', '--rm', '-i', ...LABEL, 'busybox', 'sh', '-c', 'cat; echo after-eof; exit 4'], {input: 'hello\n'})
    expect(pair.whalectl.stdout).toBe('hello\nafter-eof\n')
    expect(pair.whalectl.code).toBe(4)
  })

  it('-i exits when the container does, though stdin is still open', async () => {
    const session = start('whalectl', ['run', '--rm', '-i', ...LABEL, 'busybox', 'echo', 'done'])
    const code = await session.exit
    expect(code).toBe(0)
    expect(session.stdout()).toBe('done\n')
    session.child.stdin.destroy()
  })

  it('-it with a stdin that is not a terminal', async () => {
    const pair = await parity(['run', '--rm', '-it', ...LABEL, 'busybox', 'true'])
    expect(pair.whalectl.code).toBe(1)
    expect(pair.whalectl.stderr).toBe('the input device is not a TTY\n')
  })

  it('-t alone works without a terminal (CRLF output)', async () => {
    const pair = await parity(['run', '--rm', '-t', ...LABEL, 'busybox', 'echo', 'x'])
    expect(pair.whalectl.stdout).toBe('x\r\n')
  })
})

describe('on a terminal', () => {
  it('-it: the container gets a terminal of our size; output and status as docker', () => {
    const args = ['run', '--rm', '-it', ...LABEL, 'busybox', 'sh', '-c', 'tty; sleep 0.5; stty size; exit 6']
    const theirs = onTerminal('docker', args)
    const ours = onTerminal('whalectl', args)
    expect(ours).toEqual(theirs)
    expect(ours.code).toBe(6)
    expect(ours.output).toContain('40 100\r\n')
  })

  it('typed input reaches the container; ctrl-p ctrl-q detaches silently with exit 0', async () => {
    for (const cli of ['docker', 'whalectl'] as const) {
      const container = name('detach', cli)
      const ours = onTerminal(cli, ['run', '-it', '--name', container, ...LABEL, 'busybox', 'sh'], [
        ['/ #', 'echo typed-$((6*7))\r'],
        // the whole line: the shell may write 'typed-42' and its CRLF in two pieces, and a
        // detach between them would leave the CRLF unread
        ['typed-42\r\n', Buffer.from([0x10, 0x11])],
      ])
      expect(ours.code, ours.output).toBe(0)
      expect(ours.output).toContain('typed-42\r\n')
      // nothing is printed on the way out (the shell's next prompt may or may not make it first)
      expect(ours.output.slice(ours.output.lastIndexOf('typed-42\r\n'))).toMatch(/^typed-42\r\n(\/ # (\x1b\[6n)?)?$/)
      expect(await isRunning(container)).toBe(true)
    }
  })

  it('--detach-keys picks other keys', async () => {
    const container = name('keys', 'whalectl')
    const ours = onTerminal('whalectl', ['run', '-it', '--detach-keys', 'ctrl-x,x', '--name', container, ...LABEL, 'busybox', 'sh'], [
      ['/ #', Buffer.from([0x10, 0x11])],
      [0.3, Buffer.from([0x18, 0x78])],
    ])
    expect(ours.code).toBe(0)
    expect(await isRunning(container)).toBe(true)
  })

  it('the terminal is restored afterwards', () => {
    const command = `${WHALECTL.map((a) => `'${a}'`).join(' ')} run --rm -it ${LABEL.join(' ')} busybox true; stty -a`
    const shown = runOnPty(['sh', '-c', command]).output
    for (const setting of ['icanon', 'echo', 'opost', 'isig', 'icrnl']) expect(shown).toMatch(new RegExp(`(^|\\s)${setting}(\\s|$)`, 'm'))
  })
})

describe('signals', () => {
  it('a container killed from outside: 137', async () => {
    for (const cli of ['docker', 'whalectl'] as const) {
      const container = name('killed', cli)
      const session = start(cli, ['run', '--rm', '--name', container, ...LABEL, 'busybox', 'sh', '-c', 'echo ready; sleep 30'])
      await session.printed('ready\n')
      await docker(['kill', container])
      expect(await session.exit).toBe(137)
    }
  })

  const trap = ['sh', '-c', 'trap "echo got-TERM; exit 42" TERM; echo ready; while true; do sleep 0.1; done']

  it('SIGTERM to the client reaches a trap in the container', async () => {
    for (const cli of ['docker', 'whalectl'] as const) {
      const session = start(cli, ['run', '--rm', ...LABEL, 'busybox', ...trap])
      await session.printed('ready\n')
      session.child.kill('SIGTERM')
      expect(await session.exit).toBe(42)
      expect(session.stdout()).toBe('ready\ngot-TERM\n')
      expect(session.stderr()).toBe('')
    }
  })

  it('--sig-proxy=false: one SIGTERM does not stop it; the third forces exit 1', async () => {
    for (const cli of ['docker', 'whalectl'] as const) {
      const container = name('noproxy', cli)
      const session = start(cli, ['run', '--sig-proxy=false', '--name', container, ...LABEL, 'busybox', ...trap])
      await session.printed('ready\n')
      expect(await forceOutWithThreeSigterms(session)).toBe(1)
      expect(session.stderr()).toBe('\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n')
      expect(await isRunning(container)).toBe(true)
    }
  })
})
