// A malformed config.json (issue 15 item 9): docker warns with the file's path and what Go's
// JSON decoder said, then goes on (exit 0) with whatever did decode.
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, it} from 'vitest'

import {cleanupLabel, removeTestContainers, runDocker, tempDockerConfig} from '../engine/harness.js'
import {expectParity} from './normalise.js'

beforeAll(async () => {
  const created = await runDocker(['create', '--label', cleanupLabel, 'busybox', 'true'])
  if (created.code !== 0) throw new Error(`creating a container failed: ${created.stderr}`)
})

afterAll(() => removeTestContainers())

function configWith(text: string): string {
  const dir = tempDockerConfig()
  writeFileSync(path.join(dir, 'config.json'), text)
  return dir
}

describe('config.json docker cannot fully read', () => {
  it.each([
    ['{"auths":'],
    ['[1]'],
    ['"str"'],
    ['{"auths": 5}'],
    ['{bad}'],
    ['{"a":"\\q"}'],
    ['{"auths":{"127.0.0.1:5000":{"auth":"!!"}}}'],
    ['{"auths":{"127.0.0.1:5000":{"auth":"dXNlcg=="}}}'],
    ['{"auths":{}}x'],
    ['\ufeff{}'],
  ])('%j', async (text) => {
    await expectParity(['ps', '-a', '-q', '-n1'], {env: {DOCKER_CONFIG: configWith(text)}})
  })

  it('still uses what decoded: psFormat next to a field of the wrong type', async () => {
    await expectParity(['ps', '-a', '-n1'], {env: {DOCKER_CONFIG: configWith('{"psFormat":"{{.ID}} {{.Image}}","auths":5}')}})
  })

  it('matches keys case-insensitively, as Go does', async () => {
    await expectParity(['ps', '-a', '-n1'], {env: {DOCKER_CONFIG: configWith('{"PSFORMAT":"{{.Image}}"}')}})
  })
})
