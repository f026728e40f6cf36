#!/usr/bin/env node
// Benchmark: `whalectl logs` against `docker logs` for a 256 MiB log written to /dev/null.
//
//   DOCKER_HOST=unix:///…/docker.sock node scripts/bench-logs.js
//
// Starts nothing itself: it uses the engine DOCKER_HOST names (which must have busybox:latest)
// and the built CLI (dist/, so run `npm run build` first). It makes one container that writes
// the log, runs both CLIs once to warm the page cache, then RUNS times each, interleaved (the
// order flips every round), each under /usr/bin/time. It prints the medians of wall time,
// client CPU (user + sys) and peak RSS, the ratios, and exits 1 if a target is missed:
// wall ≤ 1.05× docker's, CPU ≤ 1.5× docker's, peak RSS ≤ 80 MiB.
//
// Environment: BENCH_RUNS (default 5), BENCH_LOG_MIB (256), BENCH_LINE_BYTES (1024, newline
// included), WHALECTL_TEST_DOCKER_CLI (default /usr/local/bin/docker, else docker on PATH).
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const runs = Number(process.env.BENCH_RUNS ?? 5)
const logBytes = Number(process.env.BENCH_LOG_MIB ?? 256) * 1024 * 1024
const lineBytes = Number(process.env.BENCH_LINE_BYTES ?? 1024)
const TIME = '/usr/bin/time'
const TARGETS = {cpu: 1.5, rssMiB: 80, wall: 1.05}

function fail(message) {
  console.error(`bench-logs: ${message}`)
  process.exit(2)
}

if (!process.env.DOCKER_HOST) fail('set DOCKER_HOST to the engine to use (see scripts/test-engine.sh)')
if (!existsSync(TIME)) fail(`${TIME} is missing (Debian/Ubuntu package "time")`)
const dockerCli = process.env.WHALECTL_TEST_DOCKER_CLI ?? (existsSync('/usr/local/bin/docker') ? '/usr/local/bin/docker' : 'docker')
const whalectl = [path.join(repoRoot, 'bin', 'run.js')] // through its shebang, as installed
if (!existsSync(path.join(repoRoot, 'dist', 'main.js'))) fail('dist/ is missing: run `npm run build` first')

function docker(args) {
  const r = spawnSync(dockerCli, args, {encoding: 'utf8', maxBuffer: 16 * 1024 * 1024})
  if (r.status !== 0) fail(`docker ${args.join(' ')} failed: ${r.stderr || r.error}`)
  return r.stdout.trim()
}

const scratch = mkdtempSync(path.join(tmpdir(), 'bench-logs-'))
const container = `bench-logs-${process.pid}`
const cleanup = () => {
  spawnSync(dockerCli, ['rm', '-f', container], {stdio: 'ignore'})
  rmSync(scratch, {force: true, recursive: true})
}
process.on('SIGINT', () => {
  cleanup()
  process.exit(130)
})

/** One run under /usr/bin/time, stdout to /dev/null: {wall, cpu (s), rssKiB}. */
function measure(command) {
  const report = path.join(scratch, 'time.txt')
  const r = spawnSync(TIME, ['-o', report, '-f', '%e %U %S %M', ...command, 'logs', container], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  if (r.status !== 0) fail(`${command.join(' ')} logs ${container} exited ${r.status}: ${r.stderr}`)
  const [wall, user, sys, rss] = readFileSync(report, 'utf8').trim().split('\n').pop().split(' ').map(Number)
  return {cpu: user + sys, rssKiB: rss, wall}
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

try {
  const line = `"$(head -c ${lineBytes - 1} /dev/zero | tr '\\0' x)"`
  console.log(`bench-logs: writing a ${logBytes / 1048576} MiB log in ${lineBytes}-byte lines…`)
  docker(['run', '-d', '--label', 'whalectl.test=1', '--name', container, 'busybox', 'sh', '-c', `yes ${line} | head -c ${logBytes}`])
  if (docker(['wait', container]) !== '0') fail('the log writer failed')

  measure([dockerCli])
  measure(whalectl)
  const results = {docker: [], whalectl: []}
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['docker', 'whalectl'] : ['whalectl', 'docker']
    for (const who of order) results[who].push(measure(who === 'docker' ? [dockerCli] : whalectl))
  }

  const summary = {}
  for (const who of ['docker', 'whalectl']) {
    summary[who] = {
      cpu: median(results[who].map((r) => r.cpu)),
      rssMiB: median(results[who].map((r) => r.rssKiB)) / 1024,
      rssMiBMax: Math.max(...results[who].map((r) => r.rssKiB)) / 1024,
      wall: median(results[who].map((r) => r.wall)),
    }
  }
  const ratio = {cpu: summary.whalectl.cpu / summary.docker.cpu, wall: summary.whalectl.wall / summary.docker.wall}
  const fmt = (n, digits = 2) => n.toFixed(digits)
  console.log(`runs: ${runs} each, medians (peak RSS: median / max)`)
  for (const who of ['docker', 'whalectl']) {
    const s = summary[who]
    console.log(`  ${who.padEnd(8)}  wall ${fmt(s.wall)} s   cpu ${fmt(s.cpu)} s   peak RSS ${fmt(s.rssMiB, 1)} / ${fmt(s.rssMiBMax, 1)} MiB`)
  }
  const checks = [
    ['wall ratio', ratio.wall, TARGETS.wall, fmt(ratio.wall)],
    ['cpu ratio', ratio.cpu, TARGETS.cpu, fmt(ratio.cpu)],
    ['peak RSS MiB (max)', summary.whalectl.rssMiBMax, TARGETS.rssMiB, fmt(summary.whalectl.rssMiBMax, 1)],
  ]
  let ok = true
  for (const [name, value, limit, shown] of checks) {
    const pass = value <= limit
    ok &&= pass
    console.log(`  ${pass ? 'ok  ' : 'FAIL'} ${name}: ${shown} (target ≤ ${limit})`)
  }
  process.exitCode = ok ? 0 : 1
} finally {
  cleanup()
}
