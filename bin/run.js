#!/bin/sh
":" //; exec node -- "$0" "$@"
// Line 2 is for sh, which starts node with `--`; to node it is a string and a comment. Not
// `#!/usr/bin/env -S node …`: an env without -S (busybox's, as in Alpine-based images) cannot
// pass options. `--` ends node's own options: Node 20 otherwise scans the whole command line for
// `--env-file` and exits 9 on `whalectl run --env-file missing.env` before this file runs.
// `node bin/run.js …` typed by hand lacks it, and no code here can help that (README).
// No V8 option goes there: any of them makes Node refuse its built-in code cache (~15 ms of
// every start-up); the one streams want is set at run time (src/lib/startup/young-generation.ts).
// scripts/build.js reads the options from line 2: the code cache is made under the same ones.
// CommonJS (bin/package.json): node then starts without its ES module loader, and everything it
// needs before the CLI bundle is one required file, dist/launch.cjs.
const args = process.argv.slice(2)
const launcher = require('../dist/launch.cjs')
// `--version` alone is answered without loading the CLI.
const version = args.length === 1 && (args[0] === '--version' || args[0] === '-v') ? launcher.quickVersionLine() : undefined
if (version !== undefined) {
  process.stdout.write(version)
} else {
  launcher
    .loadCli(process.env)
    .then(({brokenPipeExit, main}) => {
      // A reader that went away (`whalectl ps | head -1`) ends us as it ends docker: quietly with
      // the status of a SIGPIPE death, or with docker's error while `run` proxies signals.
      for (const stream of [process.stdout, process.stderr]) {
        stream.on('error', (error) => {
          if (error.code === 'EPIPE') process.exit(brokenPipeExit(stream === process.stdout ? 'stdout' : 'stderr'))
          throw error
        })
      }
      return main(args, {
        env: process.env,
        stderr: process.stderr,
        // process.stdin is made on first read, which most commands never do (~7 ms of start-up)
        get stdin() {
          return process.stdin
        },
        stdout: process.stdout,
      })
    })
    .then((code) => {
      process.exitCode = code
    })
}
