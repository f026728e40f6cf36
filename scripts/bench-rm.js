// `whalectl rm -f` of one stopped container against `docker rm -f` and a bare node script making the
// same single request (DELETE /containers/{name}?force=1): start-up cost dominates, as for `ps`.
// Each run removes a container created (with docker, untimed) just before it, so every command
// does the same work. Needs DOCKER_HOST (unix://) of a running engine; started by scripts/bench.js.
// BENCH_REPS (default 15) sets the number of runs of each.
import {spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import path from 'node:path'

import {DOCKER, measure, printTable, summarise, tempDir, WHALECTL} from './bench-lib.js'

const host = process.env.DOCKER_HOST ?? ''
if (!host.startsWith('unix://')) throw new Error('bench-rm needs DOCKER_HOST=unix://…')
const socketPath = host.slice('unix://'.length)
const reps = Number(process.env.BENCH_REPS ?? 15)
const NAME = 'whalectl-bench-rm'

const bare = path.join(tempDir('whalectl-bench-'), 'bare-rm.mjs')
writeFileSync(
  bare,
  `import http from 'node:http'
const req = http.request({socketPath: ${JSON.stringify(socketPath)}, method: 'DELETE', path: '/v1.41/containers/${NAME}?force=1', headers: {host: 'api.moby.localhost'}}, (res) => {
  res.resume()
  res.on('end', () => {
    if (res.statusCode !== 204) process.exitCode = 1
    else process.stdout.write(${JSON.stringify(`${NAME}\n`)})
  })
})
req.end()
`,
)

function docker(args) {
  const r = spawnSync(DOCKER, args, {encoding: 'utf8'})
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`)
}

/** A stopped container to remove: created, never started (what `rm -f` meets most in CI cleanup). */
function stoppedContainer() {
  docker(['create', '--label', 'whalectl.bench=1', '--name', NAME, 'busybox', 'true'])
}

const commands = [
  ['bare node (one request)', [process.execPath, bare]],
  ['whalectl rm -f', [...WHALECTL, 'rm', '-f', NAME]],
  ['docker rm -f', [DOCKER, 'rm', '-f', NAME]],
]
spawnSync(DOCKER, ['rm', '-f', NAME], {stdio: 'ignore'})
const runs = Object.fromEntries(commands.map(([label]) => [label, []]))
for (let i = 0; i < reps; i++) {
  for (const [label, argv] of commands) {
    stoppedContainer()
    const m = measure(argv)
    if (m.code !== 0) throw new Error(`${label} exited ${m.code}`)
    runs[label].push(m)
  }
}
const summary = summarise(runs)
const w = summary['whalectl rm -f']
printTable(`rm -f of one stopped container (median of ${reps}, interleaved)`, summary, [
  ['whalectl rm -f / bare node (wall)', w.wall / summary['bare node (one request)'].wall, 1.3],
  ['whalectl rm -f / docker rm -f (wall)', w.wall / summary['docker rm -f'].wall],
  ['whalectl rm -f peak RSS MiB / 70', w.maxRssMiB / 70, 1],
])
