// `whalectl inspect` of one container against `docker inspect` and a bare node script making the
// same single request (GET /containers/{name}/json) and printing the body: start-up cost
// dominates, as for `ps`. Also `inspect -f '{{.State.Status}}'`, the template path (the answer
// decoded into docker's Go types). Needs DOCKER_HOST (unix://) of a running engine; started by
// scripts/bench.js. BENCH_REPS (default 15) sets the number of runs of each.
import {spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import path from 'node:path'

import {DOCKER, interleave, printTable, tempDir, WHALECTL} from './bench-lib.js'

const host = process.env.DOCKER_HOST ?? ''
if (!host.startsWith('unix://')) throw new Error('bench-inspect needs DOCKER_HOST=unix://…')
const socketPath = host.slice('unix://'.length)
const reps = Number(process.env.BENCH_REPS ?? 15)
const NAME = 'whalectl-bench-inspect'

const bare = path.join(tempDir('whalectl-bench-'), 'bare-inspect.mjs')
writeFileSync(
  bare,
  `import http from 'node:http'
const req = http.request({socketPath: ${JSON.stringify(socketPath)}, path: '/v1.41/containers/${NAME}/json', headers: {host: 'api.moby.localhost'}}, (res) => {
  const chunks = []
  res.on('data', (c) => chunks.push(c))
  res.on('end', () => {
    if (res.statusCode !== 200) process.exitCode = 1
    process.stdout.write(Buffer.concat(chunks))
  })
})
req.end()
`,
)

function docker(args) {
  const r = spawnSync(DOCKER, args, {encoding: 'utf8'})
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`)
}

spawnSync(DOCKER, ['rm', '-f', NAME], {stdio: 'ignore'})
// A created container with the usual labels, env and ports: a typical few-KiB answer.
docker(['create', '--label', 'whalectl.bench=1', '--label', 'app=web', '-e', 'A=1', '-p', '8080:80', '--name', NAME, 'busybox', 'sleep', '600'])
try {
  const template = '{{.State.Status}}'
  const summary = interleave(
    [
      ['bare node (one request)', [process.execPath, bare]],
      ['whalectl inspect', [...WHALECTL, 'inspect', NAME]],
      ['docker inspect', [DOCKER, 'inspect', NAME]],
      ['whalectl inspect -f', [...WHALECTL, 'inspect', '-f', template, NAME]],
      ['docker inspect -f', [DOCKER, 'inspect', '-f', template, NAME]],
    ],
    reps,
  )
  const w = summary['whalectl inspect']
  const wf = summary['whalectl inspect -f']
  printTable(`inspect of one container (median of ${reps}, interleaved)`, summary, [
    ['whalectl inspect / bare node (wall)', w.wall / summary['bare node (one request)'].wall, 1.3],
    ['whalectl inspect / docker inspect (wall)', w.wall / summary['docker inspect'].wall],
    ['whalectl inspect -f / bare node (wall)', wf.wall / summary['bare node (one request)'].wall, 1.3],
    ['whalectl inspect -f / docker inspect -f (wall)', wf.wall / summary['docker inspect -f'].wall],
    ['whalectl inspect peak RSS MiB / 70', Math.max(w.maxRssMiB, wf.maxRssMiB) / 70, 1],
  ])
} finally {
  spawnSync(DOCKER, ['rm', '-f', NAME], {stdio: 'ignore'})
}
