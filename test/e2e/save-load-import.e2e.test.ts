// `whalectl save`, `load` and `import` against the reference docker on the same engine: the
// archive byte for byte, `Loaded image` lines, docker's refusals and errors, and a save | load
// round trip that gives back the same image ID. Only image IDs made by `import` (which depend
// on the time of the import) are normalised.
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, dockerHost, repoRoot, type RunOptions, runDocker, runWhalectl} from '../engine/harness.js'
import {expectParity, renameProgram, shellQuote} from './normalise.js'
import {onTerminal} from './pty.js'

const IMPORTED = 'whalectl-e2e-import'
let work = ''
let busyboxId = ''
let busyboxTar: Buffer = Buffer.alloc(0)
let rootfsTar = ''

async function docker(args: string[], opts: RunOptions = {}): Promise<string> {
  const result = await runDocker(args, opts)
  if (result.code !== 0) throw new Error(`docker ${shellQuote(args)} failed (${result.code}): ${result.stderr}`)
  return result.stdout.trim()
}

const anyImageId = (text: string): string => text.replace(/sha256:[0-9a-f]{64}/g, 'sha256:<id>')

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'whalectl-save-load-'))
  busyboxId = await docker(['image', 'inspect', '-f', '{{.Id}}', 'busybox:latest'])
  busyboxTar = (await runDocker(['save', 'busybox:latest'])).stdoutBuf
  // A tiny root filesystem for import.
  const root = path.join(work, 'rootfs')
  mkdirSync(path.join(root, 'etc'), {recursive: true})
  writeFileSync(path.join(root, 'etc', 'hello'), 'hello\n')
  rootfsTar = path.join(work, 'rootfs.tar')
  execFileSync('tar', ['-cf', rootfsTar, '-C', root, '.'])
  writeFileSync(path.join(work, 'garbage.tar'), 'this is not a tar archive\n')
  writeFileSync(path.join(work, 'truncated.tar'), busyboxTar.subarray(0, 100_000))
})

afterAll(async () => {
  const tags = (await runDocker(['images', '-q', '--filter', `reference=${IMPORTED}*`])).stdout.split('\n').filter(Boolean)
  if (tags.length > 0) await runDocker(['rmi', '-f', ...new Set(tags)])
  rmSync(work, {force: true, recursive: true})
})

describe('save', () => {
  it('writes the same archive as docker to stdout', async () => {
    const pair = await expectParity(['save', 'busybox:latest'])
    expect(pair.whalectl.stdoutBuf.equals(pair.docker.stdoutBuf)).toBe(true)
    expect(pair.whalectl.stdoutBuf.length).toBeGreaterThan(1_000_000)
  })

  it('image save of several images, one of them by ID', async () => {
    const pair = await expectParity(['image', 'save', 'busybox:latest', busyboxId.slice(7, 19)])
    expect(pair.whalectl.stdoutBuf.equals(pair.docker.stdoutBuf)).toBe(true)
  })

  it('-o writes a 0600 file atomically, the same bytes as docker', async () => {
    for (const cli of ['docker', 'whalectl'] as const) {
      const dir = path.join(work, `save-o-${cli}`)
      mkdirSync(dir)
      const run = cli === 'docker' ? runDocker : runWhalectl
      const r = await run(['save', '-o', path.join(dir, 'busybox.tar'), 'busybox:latest'])
      expect(r, cli).toMatchObject({code: 0, stderr: '', stdout: ''})
      expect(readdirSync(dir)).toEqual(['busybox.tar'])
      expect(statSync(path.join(dir, 'busybox.tar')).mode & 0o777).toBe(0o600)
    }
    expect(readFileSync(path.join(work, 'save-o-whalectl', 'busybox.tar')).equals(readFileSync(path.join(work, 'save-o-docker', 'busybox.tar')))).toBe(true)
  })

  it('a failed save -o leaves no file behind', async () => {
    const dir = path.join(work, 'save-fail')
    mkdirSync(dir)
    await expectParity(['save', '-o', path.join(dir, 'x.tar'), 'whalectl-no-such-image:1'])
    await expectParity(['save', '-o', path.join(dir, 'x.tar'), 'busybox:latest', 'whalectl-no-such-image:1'])
    expect(readdirSync(dir)).toEqual([])
  })

  it("refuses destinations as docker's atomic writer does", async () => {
    mkdirSync(path.join(work, 'a-directory'))
    for (const output of [path.join(work, 'missing-dir', 'x.tar'), path.join(work, 'a-directory'), '/dev/null', path.join(work, 'rootfs.tar', 'x.tar')]) {
      await expectParity(['save', '-o', output, 'busybox:latest'])
    }
  })

  it('usage errors and --platform on an engine older than API 1.48', async () => {
    await expectParity(['save'], {dockerStderr: renameProgram})
    await expectParity(['save', '--platform', 'linux/amd64', 'busybox:latest'])
    await expectParity(['save', '--bogus', 'busybox:latest'], {dockerStderr: renameProgram})
  })

  it('refuses to write the archive to a terminal', () => {
    const theirs = onTerminal('docker', ['save', 'busybox:latest'])
    const ours = onTerminal('whalectl', ['save', 'busybox:latest'])
    expect(ours).toEqual(theirs)
    expect(ours.output).toBe('cowardly refusing to save to a terminal. Use the -o flag or redirect\r\n')
  })
})

describe('load', () => {
  it('save | load round trip: the image comes back with its ID, by tag or by ID', async () => {
    await docker(['import', rootfsTar, `${IMPORTED}:rt`])
    const id = await docker(['image', 'inspect', '-f', '{{.Id}}', `${IMPORTED}:rt`])
    const byTag = await runWhalectl(['save', `${IMPORTED}:rt`])
    const byId = await runWhalectl(['save', id.slice(7)])
    expect([byTag.code, byId.code]).toEqual([0, 0])
    await docker(['rmi', `${IMPORTED}:rt`])
    expect((await runDocker(['image', 'inspect', id])).code).toBe(1)
    expect(await runWhalectl(['load'], {input: byId.stdoutBuf})).toMatchObject({code: 0, stderr: '', stdout: `Loaded image ID: ${id}\n`})
    expect(await runWhalectl(['load'], {input: byTag.stdoutBuf})).toMatchObject({code: 0, stderr: '', stdout: `Loaded image: ${IMPORTED}:rt\n`})
    expect(await docker(['image', 'inspect', '-f', '{{.Id}}', `${IMPORTED}:rt`])).toBe(id)
  })

  it('a pipe from save into load, by image ID only', async () => {
    const id = busyboxId.slice(7, 19)
    const bin = path.join(repoRoot, 'bin', 'run.js')
    const out = execFileSync('sh', ['-c', `"$0" save "$1" | "$0" load`, bin, id], {
      env: {...process.env, DOCKER_CONFIG: path.join(work, 'no-config'), DOCKER_HOST: dockerHost()},
    }).toString()
    expect(out).toBe(`Loaded image ID: ${busyboxId}\n`)
  })

  it('-i, stdin and -q print what docker prints', async () => {
    const tar = path.join(work, 'busybox.tar')
    writeFileSync(tar, busyboxTar)
    await expectParity(['load', '-i', tar])
    await expectParity(['image', 'load', '-q', '-i', tar])
    await expectParity(['load'], {input: busyboxTar})
  })

  it("a corrupt or truncated archive, or a missing file: docker's message and exit code", async () => {
    for (const name of ['garbage.tar', 'truncated.tar', 'missing.tar']) {
      const pair = await expectParity(['load', '-i', path.join(work, name)])
      expect(pair.whalectl.code).toBe(1)
    }
    // An empty archive names a temporary directory of the engine's, which differs per run.
    await expectParity(['load'], {input: Buffer.alloc(1024), normalise: (t) => t.replace(/docker-import-\d+/, 'docker-import-N')})
  })

  it('usage errors, --platform on an old engine, and a terminal for stdin', async () => {
    await expectParity(['load', 'x'], {dockerStderr: renameProgram})
    await expectParity(['load', '--platform', 'linux/amd64', '-i', rootfsTar])
    expect(onTerminal('whalectl', ['load'])).toEqual(onTerminal('docker', ['load']))
  })
})

describe('import', () => {
  const opts = {normalise: anyImageId}

  it('a file, with a reference, changes and a message', async () => {
    await expectParity(['import', rootfsTar], opts)
    await expectParity(['import', '-c', 'ENV A=b', '--change', 'CMD ["/bin/true"]', '-m', 'imported', rootfsTar, `${IMPORTED}:1`], opts)
    const inspect = await docker(['image', 'inspect', '-f', '{{.Comment}} {{.Config.Env}} {{.Config.Cmd}} {{json .RepoTags}}', `${IMPORTED}:1`])
    expect(inspect).toBe(`imported [A=b] [/bin/true] ["${IMPORTED}:1"]`)
  })

  it('stdin, and the image management spelling', async () => {
    await expectParity(['image', 'import', '-', `${IMPORTED}:2`], {...opts, input: readFileSync(rootfsTar)})
  })

  it("bad input gets docker's message and exit code", async () => {
    await expectParity(['import', path.join(work, 'garbage.tar')])
    await expectParity(['import', path.join(work, 'missing.tar')])
    await expectParity(['import', rootfsTar, 'Bad:Ref'])
    await expectParity(['import', '-c', 'BOGUS x', rootfsTar])
    await expectParity(['import', '--platform', 'not/a/valid/platform/spec', rootfsTar])
    await expectParity(['import'], {dockerStderr: renameProgram})
  })

  it('a URL is downloaded by the engine, from a server on its 127.0.0.1', async () => {
    // busybox httpd in the engine's own network namespace (loopback only) serves the archive.
    const name = `whalectl-e2e-httpd-${process.pid}`
    const port = 18_000 + (process.pid % 1000)
    await docker(['create', '--label', cleanupLabel, '--name', name, '--network', 'host', 'busybox', 'httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/www'])
    try {
      const www = path.join(work, 'www')
      mkdirSync(www)
      writeFileSync(path.join(www, 'rootfs.tar'), readFileSync(rootfsTar))
      await docker(['cp', www, `${name}:/www`])
      await docker(['start', name])
      const url = `http://127.0.0.1:${port}/rootfs.tar`
      const pair = await expectParity(['import', url, `${IMPORTED}:url`], opts)
      expect(pair.whalectl.code).toBe(0)
      await expectParity(['import', `http://127.0.0.1:${port}/missing.tar`], opts)
    } finally {
      await runDocker(['rm', '-f', name])
    }
  })
})
