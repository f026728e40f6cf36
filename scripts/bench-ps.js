// `whalectl ps` against `docker ps` and a bare node script making the same single request.
// Needs DOCKER_HOST (unix://) of a running engine; started by scripts/bench.js.
import {writeFileSync} from 'node:fs'
import path from 'node:path'

import {DOCKER, interleave, printTable, REPO_ROOT, tempDir, WHALECTL} from './bench-lib.js'

const host = process.env.DOCKER_HOST ?? ''
if (!host.startsWith('unix://')) throw new Error('bench-ps needs DOCKER_HOST=unix://…')
const socketPath = host.slice('unix://'.length)
const reps = Number(process.env.BENCH_REPS ?? 15)

const bare = path.join(tempDir('whalectl-bench-'), 'bare-ps.mjs')
writeFileSync(
  bare,
  `import http from 'node:http'
const req = http.request({socketPath: ${JSON.stringify(socketPath)}, path: '/v1.41/containers/json', headers: {host: 'api.moby.localhost'}}, (res) => {
  const chunks = []
  res.on('data', (c) => chunks.push(c))
  res.on('end', () => process.stdout.write(Buffer.concat(chunks)))
})
req.end()
`,
)

// The same request through got, to show what the HTTP library alone costs at start-up.
const bareGot = path.join(path.dirname(bare), 'bare-got-ps.mjs')
writeFileSync(
  bareGot,
  `import {got} from ${JSON.stringify(path.join(REPO_ROOT, 'node_modules', 'got', 'dist', 'source', 'index.js'))}
const body = await got(${JSON.stringify(`http://unix:${socketPath}:/v1.41/containers/json`)}, {enableUnixSockets: true, retry: {limit: 0}, headers: {host: 'api.moby.localhost'}}).buffer()
process.stdout.write(body)
`,
)

const summary = interleave(
  [
    ['bare node (one request)', [process.execPath, bare]],
    ['bare node + got', [process.execPath, bareGot]],
    ['whalectl ps', [...WHALECTL, 'ps']],
    ['docker ps', [DOCKER, 'ps']],
  ],
  reps,
)
const w = summary['whalectl ps']
printTable(`ps (median of ${reps}, interleaved)`, summary, [
  ['whalectl ps / bare node (wall)', w.wall / summary['bare node (one request)'].wall, 1.25],
  ['whalectl ps / bare node + got (wall)', w.wall / summary['bare node + got'].wall],
  ['whalectl ps / docker ps (wall)', w.wall / summary['docker ps'].wall],
  ['whalectl ps peak RSS MiB / 60', w.maxRssMiB / 60, 1],
])
