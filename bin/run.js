#!/usr/bin/env -S node --max-semi-space-size=1 --
// The flag keeps V8's young generation small: streams of short-lived chunks (logs, attach)
// otherwise grow the heap by tens of MiB before a scavenge (a 256 MiB log: 81 -> 70 MiB peak,
// and faster). It must be on the command line; V8 reads it only when the heap is set up.
// The `--` ends node's own options: Node 20 otherwise scans the whole command line for
// `--env-file` and exits 9 on `whalectl run --env-file missing.env` before this file runs.
// `node bin/run.js …` typed by hand has no `--`, and no code here can help it (README).
import {brokenPipeExit, main} from '../dist/main.js'

// A reader that went away (`whalectl ps | head -1`) ends us as it ends docker: quietly with the
// status of a SIGPIPE death, or with docker's error while `run` proxies signals.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(brokenPipeExit(stream === process.stdout ? 'stdout' : 'stderr'))
    throw error
  })
}

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stderr: process.stderr,
  stdin: process.stdin,
  stdout: process.stdout,
})
