// cobra's --help is a bool flag like any other (issue 15 item 8): `--help=false` leaves it off,
// a bad value is a flag error, and every flag parses before help is considered.
import {afterAll, beforeAll, describe, it} from 'vitest'

import {cleanupLabel, removeTestContainers, runDocker} from '../engine/harness.js'
import {expectParity, renameProgram} from './normalise.js'

beforeAll(async () => {
  const created = await runDocker(['create', '--label', cleanupLabel, 'busybox', 'true'])
  if (created.code !== 0) throw new Error(`creating a container failed: ${created.stderr}`)
})

afterAll(() => removeTestContainers())

describe('--help=false', () => {
  it.each([
    [['ps', '-a', '--help=false', '-q', '-n1']],
    [['ps', '-a', '-h=false', '-q', '-n1']],
    [['ps', '-a', '--help', '--help=false', '-q', '-n1']],
    [['--help=false', 'ps', '-a', '-q', '-n1']],
    [['logs', '--help=false']],
    [['ps', '--help=foo']],
    [['ps', '--help', '--nope']],
    [['ps', '-n', 'x', '--help']],
  ])('%j', async (args) => {
    // -h also prints docker's deprecation notice for the shorthand; that notice is not compared.
    const dropNotice = (text: string): string => text.replace(/^Flag shorthand -h has been deprecated, use --help\n/, '')
    await expectParity(args, {dockerStderr: renameProgram, normalise: dropNotice})
  })
})
