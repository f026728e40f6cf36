// stop, restart, kill, pause, unpause, rename, rm and wait against the reference docker on the same
// engine. These commands change containers, so each case gives each CLI its own fresh copy of the
// same fixtures (stateful-parity.ts) and compares stdout, stderr, the exit code and the state the
// fixtures were left in; fixture IDs (which differ between the copies) are shown as their names.
// Cases that change nothing (flag and argument errors, unknown names) use plain expectParity.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, removeTestContainers, runDocker} from '../engine/harness.js'
import {expectParity, renameProgram} from './normalise.js'
import {type Cli, start} from './pty.js'
import {CREATED, docker, EXITED_3, expectStatefulParity, type Fixture, makeFixtures, removeByName, STOPPABLE, STUBBORN} from './stateful-parity.js'

const P = 'lctest-'
const n = (what: string): string => P + what

beforeAll(async () => {
  await removeTestContainers()
})
afterAll(async () => {
  await removeTestContainers()
})

/** Errors the CLI makes itself (flags, argument counts): same text with the program's name swapped. */
function cliError(args: string[]): Promise<unknown> {
  return expectParity(args, {attempts: 1, dockerStderr: renameProgram})
}

/** Cases that change nothing (unknown names, empty names): both CLIs on the same engine. */
function sameEngine(args: string[]): Promise<unknown> {
  return expectParity(args, {attempts: 1})
}

const one = (fixture: Fixture): Record<string, Fixture> => ({[n('a')]: fixture})

describe('stop', () => {
  it('stops a running container and prints its name', async () => {
    const {outcome} = await expectStatefulParity(one(STOPPABLE), ['stop', n('a')])
    expect(outcome.stdout).toBe(`${n('a')}\n`)
    expect(outcome.state).toEqual([`/${n('a')} exited 0`])
  })

  it('-t 1 kills a container that ignores SIGTERM after a second', async () => {
    const {outcome} = await expectStatefulParity(one(STUBBORN), ['stop', '-t', '1', n('a')])
    expect(outcome.state).toEqual([`/${n('a')} exited 137`])
  })

  it('--timeout=0 and -t0', async () => {
    await expectStatefulParity(one(STUBBORN), ['stop', '--timeout=0', n('a')])
    await expectStatefulParity(one(STUBBORN), ['stop', '-t0', n('a')])
  })

  it('a stopped or never-started container is no failure', async () => {
    const {outcome} = await expectStatefulParity({[n('a')]: EXITED_3, [n('b')]: CREATED}, ['stop', n('a'), n('b')])
    expect(outcome.code).toBe(0)
  })

  it('several containers: the names in argument order, the failures together on stderr, exit 1', async () => {
    const fixtures = {[n('a')]: STOPPABLE, [n('b')]: STOPPABLE, [n('c')]: CREATED}
    const {outcome} = await expectStatefulParity(fixtures, ['stop', n('c'), 'lctest-nosuch1', n('a'), 'lctest-nosuch2', n('b')])
    expect(outcome.stdout).toBe(`${n('c')}\n${n('a')}\n${n('b')}\n`)
    expect(outcome.stderr).toBe('Error response from daemon: No such container: lctest-nosuch1\nError response from daemon: No such container: lctest-nosuch2\n')
    expect(outcome.code).toBe(1)
  })

  it('by ID prefix and full ID are printed as given', async () => {
    const ids = await makeFixtures(one(CREATED))
    const id = ids[n('a')] as string
    await sameEngine(['stop', id.slice(0, 12)])
    await sameEngine(['stop', id])
    await removeByName([n('a')])
  })

  it('the deprecated --time works and prints pflag\'s notice on stdout, once per use', async () => {
    const {outcome} = await expectStatefulParity(one(STUBBORN), ['stop', '--time=1', n('a')])
    expect(outcome.stdout).toBe(`Flag --time has been deprecated, use --timeout instead\n${n('a')}\n`)
    await expectStatefulParity(one(STOPPABLE), ['stop', '--time', '5', '--time', '0', n('a')])
  })

  it('--time with --timeout is refused (after the notice), nothing stopped', async () => {
    const {outcome} = await expectStatefulParity(one(STOPPABLE), ['stop', '--time', '1', '--timeout', '2', n('a')])
    expect(outcome.stderr).toBe('conflicting options: cannot specify both --timeout and --time\n')
    expect(outcome.state).toEqual([`/${n('a')} running 0`])
  })

  it('-s is sent to the engine (an engine before API 1.42 ignores it)', async () => {
    await expectStatefulParity(one(STOPPABLE), ['stop', '-s', 'SIGTERM', n('a')])
    await expectStatefulParity(one(STOPPABLE), ['stop', '--signal=KILL', '-t', '1', n('a')])
  })

  it('unknown and empty names', async () => {
    await sameEngine(['stop', 'lctest-nosuch'])
    await sameEngine(['stop', ''])
    await sameEngine(['stop', '  '])
    await sameEngine(['stop', '-t', '1', 'lctest-nosuch', 'lctest-nosuch'])
  })

  it.each([
    [['stop']],
    [['stop', '-t', 'x', 'c']],
    [['stop', '--time=x', 'c']],
    [['stop', '-t', '99999999999999999999', 'c']],
    [['stop', '-t', '', 'c']],
    [['stop', '--timeout']],
    [['stop', '--nope', 'c']],
    [['stop', '--time', '1']],
    [['stop', '--time', '1', '--time', '2']],
    [['stop', '--time', '1', '-t', 'x', 'c']],
  ])('CLI errors: %j', async (args) => {
    await cliError(args)
  })

  it('container stop', async () => {
    await expectStatefulParity(one(STOPPABLE), ['container', 'stop', '-t', '5', n('a')])
  })
})

describe('restart', () => {
  it('restarts a running container (stopping it with the timeout) and a stopped one', async () => {
    const fixtures = {[n('a')]: STOPPABLE, [n('b')]: EXITED_3, [n('c')]: STUBBORN}
    const {outcome} = await expectStatefulParity(fixtures, ['restart', '-t', '0', n('a'), n('b'), n('c')])
    expect(outcome.stdout).toBe(`${n('a')}\n${n('b')}\n${n('c')}\n`)
    // the one that exited with 3 is started again, and exits with 3 again
    expect(outcome.state.map((line) => line.split(' ')[1])).toEqual(['running', 'exited', 'running'])
  })

  it('failures come together at the end, the rest is restarted', async () => {
    const {outcome} = await expectStatefulParity(one(CREATED), ['restart', '-t', '0', 'lctest-nosuch', n('a'), 'lctest-nosuch'])
    expect(outcome.code).toBe(1)
  })

  it('--time (deprecated) and -s', async () => {
    await expectStatefulParity(one(STOPPABLE), ['restart', '--time=0', n('a')])
    await expectStatefulParity(one(STOPPABLE), ['container', 'restart', '-s', 'TERM', n('a')])
  })

  it.each([[['restart']], [['restart', '-t', 'soon', 'c']], [['restart', '--time', '1', '--timeout', '1', 'c']]])('errors: %j', async (args) => {
    await cliError(args)
  })
})

describe('kill', () => {
  it('kills a running container (SIGKILL by default)', async () => {
    const {outcome} = await expectStatefulParity(one(STUBBORN), ['kill', n('a')])
    expect(outcome.state).toEqual([`/${n('a')} exited 137`])
  })

  it.each([['TERM'], ['SIGTERM'], ['15'], ['sigterm'], ['USR1']])('-s %s', async (signal) => {
    await expectStatefulParity(one(STOPPABLE), ['kill', '-s', signal, n('a')])
  })

  it('bad signals are the engine\'s errors', async () => {
    for (const signal of ['FOO', 'SIGFOO', '0', '99', '-1']) {
      await expectStatefulParity(one(STOPPABLE), ['kill', '--signal', signal, n('a')])
    }
  })

  it('an empty -s is the default signal', async () => {
    await expectStatefulParity(one(STUBBORN), ['kill', '-s', '', n('a')])
  })

  it('a stopped container, an unknown one and a running one', async () => {
    const fixtures = {[n('a')]: CREATED, [n('b')]: STUBBORN}
    const {outcome} = await expectStatefulParity(fixtures, ['kill', n('a'), 'lctest-nosuch', n('b')])
    expect(outcome.stdout).toBe(`${n('b')}\n`)
    expect(outcome.stderr).toContain('is not running')
    expect(outcome.code).toBe(1)
  })

  it('container kill, and argument errors', async () => {
    await expectStatefulParity(one(STUBBORN), ['container', 'kill', '-s', '9', n('a')])
    await cliError(['kill'])
    await cliError(['kill', '-s'])
  })
})

describe('pause and unpause', () => {
  it('pause a running container, then pausing it again fails', async () => {
    const {outcome} = await expectStatefulParity(one(STUBBORN), ['pause', n('a')], {state: '{{.Name}} {{.State.Status}} {{.State.Paused}}'})
    expect(outcome.state).toEqual([`/${n('a')} paused true`])
    // pausing twice in one command line: one of the two finds it paused
    const twice = await expectStatefulParity(one(STUBBORN), ['pause', n('a'), n('a')])
    expect(twice.outcome.code).toBe(1)
    expect(twice.outcome.stderr).toBe(`Error response from daemon: Container <${n('a')}> is already paused\n`)
  })

  it('pause a stopped or unknown container', async () => {
    await expectStatefulParity({[n('a')]: CREATED, [n('b')]: STUBBORN}, ['pause', n('a'), 'lctest-nosuch', n('b')])
  })

  it('unpause a paused container; unpausing a running one fails', async () => {
    const fixtures = {[n('a')]: STUBBORN, [n('b')]: STUBBORN}
    // pause a with docker before each side runs: a fixture that is paused
    const pausedFirst = async (cli: Cli): Promise<{code: number; stdout: string; stderr: string; state: string}> => {
      const ids = await makeFixtures(fixtures)
      await docker(['pause', n('a')])
      const session = start(cli, ['unpause', n('a'), n('b')])
      const code = await session.exit
      const state = (await runDocker(['inspect', '-f', '{{.Name}} {{.State.Status}}', n('a'), n('b')])).stdout
      const hide = (text: string): string => text.replaceAll(ids[n('a')] as string, '<a>').replaceAll(ids[n('b')] as string, '<b>')
      return {code, state, stderr: hide(session.stderr()), stdout: session.stdout()}
    }
    const theirs = await pausedFirst('docker')
    const ours = await pausedFirst('whalectl')
    expect(ours).toEqual(theirs)
    expect(ours.stdout).toBe(`${n('a')}\n`)
    expect(ours.stderr).toBe('Error response from daemon: Container <b> is not paused\n')
    await removeByName(Object.keys(fixtures))
  })

  it('container pause / container unpause, unknown names and argument errors', async () => {
    await expectStatefulParity(one(STUBBORN), ['container', 'pause', n('a')])
    await expectStatefulParity(one(CREATED), ['container', 'unpause', n('a'), 'lctest-nosuch'])
    await sameEngine(['unpause', 'lctest-nosuch'])
    await cliError(['pause'])
    await cliError(['unpause'])
    await cliError(['pause', '-x', 'c'])
  })
})

describe('rename', () => {
  const state = '{{.Name}}'

  it('renames, printing nothing (a leading slash is accepted)', async () => {
    const {outcome} = await expectStatefulParity(one(CREATED), ['rename', n('a'), n('renamed')], {state})
    expect(outcome).toEqual({code: 0, state: [`/${n('renamed')}`], stderr: '', stdout: ''})
    await expectStatefulParity(one(CREATED), ['rename', n('a'), `/${n('renamed')}`], {state})
    await expectStatefulParity(one(STOPPABLE), ['container', 'rename', `  ${n('a')} `, ` ${n('renamed')}`], {state})
  })

  it('to a name that is taken: the engine\'s error, docker\'s line, and the old name stays', async () => {
    const {outcome} = await expectStatefulParity({[n('a')]: CREATED, [n('b')]: CREATED}, ['rename', n('a'), n('b')], {state})
    expect(outcome.code).toBe(1)
    expect(outcome.state).toEqual([`/${n('a')}`, `/${n('b')}`])
    expect(outcome.stderr).toMatch(/^Error response from daemon: .*already in use.*\nError: failed to rename container named lctest-a\n$/)
  })

  it('to its own name, to an invalid name, an unknown container', async () => {
    await expectStatefulParity(one(CREATED), ['rename', n('a'), n('a')], {state})
    await expectStatefulParity(one(CREATED), ['rename', n('a'), 'bad name'], {state})
    await sameEngine(['rename', 'lctest-nosuch', n('x')])
  })

  it.each([[['rename', n('a'), '']], [['rename', ' ', 'x']], [['rename', '', '']]])('empty names: %j', async (args) => {
    await sameEngine(args)
  })

  it.each([[['rename']], [['rename', 'a']], [['rename', 'a', 'b', 'c']], [['rename', '-f', 'a', 'b']]])('argument errors: %j', async (args) => {
    await cliError(args)
  })
})

describe('rm', () => {
  it('removes stopped containers, printing each as given', async () => {
    const fixtures = {[n('a')]: CREATED, [n('b')]: EXITED_3}
    const {outcome} = await expectStatefulParity(fixtures, ['rm', n('a'), `/${n('b')}/`])
    expect(outcome.stdout).toBe(`${n('a')}\n/${n('b')}/\n`)
    expect(outcome.state).toEqual(['gone', 'gone'])
  })

  it('refuses a running container without -f; -f removes it', async () => {
    const refused = await expectStatefulParity(one(STUBBORN), ['rm', n('a')])
    expect(refused.outcome.code).toBe(1)
    expect(refused.outcome.stderr).toMatch(/You cannot remove a running container <lctest-a>/)
    const forced = await expectStatefulParity(one(STUBBORN), ['rm', '-f', n('a')])
    expect(forced.outcome.state).toEqual(['gone'])
  })

  it('rm -f of a missing container: the error on stderr, exit 0', async () => {
    await sameEngine(['rm', '-f', 'lctest-nosuch'])
    const {outcome} = await expectStatefulParity(one(CREATED), ['rm', '-f', 'lctest-nosuch1', n('a'), 'lctest-nosuch2'])
    expect(outcome).toMatchObject({
      code: 0,
      stderr: 'Error response from daemon: No such container: lctest-nosuch1\nError response from daemon: No such container: lctest-nosuch2\n',
      stdout: `${n('a')}\n`,
    })
  })

  it('without -f a missing container fails the command (exit 1) after the others are removed', async () => {
    const {outcome} = await expectStatefulParity({[n('a')]: CREATED, [n('b')]: CREATED}, ['rm', n('a'), 'lctest-nosuch', n('b')])
    expect(outcome).toMatchObject({code: 1, state: ['gone', 'gone'], stdout: `${n('a')}\n${n('b')}\n`})
  })

  it('-f: a missing one is only reported, other failures still fail', async () => {
    const {outcome} = await expectStatefulParity(one(CREATED), ['rm', '-f', '-l', n('a'), 'lctest-nosuch'])
    expect(outcome.code).toBe(1)
  })

  it('-v removes the anonymous volumes too; without it they stay', async () => {
    for (const args of [['rm', '-v'], ['rm'], ['container', 'rm', '-fv'], ['container', 'remove', '--volumes']]) {
      const volumes: Record<Cli, string> = {docker: '', whalectl: ''}
      for (const cli of ['docker', 'whalectl'] as const) {
        const ids = await makeFixtures({[n('v')]: {create: ['-v', '/data', 'busybox', 'true']}})
        const volume = await docker(['inspect', '-f', '{{range .Mounts}}{{.Name}}{{end}}', ids[n('v')] as string])
        const session = start(cli, [...args, n('v')])
        expect(await session.exit).toBe(0)
        const left = await runDocker(['volume', 'inspect', '-f', '{{.Name}}', volume])
        volumes[cli] = left.code === 0 ? 'kept' : 'removed'
        if (left.code === 0) await runDocker(['volume', 'rm', volume])
      }
      expect(volumes.whalectl, args.join(' ')).toBe(volumes.docker)
    }
  })

  it.each([[['rm', '']], [['rm', '-f', '']], [['rm', '/']], [['rm', '-f', '//']], [['rm', ' ']], [['rm', 'lctest-nosuch']], [['rm', '-l', 'lctest-nosuch']]])('bad names: %j', async (args) => {
    await sameEngine(args)
  })

  it.each([[['rm']], [['rm', '-x', 'c']], [['rm', '--force=maybe', 'c']]])('CLI errors: %j', async (args) => {
    await cliError(args)
  })
})

describe('wait', () => {
  it('prints each exit code in argument order, waiting for the running ones', async () => {
    const fixtures = {[n('a')]: EXITED_3, [n('b')]: {run: ['busybox', 'sh', '-c', 'sleep 1; exit 4']}, [n('c')]: CREATED}
    const {outcome} = await expectStatefulParity(fixtures, ['wait', n('b'), n('a'), n('c'), n('a')])
    expect(outcome.stdout).toBe('4\n3\n0\n3\n')
  })

  it('an unknown container: the others are still printed, exit 1', async () => {
    const {outcome} = await expectStatefulParity(one(EXITED_3), ['container', 'wait', 'lctest-nosuch', n('a')])
    expect(outcome).toMatchObject({code: 1, stderr: 'Error response from daemon: No such container: lctest-nosuch\n', stdout: '3\n'})
  })

  it.each([[['wait', '']], [['wait', 'lctest-nosuch']]])('bad names: %j', async (args) => {
    await sameEngine(args)
  })

  it.each([[['wait']], [['wait', '--all', 'c']]])('CLI errors: %j', async (args) => {
    await cliError(args)
  })

  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s while waiting: nothing printed, exit %i, the container untouched', async (signal, code) => {
    await makeFixtures(one(STUBBORN))
    for (const cli of ['docker', 'whalectl'] as const) {
      const session = start(cli, ['wait', n('a')])
      // time to start and send the request (a signal before the CLI handles it would kill it)
      await new Promise((resolve) => setTimeout(resolve, 2000))
      session.child.kill(signal)
      expect({code: await session.exit, stderr: session.stderr(), stdout: session.stdout()}, cli).toEqual({code, stderr: '', stdout: ''})
    }
    expect(await docker(['inspect', '-f', '{{.State.Status}}', n('a')])).toBe('running')
    await removeByName([n('a')])
  })
})

describe('a script that uses these verbs', () => {
  it('run -d, pause, unpause, rename, restart, stop, wait, rm -f: the same transcript', async () => {
    const script = (cli: string): string[][] => [
      ['run', '-d', '--label', cleanupLabel, '--name', n('s'), 'busybox', 'sh', '-c', 'trap "exit 5" TERM; sleep 600 & wait'],
      ['pause', n('s')],
      ['unpause', n('s')],
      ['rename', n('s'), n(`s2-${cli}`)],
      ['restart', '-t', '5', n(`s2-${cli}`)],
      ['stop', n(`s2-${cli}`)],
      ['wait', n(`s2-${cli}`)],
      ['rm', '-f', n(`s2-${cli}`), n('s')],
    ]
    const transcripts: Record<Cli, string[]> = {docker: [], whalectl: []}
    for (const cli of ['docker', 'whalectl'] as const) {
      for (const args of script(cli)) {
        const session = start(cli, args)
        const code = await session.exit
        const stdout = args[0] === 'run' ? '<ID>\n' : session.stdout().replaceAll(cli, 'CLI')
        transcripts[cli].push(`${args[0]} → ${code} ${JSON.stringify(stdout)} ${JSON.stringify(session.stderr())}`)
      }
    }
    expect(transcripts.whalectl).toEqual(transcripts.docker)
    expect(transcripts.whalectl).toContain('wait → 0 "5\\n" ""')
  })
})
