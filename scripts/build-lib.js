// Paths and names shared by the build scripts (build-bundle.js, build-code-cache.js, build.js).
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const BUNDLE_FILE = path.join(REPO_ROOT, 'dist', 'cli.cjs')
/** What bin/run.js requires: the bundled start-up code (src/lib/startup/launcher.ts). */
export const LAUNCHER_FILE = path.join(REPO_ROOT, 'dist', 'launch.cjs')
/** Loaded from node_modules when needed, never bundled: got for outside URLs, oclif for --help. */
export const BUNDLE_EXTERNALS = ['@oclif/core', 'got']

/**
 * The node options bin/run.js's launcher line starts node with (`exec node OPTIONS -- "$0"`):
 * the code cache must be made under the same ones, or V8 refuses it.
 */
export function launcherNodeOptions(runJs) {
  const line = runJs.split('\n').find((l) => l.includes('exec node'))
  const match = /exec node (.*?)\s*-- "\$0" "\$@"/.exec(line ?? '')
  if (!match) throw new Error('bin/run.js: no `exec node … -- "$0" "$@"` launcher line')
  return match[1].split(/\s+/).filter((o) => o !== '')
}
