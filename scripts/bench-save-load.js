// `whalectl save` and `whalectl load` of a 256 MiB image against docker's: the archive goes
// through the client both ways (save: engine → stdout or a file; load: a file → engine), so wall
// time and peak RSS show whether it is streamed. Targets: wall ≤ 1.05× docker's, peak RSS ≤ 100 MiB.
//
// Needs DOCKER_HOST of a running engine with busybox:latest (scripts/bench.js starts one) and a
// built dist/. The image (busybox plus one layer of random bytes, so nothing compresses it away)
// is built once with docker; each load starts from an engine without it (removed untimed first).
// Environment: BENCH_REPS (default 5), BENCH_IMAGE_MIB (default 256).
import {spawnSync} from 'node:child_process'
import {rmSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {DOCKER, measure, median, printTable, tempDir, WHALECTL} from './bench-lib.js'

const reps = Number(process.env.BENCH_REPS ?? 5)
const mib = Number(process.env.BENCH_IMAGE_MIB ?? 256)
const IMAGE = 'whalectl-bench-save-load:1'
const TARGETS = {rssMiB: 100, wall: 1.05}

function docker(args) {
  const r = spawnSync(DOCKER, args, {encoding: 'utf8', env: {...process.env, DOCKER_BUILDKIT: '0'}, maxBuffer: 16 << 20})
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout.trim()
}

const scratch = tempDir('whalectl-bench-save-load-')
try {
  writeFileSync(path.join(scratch, 'Dockerfile'), `FROM busybox\nRUN head -c ${mib * 1048576} /dev/urandom > /payload\n`)
  console.log(`bench-save-load: building a ${mib} MiB image…`)
  docker(['build', '-q', '--label', 'whalectl.bench=1', '-t', IMAGE, scratch])
  const archive = path.join(scratch, 'image.tar')
  docker(['save', '-o', archive, IMAGE])
  console.log(`bench-save-load: archive ${(statSync(archive).size / 1048576).toFixed(1)} MiB`)

  const out = path.join(scratch, 'out.tar')
  const cases = {
    'docker save > /dev/null': {argv: [DOCKER, 'save', IMAGE]},
    'whalectl save > /dev/null': {argv: [...WHALECTL, 'save', IMAGE]},
    'docker save -o file': {argv: [DOCKER, 'save', '-o', out, IMAGE], after: () => rmSync(out, {force: true})},
    'whalectl save -o file': {argv: [...WHALECTL, 'save', '-o', out, IMAGE], after: () => rmSync(out, {force: true})},
    'docker load -i file': {argv: [DOCKER, 'load', '-i', archive], before: () => docker(['rmi', IMAGE])},
    'whalectl load -i file': {argv: [...WHALECTL, 'load', '-i', archive], before: () => docker(['rmi', IMAGE])},
    'docker load < file': {argv: [DOCKER, 'load'], before: () => docker(['rmi', IMAGE]), stdin: archive},
    'whalectl load < file': {argv: [...WHALECTL, 'load'], before: () => docker(['rmi', IMAGE]), stdin: archive},
  }
  // Warm the page cache and both binaries once.
  measure([DOCKER, 'save', IMAGE])
  measure([...WHALECTL, 'save', IMAGE])

  const runs = Object.fromEntries(Object.keys(cases).map((label) => [label, []]))
  for (let i = 0; i < reps; i++) {
    // Pairs in flipped order every round, so drift hits both alike.
    const labels = Object.keys(cases)
    const order = i % 2 === 0 ? labels : labels.map((_, k) => labels[k ^ 1])
    for (const label of order) {
      const c = cases[label]
      c.before?.()
      const m = measure(c.argv, {stdin: c.stdin ?? '-'})
      c.after?.()
      if (m.code !== 0) throw new Error(`${label} exited ${m.code}`)
      runs[label].push(m)
    }
  }
  const summary = Object.fromEntries(
    Object.entries(runs).map(([label, list]) => [
      label,
      {cpu: median(list.map((r) => r.cpu)), maxRssMiB: Math.max(...list.map((r) => r.maxRssMiB)), wall: median(list.map((r) => r.wall))},
    ]),
  )
  const ratios = []
  let ok = true
  for (const what of ['save > /dev/null', 'save -o file', 'load -i file', 'load < file']) {
    const ours = summary[`whalectl ${what}`]
    const wall = ours.wall / summary[`docker ${what}`].wall
    ok &&= wall <= TARGETS.wall && ours.maxRssMiB <= TARGETS.rssMiB
    ratios.push([`whalectl / docker ${what} (wall)`, wall, TARGETS.wall], [`whalectl ${what} peak RSS MiB / ${TARGETS.rssMiB}`, ours.maxRssMiB / TARGETS.rssMiB, 1])
  }
  printTable(`save and load of a ${mib} MiB image (median of ${reps}, interleaved)`, summary, ratios)
  if (!ok) process.exitCode = 1
} finally {
  spawnSync(DOCKER, ['rmi', IMAGE], {stdio: 'ignore'})
  rmSync(scratch, {force: true, recursive: true})
}
