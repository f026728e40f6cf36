#!/usr/bin/env node
import {main} from '../dist/main.js'

// A reader that went away (`whalectl ps | head -1`) ends us quietly, with the status a
// Go program killed by SIGPIPE leaves behind.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(141)
    throw error
  })
}

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stderr: process.stderr,
  stdin: process.stdin,
  stdout: process.stdout,
})
