// Bundles the CLI (src/main.ts and everything it reaches) into one CommonJS file, dist/cli.cjs,
// which bin/run.js compiles through node:vm with a V8 code cache (src/lib/startup/).
// Loading one script instead of ~150 ES modules is most of whalectl's start-up gain.
//
// - Verbs stay lazy: esbuild turns `import('./commands/ps.js')` into a call that initialises
//   that module inside the bundle, so `ps` runs only ps's module bodies.
// - got and @oclif/core are not bundled: they load only for outside URLs and for `--help`.
//   A script compiled by node:vm cannot use `import()` on Node 20 without a flag, so their
//   `import('…')` calls become calls of `importExternal`, which the loader passes in.
// - Node builtins that only some verbs use (https, tls, crypto, child_process, zlib: 17 ms of
//   CPU at start-up, measured) load when first used: their `require` becomes `lazyBuiltin`, an
//   object that requires the module on its first property read. This holds because the sources
//   import them by name only (`import {request} from 'node:https'`), which esbuild compiles to
//   property reads at each use; the build checks that no other form of import is left.
// - The first line names the bundle's hash: the code cache is keyed by it.
//
// Built from the TypeScript sources, not from tsc's output, so that a type error elsewhere in
// the tree (another change in progress) does not stop the bundle from being made.
import {createHash} from 'node:crypto'
import {rmSync, writeFileSync} from 'node:fs'
import {isBuiltin} from 'node:module'
import path from 'node:path'

import {build} from 'esbuild'

import {BUNDLE_EXTERNALS, BUNDLE_FILE, LAUNCHER_FILE, REPO_ROOT} from './build-lib.js'

/**
 * With `allowMissing` (build:dev), a verb's module that does not exist yet (another change in
 * progress lists it in src/commands.ts before writing it) is bundled as a module that fails
 * when that verb is run, as tsc's output would: the other verbs keep working.
 */
function missingVerbsPlugin(missing) {
  return {
    name: 'missing-verbs',
    setup(build) {
      build.onResolve({filter: /^\./}, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData?.probing) return undefined
        const found = await build.resolve(args.path, {kind: args.kind, pluginData: {probing: true}, resolveDir: args.resolveDir})
        if (found.errors.length === 0) return {path: found.path}
        missing.push(args.path)
        return {namespace: 'missing-verb', path: args.path}
      })
      build.onLoad({filter: /.*/, namespace: 'missing-verb'}, (args) => ({
        contents: `throw Object.assign(new Error(${JSON.stringify(`Cannot find module '${args.path}': it did not exist when the bundle was built`)}), {code: 'ERR_MODULE_NOT_FOUND'})`,
        loader: 'js',
      }))
    },
  }
}

/** Builds dist/cli.cjs. */
export async function buildBundle({allowMissing = false, outfile = BUNDLE_FILE} = {}) {
  const missing = []
  const result = await build({
    bundle: true,
    // The loader supplies these names (src/lib/startup/bundle-loader.ts).
    define: {'import.meta.url': '__bundleUrl'},
    entryPoints: [path.join(REPO_ROOT, 'src/main.ts')],
    external: BUNDLE_EXTERNALS,
    format: 'cjs',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    platform: 'node',
    plugins: allowMissing ? [missingVerbsPlugin(missing)] : [],
    target: 'node20',
    write: false,
  })
  const [output] = result.outputFiles
  // Every import() left in the bundle names a package kept outside it or a node builtin
  // (esbuild bundles the rest); each becomes a call of the loader's importExternal.
  const calls = [...output.text.matchAll(/\bimport\(([^)]*)\)/g)]
  const odd = calls.map((m) => m[1]).filter((arg) => !/^"(?:node:)?[@a-z_/-]+"$/.test(arg) || !(isBuiltin(JSON.parse(arg)) || BUNDLE_EXTERNALS.includes(JSON.parse(arg))))
  if (odd.length > 0) throw new Error(`build-bundle: dynamic imports the loader cannot serve: ${odd.join(', ')}`)
  let code = output.text.replace(/\bimport\(("[^"]*")\)/g, 'importExternal($1)')
  code = lazyBuiltins(code)
  const inputs = Object.keys(result.metafile.inputs)
  const forbidden = inputs.filter((p) => /node_modules\/(@oclif|got)\//.test(p))
  if (forbidden.length > 0) throw new Error(`build-bundle: these must stay outside the bundle: ${forbidden.join(', ')}`)
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16)
  // A stale cache beside a new bundle would be refused by its key anyway; remove it all the same.
  rmSync(`${outfile}.cache`, {force: true})
  writeFileSync(outfile, `// whalectl-bundle ${hash}\n${code}`)
  return {bytes: code.length, hash, missing, modules: inputs.length, outfile}
}

/**
 * Builds dist/launch.cjs: what bin/run.js requires to find, compile and start the CLI bundle
 * (src/lib/startup/launcher.ts). One CommonJS file, so that node starts without its ES module
 * loader before the CLI runs.
 */
export async function buildLauncher(outfile = LAUNCHER_FILE) {
  await build({
    bundle: true,
    entryPoints: [path.join(REPO_ROOT, 'src/lib/startup/launcher.ts')],
    format: 'cjs',
    legalComments: 'none',
    logLevel: 'warning',
    outfile,
    platform: 'node',
    target: 'node20',
  })
  return outfile
}

const LAZY_BUILTINS = ['node:child_process', 'node:crypto', 'node:https', 'node:tls', 'node:zlib']

// Put before the bundle's code (after its "use strict"): a builtin required on first use.
const LAZY_BUILTIN_HELPER = 'var lazyBuiltin = (id) => { let loaded; return new Proxy({}, {get: (_, key) => (loaded ??= require(id))[key], has: (_, key) => key in (loaded ??= require(id))}) };\n'

function lazyBuiltins(code) {
  for (const id of LAZY_BUILTINS) {
    const plain = `require(${JSON.stringify(id)})`
    const otherForms = code.split(plain).length - 1 - (code.match(new RegExp(`= ${plain.replace(/[()]/g, '\\$&')};`, 'g'))?.length ?? 0)
    // `import x from` or `import * as x from` compiles to __toESM(require(…)), which reads every
    // property at once; such a module has to stay eager (take it off the list).
    if (otherForms !== 0) throw new Error(`build-bundle: ${id} is imported other than by name; it cannot be loaded lazily`)
    code = code.replaceAll(` = ${plain};`, ` = lazyBuiltin(${JSON.stringify(id)});`)
  }
  return code.replace(/^("use strict";\n)?/, (strict) => strict + LAZY_BUILTIN_HELPER)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = {allowMissing: process.argv.includes('--allow-missing'), outfile: process.argv.find((a) => a.endsWith('.cjs'))}
  const {bytes, hash, missing, modules, outfile} = await buildBundle(options)
  console.log(`${path.relative(REPO_ROOT, outfile)}: ${modules} modules, ${(bytes / 1024).toFixed(0)} KiB, bundle ${hash}`)
  if (missing.length > 0) console.warn(`build-bundle: not there yet, these fail when run: ${missing.join(', ')}`)
}
