// `npm run bench`: starts a private engine (scripts/test-engine.sh, as the tests do) unless
// DOCKER_HOST names one, then runs each benchmark script against it. Figures are ratios
// measured within one run, because the machines are noisy.
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import path from 'node:path'

import {REPO_ROOT, tempDir} from './bench-lib.js'

const benches = ['bench-startup.js', 'bench-ps.js', 'bench-run.js', 'bench-logs.js', 'bench-build.js', 'bench-images.js', 'bench-rm.js', 'bench-inspect.js', 'bench-cp.js', 'bench-save-load.js']
const only = process.argv.slice(2)

let dir
let host = process.env.WHALECTL_BENCH_DOCKER_HOST
if (!host) {
  dir = tempDir('whalectl-engine-')
  const start = spawnSync(path.join(REPO_ROOT, 'scripts', 'test-engine.sh'), ['start', dir], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']})
  if (start.status !== 0) throw new Error('could not start the benchmark engine')
  host = start.stdout.trim().split('\n').at(-1)
}

let failed = false
try {
  for (const bench of benches) {
    if (only.length > 0 && !only.some((o) => bench.includes(o))) continue
    const file = path.join(REPO_ROOT, 'scripts', bench)
    if (!existsSync(file)) continue
    const r = spawnSync(process.execPath, [file], {env: {...process.env, DOCKER_HOST: host}, stdio: 'inherit'})
    if (r.status !== 0) {
      failed = true
      console.error(`${bench} failed (exit ${r.status})`)
    }
  }
} finally {
  if (dir) spawnSync(path.join(REPO_ROOT, 'scripts', 'test-engine.sh'), ['stop', dir], {stdio: 'inherit'})
}
process.exitCode = failed ? 1 : 0
