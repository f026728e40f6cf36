// Running whalectl under the name `docker` (a symlink to bin/run.js) next to the reference CLI,
// for tests of help pages and of the messages scripts grep for.
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {referenceDocker, repoRoot} from '../engine/harness.js'

export interface Ran {
  stdout: string
  stderr: string
  code: number
}

/** A directory holding `bin/docker` → whalectl and `bin/node`, and a config directory; removed by `dispose`. */
export function dockerNamedWhalectl(): {bin: string; configDir: string; dispose: () => void} {
  const dir = mkdtempSync(path.join(tmpdir(), 'whalectl-as-docker-'))
  const bin = path.join(dir, 'bin')
  mkdirSync(bin)
  symlinkSync(path.join(repoRoot, 'bin', 'run.js'), path.join(bin, 'docker'))
  symlinkSync(process.execPath, path.join(bin, 'node'))
  const configDir = path.join(dir, 'config')
  mkdirSync(configDir)
  return {bin, configDir, dispose: () => rmSync(dir, {force: true, recursive: true})}
}

/** Runs `program args` with exactly `env` (plus HOME), stdin empty and not a terminal. */
export function runWith(program: string, args: readonly string[], env: Record<string, string>): Ran {
  const result = spawnSync(program, [...args], {cwd: repoRoot, encoding: 'utf8', env: {HOME: process.env.HOME ?? '/root', ...env}, input: '', timeout: 60_000})
  return {code: result.status ?? -1, stderr: result.stderr, stdout: result.stdout}
}

export {referenceDocker}
