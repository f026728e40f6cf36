// Compiles the CLI bundle (dist/cli.cjs, made by scripts/build-bundle.js) through node:vm with a
// V8 code cache, so that a start-up neither parses the bundle nor compiles the functions it runs.
// The cache made at build time lies beside the bundle; where V8 would refuse it (another Node,
// other node options) a cache of this machine's own is written once to the user's cache
// directory and used from then on. Any failure to read or write a cache only means no cache.
import {mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import vm from 'node:vm'

import {bundleHashOf, cachedDataFor, processCacheKey, userCacheDir, userCacheFile, withHeader} from './cache-key.js'

/** What the bundle exports: src/main.ts. */
export type CliModule = typeof import('../../main.js')

/**
 * The bundle runs as a CommonJS module body with two more names: `importExternal` stands for the
 * `import()` of packages left out of the bundle (node:vm cannot run `import()` on Node 20
 * without a flag) and `__bundleUrl` for `import.meta.url`.
 */
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname, importExternal, __bundleUrl) {'
const WRAPPER_TAIL = '\n})'

type BundleFunction = (
  exports: object,
  require: NodeJS.Require,
  module: {exports: object},
  filename: string,
  dirname: string,
  importExternal: (specifier: string) => Promise<unknown>,
  bundleUrl: string,
) => void

export interface CompiledBundle {
  script: vm.Script
  /** Runs the bundle's top level and returns its exports. */
  run(): CliModule
}

// Resolved from this file, which sits in the same package as the bundle: the same node_modules.
const importExternal = (specifier: string): Promise<unknown> => import(specifier)

/** Compiles the bundle's source; with `cachedData`, V8 takes compiled code from it where it can. */
export function compileBundle(source: string, filename: string, cachedData?: Buffer): CompiledBundle {
  // The wrapper adds no line, so stack traces keep the bundle's line numbers.
  const script = new vm.Script(WRAPPER_HEAD + source + WRAPPER_TAIL, {cachedData, filename})
  return {
    run() {
      const fn = script.runInThisContext() as BundleFunction
      const module = {exports: {}}
      fn(module.exports, createRequire(filename), module, filename, path.dirname(filename), importExternal, pathToFileURL(filename).href)
      return module.exports as CliModule
    },
    script,
  }
}

/** The path of the cache made at build time for a bundle. */
export function shippedCacheFile(bundlePath: string): string {
  return `${bundlePath}.cache`
}

/** Loads and runs the bundle with the best cache there is; resolves to its exports. */
export function loadBundle(bundlePath: string, env: NodeJS.ProcessEnv): CliModule {
  const source = readFileSync(bundlePath, 'utf8')
  const hash = bundleHashOf(source)
  if (hash === undefined) return compileBundle(source, bundlePath).run()
  const key = processCacheKey(hash, env)
  const dir = userCacheDir(env)
  const userFile = dir === undefined ? undefined : userCacheFile(dir, key)
  // The user's own cache exists only where the shipped one did not fit, so it is tried first.
  const cachedData = (userFile === undefined ? undefined : readCache(userFile, key)) ?? readCache(shippedCacheFile(bundlePath), key)
  const compiled = compileBundle(source, bundlePath, cachedData)
  if (userFile !== undefined && (cachedData === undefined || compiled.script.cachedDataRejected === true)) {
    // At exit the script has compiled what this command ran: that is what the next one needs.
    process.once('exit', () => writeCache(userFile, key, compiled.script))
  }
  return compiled.run()
}

function readCache(file: string, key: string): Buffer | undefined {
  try {
    return cachedDataFor(readFileSync(file), key)
  } catch {
    return undefined
  }
}

/**
 * Makes the cache directory and at most its parent (`~/.cache`, `$XDG_CACHE_HOME`); anything
 * further missing means no cache. Not `mkdirSync(…, {recursive: true})`: on Node 20 that never
 * returns for a path under /proc.
 */
function makeCacheDir(dir: string): void {
  for (const target of [path.dirname(dir), dir]) {
    try {
      mkdirSync(target, {mode: 0o700})
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
}

/** Writes a cache file whole or not at all (a rename), so a reader never sees half of one. */
export function writeCache(file: string, key: string, script: vm.Script): void {
  const temp = `${file}.${process.pid}.tmp`
  try {
    makeCacheDir(path.dirname(file))
    writeFileSync(temp, withHeader(key, script.createCachedData()))
    renameSync(temp, file)
  } catch {
    // An unwritable or missing directory: no cache, and nothing to say about it.
    try {
      rmSync(temp, {force: true})
    } catch {
      // there was no directory to write it in
    }
  }
}
