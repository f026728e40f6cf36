// `image inspect`: docker's images-only inspect, byte for byte (the raw answer re-indented,
// templates against docker's Go types) and its errors for unknown images.
import {describe, it} from 'vitest'

import {expectParity, renameProgram} from './normalise.js'

describe('image inspect', () => {
  it.each([
    [['image', 'inspect', 'busybox']],
    [['image', 'inspect', 'busybox', 'busybox:latest']],
    [['image', 'inspect', '-f', '{{.Id}} {{json .Config.Cmd}} {{.Os}}/{{.Architecture}}', 'busybox']],
    [['image', 'inspect', '--format', 'json', 'busybox']],
    [['image', 'inspect', 'whalectl-no-such-image']],
    [['image', 'inspect', '-f', '{{.Id}}', 'busybox', 'whalectl-no-such-image']],
    [['image', 'inspect', '-f', '{{.Nope}}', 'busybox']],
    [['image', 'inspect']],
  ])('%j', async (args) => {
    await expectParity(args, {dockerStderr: renameProgram})
  })
})
