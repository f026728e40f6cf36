// A command's own messages (argument counts, flag errors, usage lines) name it as it was typed:
// `container stop`, `image ls`, or the short `stop`, `images`, as docker's do.
import {describe, it} from 'vitest'

import {expectParity, renameProgram} from './normalise.js'

describe('command names in CLI-made messages', () => {
  it.each([
    [['stop']],
    [['container', 'stop']],
    [['container', 'ls', 'x']],
    [['container', 'list', '--bogus']],
    [['ps', 'x']],
    [['image', 'ls', 'a', 'b']],
    [['images', 'a', 'b']],
    [['container', 'logs']],
    [['container', 'port']],
    [['container', 'rm']],
    [['container', 'remove']],
    [['image', 'rm']],
    [['image', 'pull']],
    [['container', 'run']],
    [['container', 'ps', '-x']],
    [['image', 'list', 'a', 'b']],
  ])('%j', async (args) => {
    await expectParity(args, {dockerStderr: renameProgram})
  })
})
