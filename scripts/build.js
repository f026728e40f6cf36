// `npm run build`: type-checks and compiles with tsc (dist/, the library and its .d.ts), stamps
// the build (scripts/build-info.js), then bundles the CLI (dist/cli.cjs) and makes its code cache (dist/cli.cjs.cache).
// `--dev` (npm run build:dev) emits even when tsc reports errors and bundles verbs that do not
// exist yet as failing modules, so that one change in progress does not stop others testing;
// its exit status still reports the errors.
import {spawnSync} from 'node:child_process'
import {readFileSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'

import {buildBundle, buildLauncher} from './build-bundle.js'
import {BUNDLE_FILE, LAUNCHER_FILE, launcherNodeOptions, REPO_ROOT} from './build-lib.js'

const dev = process.argv.includes('--dev')
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const typed = spawnSync(process.execPath, [tsc, '-p', path.join(REPO_ROOT, 'tsconfig.json'), ...(dev ? ['--noEmitOnError', 'false'] : [])], {stdio: 'inherit'})
let status = typed.status ?? 1
if (status !== 0 && !dev) process.exit(status)
// The commit and version `whalectl --version` prints (dist/build-info.json).
const stamped = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-info.js')], {stdio: 'inherit'})
status ||= stamped.status ?? 1

try {
  await buildLauncher()
  const {bytes, hash, missing, modules} = await buildBundle({allowMissing: dev})
  console.log(`dist/cli.cjs: ${modules} modules, ${(bytes / 1024).toFixed(0)} KiB, bundle ${hash}`)
  if (missing.length > 0) console.warn(`build: bundled as failing modules (not written yet): ${missing.join(', ')}`)
  const options = launcherNodeOptions(readFileSync(path.join(REPO_ROOT, 'bin', 'run.js'), 'utf8'))
  const cache = spawnSync(process.execPath, [...options, '--', path.join(REPO_ROOT, 'scripts', 'build-code-cache.js')], {stdio: ['ignore', 'inherit', 'inherit']})
  if (cache.status !== 0) status ||= cache.status ?? 1
} catch (error) {
  // Without a bundle bin/run.js runs tsc's dist/main.js; a stale bundle must not be left behind.
  rmSync(BUNDLE_FILE, {force: true})
  rmSync(LAUNCHER_FILE, {force: true})
  rmSync(`${BUNDLE_FILE}.cache`, {force: true})
  console.error(`build: no bundle: ${error instanceof Error ? error.message : String(error)}`)
  status ||= 1
}
process.exitCode = status
