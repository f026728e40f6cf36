// `whalectl images` start-up against `docker images` and a bare node script making the same
// single request. Needs DOCKER_HOST (unix://) of a running engine; started by scripts/bench.js.
import {writeFileSync} from 'node:fs'
import path from 'node:path'

import {DOCKER, interleave, printTable, tempDir, WHALECTL} from './bench-lib.js'

const host = process.env.DOCKER_HOST ?? ''
if (!host.startsWith('unix://')) throw new Error('bench-images needs DOCKER_HOST=unix://…')
const socketPath = host.slice('unix://'.length)
const reps = Number(process.env.BENCH_REPS ?? 15)

const bare = path.join(tempDir('whalectl-bench-'), 'bare-images.mjs')
writeFileSync(
  bare,
  `import http from 'node:http'
const req = http.request({socketPath: ${JSON.stringify(socketPath)}, path: '/v1.41/images/json', headers: {host: 'api.moby.localhost'}}, (res) => {
  const chunks = []
  res.on('data', (c) => chunks.push(c))
  res.on('end', () => process.stdout.write(Buffer.concat(chunks)))
})
req.end()
`,
)

const summary = interleave(
  [
    ['bare node (one request)', [process.execPath, bare]],
    ['whalectl images', [...WHALECTL, 'images']],
    ['docker images', [DOCKER, 'images']],
  ],
  reps,
)
const w = summary['whalectl images']
printTable(`images (median of ${reps}, interleaved)`, summary, [
  ['whalectl images / bare node (wall)', w.wall / summary['bare node (one request)'].wall, 1.3],
  ['whalectl images / docker images (wall)', w.wall / summary['docker images'].wall],
  ['whalectl images peak RSS MiB / 70', w.maxRssMiB / 70, 1],
])
