// Shared pieces of the benchmarks: measuring one command's wall time, CPU time and peak RSS
// without extra packages (python3's getrusage of its only child), medians and ratios.
import {spawnSync} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// Run through its shebang, as an installed whalectl runs (it carries a V8 flag).
export const WHALECTL = [path.join(REPO_ROOT, 'bin', 'run.js')]
export const DOCKER = process.env.WHALECTL_BENCH_DOCKER_CLI || '/usr/local/bin/docker'

const MEASURE = `
import resource, subprocess, sys, time
stdin = open(sys.argv[1], 'rb') if sys.argv[1] != '-' else subprocess.DEVNULL
stdout = open(sys.argv[2], 'wb') if sys.argv[2] != '-' else subprocess.DEVNULL
t = time.monotonic()
code = subprocess.run(sys.argv[3:], stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL).returncode
wall = time.monotonic() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{code} {wall} {r.ru_utime} {r.ru_stime} {r.ru_maxrss}")
`

/**
 * Runs argv once; returns {code, wall, user, sys, cpu, maxRssMiB}. `stdin`/`stdout` are file
 * paths ('-' = /dev/null). A shell pipeline can be measured by passing ['sh', '-c', '…'].
 */
export function measure(argv, {env = process.env, stdin = '-', stdout = '-'} = {}) {
  const r = spawnSync('python3', ['-c', MEASURE, stdin, stdout, ...argv], {encoding: 'utf8', env, maxBuffer: 1 << 20})
  if (r.status !== 0) throw new Error(`measure failed: ${r.stderr}`)
  const [code, wall, user, sys, rss] = r.stdout.trim().split(/\s+/).map(Number)
  return {code, cpu: user + sys, maxRssMiB: rss / 1024, sys, user, wall}
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Runs each labelled command `reps` times, interleaved so that machine noise hits all alike. */
export function interleave(commands, reps, options = {}) {
  const results = Object.fromEntries(commands.map(([label]) => [label, []]))
  for (let i = 0; i < reps; i++) {
    for (const [label, argv, opts] of commands) {
      const m = measure(argv, {...options, ...opts})
      if (m.code !== 0) throw new Error(`${label} exited ${m.code}`)
      results[label].push(m)
    }
  }
  return summarise(results)
}

/** label → measured runs becomes label → {wall, cpu: medians; maxRssMiB: the highest}. */
export function summarise(results) {
  const summary = {}
  for (const [label, runs] of Object.entries(results)) {
    summary[label] = {
      cpu: median(runs.map((r) => r.cpu)),
      maxRssMiB: Math.max(...runs.map((r) => r.maxRssMiB)),
      wall: median(runs.map((r) => r.wall)),
    }
  }
  return summary
}

export function printTable(title, summary, ratios) {
  console.log(`\n## ${title}`)
  for (const [label, s] of Object.entries(summary)) {
    console.log(`${label.padEnd(28)} wall ${(s.wall * 1000).toFixed(1).padStart(8)} ms   cpu ${(s.cpu * 1000).toFixed(1).padStart(8)} ms   peak RSS ${s.maxRssMiB.toFixed(1).padStart(6)} MiB`)
  }
  for (const [name, value, target] of ratios) {
    const ok = target === undefined ? '' : value <= target ? '  (target met)' : `  (target ${target})`
    console.log(`${name.padEnd(44)} ${value.toFixed(2)}x${ok}`)
  }
}

export function tempDir(prefix) {
  return mkdtempSync(path.join(os.tmpdir(), prefix))
}
