// `update` and `container prune` against the reference docker on the same engine. Both change
// containers, so each CLI gets its own fresh copy of the fixtures (stateful-parity.ts); compared
// are stdout, stderr, the exit code and the resulting state (for update the container's whole
// HostConfig, so a resource sent differently would show). Prune always runs with a label filter
// unique to the case, so that it can only remove this file's own containers.
import {randomBytes} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, removeTestContainers, runDocker} from '../engine/harness.js'
import {expectParity, renameProgram} from './normalise.js'
import {type Cli, onTerminal, start} from './pty.js'
import {CREATED, expectStatefulParity, type Fixture, STOPPABLE, STUBBORN} from './stateful-parity.js'

const P = 'uptest-'
const n = (what: string): string => P + what
const HOST_CONFIG = '{{json .HostConfig}}'

let configDir = ''

beforeAll(async () => {
  await removeTestContainers()
  configDir = mkdtempSync(path.join(tmpdir(), 'uptest-config-'))
})
afterAll(async () => {
  await removeTestContainers()
  rmSync(configDir, {force: true, recursive: true})
})

function cliError(args: string[]): Promise<unknown> {
  return expectParity(args, {attempts: 1, dockerStderr: renameProgram})
}

describe('update', () => {
  const running = {[n('a')]: STUBBORN}
  const two = {[n('a')]: STUBBORN, [n('b')]: CREATED}
  const update = (args: string[], fixtures: Record<string, Fixture> = running) => expectStatefulParity(fixtures, ['update', ...args], {state: HOST_CONFIG})

  it.each([
    [['--restart', 'always']],
    [['--restart', 'on-failure:3']],
    [['--restart', 'unless-stopped']],
    [['--restart=']],
    [['--cpus', '0.5']],
    [['--cpu-shares', '512']],
    [['-c', '0x100']],
    [['--cpu-period', '100000', '--cpu-quota', '50000']],
    [['--cpu-rt-period', '1000']],
    [['--cpuset-cpus', '0']],
    [['--pids-limit', '100']],
    [['--pids-limit', '-1']],
    [['--pids-limit', '0']],
    [['-m', '64m', '--memory-swap', '128m']],
    [['--memory', '64m', '--memory-swap', '-1', '--memory-reservation', '32m']],
    [['--memory-swap', '-1']],
  ])('%j changes the container as docker does', async (args) => {
    const {outcome} = await update([...args, n('a')])
    expect(outcome.code).toBe(0)
    expect(outcome.stdout).toBe(`${n('a')}\n`)
  })

  it('several containers, each printed as given; the engine\'s warnings follow on stdout', async () => {
    await update(['--blkio-weight', '500', n('a'), n('b')], two)
    await update(['--kernel-memory', '10m', n('b'), n('a')], two)
    await update(['--restart', 'always', n('b'), `/${n('a')}`], two)
  })

  it('the engine\'s refusals, and unknown containers among known ones (exit 1, the rest updated)', async () => {
    for (const args of [
      ['--restart', 'bogus', n('a')],
      ['--restart', 'always:3', n('a')],
      ['--restart', 'no:1', n('a')],
      ['-m', '1m', n('a')],
      ['-m', '10m', n('a')],
      ['-m', '10m', '--memory-swap', '5m', n('a')],
      ['--memory-reservation', '5m', n('a')],
      ['--cpuset-cpus', '99', n('a')],
      ['--cpus', '0.5', '--cpu-quota', '1000', n('a')],
      ['--restart', 'on-failure:2', n('a'), 'uptest-nosuch', n('b')],
    ]) {
      await update(args, two)
    }
  })

  it('restart policies docker refuses itself, before any request', async () => {
    await update(['--restart', 'on-failure:x', n('a')])
    await update(['--restart', ':3', n('a')])
  })

  it('no flags: docker\'s error', async () => {
    const {outcome} = await update([n('a')])
    expect(outcome).toMatchObject({code: 1, stderr: 'you must provide one or more flags when using this command\n', stdout: ''})
  })

  it('container update', async () => {
    await expectStatefulParity(running, ['container', 'update', '--cpus', '1', n('a')], {state: HOST_CONFIG})
  })

  it.each([
    [['update']],
    [['update', '--restart', 'always']],
    [['update', '-m', '10x', 'c']],
    [['update', '--memory-swap', 'lots', 'c']],
    [['update', '--cpus', 'x', 'c']],
    [['update', '--cpus', '0.0000000001', 'c']],
    [['update', '--blkio-weight', '70000', 'c']],
    [['update', '--cpu-shares', '1.5', 'c']],
    [['update', '--pids-limit', 'none', 'c']],
    [['update', '--nope', 'c']],
  ])('CLI errors: %j', async (args) => {
    await cliError(args)
  })

  it('an unknown container alone, and an empty name', async () => {
    await expectParity(['update', '--cpus', '1', 'uptest-nosuch'], {attempts: 1})
    await expectParity(['update', '--cpus', '1', ' '], {attempts: 1})
  })
})

describe('container prune', () => {
  /** A label no other case uses, so that prune can only see its own fixtures. */
  const unique = (): string => `whalectl.prunetest=${randomBytes(4).toString('hex')}`
  /** The engine lists the removed containers in no fixed order: every ID (or fixture name) reads <ID>. */
  const ids = (text: string): string => text.replace(/\b[0-9a-f]{64}\b/g, '<ID>').replace(/<uptest-[a-z0-9]+>/g, '<ID>')
  /** Two stopped containers (one wrote 3000 bytes, so the space reclaimed is not 0) and a running one. */
  const fixtures: Record<string, Fixture> = {
    [n('p1')]: {exited: ['busybox', 'sh', '-c', 'head -c 3000 /dev/zero > /x']},
    [n('p2')]: CREATED,
    [n('p3')]: STOPPABLE,
  }
  const prune = (label: string, args: string[], input?: string) =>
    expectStatefulParity(fixtures, ['container', 'prune', '--filter', `label=${label}`, ...args], {fixtureArgs: ['--label', label], input, normalise: ids})

  it('-f removes the stopped containers the filter names: their IDs, then the space reclaimed', async () => {
    const label = unique()
    const {outcome} = await prune(label, ['-f'])
    expect(outcome.stdout).toBe('Deleted Containers:\n<ID>\n<ID>\n\nTotal reclaimed space: 3kB\n')
    expect(outcome.state.map((s) => s.split(' ')[0])).toEqual(['gone', 'gone', `/${n('p3')}`])
  })

  it('nothing to remove', async () => {
    const {outcome} = await prune(unique(), ['--force', '--filter', 'label=nothing-has-this'])
    expect(outcome.stdout).toBe('Total reclaimed space: 0B\n')
    await expectParity(['container', 'prune', '-f', '--filter', `label=${unique()}`, '--filter', 'until=1h'], {attempts: 1})
  })

  it('without -f: the prompt on stdout, one line of stdin read (not a terminal)', async () => {
    for (const input of ['y\n', 'Y', ' y \nmore\n', 'n\n', 'yes\n', '\n', '']) {
      const {outcome} = await prune(unique(), [], input)
      expect(outcome.stdout.startsWith('WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] '), JSON.stringify(input)).toBe(true)
      expect(outcome.code).toBe(0)
    }
  })

  it('without -f on a terminal: the same prompt, answered y or N', async () => {
    for (const answer of ['y\r', 'N\r']) {
      const label = unique()
      const outputs: Record<Cli, {code: number; output: string}> = {docker: {code: -1, output: ''}, whalectl: {code: -1, output: ''}}
      for (const cli of ['docker', 'whalectl'] as const) {
        await runDocker(['create', '--label', cleanupLabel, '--label', label, 'busybox', 'true'])
        const result = onTerminal(cli, ['container', 'prune', '--filter', `label=${label}`], [['[y/N] ', answer]])
        outputs[cli] = {code: result.code, output: ids(result.output)}
        await runDocker(['container', 'prune', '-f', '--filter', `label=${label}`])
      }
      expect(outputs.whalectl, JSON.stringify(answer)).toEqual(outputs.docker)
    }
  })

  it('SIGINT/SIGTERM at the prompt: a newline, exit 0, nothing removed', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const label = unique()
      await runDocker(['create', '--label', cleanupLabel, '--label', label, 'busybox', 'true'])
      const seen: Record<string, unknown> = {}
      for (const cli of ['docker', 'whalectl'] as const) {
        const session = start(cli, ['container', 'prune', '--filter', `label=${label}`])
        await session.printed('[y/N] ')
        session.child.kill(signal)
        seen[cli] = {code: await session.exit, stderr: session.stderr(), stdout: session.stdout()}
      }
      expect(seen.whalectl, signal).toEqual(seen.docker)
      const left = await runDocker(['ps', '-aq', '--filter', `label=${label}`])
      expect(left.stdout.trim()).not.toBe('')
    }
  })

  it('config.json pruneFilters are added as docker adds them (label only beside a label! on the command line)', async () => {
    const keep = 'uptest.keep=1'
    const fixturesWithKeep: Record<string, Fixture> = {
      [n('k1')]: {create: ['--label', keep, 'busybox', 'true']},
      [n('k2')]: CREATED,
    }
    for (const pruneFilters of [[`label!=${keep}`], [`label=${keep}`], ['until=1h'], ['bogus']]) {
      writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({pruneFilters}))
      const label = unique()
      await expectStatefulParity(fixturesWithKeep, ['container', 'prune', '-f', '--filter', `label=${label}`], {
        env: {DOCKER_CONFIG: configDir},
        fixtureArgs: ['--label', label],
        normalise: ids,
      })
    }
  })

  it.each([
    [['container', 'prune', 'x']],
    [['container', 'prune', '-f', '--filter', 'bogus']],
    [['container', 'prune', '--nope']],
  ])('CLI errors: %j', async (args) => {
    await cliError(args)
  })

  it('the engine\'s filter errors', async () => {
    await expectParity(['container', 'prune', '-f', '--filter', 'foo=bar'], {attempts: 1})
    await expectParity(['container', 'prune', '-f', '--filter', 'until=xx'], {attempts: 1})
  })

  it('--filter values are read as docker reads them (key case, spaces, empty values)', async () => {
    const label = unique()
    const {outcome} = await expectStatefulParity(fixtures, ['container', 'prune', '-f', '--filter', ` LABEL = ${label}`, '--filter', ''], {fixtureArgs: ['--label', label], normalise: ids})
    expect(outcome.stdout).toContain('Deleted Containers:')
  })
})
