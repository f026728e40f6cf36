#!/usr/bin/env node
// Benchmark: `whalectl cp` against `docker cp` copying one 256 MiB file out of a container.
//
//   DOCKER_HOST=unix:///…/docker.sock node scripts/bench-cp.js
//
// Starts nothing itself: it uses the engine DOCKER_HOST names (which must have busybox:latest)
// and the built CLI (dist/, so run `npm run build` first). It makes one container holding the
// file, runs both CLIs once to warm the page cache, then RUNS times each, interleaved (the order
// flips every round), each copying to a path that was removed just before. It prints the
// medians of wall time and client CPU, the peak RSS, the ratios, and exits 1 if a target is
// missed: wall ≤ 1.05× docker's, peak RSS ≤ 100 MiB.
//
// Environment: BENCH_RUNS (default 5), BENCH_CP_MIB (256).
import {spawnSync} from 'node:child_process'
import {existsSync, rmSync, statSync} from 'node:fs'
import path from 'node:path'

import {DOCKER, measure, median, printTable, REPO_ROOT, tempDir, WHALECTL} from './bench-lib.js'

const runs = Number(process.env.BENCH_RUNS ?? 5)
const bytes = Number(process.env.BENCH_CP_MIB ?? 256) * 1024 * 1024
const TARGETS = {rssMiB: 100, wall: 1.05}

function fail(message) {
  console.error(`bench-cp: ${message}`)
  process.exit(2)
}

if (!process.env.DOCKER_HOST) fail('set DOCKER_HOST to the engine to use (see scripts/test-engine.sh)')
if (!existsSync(path.join(REPO_ROOT, 'dist', 'main.js'))) fail('dist/ is missing: run `npm run build` first')

function docker(args) {
  const r = spawnSync(DOCKER, args, {encoding: 'utf8'})
  if (r.status !== 0) fail(`docker ${args.join(' ')} failed: ${r.stderr || r.error}`)
  return r.stdout.trim()
}

const scratch = tempDir('bench-cp-')
const container = `bench-cp-${process.pid}`
const cleanup = () => {
  spawnSync(DOCKER, ['rm', '-f', container], {stdio: 'ignore'})
  rmSync(scratch, {force: true, recursive: true})
}
process.on('SIGINT', () => {
  cleanup()
  process.exit(130)
})

const CLIS = {docker: [DOCKER], whalectl: WHALECTL}

/** One copy into a path removed just before: {wall, cpu, maxRssMiB}. */
function copy(who) {
  const target = path.join(scratch, `copy-${who}`)
  rmSync(target, {force: true})
  const m = measure([...CLIS[who], 'cp', `${container}:/big`, target])
  if (m.code !== 0) fail(`${who} cp exited ${m.code}`)
  if (statSync(target).size !== bytes) fail(`${who} cp copied ${statSync(target).size} bytes, not ${bytes}`)
  rmSync(target, {force: true})
  return m
}

try {
  console.log(`bench-cp: making a container holding a ${bytes / 1048576} MiB file…`)
  docker(['run', '-d', '--label', 'whalectl.test=1', '--name', container, 'busybox', 'sh', '-c', `head -c ${bytes} /dev/urandom > /big && touch /ready && sleep 3600`])
  for (let i = 0; spawnSync(DOCKER, ['exec', container, 'test', '-e', '/ready']).status !== 0; i++) {
    if (i > 600) fail('the container never wrote its file')
    spawnSync('sleep', ['0.1'])
  }

  copy('docker')
  copy('whalectl')
  const results = {docker: [], whalectl: []}
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['docker', 'whalectl'] : ['whalectl', 'docker']
    for (const who of order) results[who].push(copy(who))
  }

  const summary = {}
  for (const who of ['docker', 'whalectl']) {
    summary[`${who} cp`] = {
      cpu: median(results[who].map((r) => r.cpu)),
      maxRssMiB: Math.max(...results[who].map((r) => r.maxRssMiB)),
      wall: median(results[who].map((r) => r.wall)),
    }
  }
  const w = summary['whalectl cp']
  const ratios = [
    ['whalectl cp / docker cp (wall)', w.wall / summary['docker cp'].wall, TARGETS.wall],
    ['whalectl cp peak RSS MiB / 100', w.maxRssMiB / TARGETS.rssMiB, 1],
  ]
  printTable(`cp of ${bytes / 1048576} MiB out of a container (median of ${runs}, interleaved)`, summary, ratios)
  process.exitCode = ratios.every(([, value, target]) => value <= target) ? 0 : 1
} finally {
  cleanup()
}
