// `logs … 2>&1 | grep -q pattern`, the wait loop of many shell scripts (issue 15 item 5): grep
// exits at the first match, and a CLI still writing then dies of EPIPE (status 141, fatal under
// `set -o pipefail`). docker writes a log that came in one read quickly, frame by frame; whalectl
// must write it with one write per socket read to fare as well. This runs the 12-run
// loop with both CLIs against the same container and compares how often each died.
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, dockerHost, referenceDocker, removeTestContainers, repoRoot, runDocker} from '../engine/harness.js'

const NAME = 'whalectl-logs-grep'
const RUNS = 12

beforeAll(async () => {
  await runDocker(['rm', '-f', NAME])
  // 32 lines, the match second: most of the log is still to be written when grep exits.
  const script = 'echo starting; echo Server ready; for i in $(seq 1 30); do echo line $i; done'
  const created = await runDocker(['run', '--name', NAME, '--label', cleanupLabel, 'busybox', 'sh', '-c', script])
  if (created.code !== 0) throw new Error(`setting up ${NAME} failed: ${created.stderr}`)
})

afterAll(() => removeTestContainers())

/** How many of `RUNS` runs of `<cli> logs C 2>&1 | grep -q "Server ready"` ended with the CLI's status non-zero. */
function failedRuns(cli: string): number {
  const loop = `n=0; for i in $(seq ${RUNS}); do "$CLI" logs "$C" 2>&1 | grep -q "Server ready"; s=\${PIPESTATUS[0]}; [ "$s" -ne 0 ] && n=$((n+1)); done; echo $n`
  const env = {...process.env, C: NAME, CLI: cli, DOCKER_HOST: dockerHost()}
  const result = spawnSync('bash', ['-c', loop], {encoding: 'utf8', env, timeout: 120_000})
  if (result.status !== 0) throw new Error(`the loop failed: ${result.stderr}`)
  return Number(result.stdout.trim())
}

describe('logs 2>&1 | grep -q, run 12 times', () => {
  // Before logs wrote once per socket read (copyContainerOutput): whalectl 10-12 of 12 runs
  // died of EPIPE, docker 0-4; after: whalectl 1-2 of 12, docker 2-4.
  it('dies of EPIPE no more often than docker', () => {
    const docker = failedRuns(referenceDocker)
    const whalectl = failedRuns(path.join(repoRoot, 'bin', 'run.js'))
    console.log(`EPIPE in ${RUNS} runs: docker ${docker}, whalectl ${whalectl}`)
    expect(whalectl).toBeLessThanOrEqual(Math.max(docker + 2, 3))
  })
})
