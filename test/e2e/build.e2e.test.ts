// `whalectl build` against the reference classic builder (`DOCKER_BUILDKIT=0 docker build`) on the
// same engine (DOCKER-CLI-BEHAVIOUR.md §5). Same argv, same context; stdout, stderr and the exit
// code compared after this normalisation only:
//   - both run with DOCKER_BUILDKIT=0 (the harness sets it), so both print docker's "legacy
//     builder is deprecated" notice first on stderr, compared like the rest;
//   - container and image IDs differ between two builds (` ---> Running in 1a2b…`, `Successfully
//     built …`, `sha256:…`), so 12- and 64-hex IDs become <id>. Both builds use --no-cache where
//     the step output would otherwise show `Using cache` for the second one.
// Everything built carries cleanupLabel (a LABEL before any RUN, so a failed step's
// container carries it too) and removed in afterAll.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {gzipSync} from 'node:zlib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, removeTestContainers, runDocker, runWhalectl} from '../engine/harness.js'
import {expectParity, type ParityOptions, renameProgram, type TextNormaliser} from './normalise.js'

const TAG = 'whalectl-build-test'
const LABEL_LINE = `LABEL ${cleanupLabel}`

let root = ''
let ctxDir = ''
let outsideDockerfile = ''

const maskIds: TextNormaliser = (text) => text.replace(/sha256:[0-9a-f]{64}/g, 'sha256:<id>').replace(/\b[0-9a-f]{12}\b/g, '<id>')

function build(args: string[], opts: ParityOptions = {}) {
  return expectParity(['build', ...args], {normalise: maskIds, attempts: 1, ...opts})
}

function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), {recursive: true})
  writeFileSync(file, content)
}

const DOCKERFILE = `FROM busybox
${LABEL_LINE}
ARG X=default
ENV GREETING="hello world"
RUN echo "x is $X" && sleep 0.5 && echo to-stderr >&2
COPY . /ctx/
RUN find /ctx | sort
CMD ["sh", "-c", "echo $GREETING; cat /ctx/a.txt"]
`

beforeAll(async () => {
  await removeTestContainers()
  root = mkdtempSync(path.join(tmpdir(), 'whalectl-build-e2e-'))
  ctxDir = path.join(root, 'ctx')
  write(path.join(ctxDir, 'Dockerfile'), DOCKERFILE)
  write(path.join(ctxDir, 'Dockerfile.alt'), `FROM busybox\n${LABEL_LINE}\nCOPY sub /sub\nCMD ["ls", "/sub"]\n`)
  write(path.join(ctxDir, 'Dockerfile.fail'), `FROM busybox\n${LABEL_LINE}\nRUN echo before && exit 3\n`)
  write(path.join(ctxDir, 'Dockerfile.bad'), `FROM busybox\nBOGUS x\n`)
  write(path.join(ctxDir, 'a.txt'), 'A\n')
  write(path.join(ctxDir, 'sub', 'b.txt'), 'B\n')
  write(path.join(ctxDir, 'sub', 'deep', 'c.txt'), 'C\n')
  write(path.join(ctxDir, 'secret.key'), 'secret\n')
  write(path.join(ctxDir, 'sub', 'nested.key'), 'nested\n')
  write(path.join(ctxDir, 'ignored', 'x.txt'), 'x\n')
  write(path.join(ctxDir, 'ignored', 'keep.txt'), 'keep\n')
  write(path.join(ctxDir, 'logs', '1.log'), '1\n')
  write(path.join(ctxDir, 'logs', '2.log'), '2\n')
  write(path.join(ctxDir, '.dockerignore'), '# comment\nignored\n!ignored/keep.txt\n*.key\n**/*.log\n!logs/2.log\nDockerfile.*\n')
  outsideDockerfile = path.join(root, 'elsewhere', 'Dockerfile.outside')
  write(outsideDockerfile, `FROM busybox\n${LABEL_LINE}\nCOPY a.txt /a.txt\nCMD ["cat", "/a.txt"]\n`)
})

afterAll(async () => {
  await removeTestContainers()
  await runDocker(['image', 'prune', '-af', '--filter', `label=${cleanupLabel}`])
  if (root !== '') rmSync(root, {force: true, recursive: true})
})

describe('whalectl build matches docker build (classic builder)', () => {
  it('RUN/COPY/ENV/ARG/LABEL/CMD, --build-arg, --label, -t, .dockerignore with exceptions', async () => {
    const pair = await build(['--no-cache', '-t', `${TAG}:full`, '-t', `${TAG}:second`, '--build-arg', 'X=hello', '--label', 'l1=v1', ctxDir])
    const out = pair.whalectl.stdout
    expect(pair.whalectl.code).toBe(0)
    expect(out).toMatch(/^Sending build context to Docker daemon +[\d.]+kB\r\r\nStep 1\/9 : FROM busybox\n/)
    expect(out).toContain('x is hello\n')
    // RUN's stderr comes wrapped in red by the daemon.
    expect(out).toContain('\x1b[91mto-stderr\n\x1b[0m')
    // .dockerignore: excluded, re-included by exceptions, and Dockerfile/.dockerignore dropped by the daemon.
    const listing = /RUN find \/ctx \| sort\n[^\n]*\n([\s\S]*?)Removing intermediate/.exec(out)?.[1] ?? ''
    expect(listing.split('\n').filter(Boolean)).toEqual([
      '/ctx',
      // The 20.10 daemon keeps both in what COPY sees when they are sent.
      '/ctx/.dockerignore',
      '/ctx/Dockerfile',
      '/ctx/a.txt',
      '/ctx/ignored',
      '/ctx/ignored/keep.txt',
      '/ctx/logs',
      '/ctx/logs/2.log',
      '/ctx/sub',
      '/ctx/sub/b.txt',
      '/ctx/sub/deep',
      '/ctx/sub/deep/c.txt',
      // `*.key` is anchored at the root: it does not reach into sub/.
      '/ctx/sub/nested.key',
    ])
    expect(out).toMatch(new RegExp(`Successfully built [0-9a-f]{12}\\nSuccessfully tagged ${TAG}:full\\nSuccessfully tagged ${TAG}:second\\n$`))
  })

  it('a cached rebuild (same IDs for both, nothing to mask)', () => build(['--build-arg', 'X=hello', '--label', 'l1=v1', ctxDir], {normalise: (t) => t}))

  it('-f inside the context', () => build(['--no-cache', '-f', path.join(ctxDir, 'Dockerfile.alt'), ctxDir]))
  it('-f outside the context', () => build(['--no-cache', '-t', `${TAG}:outside`, '-f', outsideDockerfile, ctxDir]))

  it('`-` with a Dockerfile on stdin', () => build(['--no-cache', '-t', `${TAG}:stdin`, '-'], {input: `FROM busybox\n${LABEL_LINE}\nRUN echo from-stdin\n`}))

  it('`-` with a tar on stdin, and a gzipped one', async () => {
    const tar = spawnSync('tar', ['-C', ctxDir, '-cf', '-', '.'], {maxBuffer: 64 * 1024 * 1024})
    expect(tar.status).toBe(0)
    await build(['--no-cache', '-t', `${TAG}:tar`, '-'], {input: tar.stdout})
    await build(['--no-cache', '-f', 'Dockerfile.alt', '-'], {input: gzipSync(tar.stdout)})
  })

  it('-q prints only the image ID', async () => {
    const pair = await build(['-q', '--no-cache', ctxDir])
    expect(pair.whalectl.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/)
  })

  it('--iidfile holds the image ID without a newline (with -q: what -q printed)', async () => {
    const files = {docker: path.join(root, 'iid-docker'), whalectl: path.join(root, 'iid-whalectl')}
    for (const [who, run] of [['docker', runDocker], ['whalectl', runWhalectl]] as const) {
      writeFileSync(files[who], 'stale')
      const r = await run(['build', '-t', `${TAG}:iid`, '--iidfile', files[who], ctxDir])
      expect(r.code, r.stderr).toBe(0)
    }
    const ours = readFileSync(files.whalectl, 'utf8')
    expect(ours).toBe(readFileSync(files.docker, 'utf8'))
    expect(ours).toMatch(/^sha256:[0-9a-f]{64}$/)
    const inspected = await runDocker(['image', 'inspect', '-f', '{{.Id}}', `${TAG}:iid`])
    expect(inspected.stdout).toBe(`${ours}\n`)

    const quiet = path.join(root, 'iid-quiet')
    const q = await runWhalectl(['build', '-q', '--iidfile', quiet, ctxDir])
    expect(readFileSync(quiet, 'utf8')).toBe(q.stdout)
  })

  it('a failing RUN exits with its code', async () => {
    const pair = await build(['--no-cache', '-f', path.join(ctxDir, 'Dockerfile.fail'), ctxDir])
    expect(pair.whalectl.code).toBe(3)
    // After the classic builder's notice, which every build with DOCKER_BUILDKIT=0 starts with.
    expect(pair.whalectl.stderr).toMatch(/^DEPRECATED: [^]*\n\nThe command '\/bin\/sh -c echo before && exit 3' returned a non-zero code: 3\n$/)
  })

  it('a failing RUN with -q shows the held output on stderr', async () => {
    const pair = await build(['-q', '--no-cache', '-f', path.join(ctxDir, 'Dockerfile.fail'), ctxDir])
    expect(pair.whalectl.code).toBe(3)
    expect(pair.whalectl.stdout).toBe('')
  })

  it('--iidfile of a failed build removes the stale file', async () => {
    const iid = path.join(root, 'iid-failed')
    writeFileSync(iid, 'stale')
    const r = await runWhalectl(['build', '--iidfile', iid, '-f', path.join(ctxDir, 'Dockerfile.fail'), ctxDir])
    expect(r.code).toBe(3)
    expect(existsSync(iid)).toBe(false)
  })

  describe('errors', () => {
    const cliError = (args: string[], opts: ParityOptions = {}) => build(args, {dockerStderr: renameProgram, ...opts})
    it('missing context directory', () => build([path.join(root, 'nonexistent')]))
    it('missing Dockerfile', () => build([path.join(root, 'elsewhere')]))
    it('-f naming a missing file', () => build(['-f', path.join(root, 'nope'), ctxDir]))
    it('a Dockerfile the daemon cannot parse', () => build(['-f', path.join(ctxDir, 'Dockerfile.bad'), ctxDir]))
    it('stdin for both context and Dockerfile', () => build(['-f', '-', '-'], {input: ''}))
    it('a Dockerfile on stdin with -f', () => build(['-f', 'Dockerfile', '-'], {input: 'FROM busybox\n'}))
    it('invalid tag: 125', () => cliError(['-t', 'Bad:tag', ctxDir]))
    it('invalid --build-arg: 125', () => cliError(['--build-arg', '=x', ctxDir]))
    it('BuildKit-only flag: 125', () => cliError(['--progress', 'plain', ctxDir]))
    it('no argument: 1', () => cliError([]))
    it('DOCKER_BUILDKIT=foo', () => build([ctxDir], {env: {DOCKER_BUILDKIT: 'foo'}}))
    it('DOCKER_BUILDKIT=1 without buildx', () => build([ctxDir], {env: {DOCKER_BUILDKIT: '1'}}))
  })
})

describe('the built image', () => {
  it('runs, with the CMD, ENV and COPY of its Dockerfile', async () => {
    // `whalectl run` is another issue; use it when it exists, the reference CLI otherwise.
    const haveRun = (await runWhalectl(['run', '--help'])).code === 0
    const run = haveRun ? runWhalectl : runDocker
    const r = await run(['run', '--rm', '--label', cleanupLabel, `${TAG}:full`])
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('hello world\nA\n')
    expect(r.code).toBe(0)
    const alt = await run(['run', '--rm', '--label', cleanupLabel, `${TAG}:outside`])
    expect(alt.stdout, alt.stderr).toBe('A\n')
  })
})

