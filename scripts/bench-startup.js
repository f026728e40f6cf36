// Start-up figures (issue 14), all from one interleaved run so that the machine's drift hits
// every command alike; medians, and each ratio against its baseline from the same run:
//   - `whalectl ps` against a bare node script making the same request (target ≤ 1.25×), and
//     its peak RSS (≤ 60 MiB);
//   - `whalectl --version` against `node -e 0` (≤ 1.1×);
//   - `whalectl run --rm busybox true` against docker (≤ 1.5×);
//   - whole commands with their start-up: 256 MiB through `run -i … cat` and `logs` of 32 MiB,
//     against docker (≤ 1.05×), and the peak RSS of `logs` of 256 MiB (≤ 80 MiB).
// Needs DOCKER_HOST=unix://… of an engine with busybox:latest (scripts/bench.js passes one).
// BENCH_REPS (default 15) and BENCH_STREAM_REPS (default 5) set the number of runs.
import {spawnSync} from 'node:child_process'
import {closeSync, openSync, rmSync, writeFileSync, writeSync} from 'node:fs'
import {randomBytes} from 'node:crypto'
import path from 'node:path'

import {DOCKER, interleave, printTable, tempDir, WHALECTL} from './bench-lib.js'

const host = process.env.DOCKER_HOST ?? ''
if (!host.startsWith('unix://')) throw new Error('bench-startup needs DOCKER_HOST=unix://…')
const reps = Number(process.env.BENCH_REPS ?? 15)
const streamReps = Number(process.env.BENCH_STREAM_REPS ?? 5)
const LABEL = 'whalectl.bench=1'
const dir = tempDir('whalectl-bench-startup-')

function docker(args) {
  const r = spawnSync(DOCKER, args, {encoding: 'utf8'})
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout.trim()
}

const bare = path.join(dir, 'bare-ps.mjs')
writeFileSync(
  bare,
  `import http from 'node:http'
const req = http.request({socketPath: ${JSON.stringify(host.slice('unix://'.length))}, path: '/v1.41/containers/json', headers: {host: 'api.moby.localhost'}}, (res) => {
  const chunks = []
  res.on('data', (c) => chunks.push(c))
  res.on('end', () => process.stdout.write(Buffer.concat(chunks)))
})
req.end()
`,
)

/** A container that has written `mib` MiB of 1 KiB lines to its log. */
function logWriter(mib) {
  const line = `"$(head -c 1023 /dev/zero | tr '\\0' x)"`
  const id = docker(['run', '-d', '-l', LABEL, 'busybox', 'sh', '-c', `yes ${line} | head -c ${mib * 1024 * 1024}`])
  if (docker(['wait', id]) !== '0') throw new Error('the log writer failed')
  return id
}

const containers = []
try {
  // Ten containers for ps to list, as in the measurement.
  for (let i = 0; i < 10; i++) containers.push(docker(['run', '-d', '-l', LABEL, 'busybox', 'sleep', '3600']))
  const log32 = logWriter(32)
  const log256 = logWriter(256)
  containers.push(log32, log256)
  const input = path.join(dir, 'input')
  const fd = openSync(input, 'w')
  for (let i = 0; i < 256; i++) writeSync(fd, randomBytes(1024 * 1024))
  closeSync(fd)

  // Warm-up: page cache, the first container start.
  for (const cli of [WHALECTL, [DOCKER]]) spawnSync(cli[0], [...cli.slice(1), 'run', '--rm', 'busybox', 'true'])

  const quick = interleave(
    [
      ['node -e 0', [process.execPath, '-e', '0']],
      ['whalectl --version', [...WHALECTL, '--version']],
      ['bare node (one request)', [process.execPath, bare]],
      ['whalectl ps', [...WHALECTL, 'ps']],
      ['docker ps', [DOCKER, 'ps']],
      ['whalectl run --rm true', [...WHALECTL, 'run', '--rm', '-l', LABEL, 'busybox', 'true']],
      ['docker run --rm true', [DOCKER, 'run', '--rm', '-l', LABEL, 'busybox', 'true']],
    ],
    reps,
  )
  printTable(`start-up (median of ${reps}, interleaved)`, quick, [
    ['whalectl ps / bare node request (wall)', quick['whalectl ps'].wall / quick['bare node (one request)'].wall, 1.25],
    ['whalectl ps / bare node request (cpu)', quick['whalectl ps'].cpu / quick['bare node (one request)'].cpu],
    ['whalectl ps / docker ps (wall)', quick['whalectl ps'].wall / quick['docker ps'].wall],
    ['whalectl ps peak RSS MiB / 60', quick['whalectl ps'].maxRssMiB / 60, 1],
    ['whalectl --version / node -e 0 (wall)', quick['whalectl --version'].wall / quick['node -e 0'].wall, 1.1],
    ['whalectl --version / node -e 0 (cpu)', quick['whalectl --version'].cpu / quick['node -e 0'].cpu],
    ['run --rm true whalectl / docker (wall)', quick['whalectl run --rm true'].wall / quick['docker run --rm true'].wall, 1.5],
  ])

  const streams = interleave(
    [
      ['whalectl run -i cat 256 MiB', [...WHALECTL, 'run', '--rm', '-i', '-l', LABEL, 'busybox', 'cat'], {stdin: input}],
      ['docker run -i cat 256 MiB', [DOCKER, 'run', '--rm', '-i', '-l', LABEL, 'busybox', 'cat'], {stdin: input}],
      ['whalectl logs 32 MiB', [...WHALECTL, 'logs', log32]],
      ['docker logs 32 MiB', [DOCKER, 'logs', log32]],
      ['whalectl logs 256 MiB', [...WHALECTL, 'logs', log256]],
      ['docker logs 256 MiB', [DOCKER, 'logs', log256]],
    ],
    streamReps,
  )
  printTable(`whole streaming commands (median of ${streamReps}, interleaved)`, streams, [
    ['run -i 256 MiB whalectl / docker (wall)', streams['whalectl run -i cat 256 MiB'].wall / streams['docker run -i cat 256 MiB'].wall, 1.05],
    ['logs 32 MiB whalectl / docker (wall)', streams['whalectl logs 32 MiB'].wall / streams['docker logs 32 MiB'].wall, 1.05],
    ['logs 256 MiB whalectl / docker (wall)', streams['whalectl logs 256 MiB'].wall / streams['docker logs 256 MiB'].wall],
    ['logs 256 MiB peak RSS MiB / 80', streams['whalectl logs 256 MiB'].maxRssMiB / 80, 1],
    ['run -i 256 MiB peak RSS MiB / 80', streams['whalectl run -i cat 256 MiB'].maxRssMiB / 80, 1],
  ])
} finally {
  if (containers.length > 0) spawnSync(DOCKER, ['rm', '-f', ...containers], {stdio: 'ignore'})
  rmSync(dir, {force: true, recursive: true})
}
