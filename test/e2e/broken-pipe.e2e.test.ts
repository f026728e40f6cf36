// A reader that goes away (`… | head -1`), as docker ends then (issue 15 item 6): `run` with its
// signal proxy (the default, with or without -t) prints `write /dev/stdout: broken pipe` and
// exits 1; `run --sig-proxy=false`, `exec` and `logs` die of SIGPIPE quietly (141).
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, dockerHost, referenceDocker, removeTestContainers, repoRoot, runDocker} from '../engine/harness.js'

const WHALECTL = path.join(repoRoot, 'bin', 'run.js')
let container = ''

/** `<cli> <args> 2>err | head -1 >/dev/null`: the CLI's status and stderr. */
function piped(cli: string, args: string[]): {code: number; stderr: string} {
  const quoted = args.map((a) => `'${a}'`).join(' ')
  const script = `"$CLI" ${quoted} 2>"$ERR" | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"; cat "$ERR"`
  const r = spawnSync('bash', ['-c', `ERR=$(mktemp); ${script}; rm -f "$ERR"`], {encoding: 'utf8', env: {CLI: cli, DOCKER_HOST: dockerHost(), PATH: process.env.PATH ?? ''}, timeout: 60_000})
  const [code, ...rest] = r.stdout.split('\n')
  return {code: Number(code), stderr: rest.join('\n')}
}

beforeAll(async () => {
  const r = await runDocker(['run', '-d', '--label', cleanupLabel, 'busybox', 'sh', '-c', 'seq 1 100000; sleep 300'])
  container = r.stdout.trim()
})

afterAll(removeTestContainers)

// Which write meets the closed pipe depends on when head exits, so a rare odd run is retried.
describe('a reader that goes away', {retry: 2}, () => {
  it.each([
    [['run', '--rm', '--label', cleanupLabel, 'busybox', 'seq', '1', '100000']],
    [['run', '--rm', '-t', '--label', cleanupLabel, 'busybox', 'seq', '1', '100000']],
    [['run', '--rm', '--sig-proxy=false', '--label', cleanupLabel, 'busybox', 'seq', '1', '100000']],
    [['exec', '@C', 'seq', '1', '100000']],
    [['logs', '@C']],
  ])('%j', (args) => {
    const argv = args.map((a) => (a === '@C' ? container : a))
    const docker = piped(referenceDocker, argv)
    const whalectl = piped(WHALECTL, argv)
    expect(whalectl).toEqual(docker)
    expect([1, 141]).toContain(docker.code)
  })
})
