#!/usr/bin/env -S node --import tsx
// Runs the TypeScript sources directly (needs tsx); bin/run.js runs the built dist/.
import {main} from '../src/main.ts'

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stderr: process.stderr,
  stdin: process.stdin,
  stdout: process.stdout,
})
