#!/usr/bin/env node
// Build benchmark (issue 6): a context of 20,000 small files plus 200 MiB of larger ones,
// `FROM busybox` + `COPY . /ctx`, built with `whalectl build` and with the reference classic
// builder (`DOCKER_BUILDKIT=0 docker build`) against the same engine.
//
//   DOCKER_HOST=unix:///…/docker.sock node scripts/bench-build.js
//
// Both CLIs get --no-cache, so each run uploads the whole context and the engine copies it
// again; runs alternate (docker, whalectl, docker, …) so drift in the engine or the disk hits
// both alike. Every image is removed right after its run. Each run is measured with
// `/usr/bin/time -f '%e %U %S %M'` (wall s, user s, sys s, peak RSS KiB of the CLI process).
// Targets: whalectl's median wall ≤ 1.1 × docker's, whalectl's peak RSS ≤ 100 MiB.
// Exits 1 when a target is missed. Needs `npm run build` first (it runs dist/ via bin/run.js).
//
// Environment: DOCKER_HOST (required), BENCH_RUNS (runs per CLI, default 3),
// WHALECTL_TEST_DOCKER_CLI (reference docker, default /usr/local/bin/docker, else docker on PATH),
// BENCH_KEEP_CONTEXT=1 (keep the generated context directory).
import {spawnSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const whalectl = [path.join(repoRoot, 'bin', 'run.js')] // through its shebang, as installed
const dockerCli = process.env.WHALECTL_TEST_DOCKER_CLI ?? (existsSync('/usr/local/bin/docker') ? '/usr/local/bin/docker' : 'docker')
const TIME = '/usr/bin/time'
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const SMALL_FILES = 20_000
const LARGE_BYTES = 200 * 1024 * 1024
const LARGE_FILE_BYTES = 10 * 1024 * 1024
const WALL_RATIO_MAX = 1.1
const RSS_MAX_KIB = 100 * 1024

function fail(message) {
  console.error(`bench-build: ${message}`)
  process.exit(2)
}

if (!process.env.DOCKER_HOST) fail('set DOCKER_HOST to the engine to benchmark against')
if (!existsSync(path.join(repoRoot, 'dist', 'main.js'))) fail('dist/ is missing: run `npm run build` first')
if (!existsSync(TIME) || spawnSync(TIME, ['-f', '%e', 'true']).status !== 0) {
  fail(`${TIME} (GNU time) is needed to measure wall time and peak RSS; install the "time" package`)
}

function makeContext() {
  const dir = mkdtempSync(path.join(tmpdir(), 'whalectl-bench-build-'))
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM busybox\nCOPY . /ctx\n')
  // 20,000 small files, 100 per directory, each with distinct content of 64-576 bytes.
  for (let d = 0; d < SMALL_FILES / 100; d++) {
    const sub = path.join(dir, 'small', `d${String(d).padStart(3, '0')}`)
    mkdirSync(sub, {recursive: true})
    for (let f = 0; f < 100; f++) {
      const n = d * 100 + f
      writeFileSync(path.join(sub, `f${String(f).padStart(2, '0')}.txt`), `${n}\n`.repeat(16 + (n % 128)))
    }
  }
  // 200 MiB in 10 MiB files of random bytes.
  const large = path.join(dir, 'large')
  mkdirSync(large)
  for (let i = 0; i < LARGE_BYTES / LARGE_FILE_BYTES; i++) writeFileSync(path.join(large, `blob${i}.bin`), randomBytes(LARGE_FILE_BYTES))
  return dir
}

/** One measured build; returns {wall, user, sys, rssKiB, ok}. */
function measure(label, argv, env, context, tag) {
  const timeFile = path.join(tmpdir(), `whalectl-bench-time-${process.pid}`)
  const args = ['-f', '%e %U %S %M', '-o', timeFile, ...argv, 'build', '--no-cache', '-t', tag, context]
  const result = spawnSync(TIME, args, {env, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'ignore', 'pipe']})
  const line = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n').pop() : ''
  rmSync(timeFile, {force: true})
  const [wall, user, sys, rss] = (line ?? '').split(' ').map(Number)
  if (result.status !== 0) {
    console.error(`${label} build failed (exit ${result.status}):\n${result.stderr?.toString() ?? ''}`)
    return undefined
  }
  spawnSync(dockerCli, ['rmi', '-f', tag], {env, stdio: 'ignore'})
  return {rssKiB: rss, sys, user, wall}
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function summary(samples) {
  return {
    rssMiB: median(samples.map((s) => s.rssKiB)) / 1024,
    sys: median(samples.map((s) => s.sys)),
    user: median(samples.map((s) => s.user)),
    wall: median(samples.map((s) => s.wall)),
    worstRssMiB: Math.max(...samples.map((s) => s.rssKiB)) / 1024,
  }
}

const baseEnv = {...process.env}
delete baseEnv.DOCKER_BUILDKIT
const dockerEnv = {...baseEnv, DOCKER_BUILDKIT: '0'}

console.log(`bench-build: generating the context (${SMALL_FILES} small files + ${LARGE_BYTES / 1024 / 1024} MiB)…`)
const context = makeContext()
const samples = {docker: [], whalectl: []}
try {
  // A warm-up build of each (not measured): page cache, busybox layer, engine caches.
  measure('docker (warm-up)', [dockerCli], dockerEnv, context, 'whalectl-bench:warmup')
  measure('whalectl (warm-up)', whalectl, baseEnv, context, 'whalectl-bench:warmup')
  for (let run = 1; run <= RUNS; run++) {
    for (const who of ['docker', 'whalectl']) {
      const sample =
        who === 'docker'
          ? measure('docker', [dockerCli], dockerEnv, context, `whalectl-bench:docker${run}`)
          : measure('whalectl', whalectl, baseEnv, context, `whalectl-bench:whalectl${run}`)
      if (!sample) process.exit(1)
      samples[who].push(sample)
      console.log(
        `  run ${run} ${who.padEnd(8)} wall ${sample.wall.toFixed(2)}s  user ${sample.user.toFixed(2)}s  sys ${sample.sys.toFixed(2)}s  peak RSS ${(sample.rssKiB / 1024).toFixed(1)} MiB`,
      )
    }
  }
} finally {
  if (process.env.BENCH_KEEP_CONTEXT === '1') console.log(`context kept in ${context}`)
  else rmSync(context, {force: true, recursive: true})
}

const d = summary(samples.docker)
const w = summary(samples.whalectl)
const wallRatio = w.wall / d.wall
console.log(`\nmedians over ${RUNS} interleaved runs each (--no-cache):`)
console.log(`  docker   wall ${d.wall.toFixed(2)}s  user ${d.user.toFixed(2)}s  sys ${d.sys.toFixed(2)}s  peak RSS ${d.rssMiB.toFixed(1)} MiB`)
console.log(`  whalectl wall ${w.wall.toFixed(2)}s  user ${w.user.toFixed(2)}s  sys ${w.sys.toFixed(2)}s  peak RSS ${w.rssMiB.toFixed(1)} MiB (worst ${w.worstRssMiB.toFixed(1)})`)
console.log(`  wall ratio whalectl/docker ${wallRatio.toFixed(3)} (target ≤ ${WALL_RATIO_MAX})  ${wallRatio <= WALL_RATIO_MAX ? 'PASS' : 'FAIL'}`)
console.log(`  whalectl peak RSS ${w.worstRssMiB.toFixed(1)} MiB (target ≤ ${RSS_MAX_KIB / 1024} MiB)  ${w.worstRssMiB * 1024 <= RSS_MAX_KIB ? 'PASS' : 'FAIL'}`)
if (wallRatio > WALL_RATIO_MAX || w.worstRssMiB * 1024 > RSS_MAX_KIB) process.exitCode = 1
