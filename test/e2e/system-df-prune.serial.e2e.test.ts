// `system df` and `system prune` against the reference docker on the same engine. Both see the
// whole engine, so this file runs alone (serial). Prune runs are given twin fixtures: docker
// prunes one labelled set and whalectl the other, and the reports must read the same once the
// IDs and names of the two sets are masked. The prompt and its refusal are compared as they are.
import {afterAll, describe, expect, it} from 'vitest'

import {cleanupLabel, runDocker, runWhalectl} from '../engine/harness.js'
import {compose, expectParity, maskDurations, renameProgram, type TextNormaliser} from './normalise.js'

const P = 'sysdf-'

/** Volumes come from the engine in Go map order; sorting the rows of each table makes runs comparable. */
const sortedTableRows: TextNormaliser = (text) =>
  text
    .split('\n\n')
    .map((block) => {
      const [header, ...rows] = block.split('\n')
      return [header, ...rows.filter((r) => r !== '').sort()].join('\n')
    })
    .join('\n\n')

/** `Up Less than a second` and `Up 1 second` are the same moment seen a little apart. */
const fuzzyMoments: TextNormaliser = (text) => text.replace(/Less than a second|\d+ seconds?/g, 'moments')

async function docker(args: string[]): Promise<string> {
  const result = await runDocker(args)
  if (result.code !== 0) throw new Error(`docker ${args.join(' ')}: ${result.stderr}`)
  return result.stdout.trim()
}

/** A container, an internal network and a named volume, labelled with the run's label and `set`. */
async function makeSet(set: string): Promise<void> {
  const labels = ['--label', cleanupLabel, '--label', `set=${set}`]
  await docker(['create', ...labels, '--name', `${P}${set}`, 'busybox', 'true'])
  await docker(['network', 'create', '--internal', ...labels, `${P}net-${set}`])
  await docker(['volume', 'create', ...labels, `${P}vol-${set}`])
}

afterAll(async () => {
  for (const set of ['a', 'b', 'c', 'd']) {
    await runDocker(['rm', '-f', `${P}${set}`])
    await runDocker(['network', 'rm', `${P}net-${set}`])
    await runDocker(['volume', 'rm', '-f', `${P}vol-${set}`])
  }
})

describe('system df', () => {
  it.each([[[]], [['-v']], [['--format', 'json']], [['--format', 'raw']], [['--format', 'table {{.Type}}\t{{.Size}}\t{{.Reclaimable}}']], [['-v', '--format', '{{range .Images}}{{.Repository}}:{{.Tag}} {{end}}']]])(
    'system df %j',
    async (args) => {
      await makeSetOnce()
      await expectParity(['system', 'df', ...args], {normalise: compose(maskDurations, fuzzyMoments, sortedTableRows)})
    },
  )

  it('reports a bad template as docker does', async () => {
    await expectParity(['system', 'df', '--format', '{{.Foo}}'])
    await expectParity(['system', 'df', '--format', '{{.Foo'])
  })
})

let made = false
async function makeSetOnce(): Promise<void> {
  if (made) return
  made = true
  await makeSet('c')
  await docker(['run', '-d', '--label', cleanupLabel, '--name', `${P}d`, '-v', `${P}vol-d:/data`, 'busybox', 'sleep', '300'])
}

describe('system prune', () => {
  it.each([[[]], [['-a']], [['--volumes']], [['-a', '--filter', 'label=x', '--filter', 'until=24h']], [['--volumes', '--filter', 'label!=y']]])('asks first and stops on `n` (%j)', async (args) => {
    const pair = await expectParity(['system', 'prune', ...args], {input: 'n\n'})
    expect(pair.whalectl.stdout).toMatch(/^WARNING! This will remove:\n/)
  })

  it('refuses until with --volumes', async () => {
    await expectParity(['system', 'prune', '--volumes', '--filter', 'until=1h'], {attempts: 1})
  })

  it('rejects a malformed filter', async () => {
    await expectParity(['system', 'prune', '--filter', 'nope'], {dockerStderr: renameProgram})
  })

  it('prunes what the filter selects and reports it in docker\'s sections', async () => {
    await makeSet('a')
    await makeSet('b')
    const dockerRun = await runDocker(['system', 'prune', '-f', '--volumes', '--filter', 'label=set=a'])
    const whalectlRun = await runWhalectl(['system', 'prune', '-f', '--volumes', '--filter', 'label=set=b'])
    const mask = (text: string): string => text.replace(/\b[0-9a-f]{64}\b/g, '<ID>').replace(/-([ab])\b/g, '-<SET>')
    expect({code: whalectlRun.code, stderr: whalectlRun.stderr, stdout: mask(whalectlRun.stdout)}).toEqual({code: dockerRun.code, stderr: dockerRun.stderr, stdout: mask(dockerRun.stdout)})
    expect(whalectlRun.stdout).toContain(`Deleted Networks:\n${P}net-b\n`)
    expect(whalectlRun.stdout).toContain(`Deleted Volumes:\n${P}vol-b\n`)
    expect(whalectlRun.stdout).toMatch(/Deleted Containers:\n[0-9a-f]{64}\n\n/)
    expect(whalectlRun.stdout).toMatch(/Total reclaimed space: \S+\n$/)
  })

  it('with nothing to prune prints only the total', async () => {
    await expectParity(['system', 'prune', '-f', '-a', '--filter', `label=${P}nothing`])
  })
})
