// `network prune` and `volume prune` against the reference docker on the same engine. Each CLI
// prunes its own fresh copy of the same fixtures (same names); what is in use (by a running
// container of this file) must survive. The unfiltered prunes see the whole engine, which is why
// this file runs alone, after the parallel ones. Networks are --internal.
import {randomBytes} from 'node:crypto'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, removeTestContainers, type RunOptions, runDocker, runWhalectl} from '../engine/harness.js'
import {expectParity, renameProgram} from './normalise.js'
import {docker} from './stateful-parity.js'

const P = `nvp${randomBytes(3).toString('hex')}-`
const n = (what: string): string => P + what
const LABEL = ['--label', cleanupLabel]
const OWN = ['--filter', `label=${cleanupLabel}`]
const USED_NET = n('usednet')
const USED_VOL = n('usedvol')

async function removeLabelled(): Promise<void> {
  await removeTestContainers()
  const nets = (await docker(['network', 'ls', '-q', '-f', `label=${cleanupLabel}`])).split('\n').filter(Boolean)
  if (nets.length > 0) await runDocker(['network', 'rm', ...nets])
  const vols = (await docker(['volume', 'ls', '-q', '-f', `label=${cleanupLabel}`])).split('\n').filter(Boolean)
  if (vols.length > 0) await runDocker(['volume', 'rm', '-f', ...vols])
}

/** Unused fixtures, made afresh: one network, and one volume holding a file. */
async function makeUnused(): Promise<void> {
  await runDocker(['network', 'rm', n('idle')])
  await docker(['network', 'create', '--internal', ...LABEL, n('idle')])
  await runDocker(['volume', 'rm', n('idlevol')])
  await docker(['volume', 'create', ...LABEL, n('idlevol')])
  await docker(['run', '--rm', ...LABEL, '--network', 'none', '-v', `${n('idlevol')}:/d`, 'busybox', 'sh', '-c', 'echo hello > /d/f'])
}

/** Runs the prune with each CLI after making the unused fixtures; compares output and what is left. */
async function expectPruneParity(args: string[], opts: RunOptions & {before?: () => Promise<void>} = {}): Promise<string> {
  const left = async (): Promise<string> =>
    `${await docker(['network', 'ls', '--format', '{{.Name}}', '-f', `name=${P}`])}|${await docker(['volume', 'ls', '-q', '-f', `name=${P}`])}`
  const round = async (cli: typeof runDocker): Promise<{code: number; stdout: string; stderr: string; left: string}> => {
    await opts.before?.()
    await makeUnused()
    const result = await cli(args, opts)
    return {code: result.code, left: await left(), stderr: result.stderr, stdout: result.stdout}
  }
  const expected = await round(runDocker)
  const actual = await round(runWhalectl)
  expect(actual).toEqual({...expected, stderr: renameProgram(expected.stderr)})
  return actual.stdout
}

beforeAll(async () => {
  await removeLabelled()
  await docker(['network', 'create', '--internal', ...LABEL, USED_NET])
  await docker(['volume', 'create', ...LABEL, USED_VOL])
  await docker(['run', '-d', ...LABEL, '--name', n('box'), '--network', USED_NET, '-v', `${USED_VOL}:/data`, 'busybox', 'sleep', '600'])
})

afterAll(removeLabelled)

describe('network prune', () => {
  it('-f with a label filter removes the unused network only', async () => {
    expect(await expectPruneParity(['network', 'prune', '-f', ...OWN])).toBe(`Deleted Networks:\n${n('idle')}\n\n`)
  })

  it('asks first; anything but y keeps everything, y prunes', async () => {
    await expectPruneParity(['network', 'prune', ...OWN], {input: 'n\n'})
    await expectPruneParity(['network', 'prune', ...OWN], {input: ''})
    await expectPruneParity(['network', 'prune', ...OWN], {input: ' Y \n'})
  })

  it('without a filter it prunes the whole engine', () =>
    expectPruneParity(['network', 'prune', '-f'], {before: async () => void (await docker(['network', 'prune', '-f']))}))

  it('bad filters and arguments', async () => {
    await expectParity(['network', 'prune', '-f', '--filter', 'bogus=1'])
    await expectParity(['network', 'prune', '-f', '--filter', 'bogus'], {dockerStderr: renameProgram})
    await expectParity(['network', 'prune', 'extra'], {dockerStderr: renameProgram})
  })
})

describe('volume prune', () => {
  it('-f with a label filter removes the unused volume (named too, on API 1.41) and reports the space', async () => {
    expect(await expectPruneParity(['volume', 'prune', '-f', ...OWN])).toMatch(new RegExp(`^Deleted Volumes:\n${n('idlevol')}\n\nTotal reclaimed space: \\d+B\n$`))
  })

  it("asks first, with API 1.41's warning about all volumes", async () => {
    await expectPruneParity(['volume', 'prune', ...OWN], {input: 'no\n'})
    await expectPruneParity(['volume', 'prune', ...OWN], {input: 'y\n'})
  })

  it('without a filter it prunes the whole engine', () =>
    expectPruneParity(['volume', 'prune', '-f'], {before: async () => void (await docker(['volume', 'prune', '-f']))}))

  it('-a needs API 1.42; bad filters and arguments', async () => {
    await expectParity(['volume', 'prune', '-a', '-f', ...OWN], {dockerStderr: renameProgram})
    await expectParity(['volume', 'prune', '-f', '--filter', 'all=1', ...OWN])
    await expectParity(['volume', 'prune', '-f', '--filter', 'bogus=1'])
    await expectParity(['volume', 'prune', 'extra'], {dockerStderr: renameProgram})
  })

  it('leaves what is in use', async () => {
    expect(await docker(['volume', 'ls', '-q', '-f', `name=${USED_VOL}`])).toBe(USED_VOL)
    expect(await docker(['network', 'ls', '--format', '{{.Name}}', '-f', `name=${USED_NET}`])).toBe(USED_NET)
  })
})
