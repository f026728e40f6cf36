// `whalectl top`, `port` and `diff` against the reference docker on the same engine. The engine
// runs with --bridge=none, so no container has a published port here: port's lines are checked
// against a fake engine (test/integration/inspect-port.test.ts) and its errors here. The engine
// lists a container's changes in random order (a Go map), so diff of several changes compares
// sorted lines; a container with one change is compared as it is.
import {afterAll, beforeAll, describe, it} from 'vitest'

import {cleanupLabel, removeTestContainers} from '../engine/harness.js'
import {docker} from './image-fixtures.js'
import {expectParity, renameProgram} from './normalise.js'

const running = 'tpdtest-run'
const changed = 'tpdtest-changed'
const oneChange = 'tpdtest-one'
const created = 'tpdtest-created'

beforeAll(async () => {
  await removeTestContainers()
  const label = ['--label', cleanupLabel]
  await docker(['run', '-d', ...label, '--name', running, 'busybox', 'sh', '-c', 'sleep 600 & sleep 601'])
  await docker(['run', ...label, '--name', changed, 'busybox', 'sh', '-c', 'mkdir /newdir && echo x > /newdir/f && rm /bin/vi && echo >> /etc/passwd'])
  await docker(['run', ...label, '--name', oneChange, 'busybox', 'touch', '/new'])
  await docker(['create', ...label, '--name', created, '-p', '8080:80', '--expose', '7000', 'busybox', 'true'])
}, 120_000)

afterAll(removeTestContainers)

const sortLines = (text: string): string => text.split('\n').sort().join('\n')

/**
 * ps's CPU share (`C` of -ef, `%CPU` of aux) of a process that just started drifts between two
 * runs: the cell under that header is masked, width kept.
 */
const maskCPU = (text: string): string => {
  const [header = '', ...rows] = text.split('\n')
  const at = header.search(/(?<=^|\s)(?:C|%CPU)(?=\s)/)
  if (at < 0) return text
  return [header, ...rows.map((row) => row.slice(0, at) + row.slice(at).replace(/^\S+/, (cell) => '#'.repeat(cell.length)))].join('\n')
}

describe.concurrent('whalectl top matches docker top', () => {
  it.each([
    [[running, '-eo', 'pid,comm']],
    [[running, '-o', 'pid,user,args']],
    [[running, '-x']],
    [[running, '--nope']],
    [['nope']],
    [[created]],
    [['']],
  ])('top %j', async (args) => {
    await expectParity(['top', ...args])
  })

  it('top (ps -ef)', () => expectParity(['top', running], {normalise: maskCPU}))
  it('top aux', () => expectParity(['top', running, 'aux'], {normalise: maskCPU}))
  it('container top', () => expectParity(['container', 'top', running, '-o', 'pid,comm']))
  it('no argument', () => expectParity(['top'], {dockerStderr: renameProgram}))
  it('a flag before the container is docker\'s own', () => expectParity(['top', '-eo', 'pid', running], {dockerStderr: renameProgram}))
})

describe.concurrent('whalectl diff matches docker diff', () => {
  it('one change', () => expectParity(['diff', oneChange]))
  it('several changes (sorted)', () => expectParity(['diff', changed], {normalise: sortLines}))
  it('container diff (sorted)', () => expectParity(['container', 'diff', changed], {normalise: sortLines}))
  it.each([[[created]], [[running]], [['nope']], [['']]])('diff %j', async (args) => {
    await expectParity(['diff', ...args])
  })
  it('no argument', () => expectParity(['diff'], {dockerStderr: renameProgram}))
  it('two arguments', () => expectParity(['diff', oneChange, changed], {dockerStderr: renameProgram}))
})

describe.concurrent('whalectl port matches docker port', () => {
  it.each([
    [[running]],
    [[created]],
    [[created, '80']],
    [[running, '80']],
    [[running, '80/udp']],
    [[running, '/tcp']],
    [[running, 'http']],
    [[running, '65536']],
    [[running, '']],
    [['nope']],
    [['nope', '80']],
    [['', '80']],
  ])('port %j', async (args) => {
    await expectParity(['port', ...args])
  })

  it('container port', () => expectParity(['container', 'port', running, '80/tcp']))
  it('no argument', () => expectParity(['port'], {dockerStderr: renameProgram}))
  it('a negative port reads as a flag', () => expectParity(['port', running, '-1'], {dockerStderr: renameProgram}))
  it('three arguments', () => expectParity(['port', running, '80', '81'], {dockerStderr: renameProgram}))
})
