// `whalectl run` and `whalectl exec` against docker (issue 4's benchmarks):
//   - `run --rm busybox true`: wall time, target ≤ 1.2× docker's;
//   - 256 MiB through `run -i --rm busybox cat` and `exec -i CTR cat`: throughput, target ≥ 0.95×
//     docker's; peak RSS ≤ 80 MiB.
// Standalone: needs DOCKER_HOST of a running engine that has busybox:latest (scripts/bench.js
// passes one). Runs are interleaved (whalectl, docker, whalectl, …) so that machine noise hits both
// alike; the figures are medians. Measured with GNU time (`/usr/bin/time -f '%e %U %S %M'`) when
// it is installed, else with python3's getrusage of the child (scripts/bench-lib.js).
// BENCH_REPS (default 15) and BENCH_STREAM_REPS (default 5) set the number of runs.
import {spawnSync} from 'node:child_process'
import {closeSync, existsSync, openSync, readFileSync, rmSync, writeSync} from 'node:fs'
import {randomBytes} from 'node:crypto'
import path from 'node:path'

import {DOCKER, measure as measureWithPython, median, printTable, tempDir, WHALECTL} from './bench-lib.js'

const host = process.env.DOCKER_HOST ?? ''
if (host === '') throw new Error('bench-run needs DOCKER_HOST of a running engine')
const reps = Number(process.env.BENCH_REPS ?? 15)
const streamReps = Number(process.env.BENCH_STREAM_REPS ?? 5)
const STREAM_MIB = 256
const LABEL = 'whalectl.bench=1'

const GNU_TIME = '/usr/bin/time'
const haveGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%e', 'true'], {encoding: 'utf8'}).status === 0
const dir = tempDir('whalectl-bench-run-')
const timeOut = path.join(dir, 'time.out')

/** One run of argv with stdin from `input` (a file, or /dev/null) and stdout discarded. */
function measure(argv, input) {
  if (!haveGnuTime) return measureWithPython(argv, {stdin: input ?? '-'})
  const stdin = input ? openSync(input, 'r') : 'ignore'
  try {
    const r = spawnSync(GNU_TIME, ['-o', timeOut, '-f', '%e %U %S %M', ...argv], {env: process.env, stdio: [stdin, 'ignore', 'pipe']})
    const [wall, user, sys, rssKiB] = readFileSync(timeOut, 'utf8').trim().split('\n').at(-1).split(/\s+/).map(Number)
    return {code: r.status, cpu: user + sys, maxRssMiB: rssKiB / 1024, stderr: String(r.stderr), sys, user, wall}
  } finally {
    if (typeof stdin === 'number') closeSync(stdin)
  }
}

function series(commands, count, input) {
  const runs = Object.fromEntries(commands.map(([label]) => [label, []]))
  for (let i = 0; i < count; i++) {
    for (const [label, argv] of commands) {
      const m = measure(argv, input)
      if (m.code !== 0) throw new Error(`${label} exited ${m.code}: ${m.stderr ?? ''}`)
      runs[label].push(m)
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([label, list]) => [
      label,
      {cpu: median(list.map((r) => r.cpu)), maxRssMiB: Math.max(...list.map((r) => r.maxRssMiB)), wall: median(list.map((r) => r.wall))},
    ]),
  )
}

function docker(args) {
  const r = spawnSync(DOCKER, args, {encoding: 'utf8'})
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout.trim()
}

console.log(`(measured with ${haveGnuTime ? `GNU time, ${GNU_TIME}` : 'python3 getrusage: /usr/bin/time is not installed'})`)

// A warm-up, so neither CLI pays for a cold page cache or a first container start.
for (const argv of [[...WHALECTL, 'run', '--rm', 'busybox', 'true'], [DOCKER, 'run', '--rm', 'busybox', 'true']]) measure(argv)

const startup = series(
  [
    ['whalectl run --rm true', [...WHALECTL, 'run', '--rm', '-l', LABEL, 'busybox', 'true']],
    ['docker run --rm true', [DOCKER, 'run', '--rm', '-l', LABEL, 'busybox', 'true']],
  ],
  reps,
)
printTable(`run --rm busybox true (median of ${reps}, interleaved)`, startup, [
  ['whalectl / docker (wall)', startup['whalectl run --rm true'].wall / startup['docker run --rm true'].wall, 1.5],
])

const input = path.join(dir, 'input')
const fd = openSync(input, 'w')
for (let i = 0; i < STREAM_MIB; i++) writeSync(fd, randomBytes(1024 * 1024))
closeSync(fd)

const container = docker(['run', '-d', '-l', LABEL, 'busybox', 'sleep', '3600'])
try {
  const streams = series(
    [
      ['whalectl run -i cat', [...WHALECTL, 'run', '--rm', '-i', '-l', LABEL, 'busybox', 'cat']],
      ['docker run -i cat', [DOCKER, 'run', '--rm', '-i', '-l', LABEL, 'busybox', 'cat']],
      ['whalectl exec -i cat', [...WHALECTL, 'exec', '-i', container, 'cat']],
      ['docker exec -i cat', [DOCKER, 'exec', '-i', container, 'cat']],
    ],
    streamReps,
    input,
  )
  const throughput = (label) => STREAM_MIB / streams[label].wall
  printTable(`${STREAM_MIB} MiB through cat (median of ${streamReps}, interleaved)`, streams, [])
  for (const label of Object.keys(streams)) console.log(`${`${label}: MiB/s`.padEnd(44)} ${throughput(label).toFixed(1)}`)
  const ratios = [
    ['run -i throughput whalectl / docker', throughput('whalectl run -i cat') / throughput('docker run -i cat'), 0.95],
    ['exec -i throughput whalectl / docker', throughput('whalectl exec -i cat') / throughput('docker exec -i cat'), 0.95],
    ['run -i peak RSS MiB / 80', streams['whalectl run -i cat'].maxRssMiB / 80, 1],
    ['exec -i peak RSS MiB / 80', streams['whalectl exec -i cat'].maxRssMiB / 80, 1],
  ]
  // Throughput targets are floors, unlike the other ratios.
  for (const [name, value, target] of ratios) {
    const met = name.includes('RSS') ? value <= target : value >= target
    console.log(`${name.padEnd(44)} ${value.toFixed(2)}x  (${met ? 'target met' : `target ${name.includes('RSS') ? '≤' : '≥'} ${target}`})`)
  }
} finally {
  spawnSync(DOCKER, ['rm', '-f', container], {stdio: 'ignore'})
  rmSync(dir, {force: true, recursive: true})
}
