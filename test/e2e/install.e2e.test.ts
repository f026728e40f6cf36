// The package as users get it: `npm pack` of this checkout, unpacked as `npm install -g` lays a
// package out (lib/node_modules/whalectl, and bin/whalectl a link to its bin/run.js), then run
// from elsewhere by name, as a user runs it: directly, and through busybox's `env` (no -S), as
// in Alpine-based node images. The dependencies are this checkout's node_modules (linked), so
// the test installs nothing from a registry; `npm run build` (part of `npm test`) made dist/.
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, dockerHost, removeTestContainers, repoRoot, runDocker} from '../engine/harness.js'

const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p))

let prefix: string
let installed: string

function run(argv: string[], env: Record<string, string> = {}): {code: number | null; stdout: string; stderr: string} {
  // A PATH with the prefix's bin first and node; cwd outside the checkout.
  const r = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: prefix,
    encoding: 'utf8',
    env: {DOCKER_CONFIG: path.join(prefix, 'docker-config'), DOCKER_HOST: dockerHost(), HOME: prefix, PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`, ...env},
    timeout: 30_000,
  })
  return {code: r.status, stderr: r.stderr, stdout: r.stdout}
}

beforeAll(() => {
  prefix = mkdtempSync(path.join(tmpdir(), 'whalectl-install-'))
  // --ignore-scripts: the build already ran; `prepare` would build again.
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', prefix], {cwd: repoRoot, encoding: 'utf8'}).trim().split('\n').at(-1) as string
  const lib = path.join(prefix, 'lib', 'node_modules')
  mkdirSync(lib, {recursive: true})
  execFileSync('tar', ['-xzf', path.join(prefix, tarball), '-C', lib])
  installed = path.join(lib, 'whalectl')
  execFileSync('mv', [path.join(lib, 'package'), installed])
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(installed, 'node_modules'))
  mkdirSync(path.join(prefix, 'bin'))
  symlinkSync(path.join('..', 'lib', 'node_modules', 'whalectl', 'bin', 'run.js'), path.join(prefix, 'bin', 'whalectl'))
}, 60_000)

afterAll(() => {
  if (prefix) rmSync(prefix, {force: true, recursive: true})
})

describe('the packed package, installed', () => {
  it('holds the bundle, its code cache and the library, and not the sources', () => {
    for (const file of ['bin/run.js', 'dist/cli.cjs', 'dist/cli.cjs.cache', 'dist/index.js', 'dist/index.d.ts', 'dist/oclif-commands.js']) expect(existsSync(path.join(installed, file)), file).toBe(true)
    expect(existsSync(path.join(installed, 'src'))).toBe(false)
    expect(existsSync(path.join(installed, 'bin', 'dev.js'))).toBe(false)
  })

  it('whalectl --version', () => {
    const r = run(['whalectl', '--version'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^Docker version \d+\.\d+\.\d+-whalectl\.\d+\.\d+\.\d+, build \S+\n$/)
    expect(r.code).toBe(0)
  })

  it('whalectl ps against the test engine prints what docker prints', async () => {
    // A container of this test's own, so that other work on the engine does not show.
    const started = await runDocker(['run', '-d', '-l', cleanupLabel, 'busybox', 'sleep', '60'])
    expect(started.code).toBe(0)
    try {
      const args = ['ps', '--filter', `label=${cleanupLabel}`, '--format', '{{.ID}} {{.Image}} {{.Names}}']
      const docker = await runDocker(args)
      expect(docker.stdout).toContain(started.stdout.trim().slice(0, 12))
      expect(run(['whalectl', ...args])).toEqual({code: 0, stderr: '', stdout: docker.stdout})
    } finally {
      await removeTestContainers()
    }
  })

  it.skipIf(BUSYBOX === undefined)('runs through busybox env, which has no -S', () => {
    const r = run([BUSYBOX as string, 'env', 'whalectl', 'ps', '-q', '--no-trunc'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(run([BUSYBOX as string, 'env', 'whalectl', '--version']).stdout).toMatch(/^Docker version /)
  })

  it('run --env-file with a missing file gives docker\'s error, not node\'s', () => {
    const missing = path.join(prefix, 'missing.env')
    expect(run(['whalectl', 'run', '--env-file', missing, 'busybox', 'true'])).toEqual({code: 125, stderr: `whalectl: open ${missing}: no such file or directory\n\nRun 'whalectl run --help' for more information\n`, stdout: ''})
  })

  it('writes no cache of its own where the shipped one fits, and never fails for want of one', () => {
    const cacheHome = path.join(prefix, 'xdg')
    expect(run(['whalectl', 'ps', '-q'], {XDG_CACHE_HOME: cacheHome}).code).toBe(0)
    expect(existsSync(path.join(cacheHome, 'whalectl'))).toBe(false)
    // Other node options than the shipped cache was made with: V8 would refuse it, so a cache of
    // the user's own is written once; an unwritable place means none, silently.
    const withOptions = [process.execPath, '--max-old-space-size=200', path.join(installed, 'bin', 'run.js'), 'ps', '-q']
    expect(run(withOptions, {XDG_CACHE_HOME: cacheHome})).toMatchObject({code: 0, stderr: ''})
    expect(existsSync(path.join(cacheHome, 'whalectl'))).toBe(true)
    const unwritable = run(withOptions, {XDG_CACHE_HOME: '/proc/whalectl-test'})
    expect(unwritable).toMatchObject({code: 0, stderr: ''})
  })
})
