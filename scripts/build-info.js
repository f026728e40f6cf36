#!/usr/bin/env node
// Writes dist/build-info.json ({commit, version}) for `whalectl -v`: the short commit of the
// checkout being built and the package version. A tree without git (an unpacked tarball) gets
// no commit, and the version line then says `unknown-commit`, as docker's own builds without one.
import {execFileSync} from 'node:child_process'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const {version} = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))

const git = (...args) => execFileSync('git', args, {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim()

function gitCommit() {
  try {
    // Only this package's own repository: an unpacked tarball inside someone's checkout is not it.
    if (path.resolve(git('rev-parse', '--show-toplevel')) !== root) return undefined
    return git('rev-parse', '--short=7', 'HEAD') || undefined
  } catch {
    return undefined
  }
}

const info = {version}
const commit = gitCommit()
if (commit) info.commit = commit
mkdirSync(path.join(root, 'dist'), {recursive: true})
writeFileSync(path.join(root, 'dist', 'build-info.json'), `${JSON.stringify(info)}\n`)
