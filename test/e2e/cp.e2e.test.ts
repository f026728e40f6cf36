// `whalectl cp` and `whalectl export` against the reference docker on the same engine. A copy
// changes files, so each case runs twice from the same starting point: docker in one fresh
// fixture directory (or container), whalectl in another; then stdout, stderr, the exit code and
// the resulting tree (types, modes, sizes, link targets, contents, owners, old mtimes) must be
// the same, with the two directories' (containers') names masked. Archives that a real engine
// would never send are tested against the fake engine in test/integration/cp-archive.test.ts.
import {spawn} from 'node:child_process'
import {createHash, randomBytes} from 'node:crypto'
import {chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, removeTestContainers, runDocker} from '../engine/harness.js'
import {renameProgram, shellQuote} from './normalise.js'
import {CLIS, type Cli, cliEnv, onTerminal} from './pty.js'

const suffix = randomBytes(3).toString('hex')
const SRC = `cptest-src-${suffix}`
const BIG = `cptest-big-${suffix}`
const GIB = 1024 * 1024 * 1024
let work = ''

async function docker(args: string[]): Promise<string> {
  const result = await runDocker(args)
  if (result.code !== 0) throw new Error(`docker ${shellQuote(args)} failed (${result.code}): ${result.stderr}`)
  return result.stdout.trim()
}

interface Outcome {
  code: number
  stdout: string
  stderr: string
  stdoutBuf: Buffer
}

/** Runs a CLI in `cwd` against the test engine; `input` goes to its stdin. */
function run(cli: Cli, args: string[], opts: {cwd?: string; input?: Buffer | string} = {}): Promise<Outcome> {
  const [command, ...pre] = CLIS[cli]
  return new Promise((resolve, reject) => {
    const child = spawn(command as string, [...pre, ...args], {cwd: opts.cwd ?? work, env: cliEnv()})
    const out: Buffer[] = []
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.stdin.on('error', () => {})
    child.stdin.end(opts.input)
    const timer = setTimeout(() => child.kill('SIGKILL'), 110_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      const stdoutBuf = Buffer.concat(out)
      resolve({code: code ?? -1, stderr, stdout: stdoutBuf.toString('latin1'), stdoutBuf})
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Host fixtures and how a tree is compared

/** The local starting point of every case: files, a directory, links, odd names, owners, modes. */
function makeFixture(dir: string): void {
  mkdirSync(path.join(dir, 'hd/sub'), {recursive: true})
  writeFileSync(path.join(dir, 'hf'), 'file\n')
  writeFileSync(path.join(dir, 'hd/a'), 'a\n')
  writeFileSync(path.join(dir, 'hd/sub/deep'), 'deep\n')
  writeFileSync(path.join(dir, 'big'), Buffer.alloc(300_000, 7))
  writeFileSync(path.join(dir, 'ünï'), 'u\n')
  writeFileSync(path.join(dir, 'file:colon'), 'colon\n')
  const long = path.join(dir, 'l'.repeat(60), 'm'.repeat(70))
  mkdirSync(long, {recursive: true})
  writeFileSync(path.join(long, 'n'.repeat(110)), 'long\n')
  symlinkSync('hf', path.join(dir, 'hl'))
  symlinkSync('hd', path.join(dir, 'dl'))
  linkSync(path.join(dir, 'hf'), path.join(dir, 'hard'))
  writeFileSync(path.join(dir, 'existing'), 'existing\n')
  mkdirSync(path.join(dir, 'exdir'))
  writeFileSync(path.join(dir, 'exdir/keep'), 'keep\n')
  if (process.getuid?.() === 0) chownSync(path.join(dir, 'hd/a'), 1234, 5678)
  for (const p of ['hf', 'hd', 'hd/a', 'big']) utimesSync(path.join(dir, p), 1_600_000_000, 1_600_000_000)
}

const RECENT_S = 600

/** Every entry under `dir`: path, type, mode, size, owner, target or content digest, and mtime unless recent. */
function snapshot(dir: string): string[] {
  const out: string[] = []
  const now = Date.now() / 1000
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name)
      const r = rel === '' ? name : `${rel}/${name}`
      const st = lstatSync(full)
      const kind = st.isSymbolicLink() ? `-> ${readlinkSync(full)}` : st.isDirectory() ? 'dir' : st.isFile() ? createHash('sha1').update(readFileSync(full)).digest('hex').slice(0, 12) : 'other'
      const mtime = now - st.mtimeMs / 1000 > RECENT_S ? String(Math.floor(st.mtimeMs / 1000)) : 'recent'
      out.push(`${r} ${kind} ${(st.mode & 0o7777).toString(8)} ${st.isDirectory() ? '' : st.size} ${st.uid}:${st.gid} ${st.isSymbolicLink() ? '' : mtime}`)
      if (st.isDirectory()) walk(full, r)
    }
  }
  walk(dir, '')
  return out
}

/** docker's log lines that its tar writer prints, or not, depending on a race between goroutines. */
const dropRacyTarLog = (text: string): string =>
  text.replace(/^time="[^"]*" level=error msg="(Can't add file [^"]* to tar: io: read\/write on closed pipe|Can't close tar writer: io: read\/write on closed pipe)"\n/gm, '')

/**
 * One case, from the local side: args use HOST for the fixture directory; each CLI gets its own
 * fixture (made the same way), runs in it, and leaves it as it will.
 */
async function hostParity(args: string[], opts: {input?: string; cwdSub?: string} = {}): Promise<{docker: Outcome; whalectl: Outcome}> {
  const results: Partial<Record<Cli, {outcome: Outcome; tree: string[]}>> = {}
  for (const cli of ['docker', 'whalectl'] as const) {
    const dir = mkdtempSync(path.join(work, `${cli}-`))
    makeFixture(dir)
    const outcome = await run(cli, args.map((a) => a.replaceAll('HOST', dir)), {cwd: path.join(dir, opts.cwdSub ?? ''), input: opts.input})
    const mask = (t: string): string => t.replaceAll(dir, 'HOST')
    results[cli] = {outcome: {...outcome, stderr: mask(outcome.stderr), stdout: mask(outcome.stdout)}, tree: snapshot(dir)}
    rmSync(dir, {force: true, recursive: true})
  }
  const d = results.docker as {outcome: Outcome; tree: string[]}
  const w = results.whalectl as {outcome: Outcome; tree: string[]}
  const view = (o: Outcome, tree: string[], cli: Cli) => ({code: o.code, stderr: cli === 'docker' ? renameProgram(o.stderr) : o.stderr, stdout: o.stdout, tree})
  expect(view(w.outcome, w.tree, 'whalectl'), `whalectl ${shellQuote(args)}`).toEqual(view(d.outcome, d.tree, 'docker'))
  return {docker: d.outcome, whalectl: w.outcome}
}

// ---------------------------------------------------------------------------------------------
// Container fixtures

const DST_SETUP = 'mkdir -p /t/exdir /t/dd && echo keep > /t/exdir/keep && touch /t/efile && ln -s /t/dd /t/dlink && ln -s efile /t/flink && ln -s nowhere /t/dangling && sleep 3600'

/** The tree under /t in a container, as `stat` sees it. */
async function containerTree(name: string): Promise<string[]> {
  const out = await docker(['exec', name, 'sh', '-c', "find /t | sort | while read -r p; do stat -c '%n %F %a %s %u:%g %Y' \"$p\"; [ -f \"$p\" ] && md5sum \"$p\" | cut -c1-12; done; true"])
  const now = Date.now() / 1000
  return out.split('\n').map((line) => line.replace(/ (\d{9,})$/, (m, t: string) => (now - Number(t) > RECENT_S ? m : ' recent')))
}

/** One case into a container: CTR names a fresh container per CLI, HOST the fixture. */
async function containerParity(args: string[], opts: {input?: Buffer | string} = {}): Promise<{docker: Outcome; whalectl: Outcome}> {
  const results: Partial<Record<Cli, {outcome: Outcome; tree: string[]}>> = {}
  for (const cli of ['docker', 'whalectl'] as const) {
    const ctr = `cptest-dst-${cli}-${suffix}`
    await runDocker(['rm', '-f', ctr])
    await docker(['run', '-d', '--name', ctr, '-l', cleanupLabel, 'busybox', 'sh', '-c', DST_SETUP])
    await waitFor(async () => (await runDocker(['exec', ctr, 'test', '-L', '/t/dangling'])).code === 0)
    const dir = mkdtempSync(path.join(work, `${cli}-`))
    makeFixture(dir)
    const outcome = await run(cli, args.map((a) => a.replaceAll('HOST', dir).replaceAll('CTR', ctr)), {cwd: dir, input: opts.input})
    const mask = (t: string): string => t.replaceAll(dir, 'HOST').replaceAll(ctr, 'CTR')
    results[cli] = {outcome: {...outcome, stderr: mask(outcome.stderr), stdout: mask(outcome.stdout)}, tree: await containerTree(ctr)}
    rmSync(dir, {force: true, recursive: true})
    await runDocker(['rm', '-f', ctr])
  }
  const d = results.docker as {outcome: Outcome; tree: string[]}
  const w = results.whalectl as {outcome: Outcome; tree: string[]}
  const view = (o: Outcome, tree: string[], cli: Cli) => ({code: o.code, stderr: cli === 'docker' ? renameProgram(dropRacyTarLog(o.stderr)) : o.stderr, stdout: o.stdout, tree})
  expect(view(w.outcome, w.tree, 'whalectl'), `whalectl ${shellQuote(args)}`).toEqual(view(d.outcome, d.tree, 'docker'))
  return {docker: d.outcome, whalectl: w.outcome}
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('timed out waiting for the container')
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'whalectl-cp-e2e-'))
  const setup = [
    'mkdir -p /d/sub /d/empty',
    'echo hi > /d/f',
    'echo x > /d/sub/g',
    'ln -s /d/f /d/abslink',
    'ln -s f /d/rellink',
    'ln -s sub /d/dirlink',
    'ln /d/f /d/hard',
    'chmod 4750 /d/sub/g',
    'chown 1234:5678 /d/sub/g',
    'touch -d "2020-01-02 03:04:05" /d/f /d/sub/g /d/sub',
    `mkdir -p /long/${'l'.repeat(60)}/${'m'.repeat(70)} && echo long > /long/${'l'.repeat(60)}/${'m'.repeat(70)}/${'n'.repeat(110)}`,
    'touch /d/ünï',
    'mkfifo /d/fifo',
    'echo ready > /ready',
    'sleep 3600',
  ].join(' && ')
  await docker(['run', '-d', '--name', SRC, '-l', cleanupLabel, 'busybox', 'sh', '-c', setup])
  await docker(['run', '-d', '--name', BIG, '-l', cleanupLabel, 'busybox', 'sh', '-c', `head -c ${GIB} /dev/zero > /big && echo ready > /ready && sleep 3600`])
  for (const name of [SRC, BIG]) await waitFor(async () => (await runDocker(['exec', name, 'cat', '/ready'])).code === 0)
}, 180_000)

afterAll(async () => {
  await removeTestContainers()
  rmSync(work, {force: true, recursive: true})
})

// ---------------------------------------------------------------------------------------------

describe('cp out of a container', () => {
  it.each([
    ['a file to a new name', ['cp', `${SRC}:/d/f`, 'HOST/new']],
    ['a file into an existing directory', ['cp', `${SRC}:/d/f`, 'HOST/exdir']],
    ['a file over an existing file', ['cp', `${SRC}:/d/f`, 'HOST/existing']],
    ['a file through a symlink to a file', ['cp', `${SRC}:/d/f`, 'HOST/hl']],
    ['a file through a symlink to a directory', ['cp', `${SRC}:/d/f`, 'HOST/dl']],
    ['a directory to a new name', ['cp', `${SRC}:/d`, 'HOST/new']],
    ['a directory into an existing directory', ['cp', `${SRC}:/d`, 'HOST/exdir']],
    ['a directory with a trailing slash', ['cp', `${SRC}:/d/`, 'HOST/new/']],
    ["a directory's contents into an existing directory", ['cp', `${SRC}:/d/.`, 'HOST/exdir']],
    ["a directory's contents to a new name", ['cp', `${SRC}:/d/.`, 'HOST/new']],
    ['a symlink, as a symlink', ['cp', `${SRC}:/d/abslink`, 'HOST/new']],
    ['a symlink followed (-L, absolute target)', ['cp', '-L', `${SRC}:/d/abslink`, 'HOST/new']],
    ['a symlink followed (-L, relative target) into a directory', ['cp', '--follow-link', `${SRC}:/d/rellink`, 'HOST/exdir']],
    ['a directory symlink followed (-L)', ['cp', '-L', `${SRC}:/d/dirlink`, 'HOST/new']],
    ['long and non-ASCII names', ['cp', `${SRC}:/long`, 'HOST/new']],
    ['a relative container path', ['cp', `${SRC}:d/sub`, 'HOST/new']],
    ['the whole file system', ['cp', `${SRC}:/`, 'HOST/root']],
  ])('%s', async (_what, args) => {
    await hostParity(args)
  })

  it.each([
    ['a file to a new name', ['cp', '-q=false', `${SRC}:/d/f`, 'HOST/new']],
    ['a directory', ['cp', '--quiet=false', `${SRC}:/d`, 'HOST/new']],
    ['a failure before anything was read', ['cp', '-q=false', `${SRC}:/d`, 'HOST/existing']],
    ['-q', ['cp', '-q', `${SRC}:/d/f`, 'HOST/new']],
  ])('says what it copied with -q=false: %s', async (_what, args) => {
    await hostParity(args)
  })

  it.each([
    ['a missing source', ['cp', `${SRC}:/nope`, 'HOST/new']],
    ['a missing container', ['cp', `nosuch-${suffix}:/d`, 'HOST/new']],
    ['an empty container path', ['cp', `${SRC}:`, 'HOST/new']],
    ['a file path with a trailing slash', ['cp', `${SRC}:/d/f/`, 'HOST/new']],
    ["a destination whose parent is missing", ['cp', `${SRC}:/d/f`, 'HOST/nodir/x']],
    ['a directory onto a file', ['cp', `${SRC}:/d`, 'HOST/existing']],
    ['a file into a directory that is not there', ['cp', `${SRC}:/d/f`, 'HOST/newdir/']],
    ['a file onto a file named with a trailing slash', ['cp', `${SRC}:/d/f`, 'HOST/existing/']],
    ['a device', ['cp', `${SRC}:/d/f`, '/dev/null']],
    ['two containers', ['cp', `${SRC}:/d/f`, `${SRC}:/tmp/f`]],
    ['no container', ['cp', 'HOST/hf', 'HOST/other']],
    ['an empty source', ['cp', '', 'HOST/x']],
    ['an empty destination', ['cp', `${SRC}:/d/f`, '']],
    ['one argument', ['cp', `${SRC}:/d/f`]],
    ['an unknown flag', ['cp', '--nope', `${SRC}:/d/f`, 'HOST/x']],
  ])('refuses %s as docker does, leaving the directory as it was', async (_what, args) => {
    await hostParity(args)
  })

  it('resolves relative destinations against the working directory', async () => {
    await hostParity(['cp', '-q=false', `${SRC}:/d/f`, './'], {cwdSub: 'exdir'})
    await hostParity(['cp', '-q=false', `${SRC}:/d`, '../new'], {cwdSub: 'hd'})
    await hostParity(['cp', `${SRC}:/d/f`, './file:colon'])
  })

  it('writes the archive to stdout with -, byte for byte as docker does', async () => {
    const pair = await hostParity(['cp', `${SRC}:/d`, '-'])
    expect(pair.whalectl.stdoutBuf.length).toBeGreaterThan(4096)
    await hostParity(['cp', '-q=false', `${SRC}:/d/f`, '-'])
  })

  it('under a terminal, says what it copied by default, as docker does', () => {
    for (const args of [['cp', `${SRC}:/d/f`, path.join(work, 'tty-copy')], ['cp', `${SRC}:/d`, path.join(work, 'tty-copy')]]) {
      const theirs = onTerminal('docker', args)
      rmSync(path.join(work, 'tty-copy'), {force: true, recursive: true})
      const ours = onTerminal('whalectl', args)
      rmSync(path.join(work, 'tty-copy'), {force: true, recursive: true})
      expect(ours).toEqual(theirs)
    }
  })

  it('copies 1 GiB as it arrives, under 100 MiB of memory', async () => {
    const target = path.join(work, 'gib')
    const measure = `import resource, subprocess, sys\ncode = subprocess.run(sys.argv[1:]).returncode\nprint(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)`
    const [command, ...pre] = CLIS.whalectl
    const result = await new Promise<string>((resolve, reject) => {
      const child = spawn('python3', ['-c', measure, command as string, ...pre, 'cp', `${BIG}:/big`, target], {env: cliEnv()})
      let out = ''
      child.stdout.on('data', (c: Buffer) => (out += c.toString()))
      child.on('error', reject)
      child.on('close', () => resolve(out.trim()))
    })
    const [code, maxRssKiB] = result.split(' ').map(Number)
    expect(code).toBe(0)
    expect(statSync(target).size).toBe(GIB)
    expect(maxRssKiB).toBeLessThan(100 * 1024)
    rmSync(target)
  }, 300_000)

  it('leaves nothing at the destination when interrupted (docker leaves a partial file)', async () => {
    const dir = mkdtempSync(path.join(work, 'sigint-'))
    const [command, ...pre] = CLIS.whalectl
    const child = spawn(command as string, [...pre, 'cp', `${BIG}:/big`, path.join(dir, 'big')], {env: cliEnv()})
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    // Once the copy has begun to land in its staging directory.
    await waitFor(async () => readdirSync(dir).length > 0)
    await new Promise((resolve) => setTimeout(resolve, 200))
    child.kill('SIGINT')
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect({code, entries: readdirSync(dir), stderr}).toEqual({code: 130, entries: [], stderr: ''})
  }, 120_000)
})

describe('cp into a container', () => {
  it.each([
    ['a file into a directory', ['cp', 'HOST/hf', 'CTR:/t/']],
    ['a file to a new name', ['cp', 'HOST/hf', 'CTR:/t/new']],
    ['a file over a file', ['cp', 'HOST/hf', 'CTR:/t/efile']],
    ['a file into an existing directory named without a slash', ['cp', 'HOST/hf', 'CTR:/t/exdir']],
    ['a file through a symlink to a directory', ['cp', 'HOST/hf', 'CTR:/t/dlink']],
    ['a file through a symlink to a file', ['cp', 'HOST/hf', 'CTR:/t/flink']],
    ['a file through a dangling symlink', ['cp', 'HOST/hf', 'CTR:/t/dangling']],
    ['a directory into a directory', ['cp', 'HOST/hd', 'CTR:/t/']],
    ['a directory to a new name', ['cp', 'HOST/hd', 'CTR:/t/new']],
    ["a directory's contents", ['cp', 'HOST/hd/.', 'CTR:/t/exdir']],
    ['a directory named with a trailing slash', ['cp', 'HOST/hd/', 'CTR:/t/new']],
    ['a directory through a symlink with a trailing slash', ['cp', 'HOST/dl/', 'CTR:/t/new']],
    ['a symlink, as a symlink', ['cp', 'HOST/hl', 'CTR:/t/new']],
    ['a symlink followed (-L)', ['cp', '-L', 'HOST/hl', 'CTR:/t/new']],
    ['owners kept with -a', ['cp', '-a', 'HOST/hd', 'CTR:/t/new']],
    ['everything: hard links, long and non-ASCII names, a big file', ['cp', 'HOST/.', 'CTR:/t/all']],
    ['a relative source', ['cp', 'hf', 'CTR:/t/rel']],
    ['a relative container path', ['cp', 'HOST/hf', 'CTR:t/rel']],
  ])('%s', async (_what, args) => {
    await containerParity(args)
  })

  it.each([
    ['a file', ['cp', '-q=false', 'HOST/hf', 'CTR:/t/new']],
    ['everything', ['cp', '-q=false', '-a', 'HOST/.', 'CTR:/t/all']],
    ['through a symlink', ['cp', '-q=false', 'HOST/hf', 'CTR:/t/flink']],
    ['a failure in the engine', ['cp', '-q=false', 'HOST/hf', 'CTR:/t/nodir/x']],
  ])('says what it copied with -q=false: %s', async (_what, args) => {
    await containerParity(args)
  })

  it.each([
    ['a missing source', ['cp', 'HOST/nofile', 'CTR:/t/']],
    ['a source file named with a trailing slash', ['cp', 'HOST/hf/', 'CTR:/t/']],
    ['a missing container', ['cp', 'HOST/hf', `nosuch-${suffix}:/t/x`]],
    ['a missing container with a directory destination', ['cp', 'HOST/hf', `nosuch-${suffix}:/t/`]],
    ['a destination whose parent is missing', ['cp', 'HOST/hf', 'CTR:/t/nodir/x']],
    ['a file into a directory that is not there', ['cp', 'HOST/hf', 'CTR:/t/nodir/']],
    ['a directory onto a file', ['cp', 'HOST/hd', 'CTR:/t/efile']],
  ])('refuses %s as docker does', async (_what, args) => {
    await containerParity(args)
  })

  it('extracts a tar from stdin with -, into a directory only', async () => {
    const tar = await run('docker', ['cp', `${SRC}:/d`, '-'])
    await containerParity(['cp', '-q=false', '-', 'CTR:/t/exdir'], {input: tar.stdoutBuf})
    await containerParity(['cp', '-', 'CTR:/t/'], {input: ''})
    await containerParity(['cp', '-', 'CTR:/t/efile'], {input: tar.stdoutBuf})
    await containerParity(['cp', '-', 'CTR:/t/nope'], {input: tar.stdoutBuf})
    await containerParity(['cp', '-', 'CTR:/t/'], {input: 'not a tar\n'.repeat(100)})
  })
})

describe('export', () => {
  it('writes the file system to stdout or to -o, as docker does', async () => {
    const pair = await hostParity(['export', SRC])
    expect(pair.whalectl.stdoutBuf.length).toBeGreaterThan(1_000_000)
    await hostParity(['export', '-o', 'HOST/out.tar', SRC])
    await hostParity(['export', '--output=HOST/existing', SRC])
    await hostParity(['container', 'export', '-o', 'out.tar', SRC])
  })

  it.each([
    ['a directory', ['export', '-o', 'HOST/exdir', SRC]],
    ['a symlink', ['export', '-o', 'HOST/hl', SRC]],
    ['a device', ['export', '-o', '/dev/null', SRC]],
    ['a missing directory', ['export', '-o', 'HOST/nodir/out.tar', SRC]],
    ['a file as a directory', ['export', '-o', 'HOST/hf/out.tar', SRC]],
    ['a missing container', ['export', '-o', 'HOST/out.tar', `nosuch-${suffix}`]],
    ['an empty name', ['export', '']],
    ['no argument', ['export']],
    ['two arguments', ['export', SRC, SRC]],
  ])('refuses %s as docker does', async (_what, args) => {
    await hostParity(args)
  })

  it('refuses to write to a terminal', () => {
    expect(onTerminal('whalectl', ['export', SRC])).toEqual(onTerminal('docker', ['export', SRC]))
  })
})
