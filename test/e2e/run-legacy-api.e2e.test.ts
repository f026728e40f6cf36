// `run` on an API below 1.30, where docker follows the container's events for its exit code, and
// below 1.25, where the engine has no AutoRemove and docker removes a --rm container itself
// (moby's TestRunRmPre125Api). issue 15 item 2.
import {afterAll, describe, expect, it} from 'vitest'

import {cleanupLabel, removeTestContainers, runDocker, runWhalectl} from '../engine/harness.js'

afterAll(removeTestContainers)

describe('run on old API versions', () => {
  it.each(['1.24', '1.29'])('API %s: the exit status from the die event; --rm removes the container', async (version) => {
    for (const [cli, run] of [['docker', runDocker], ['whalectl', runWhalectl]] as const) {
      const name = `whalectl-legacy-${version}-${cli}`
      const result = await run(['run', '--rm', '--name', name, '--label', cleanupLabel, 'busybox', 'sh', '-c', 'echo hi; exit 3'], {env: {DOCKER_API_VERSION: version}})
      expect([cli, result.code, result.stdout, result.stderr]).toEqual([cli, 3, 'hi\n', ''])
      expect((await runDocker(['inspect', '--type', 'container', name])).code).toBe(1)
    }
  })

  it('API 1.24 without --rm: the status, and the container stays', async () => {
    for (const [cli, run] of [['docker', runDocker], ['whalectl', runWhalectl]] as const) {
      const name = `whalectl-legacy-keep-${cli}`
      const result = await run(['run', '--name', name, '--label', cleanupLabel, 'busybox', 'sh', '-c', 'exit 4'], {env: {DOCKER_API_VERSION: '1.24'}})
      expect([cli, result.code]).toEqual([cli, 4])
      expect((await runDocker(['inspect', '--format', '{{.State.ExitCode}}', name])).stdout).toBe('4\n')
    }
  })
})
