// What bin/run.js runs: the bundle (dist/cli.cjs) when it is at least as new as tsc's
// dist/main.js, otherwise dist/main.js itself. A checkout rebuilt with tsc alone then runs what
// was just compiled rather than an older bundle; an installed package has both at one date.
import {statSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {type CliModule, loadBundle} from './bundle-loader.js'
import {keepYoungGenerationSmall} from './young-generation.js'

// dist/: bundled into dist/launch.cjs (CommonJS) it sits there itself; tsc's copy is two levels down.
const DIST = typeof __dirname === 'string' ? __dirname : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export function bundleIsCurrent(bundle: string, compiledMain: string): boolean {
  const bundleTime = statSync(bundle, {throwIfNoEntry: false})?.mtimeMs
  if (bundleTime === undefined) return false
  const mainTime = statSync(compiledMain, {throwIfNoEntry: false})?.mtimeMs
  return mainTime === undefined || bundleTime >= mainTime
}

export async function loadCli(env: NodeJS.ProcessEnv): Promise<CliModule> {
  const bundle = path.join(DIST, 'cli.cjs')
  const compiledMain = path.join(DIST, 'main.js')
  // A computed specifier: the bundler leaves this import to run time.
  const cli = bundleIsCurrent(bundle, compiledMain) ? loadBundle(bundle, env) : ((await import(pathToFileURL(compiledMain).href)) as CliModule)
  keepYoungGenerationSmall()
  return cli
}
