// What bin/run.js runs: the bundle (dist/cli.cjs) when it is at least as new as tsc's
// dist/main.js, otherwise dist/main.js itself. A checkout rebuilt with tsc alone then runs what
// was just compiled rather than an older bundle; an installed package has both at one date.
import {statSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import type {CliModule} from './bundle-loader.js'

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export function bundleIsCurrent(bundle: string, compiledMain: string): boolean {
  const bundleTime = statSync(bundle, {throwIfNoEntry: false})?.mtimeMs
  if (bundleTime === undefined) return false
  const mainTime = statSync(compiledMain, {throwIfNoEntry: false})?.mtimeMs
  return mainTime === undefined || bundleTime >= mainTime
}

export async function loadCli(env: NodeJS.ProcessEnv): Promise<CliModule> {
  const bundle = path.join(DIST, 'cli.cjs')
  if (!bundleIsCurrent(bundle, path.join(DIST, 'main.js'))) return import('../../main.js')
  const {loadBundle} = await import('./bundle-loader.js')
  return loadBundle(bundle, env)
}
