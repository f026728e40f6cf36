import {mkdirSync, mkdtempSync, rmSync, symlinkSync, chmodSync, linkSync, truncateSync, writeFileSync, utimesSync} from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {PassThrough, Readable} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import {gzipSync} from 'node:zlib'
import {extract, pack} from 'tar-stream'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {
  compressionOf,
  contextFromLocalDir,
  contextFromStdin,
  countingStream,
  createContextStream,
  encodeTarHeader,
  formatUploadLine,
  resolveDockerfile,
  sniffStdinContext,
  uploadProgress,
} from '../../../src/lib/build/context.js'
import {trimBuildFilesFromExcludes} from '../../../src/lib/build/dockerignore.js'

interface Entry {
  content: string
  gid: number
  gname: string
  linkname: string | null
  mode: number
  name: string
  size: number
  type: string
  uid: number
  uname: string
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

async function listTar(tar: Buffer): Promise<Entry[]> {
  const entries: Entry[] = []
  const reader = extract()
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = []
    stream.on('data', (c: Buffer) => chunks.push(c))
    stream.on('end', () => {
      entries.push({
        content: Buffer.concat(chunks).toString(),
        gid: header.gid,
        gname: header.gname,
        linkname: header.linkname,
        mode: header.mode,
        name: header.name,
        size: header.size,
        type: header.type,
        uid: header.uid,
        uname: header.uname,
      })
      next()
    })
  })
  await pipeline(Readable.from([tar]), reader)
  return entries
}

// The fixed part of a context listing: everything but timestamps.
const names = (entries: Entry[]) => entries.map((e) => e.name)

function write(root: string, file: string, content = '', mode?: number): void {
  mkdirSync(path.dirname(path.join(root, file)), {recursive: true})
  writeFileSync(path.join(root, file), content)
  if (mode !== undefined) chmodSync(path.join(root, file), mode)
}

let tmp: string
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'whalectl-context-'))
})
afterAll(() => {
  rmSync(tmp, {force: true, recursive: true})
})

function freshDir(name: string): string {
  const dir = path.join(tmp, name)
  mkdirSync(dir, {recursive: true})
  return dir
}

describe('createContextStream', () => {
  it('sends what docker sends: sorted walk, no root entry, uid/gid 0, modes kept, symlinks as links', async () => {
    const ctx = freshDir('basic')
    write(ctx, 'Dockerfile', 'FROM scratch\n')
    write(ctx, '.dockerignore', 'ignored\n!ignored/keep.txt\n*.key\nDockerfile\n.dockerignore\n')
    write(ctx, 'run.sh', '#!/bin/sh\n', 0o755)
    write(ctx, 'secret.key', 'k')
    write(ctx, 'ignored/keep.txt', 'keep')
    write(ctx, 'ignored/drop.txt', 'drop')
    write(ctx, 'sub/b.txt', 'b')
    chmodSync(path.join(ctx, 'sub'), 0o750)
    symlinkSync('/etc/passwd', path.join(ctx, 'outside'))

    const excludes = trimBuildFilesFromExcludes(['ignored', '!ignored/keep.txt', '*.key', 'Dockerfile', '.dockerignore'], 'Dockerfile', false)
    const entries = await listTar(await collect(createContextStream(ctx, {excludes})))

    expect(names(entries)).toEqual(['.dockerignore', 'Dockerfile', 'ignored/keep.txt', 'outside', 'run.sh', 'sub/', 'sub/b.txt'])
    for (const entry of entries) {
      expect([entry.uid, entry.gid, entry.uname, entry.gname]).toEqual([0, 0, '', ''])
    }
    const byName = new Map(entries.map((e) => [e.name, e]))
    expect(byName.get('run.sh')).toMatchObject({content: '#!/bin/sh\n', mode: 0o755, type: 'file'})
    expect(byName.get('sub/')).toMatchObject({mode: 0o750, type: 'directory'})
    expect(byName.get('outside')).toMatchObject({linkname: '/etc/passwd', size: 0, type: 'symlink'})
    expect(byName.get('ignored/keep.txt')?.content).toBe('keep')
  })

  it('produces docker’s exact size for the documented example (5.632kB)', async () => {
    const ctx = freshDir('observed')
    write(ctx, 'Dockerfile', 'FROM busybox\nCOPY . /ctx/\n')
    write(ctx, '.dockerignore', 'ignored\n*.key\n')
    write(ctx, 'a.txt', 'a\n')
    write(ctx, 'sub/b.txt', 'b\n')
    write(ctx, 'secret.key', 's\n')
    write(ctx, 'ignored/x', 'i\n')
    const tar = await collect(createContextStream(ctx, {excludes: trimBuildFilesFromExcludes(['ignored', '*.key'], 'Dockerfile', false)}))
    expect(tar.length).toBe(5632)
    expect(formatUploadLine(tar.length, true)).toBe('Sending build context to Docker daemon  5.632kB\r\r\n')
    expect(tar.subarray(-1024).every((b) => b === 0)).toBe(true)
  })

  it('stores a second hard link as a link to the first, and tells about skipped sockets', async () => {
    const ctx = freshDir('links')
    write(ctx, 'a', 'same')
    linkSync(path.join(ctx, 'a'), path.join(ctx, 'b'))
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(path.join(ctx, 'sock'), resolve))
    const skipped: string[] = []
    try {
      const entries = await listTar(await collect(createContextStream(ctx, {excludes: [], onSkip: (m) => skipped.push(m)})))
      expect(entries.map((e) => [e.name, e.type, e.linkname])).toEqual([
        ['a', 'file', null],
        ['b', 'link', 'a'],
      ])
    } finally {
      server.close()
    }
    expect(skipped).toEqual([`Can't add file ${path.join(ctx, 'sock')} to tar: archive/tar: sockets not supported`])
  })

  it('walks an excluded directory only for exceptions whose text starts with it', async () => {
    const ctx = freshDir('gap')
    write(ctx, 'Dockerfile')
    write(ctx, 'top.py')
    write(ctx, 'sub/x.py')
    write(ctx, 'keep/deep/y.py')
    const excludes = trimBuildFilesFromExcludes(['*', '!**/*.py', '!keep/deep'], 'Dockerfile', false)
    const entries = await listTar(await collect(createContextStream(ctx, {excludes})))
    // docker/cli#2847: sub/x.py is not sent; keep/ itself is walked but not sent.
    expect(names(entries)).toEqual(['Dockerfile', 'keep/deep/', 'keep/deep/y.py', 'top.py'])
  })

  it('injects a Dockerfile from outside, lists it in .dockerignore, and ends the tar as docker does', async () => {
    const ctx = freshDir('inject')
    write(ctx, 'x', 'x')
    const injected = {content: Buffer.from('FROM scratch\n'), name: '.dockerfile.0123456789abcdef0123'}
    const tar = await collect(createContextStream(ctx, {excludes: [], injectedDockerfile: injected, now: () => 1_700_000_000_499}))
    // x (1024) + .dockerfile.* (1024) + a created .dockerignore whose 47 bytes are not padded,
    // and no end-of-archive blocks: docker's ReplaceFileTarWrapper closes its pipe too early.
    const dockerignore = `.dockerignore\n${injected.name}\n`
    expect(tar.length).toBe(1024 + 1024 + 512 + dockerignore.length)
    const padded = Buffer.concat([tar, Buffer.alloc(512 - dockerignore.length + 1024)])
    const entries = await listTar(padded)
    expect(entries.map((e) => [e.name, e.mode, e.content])).toEqual([
      ['x', 0o666 & ~process.umask(), 'x'],
      [injected.name, 0o600, 'FROM scratch\n'],
      ['.dockerignore', 0o600, dockerignore],
    ])
  })

  it('rewrites an existing .dockerignore in place when injecting', async () => {
    const ctx = freshDir('inject2')
    write(ctx, '.dockerignore', 'a\n')
    write(ctx, 'b', '')
    const injected = {content: Buffer.from('FROM scratch\n'), name: '.dockerfile.aaaaaaaaaaaaaaaaaaaa'}
    const tar = await collect(createContextStream(ctx, {excludes: ['a', '!.dockerignore'], injectedDockerfile: injected}))
    expect(tar.length).toBe(1024 + 512 + 512 + 13)
    const entries = await listTar(Buffer.concat([tar, Buffer.alloc(512 - 13 + 1024)]))
    expect(entries.map((e) => [e.name, e.content])).toEqual([
      ['.dockerignore', `a\n\n${injected.name}\n`],
      ['b', ''],
      [injected.name, 'FROM scratch\n'],
    ])
  })

  it('throws at once for a pattern Go rejects', () => {
    expect(() => createContextStream(tmp, {excludes: ['a[']})).toThrow('syntax error in pattern')
  })

  it('streams a 200 MiB file without holding it', async () => {
    const ctx = freshDir('big')
    writeFileSync(path.join(ctx, 'big.bin'), '')
    truncateSync(path.join(ctx, 'big.bin'), 200 * 2 ** 20)
    const before = process.memoryUsage().rss
    let peak = before
    let total = 0
    for await (const chunk of createContextStream(ctx, {excludes: []})) {
      total += (chunk as Buffer).length
      if ((total & 0xffffff) < 65_536) peak = Math.max(peak, process.memoryUsage().rss)
    }
    expect(total).toBe(512 + 200 * 2 ** 20 + 1024)
    expect(peak - before).toBeLessThan(64 * 2 ** 20)
  }, 15_000)
})

describe('encodeTarHeader (Go archive/tar layout)', () => {
  const base = {devmajor: 0, devminor: 0, gid: 0, linkname: '', mode: 0o644, mtime: 1_700_000_000, size: 0, type: 'file' as const, uid: 0}

  it('writes a USTAR block with Go’s checksum and number formats', () => {
    const block = encodeTarHeader({...base, name: 'a.txt', size: 2})
    expect(block.length).toBe(512)
    expect(block.toString('latin1', 100, 108)).toBe('0000644\0')
    expect(block.toString('latin1', 124, 136)).toBe('00000000002\0')
    expect(block.toString('latin1', 257, 265)).toBe('ustar\u000000')
    expect(block.toString('latin1', 329, 345)).toBe('0000000\u00000000000\0')
    expect(block.toString('latin1', 154, 156)).toBe('\0 ')
  })

  it('splits a long ASCII path into prefix and name when it can', () => {
    const name = `${'d'.repeat(60)}/${'e'.repeat(60)}/f`
    const block = encodeTarHeader({...base, name})
    expect(block.length).toBe(512)
    expect(block.toString('latin1', 345, 345 + 60)).toBe('d'.repeat(60))
  })

  it.each([
    ['a non-ASCII name', {name: 'résumé.txt'}, 'path=résumé.txt'],
    ['an unsplittable long name', {name: 'x'.repeat(120)}, `path=${'x'.repeat(120)}`],
    ['a long link target', {linkname: 'y'.repeat(150), name: 'l', type: 'symlink' as const}, `linkpath=${'y'.repeat(150)}`],
    ['a non-ASCII link target', {linkname: 'ünï', name: 'l', type: 'symlink' as const}, 'linkpath=ünï'],
    ['a size of 8 GiB', {name: 'big', size: 8 * 2 ** 30}, 'size=8589934592'],
    ['a time before 1970', {mtime: -315_619_200, name: 'old'}, 'mtime=-315619200'],
  ])('uses a PAX record for %s', async (_label, fields, record) => {
    const blocks = encodeTarHeader({...base, ...fields})
    expect(blocks.length).toBe(1536)
    expect(blocks.toString('latin1', 156, 157)).toBe('x')
    expect(blocks.subarray(512, 1024).toString()).toContain(` ${record}\n`)
  })
})

describe('resolveDockerfile and contextFromLocalDir', () => {
  it('falls back to a lowercase dockerfile and takes -f relative to cwd', async () => {
    const ctx = freshDir('lower')
    write(ctx, 'dockerfile', 'FROM scratch\n')
    write(ctx, 'sub/Other', 'FROM scratch\n')
    expect(await resolveDockerfile(ctx)).toBe('dockerfile')
    expect(await resolveDockerfile(ctx, 'sub/Other', ctx)).toBe('sub/Other')
    expect(await resolveDockerfile(ctx, path.join(tmp, 'elsewhere/Dockerfile')).catch((e: Error) => e.message)).toBe(
      `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${path.join(tmp, 'elsewhere')}: no such file or directory`,
    )
  })

  it('reports docker’s errors for a missing path, a file, and a missing Dockerfile', async () => {
    const ctx = freshDir('errors')
    write(ctx, 'file')
    const message = (p: Promise<unknown>) => p.then(() => '', (e: Error) => e.message)
    expect(await message(contextFromLocalDir('nonexistent', {cwd: ctx}))).toBe('unable to prepare context: path "nonexistent" not found')
    expect(await message(contextFromLocalDir('file', {cwd: ctx}))).toBe(`unable to prepare context: context must be a directory: ${path.join(ctx, 'file')}`)
    expect(await message(contextFromLocalDir('.', {cwd: ctx}))).toBe(
      `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${path.join(ctx, 'Dockerfile')}: no such file or directory`,
    )
    write(ctx, 'Dockerfile')
    write(ctx, '.dockerignore', '[\n')
    expect(await message(contextFromLocalDir('.', {cwd: ctx}))).toBe('error checking context: syntax error in pattern')
  })

  it.skipIf(process.getuid?.() === 0)('refuses an unreadable file before streaming', async () => {
    const ctx = freshDir('unreadable')
    write(ctx, 'Dockerfile')
    write(ctx, 'secret', 's', 0)
    await expect(contextFromLocalDir(ctx)).rejects.toThrow(`error checking context: no permission to read from '${path.join(ctx, 'secret')}'`)
  })

  it('injects a Dockerfile that lies outside the context', async () => {
    const ctx = freshDir('outside/ctx')
    write(ctx, 'x')
    write(tmp, 'outside/Dockerfile.out', 'FROM scratch\n')
    utimesSync(path.join(ctx, 'x'), 1_700_000_000, 1_700_000_000)
    const result = await contextFromLocalDir('ctx', {cwd: path.join(tmp, 'outside'), file: 'Dockerfile.out'})
    expect(result.dockerfile).toMatch(/^\.dockerfile\.[0-9a-f]{20}$/)
    const tar = await collect(result.stream)
    expect(tar.includes(Buffer.from(`.dockerignore\n${result.dockerfile}\n`))).toBe(true)
    expect(tar.includes(Buffer.from('FROM scratch\n'))).toBe(true)
  })

  it('reads the Dockerfile from stdin with -f -', async () => {
    const ctx = freshDir('stdin-file')
    write(ctx, 'x')
    const result = await contextFromLocalDir(ctx, {file: '-', stdin: Readable.from([Buffer.from('FROM busybox\n')])})
    expect(result.dockerfile).toMatch(/^\.dockerfile\.[0-9a-f]{20}$/)
    expect((await collect(result.stream)).includes(Buffer.from('FROM busybox\n'))).toBe(true)
  })
})

describe('sniffStdinContext', () => {
  async function tarOf(files: Record<string, string>): Promise<Buffer> {
    const p = pack()
    for (const [name, content] of Object.entries(files)) p.entry({name}, content)
    p.finalize()
    const chunks: Buffer[] = []
    for await (const chunk of p) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }

  // Feeds the input in small pieces, as a pipe would.
  function chunked(data: Buffer, size = 100): Readable {
    const parts: Buffer[] = []
    for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size))
    return Readable.from(parts)
  }

  it('passes a tar through unchanged, replaying the peeked bytes', async () => {
    const tar = await tarOf({'Dockerfile': 'FROM scratch\n', 'a': 'x'.repeat(3000)})
    const sniffed = await sniffStdinContext(chunked(tar))
    expect(sniffed.kind).toBe('archive')
    if (sniffed.kind === 'archive') expect((await collect(sniffed.stream)).equals(tar)).toBe(true)
  })

  it('passes a gzip-compressed tar through unchanged', async () => {
    const gz = gzipSync(await tarOf({Dockerfile: 'FROM scratch\n'}))
    const sniffed = await sniffStdinContext(chunked(gz, 7))
    expect(sniffed.kind).toBe('archive')
    if (sniffed.kind === 'archive') expect((await collect(sniffed.stream)).equals(gz)).toBe(true)
  })

  it.each([
    ['bzip2', [0x42, 0x5a, 0x68, 0x39]],
    ['gzip', [0x1f, 0x8b, 0x08, 0x00]],
    ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
    ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
    ['zstd', [0x5a, 0x2a, 0x4d, 0x18, 0, 0, 0, 0]],
  ])('recognises %s magic', (kind, bytes) => {
    expect(compressionOf(Buffer.from(bytes))).toBe(kind)
  })

  it('reads anything else whole as a Dockerfile', async () => {
    const text = Buffer.from(`FROM busybox\n${'RUN echo hello\n'.repeat(200)}`)
    const sniffed = await sniffStdinContext(chunked(text))
    expect(sniffed).toEqual({content: text, kind: 'dockerfile'})
    expect(await sniffStdinContext(Readable.from([]))).toEqual({content: Buffer.alloc(0), kind: 'dockerfile'})
  })

  it('does not take a tar whose first entry needs a PAX header for an archive (docker only peeks 1024 bytes)', async () => {
    const tar = await tarOf({[`${'n'.repeat(120)}`]: ''})
    expect((await sniffStdinContext(chunked(tar))).kind).toBe('dockerfile')
  })

  it('turns a stdin Dockerfile into a one-file context, and refuses -f with it', async () => {
    const context = await contextFromStdin(Readable.from([Buffer.from('FROM scratch\n')]))
    expect(context.dockerfile).toBe('Dockerfile')
    const tar = await collect(context.stream)
    expect(tar.length).toBe(2048)
    expect((await listTar(tar)).map((e) => [e.name, e.content])).toEqual([['Dockerfile', 'FROM scratch\n']])
    await expect(contextFromStdin(Readable.from([Buffer.from('FROM scratch\n')]), 'Dockerfile')).rejects.toThrow(
      'unable to prepare context: ambiguous Dockerfile source: both stdin and flag correspond to Dockerfiles',
    )
    await expect(contextFromStdin(Readable.from([]), '-')).rejects.toThrow("invalid argument: can't use stdin for both build context and dockerfile")
  })

  it('keeps -f for an archive on stdin', async () => {
    const context = await contextFromStdin(Readable.from([await tarOf({'sub/Dockerfile': 'FROM scratch\n'})]), 'sub/Dockerfile')
    expect(context.dockerfile).toBe('sub/Dockerfile')
  })
})

describe('upload progress', () => {
  it('formats the line with %8v of HumanSize', () => {
    expect(formatUploadLine(5632, false)).toBe('Sending build context to Docker daemon  5.632kB\r')
    expect(formatUploadLine(5120, true)).toBe('Sending build context to Docker daemon   5.12kB\r\r\n')
    expect(formatUploadLine(337, true)).toBe('Sending build context to Docker daemon     337B\r\r\n')
    expect(formatUploadLine(9_873_396_736, true)).toBe('Sending build context to Docker daemon  9.873GB\r\r\n')
    expect(formatUploadLine(0, false)).toBe('Sending build context to Docker daemon \r\n')
  })

  it('counts bytes through a pass-through stream and reports the end', async () => {
    const seen: Array<[number, boolean]> = []
    const out = new PassThrough()
    const done = collect(out)
    await pipeline(Readable.from([Buffer.alloc(10), Buffer.alloc(5)]), countingStream((n, end) => seen.push([n, end])), out)
    expect((await done).length).toBe(15)
    expect(seen).toEqual([[10, false], [15, false], [15, true]])
  })

  it('on a terminal, updates every >512 KiB and at most every 100 ms; otherwise only at the end', () => {
    let now = 0
    const tty: string[] = []
    const report = uploadProgress((s) => tty.push(s), true, () => now)
    report(600_000, false) // printed (first token)
    now = 50
    report(1_200_000, false) // rate-limited
    report(1_300_000, false) // under 512 KiB since the last update
    now = 200
    report(1_800_000, false) // printed
    report(2_000_000, true)
    expect(tty).toEqual([formatUploadLine(600_000, false), formatUploadLine(1_800_000, false), formatUploadLine(2_000_000, true)])

    const plain: string[] = []
    const quiet = uploadProgress((s) => plain.push(s), false, () => now)
    quiet(600_000, false)
    quiet(2_000_000, true)
    expect(plain).toEqual(['Sending build context to Docker daemon      2MB\r\r\n'])
  })
})
