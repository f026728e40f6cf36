// `cp` and `export` against a fake engine: archives a real engine would never send (entries
// that climb out of the destination, symlink tricks, a connection cut half-way), the archive
// endpoints' X-Docker-Container-Path-Stat header, and the exact requests made. Parity with the
// real docker CLI is in test/e2e/cp.e2e.test.ts.
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import type {ServerResponse} from 'node:http'
import os from 'node:os'
import path from 'node:path'
import {extract} from 'tar-stream'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {BIN_RUN, runCli} from '../fake-engine/run-cli.js'
import {API_VERSION, type FakeEngine, type RecordedRequest, sendJSON, startFakeEngine} from '../fake-engine/server.js'
import {tarOf} from '../fake-engine/tar.js'

async function entriesOf(tar: Buffer): Promise<Array<{name: string; type: string; content: string}>> {
  const out: Array<{name: string; type: string; content: string}> = []
  const x = extract()
  x.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = []
    stream.on('data', (c: Buffer) => chunks.push(c))
    stream.on('end', () => {
      out.push({content: Buffer.concat(chunks).toString(), name: header.name, type: header.type ?? ''})
      next()
    })
  })
  const finished = new Promise((resolve, reject) => {
    x.on('finish', resolve)
    x.on('error', reject)
  })
  x.end(tar)
  await finished
  return out
}

const DIR_MODE = 2 ** 31 + 0o755
const statHeader = (stat: {name: string; mode: number; linkTarget?: string}): string =>
  Buffer.from(JSON.stringify({linkTarget: '', mtime: '2024-01-01T00:00:00Z', size: 4096, ...stat})).toString('base64')

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

let engine: FakeEngine
let work: string
let dest: string

beforeAll(async () => {
  engine = await startFakeEngine()
})
afterAll(async () => {
  await engine.close()
})
beforeEach(() => {
  engine.requests.length = 0
  work = mkdtempSync(path.join(os.tmpdir(), 'whalectl-cp-it-'))
  dest = path.join(work, 'dest')
  mkdirSync(dest)
  writeFileSync(path.join(work, 'outside'), 'untouched')
})
afterEach(() => rmSync(work, {force: true, recursive: true}))

const env = (): Record<string, string> => ({DOCKER_CONFIG: '/nonexistent-whalectl-config', DOCKER_HOST: engine.host})
const cli = (args: string[], input?: string): ReturnType<typeof runCli> => runCli(args, env(), input)

/** Everything under `work`, as `path` (dirs end in /), sorted. */
function listing(): string[] {
  const out: string[] = []
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`
      out.push(e.isDirectory() ? `${r}/` : r)
      if (e.isDirectory()) walk(path.join(d, e.name), r)
    }
  }
  walk(work, '')
  return out.sort()
}

/** Serves `body` (in pieces, one HTTP chunk each, with pauses) for GET /containers/c1/archive. */
function serveArchive(body: Buffer, stat: {name: string; mode: number; linkTarget?: string}, opts: {pieces?: number; cutAt?: number} = {}): void {
  const handler = async (req: RecordedRequest, res: ServerResponse): Promise<void> => {
    res.writeHead(200, {'Api-Version': API_VERSION, 'Content-Type': 'application/x-tar', 'X-Docker-Container-Path-Stat': statHeader(stat)})
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    const data = opts.cutAt === undefined ? body : body.subarray(0, opts.cutAt)
    const pieces = opts.pieces ?? 1
    const size = Math.ceil(data.length / pieces)
    for (let i = 0; i < data.length; i += size) {
      res.write(data.subarray(i, i + size))
      if (pieces > 1) await pause(5)
    }
    if (opts.cutAt === undefined) res.end()
    else {
      await pause(50)
      res.socket?.destroy()
    }
  }
  engine.on('GET', '/containers/c1/archive', handler)
  engine.on('HEAD', '/containers/c1/archive', handler)
}

describe('cp out of a container: what a container may not do', () => {
  const dirStat = {mode: DIR_MODE, name: 'x'}
  it.each([
    ['an entry climbing out with ..', [{content: 'pwn', name: 'x/../../evil'}], '"../evil" is outside of "DEST"'],
    ['an absolute entry', [{content: 'pwn', name: '/evil'}], '"/evil" is outside of "DEST"'],
    ['the entry ..', [{name: '..', type: 'directory' as const}], '".." is outside of "DEST"'],
    ['a symlink out, then a file through it', [{linkname: 'WORK', name: 'x/l', type: 'symlink' as const}, {content: 'pwn', name: 'x/l/evil'}], 'invalid path "res/l/evil": it goes through the symlink "res/l" from the same archive'],
    ['a relative symlink pointing out', [{linkname: '../../..', name: 'x/l', type: 'symlink' as const}], 'invalid symlink "DEST/res/l" -> "../../.."'],
    ['a hard link to a file outside', [{linkname: '../outside', name: 'x/h', type: 'link' as const}], 'invalid hardlink "WORK/outside" -> "../outside"'],
  ])('refuses %s: exit 1, docker-style message, nothing written', async (_what, specs, message) => {
    const fill = (s: string): string => s.replaceAll('DEST', dest).replaceAll('WORK', work)
    serveArchive(await tarOf([{name: 'x/', type: 'directory'}, {content: 'fine', name: 'x/ok'}, ...specs.map((s) => ({...s, linkname: s.linkname && fill(s.linkname)}))]), dirStat)
    const r = await cli(['cp', 'c1:/x', path.join(dest, 'res')])
    expect(r).toEqual({code: 1, stderr: `${fill(message)}\n`, stdout: ''})
    expect(listing()).toEqual(['dest/', 'outside'])
    expect(readFileSync(path.join(work, 'outside'), 'utf8')).toBe('untouched')
  })

  it('leaves no partial file when the connection is cut half-way, and says "unexpected EOF"', async () => {
    writeFileSync(path.join(dest, 'res'), 'previous')
    const tar = await tarOf([{content: Buffer.alloc(300_000, 0x61), name: 'x'}])
    serveArchive(tar, {mode: 0o644, name: 'x'}, {cutAt: 150_000, pieces: 10})
    const r = await cli(['cp', '-q=false', 'c1:/x', path.join(dest, 'res')])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`^Successfully copied [0-9.]+kB to ${dest}/res\nunexpected EOF\n$`))
    expect(listing()).toEqual(['dest/', 'dest/res', 'outside'])
    expect(readFileSync(path.join(dest, 'res'), 'utf8')).toBe('previous')
  })

  it('leaves nothing when interrupted, and exits 130 quietly', async () => {
    const tar = await tarOf([{content: Buffer.alloc(2_000_000, 0x62), name: 'x'}])
    serveArchive(tar, {mode: 0o644, name: 'x'}, {pieces: 400})
    const child = spawn(process.execPath, [BIN_RUN, 'cp', 'c1:/x', path.join(dest, 'res')], {env: {PATH: process.env.PATH, ...env()}})
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    // Interrupt once the copy has begun to land in the staging directory.
    for (let i = 0; i < 200 && !readdirSync(dest).some((n) => n.startsWith('.whalectl-cp-')); i++) await pause(10)
    child.kill('SIGINT')
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect({code, stderr}).toEqual({code: 130, stderr: ''})
    expect(listing()).toEqual(['dest/', 'outside'])
  })
})

describe('cp out of a container: the protocol', () => {
  it('reads an archive that arrives in small chunked pieces, or with a Content-Length, into place', async () => {
    const tar = await tarOf([{name: 'x/', type: 'directory'}, {content: 'a'.repeat(70_000), name: 'x/big'}, {content: 'small', name: 'x/s'}])
    serveArchive(tar, {mode: DIR_MODE, name: 'x'}, {pieces: 97})
    expect(await cli(['cp', 'c1:/x', path.join(dest, 'chunked')])).toEqual({code: 0, stderr: '', stdout: ''})
    engine.on('GET', '/containers/c1/archive', (_req, res) => {
      res.writeHead(200, {'Content-Length': String(tar.length), 'X-Docker-Container-Path-Stat': statHeader({mode: DIR_MODE, name: 'x'})})
      res.end(tar)
    })
    expect(await cli(['cp', '-q=false', 'c1:/x', path.join(dest, 'sized')])).toEqual({code: 0, stderr: `Successfully copied 73.2kB to ${dest}/sized\n`, stdout: ''})
    for (const name of ['chunked', 'sized']) {
      expect(readFileSync(path.join(dest, name, 'big'), 'utf8')).toBe('a'.repeat(70_000))
      expect(readFileSync(path.join(dest, name, 's'), 'utf8')).toBe('small')
    }
    const get = engine.requests.find((r) => r.method === 'GET')
    expect(get?.url).toBe(`/v${API_VERSION}/containers/c1/archive?path=%2Fx`)
    expect(get?.headers.host).toBe('api.moby.localhost')
  })

  it("passes the engine's errors on in its words", async () => {
    engine.on('GET', '/containers/c1/archive', (_req, res) => sendJSON(res, 404, {message: 'Could not find the file /nope in container c1'}))
    expect(await cli(['cp', 'c1:/nope', path.join(dest, 'x')])).toEqual({code: 1, stderr: 'Error response from daemon: Could not find the file /nope in container c1\n', stdout: ''})
    engine.on('GET', '/containers/c1/archive', (_req, res) => {
      res.writeHead(500, {'Content-Type': 'text/plain'})
      res.end('broken\n')
    })
    expect((await cli(['cp', 'c1:/x', path.join(dest, 'x')])).stderr).toBe('Error response from daemon: broken\n')
    expect(listing()).toEqual(['dest/', 'outside'])
  })

  it('with -L, follows a symlink the stat header reports and names the copy after the link', async () => {
    serveArchive(await tarOf([{content: 'target', name: 'real'}]), {linkTarget: 'real', mode: 2 ** 27 + 0o777, name: 'lnk'})
    expect(await cli(['cp', '-L', 'c1:/d/lnk', dest])).toEqual({code: 0, stderr: '', stdout: ''})
    expect(readFileSync(path.join(dest, 'lnk'), 'utf8')).toBe('target')
    expect(engine.requests.map((r) => `${r.method} ${r.query.get('path')}`).filter((l) => !l.endsWith('null'))).toEqual(['HEAD /d/lnk', 'GET /d/real'])
  })

  it('writes the archive to stdout as it comes with -', async () => {
    const tar = await tarOf([{content: 'x'.repeat(10_000), name: 'x'}])
    serveArchive(tar, {mode: 0o644, name: 'x'}, {pieces: 7})
    const child = spawn(process.execPath, [BIN_RUN, 'cp', 'c1:/x', '-'], {env: {PATH: process.env.PATH, ...env()}})
    const out: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0)
    expect(Buffer.concat(out).equals(tar)).toBe(true)
  })
})

describe('cp into a container: the requests', () => {
  it('stats the destination, then sends the source as a tar renamed for it, with docker query', async () => {
    mkdirSync(path.join(work, 'src/sub'), {recursive: true})
    writeFileSync(path.join(work, 'src/f'), 'hello')
    engine.on('HEAD', '/containers/c1/archive', (_req, res) => sendJSON(res, 404, {message: 'Could not find the file /new in container c1'}))
    engine.on('PUT', '/containers/c1/archive', (_req, res) => {
      res.writeHead(200)
      res.end()
    })
    expect(await cli(['cp', '-a', '-q=false', path.join(work, 'src'), 'c1:/tmp/new'])).toEqual({code: 0, stderr: 'Successfully copied 3.07kB to c1:/tmp/new\n', stdout: ''})
    const put = engine.requests.find((r) => r.method === 'PUT')
    expect(put?.url).toBe(`/v${API_VERSION}/containers/c1/archive?copyUIDGID=1&noOverwriteDirNonDir=true&path=%2Ftmp`)
    expect(put?.headers['content-type']).toBe('application/x-tar')
    expect(await entriesOf(put?.body ?? Buffer.alloc(0))).toEqual([
      {content: '', name: 'new/', type: 'directory'},
      {content: 'hello', name: 'new/f', type: 'file'},
      {content: '', name: 'new/sub/', type: 'directory'},
    ])
  })

  it("sends stdin as it is for -, into a directory the stat header says is one", async () => {
    engine.on('HEAD', '/containers/c1/archive', (_req, res) => {
      res.writeHead(200, {'X-Docker-Container-Path-Stat': statHeader({mode: DIR_MODE, name: 'tmp'})})
      res.end()
    })
    engine.on('PUT', '/containers/c1/archive', (_req, res) => {
      res.writeHead(200)
      res.end()
    })
    expect(await cli(['cp', '-', 'c1:/tmp'], 'not even a tar')).toEqual({code: 0, stderr: '', stdout: ''})
    expect(engine.requests.find((r) => r.method === 'PUT')?.body.toString()).toBe('not even a tar')
  })

  it('ends the upload when the engine refuses it before reading it', async () => {
    writeFileSync(path.join(work, 'big'), Buffer.alloc(5_000_000))
    engine.on('HEAD', '/containers/c1/archive', (_req, res) => sendJSON(res, 404, {message: 'No such container: c1'}))
    engine.on('PUT', '/containers/c1/archive', (_req, res) => sendJSON(res, 404, {message: 'No such container: c1'}))
    expect(await cli(['cp', path.join(work, 'big'), 'c1:/x'])).toEqual({code: 1, stderr: 'Error response from daemon: No such container: c1\n', stdout: ''})
  })
})

describe('export', () => {
  it('streams the export to the -o file, and leaves no file when the connection is cut', async () => {
    const tar = await tarOf([{content: 'z'.repeat(100_000), name: 'etc/x'}])
    engine.on('GET', '/containers/c1/export', async (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/x-tar'})
      res.write(tar.subarray(0, 50_000))
      await pause(20)
      res.end(tar.subarray(50_000))
    })
    expect(await cli(['export', '-o', path.join(work, 'out.tar'), 'c1'])).toEqual({code: 0, stderr: '', stdout: ''})
    expect(readFileSync(path.join(work, 'out.tar')).equals(tar)).toBe(true)

    engine.on('GET', '/containers/c1/export', async (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/x-tar'})
      res.write(tar.subarray(0, 50_000))
      await pause(50)
      res.socket?.destroy()
    })
    expect(await cli(['export', '-o', path.join(work, 'cut.tar'), 'c1'])).toEqual({code: 1, stderr: 'unexpected EOF\n', stdout: ''})
    expect(existsSync(path.join(work, 'cut.tar'))).toBe(false)
    expect(listing()).toEqual(['dest/', 'out.tar', 'outside'])
  })

  it("checks the output before asking the engine, in atomicwriter's words", async () => {
    expect(await cli(['export', '-o', dest, 'c1'])).toEqual({code: 1, stderr: 'failed to export container: cannot write to a directory\n', stdout: ''})
    expect(engine.requests.filter((r) => r.path.endsWith('/export'))).toEqual([])
  })
})
