// A typical CI script, run unchanged with whalectl in place of docker: the script calls `docker`,
// and the only `docker` on its PATH is whalectl (a link to bin/run.js). It starts a service with
// a healthcheck, waits for it to be healthy with `inspect --format`, runs a command in it, copies
// an artifact out, prints the logs, stops and removes it. The same script run with the reference
// docker must print the same and end the same way.
import {spawnSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, dockerHost, referenceDocker, removeTestContainers, repoRoot, tempDockerConfig} from '../engine/harness.js'

const SCRIPT = String.raw`
set -euo pipefail
name="ci-app-$SUFFIX"
docker run -d --name "$name" --label ${cleanupLabel} \
  --health-cmd 'test -f /tmp/ready' --health-interval 200ms --health-retries 50 \
  busybox sh -c 'echo starting; mkdir -p /out; echo built > /out/artifact.txt; sleep 1; touch /tmp/ready; echo ready; trap "echo stopping; exit 0" TERM; while true; do sleep 0.1; done' >/dev/null

status=
for i in $(seq 1 150); do
  status=$(docker inspect --format '{{.State.Health.Status}}' "$name")
  if [ "$status" = healthy ]; then break; fi
  if [ "$status" = unhealthy ]; then echo "unhealthy" >&2; exit 1; fi
  sleep 0.2
done
echo "health: $status"

docker exec "$name" sh -c 'echo exec-ok; cat /out/artifact.txt'
docker cp "$name":/out/artifact.txt "$WORK/artifact.txt"
echo "copied: $(cat "$WORK/artifact.txt")"
docker logs "$name"
docker stop -t 5 "$name"
docker inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$name"
docker logs --tail 1 "$name"
docker rm -f "$name"
docker rm -f "$name" || echo "second rm: $?"
`

type Cli = 'docker' | 'whalectl'

let workDir = ''
beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'whalectl-ci-script-'))
})
afterAll(async () => {
  await removeTestContainers()
  rmSync(workDir, {force: true, recursive: true})
})

/** A PATH whose first `docker` is the given CLI (and node, for bin/run.js's shebang), then the system's tools. */
function pathWithDocker(cli: Cli, work: string): string {
  const bin = path.join(work, 'bin')
  mkdirSync(bin)
  symlinkSync(cli === 'docker' ? referenceDocker : path.join(repoRoot, 'bin', 'run.js'), path.join(bin, 'docker'))
  symlinkSync(process.execPath, path.join(bin, 'node'))
  return [bin, '/usr/bin', '/bin'].join(':')
}

function runScript(cli: Cli, script: string, suffix: string): {code: number; stdout: string; stderr: string; work: string} {
  const work = mkdtempSync(path.join(workDir, `work-${cli}-`))
  const env = {DOCKER_CONFIG: tempDockerConfig(), DOCKER_HOST: dockerHost(), HOME: process.env.HOME ?? '/root', PATH: pathWithDocker(cli, work), SUFFIX: suffix, WORK: work}
  const result = spawnSync('bash', ['-c', script], {cwd: workDir, encoding: 'utf8', env, timeout: 90_000})
  return {code: result.status ?? -1, stderr: result.stderr, stdout: result.stdout, work}
}

describe('a CI script with whalectl as its docker', () => {
  it('the shim PATH reaches whalectl, not docker', () => {
    const result = runScript('whalectl', 'docker --version', 'v')
    expect(result.stdout).toMatch(/^Docker version \d+\.\d+\.\d+-whalectl\./)
  })

  it('run -d with a healthcheck, wait for healthy, exec, cp out, logs, stop, rm -f: as with docker', () => {
    const suffix = randomBytes(3).toString('hex')
    const theirs = runScript('docker', SCRIPT, `docker-${suffix}`)
    const ours = runScript('whalectl', SCRIPT, `whalectl-${suffix}`)
    const view = (r: ReturnType<typeof runScript>, cli: Cli) => {
      const same = (text: string): string => text.replaceAll(`${cli}-${suffix}`, '<SUFFIX>')
      return {code: r.code, stderr: same(r.stderr), stdout: same(r.stdout)}
    }
    expect(view(ours, 'whalectl')).toEqual(view(theirs, 'docker'))
    expect(ours.code, ours.stderr).toBe(0)
    expect(ours.stdout).toBe(
      [
        'health: healthy',
        'exec-ok',
        'built',
        'copied: built',
        'starting',
        'ready',
        `ci-app-whalectl-${suffix}`,
        'exited 0',
        'stopping',
        `ci-app-whalectl-${suffix}`,
        '',
      ].join('\n'),
    )
    expect(ours.stderr).toBe(`Error response from daemon: No such container: ci-app-whalectl-${suffix}\n`)
    expect(readFileSync(path.join(ours.work, 'artifact.txt'), 'utf8')).toBe('built\n')
  })
})
