import {chownSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type TarEntry, TarReader} from '../../../src/lib/archive/tar-reader.js'
import {sourceArchive, walkRoot} from '../../../src/lib/archive/tar-source.js'

let dir: string
let server: net.Server

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-tarsource-'))
  mkdirSync(path.join(dir, 'src/sub'), {recursive: true})
  writeFileSync(path.join(dir, 'src/b'), 'bee')
  writeFileSync(path.join(dir, 'src/a'), 'a'.repeat(200_000))
  writeFileSync(path.join(dir, 'src/sub/c'), '')
  linkSync(path.join(dir, 'src/b'), path.join(dir, 'src/hard'))
  symlinkSync('b', path.join(dir, 'src/link'))
  if (process.getuid?.() === 0) chownSync(path.join(dir, 'src/b'), 1234, 5678)
  server = net.createServer()
  await new Promise<void>((resolve) => server.listen(path.join(dir, 'src/sock'), resolve))
  for (const p of ['src', 'src/sub', 'src/a', 'src/b', 'src/sub/c']) utimesSync(path.join(dir, p), 1_600_000_000, 1_600_000_000)
  writeFileSync(path.join(dir, 'single'), 'one')
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  rmSync(dir, {force: true, recursive: true})
})

async function collect(opts: Parameters<typeof sourceArchive>[0]): Promise<{bytes: number; entries: Array<TarEntry & {length: number}>}> {
  const entries: Array<TarEntry & {length: number}> = []
  const reader = new TarReader({
    data: (chunk) => {
      const last = entries.at(-1)
      if (last) last.length += chunk.length
    },
    entry: (entry) => entries.push({...entry, length: 0}),
    entryEnd: () => {},
  })
  let bytes = 0
  for await (const chunk of sourceArchive(opts)) {
    bytes += (chunk as Buffer).length
    reader.write(chunk as Buffer)
  }
  reader.end()
  expect(reader.done).toBe(true)
  return {bytes, entries}
}

describe('sourceArchive', () => {
  it('walks a directory in lexical order as TarWithOptions does, with hard links as links and sockets left out', async () => {
    const skipped: string[] = []
    const {entries} = await collect({onSkip: (m) => skipped.push(m), path: path.join(dir, 'src'), rebaseName: ''})
    expect(entries.map((e) => [e.name, e.type, e.linkname, e.length])).toEqual([
      ['src/', '5', '', 0],
      ['src/a', '0', '', 200_000],
      ['src/b', '0', '', 3],
      ['src/hard', '1', 'src/b', 0],
      ['src/link', '2', 'b', 0],
      ['src/sub/', '5', '', 0],
      ['src/sub/c', '0', '', 0],
    ])
    expect(skipped).toEqual([`Can't add file ${dir}/src/sock to tar: archive/tar: sockets not supported`])
    expect(entries[0]?.mtime).toBe(1_600_000_000)
    if (process.getuid?.() === 0) expect([entries[2]?.uid, entries[2]?.gid]).toEqual([1234, 5678])
  })

  it('renames the base as the -L rebase and PrepareArchiveCopy ask, link targets included', async () => {
    const {entries} = await collect({path: path.join(dir, 'src'), rebaseName: 'alias', rename: ['alias', 'dest']})
    expect(entries.map((e) => e.name).slice(0, 4)).toEqual(['dest/', 'dest/a', 'dest/b', 'dest/hard'])
    expect(entries[3]?.linkname).toBe('dest/b')
  })

  it('archives the contents of a directory named with /. under ./', async () => {
    const {entries} = await collect({path: `${dir}/src/sub/.`, rebaseName: ''})
    expect(entries.map((e) => e.name)).toEqual(['./', './c'])
    expect(walkRoot(`${dir}/src/sub/.`)).toBe(`${dir}/src/sub/.`)
  })

  it("has Go's archive/tar size: a 3-byte file is header + one block + the two end blocks", async () => {
    const {bytes, entries} = await collect({path: path.join(dir, 'single'), rebaseName: '', rename: ['single', 'renamed']})
    expect(entries.map((e) => e.name)).toEqual(['renamed'])
    expect(bytes).toBe(2048)
  })
})
