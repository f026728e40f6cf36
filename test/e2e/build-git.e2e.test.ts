// Git URL build contexts (issue 15 item 3, moby's TestBuildFailsGitNotCallable): docker clones
// them on the client with the local git (`#ref:subdir`, submodules) and sends the checkout as
// the context, so the engine needs no network. The repositories are served by `git daemon` on
// 127.0.0.1 from a temporary directory; each CLI clones into its own
// /tmp/docker-build-git<random>, whose name is the only thing normalised besides image IDs.
import {type ChildProcess, execFileSync, spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, runDocker} from '../engine/harness.js'
import {compose, expectParity, type TextNormaliser} from './normalise.js'

const maskIds: TextNormaliser = (text) => text.replace(/sha256:[0-9a-f]{64}/g, 'sha256:<id>').replace(/\b[0-9a-f]{12}\b/g, '<id>')
const maskTempDirs: TextNormaliser = (text) => text.replace(/docker-build-git\d+/g, 'docker-build-gitN')

let root = ''
let daemon: ChildProcess | undefined
let base = ''
// docker leaves its clone behind when it fails, and the repository root when it builds a subdirectory.
const clones = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('docker-build-git'))
let clonesBefore = new Set<string>()

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'protocol.file.allow=always', ...args], {cwd, stdio: 'ignore'})
}

function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), {recursive: true})
  writeFileSync(file, content)
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

beforeAll(async () => {
  clonesBefore = new Set(clones())
  root = mkdtempSync(path.join(tmpdir(), 'whalectl-git-e2e-'))
  const served = path.join(root, 'served')
  mkdirSync(served)
  const port = await freePort()
  base = `git://127.0.0.1:${port}`
  daemon = spawn('git', ['daemon', `--base-path=${served}`, '--export-all', '--reuseaddr', '--listen=127.0.0.1', `--port=${port}`, served], {stdio: 'ignore'})
  // A submodule repository, and the main one: master with a Dockerfile, a subdirectory with its
  // own, a tag, another branch, and the submodule fetched over git://.
  const sub = path.join(root, 'sub')
  write(path.join(sub, 'subfile.txt'), 'from submodule\n')
  git(root, 'init', '-q', '-b', 'master', sub)
  git(sub, 'add', '.')
  git(sub, 'commit', '-qm', 'sub')
  git(root, 'clone', '-q', '--bare', sub, path.join(served, 'sub.git'))
  const main = path.join(root, 'main')
  write(path.join(main, 'Dockerfile'), `FROM busybox\nLABEL ${cleanupLabel}\nCOPY . /ctx/\nRUN find /ctx -not -path "*/.git*" | sort\n`)
  write(path.join(main, 'dir', 'Dockerfile'), `FROM busybox\nLABEL ${cleanupLabel}\nCOPY . /d/\nRUN ls /d\n`)
  write(path.join(main, 'dir', 'hi.txt'), 'hi\n')
  write(path.join(main, 'a.txt'), 'a\n')
  git(root, 'init', '-q', '-b', 'master', main)
  git(main, 'add', '.')
  git(main, 'commit', '-qm', 'main')
  git(main, 'checkout', '-qb', 'other')
  write(path.join(main, 'other.txt'), 'other\n')
  git(main, 'add', '.')
  git(main, 'commit', '-qm', 'other')
  git(main, 'checkout', '-q', 'master')
  // git daemon may take a moment to listen; the submodule is fetched from it.
  for (let attempt = 0; ; attempt++) {
    try {
      git(main, 'submodule', 'add', '-q', `${base}/sub.git`, 'mods/sub')
      break
    } catch (error) {
      if (attempt > 50) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  git(main, 'commit', '-qm', 'submodule')
  git(main, 'tag', 'v1')
  git(root, 'clone', '-q', '--bare', main, path.join(served, 'main.git'))
  // Warm the build cache for both Dockerfiles, so that both CLIs meet the same cache.
  for (const fragment of ['', '#:dir']) await runDocker(['build', '-q', `${base}/main.git${fragment}`])
})

afterAll(async () => {
  daemon?.kill()
  if (root !== '') rmSync(root, {force: true, recursive: true})
  for (const name of clones()) if (!clonesBefore.has(name)) rmSync(path.join(tmpdir(), name), {force: true, recursive: true})
  await runDocker(['image', 'prune', '-f', '--filter', `label=${cleanupLabel}`])
})

const normalise = compose(maskIds, maskTempDirs)

describe('build from a git URL, cloned on the client', () => {
  it.each([
    [''],
    ['#other'],
    ['#v1'],
    ['#:dir'],
    ['#master:dir'],
    ['#nope'],
    ['#:nodir'],
    ['#:a.txt'],
    ['#-x'],
    ['#master:../..'],
  ])('main.git%s', async (fragment) => {
    const pair = await expectParity(['build', `${base}/main.git${fragment}`], {attempts: 1, normalise})
    if (fragment === '') expect(pair.whalectl.stdout).toContain('/ctx/mods/sub/subfile.txt\n')
  })

  it.each([[['-f', 'dir/Dockerfile']], [['-f', 'nofile']], [['-f', '../x']], [['-q']]])('%j', async (flags) => {
    await expectParity(['build', ...flags, `${base}/main.git`], {attempts: 1, normalise})
  })

  it('a repository the server does not have', async () => {
    await expectParity(['build', `${base}/nosuch.git`], {attempts: 1, normalise})
  })

  it('without git on PATH (TestBuildFailsGitNotCallable)', async () => {
    // Only node on PATH: bin/run.js's shebang needs it, docker is run by its full path.
    const bin = path.join(root, 'bin')
    mkdirSync(bin, {recursive: true})
    symlinkSync(process.execPath, path.join(bin, 'node'))
    const pair = await expectParity(['build', `${base}/main.git`], {attempts: 1, env: {PATH: bin}})
    // After the classic builder's notice, which every build with DOCKER_BUILDKIT=0 starts with.
    expect(pair.whalectl.stderr.endsWith(`\n\nunable to prepare context: unable to find 'git': exec: "git": executable file not found in $PATH\n`)).toBe(true)
  })
})
