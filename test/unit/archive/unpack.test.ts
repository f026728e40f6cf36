import {lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {Unpack, UnpackError} from '../../../src/lib/archive/unpack.js'
import {tarOf} from '../../fake-engine/tar.js'

let root: string
let dest: string

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'whalectl-unpack-'))
  dest = path.join(root, 'dest')
  mkdirSync(dest)
})
afterEach(() => rmSync(root, {force: true, recursive: true}))

/** Unpacks `tar` into dest in pieces of `step` bytes; the error, if any. */
function unpack(tar: Buffer, rebases: Array<[string, string]> = [], step = 4096): Error | undefined {
  const u = new Unpack({dest, rebases})
  try {
    for (let i = 0; i < tar.length && !u.done; i += step) u.write(tar.subarray(i, i + step))
    u.finish()
    return undefined
  } catch (error) {
    u.abort()
    return error as Error
  }
}

/** Everything under a directory: `path type [content|target]`, sorted. */
function tree(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name)
      const r = rel === '' ? name : `${rel}/${name}`
      const st = lstatSync(full)
      if (st.isSymbolicLink()) out.push(`${r} -> ${readlinkSync(full)}`)
      else if (st.isDirectory()) {
        out.push(`${r}/`)
        walk(full, r)
      } else out.push(`${r} = ${readFileSync(full, 'utf8')}`)
    }
  }
  walk(dir, '')
  return out
}

describe('Unpack', () => {
  it('writes files, directories, symlinks and hard links with their modes and times', async () => {
    const tar = await tarOf([
      {name: 'd/', type: 'directory', mode: 0o750},
      {content: 'hello', mode: 0o600, name: 'd/f'},
      {linkname: 'f', name: 'd/l', type: 'symlink'},
      {linkname: 'd/f', name: 'd/h', type: 'link'},
    ])
    expect(unpack(tar, [], 100)).toBeUndefined()
    expect(tree(dest)).toEqual(['d/', 'd/f = hello', 'd/h = hello', 'd/l -> f'])
    expect(statSync(path.join(dest, 'd')).mode & 0o7777).toBe(0o750)
    expect(statSync(path.join(dest, 'd/f')).mode & 0o7777).toBe(0o600)
    expect(statSync(path.join(dest, 'd/f')).mtimeMs).toBe(1_600_000_000_000)
    expect(statSync(path.join(dest, 'd')).mtimeMs).toBe(1_600_000_000_000)
    expect(statSync(path.join(dest, 'd/h')).ino).toBe(statSync(path.join(dest, 'd/f')).ino)
  })

  it('makes FIFOs', async () => {
    expect(unpack(await tarOf([{mode: 0o640, name: 'p', type: 'fifo'}]))).toBeUndefined()
    expect(lstatSync(path.join(dest, 'p')).isFIFO()).toBe(true)
    expect(lstatSync(path.join(dest, 'p')).mode & 0o7777).toBe(0o640)
  })

  it('renames entries as RebaseArchiveEntries does, hard link targets included', async () => {
    const tar = await tarOf([{name: 'src/', type: 'directory'}, {content: 'x', name: 'src/a'}, {linkname: 'src/a', name: 'src/b', type: 'link'}])
    expect(unpack(tar, [['src', 'dst']])).toBeUndefined()
    expect(tree(dest)).toEqual(['dst/', 'dst/a = x', 'dst/b = x'])
  })

  it('merges into existing directories and replaces existing files, leaving the rest alone', async () => {
    mkdirSync(path.join(dest, 'd'))
    writeFileSync(path.join(dest, 'd/old'), 'keep')
    writeFileSync(path.join(dest, 'd/f'), 'before')
    const tar = await tarOf([{name: 'd/', type: 'directory', mode: 0o700}, {content: 'after', name: 'd/f'}, {content: 'new', name: 'd/g'}])
    expect(unpack(tar)).toBeUndefined()
    expect(tree(dest)).toEqual(['d/', 'd/f = after', 'd/g = new', 'd/old = keep'])
    expect(statSync(path.join(dest, 'd')).mode & 0o7777).toBe(0o700)
  })

  it('creates the parents an archive only implies, and skips "." over an existing directory', async () => {
    const tar = await tarOf([{name: './', type: 'directory', mode: 0o700}, {content: 'deep', name: 'a/b/c'}])
    const before = statSync(dest).mode
    expect(unpack(tar)).toBeUndefined()
    expect(tree(dest)).toEqual(['a/', 'a/b/', 'a/b/c = deep'])
    expect(statSync(dest).mode).toBe(before)
  })

  it.each([
    ['a name climbing out with ..', [{content: 'x', name: 'd/../../evil'}], '"../evil" is outside of "DEST"'],
    ['the name .. itself', [{name: '..', type: 'directory' as const}], '".." is outside of "DEST"'],
    ['an absolute name', [{content: 'x', name: '/etc/evil'}], '"/etc/evil" is outside of "DEST"'],
    ['a relative symlink pointing out', [{linkname: '../../evil', name: 'l', type: 'symlink' as const}], 'invalid symlink "DEST/l" -> "../../evil"'],
    ['a hard link to outside', [{linkname: '../outside', name: 'h', type: 'link' as const}], 'invalid hardlink "ROOT/outside" -> "../outside"'],
    [
      'a path through a symlink the archive made',
      [{linkname: 'ROOT', name: 'l', type: 'symlink' as const}, {content: 'x', name: 'l/evil'}],
      'invalid path "l/evil": it goes through the symlink "l" from the same archive',
    ],
    [
      'a path through a symlink that only looks inside',
      [
        {name: 'a/', type: 'directory' as const},
        {linkname: '.', name: 'a/s', type: 'symlink' as const},
        {linkname: 'a/s/../..', name: 't', type: 'symlink' as const},
        {content: 'x', name: 't/evil'},
      ],
      'invalid path "t/evil": it goes through the symlink "t" from the same archive',
    ],
    [
      'a hard link through a symlink the archive made',
      [{linkname: 'ROOT', name: 'l', type: 'symlink' as const}, {linkname: 'l/outside', name: 'h', type: 'link' as const}],
      'invalid path "l/outside": it goes through the symlink "l" from the same archive',
    ],
  ])('refuses %s, and writes nothing anywhere', async (_what, specs, message) => {
    writeFileSync(path.join(root, 'outside'), 'secret')
    const fill = (s: string): string => s.replaceAll('DEST', dest).replaceAll('ROOT', root)
    const tar = await tarOf([{content: 'first', name: 'ok'}, ...specs.map((s) => ({...s, linkname: s.linkname && fill(s.linkname)}))])
    const error = unpack(tar)
    expect(error).toBeInstanceOf(UnpackError)
    expect(error?.message).toBe(fill(message))
    expect(tree(root)).toEqual(['dest/', 'outside = secret'])
  })

  it('refuses a directory over a file and a file over a directory, in docker words, before touching anything', async () => {
    writeFileSync(path.join(dest, 'f'), 'mine')
    mkdirSync(path.join(dest, 'd'))
    expect(unpack(await tarOf([{content: 'x', name: 'new'}, {name: 'f/', type: 'directory'}]))?.message).toBe(
      `cannot overwrite non-directory "${dest}/f" with directory "${dest}"`,
    )
    expect(unpack(await tarOf([{content: 'x', name: 'new'}, {content: 'x', name: 'd'}]))?.message).toBe(
      `cannot overwrite directory "${dest}/d" with non-directory "${dest}"`,
    )
    expect(tree(dest)).toEqual(['d/', 'f = mine'])
  })

  it('leaves the destination as it was when the archive is cut short', async () => {
    writeFileSync(path.join(dest, 'f'), 'before')
    const tar = await tarOf([{content: 'x'.repeat(5000), name: 'f'}, {content: 'y', name: 'g'}])
    const u = new Unpack({dest})
    u.write(tar.subarray(0, 3000))
    expect(() => u.finish()).toThrow('unexpected EOF')
    expect(tree(dest)).toEqual(['f = before'])
  })

  it('leaves the destination as it was when aborted half-way', async () => {
    const tar = await tarOf([{content: 'x'.repeat(5000), name: 'big'}])
    const u = new Unpack({dest})
    u.write(tar.subarray(0, 3000))
    u.abort()
    expect(readdirSync(dest)).toEqual([])
  })

  it('reports a file-system error with the destination path, not the staging one', async () => {
    writeFileSync(path.join(dest, 'file'), '')
    // An implied parent that exists in the destination as a file.
    const error = unpack(await tarOf([{content: 'x', name: 'file/child'}]))
    expect(error?.message).toBe(`open ${dest}/file/child: not a directory`)
  })

  it('follows a symlink to a directory that was already in the destination, as docker does', async () => {
    mkdirSync(path.join(root, 'real'))
    symlinkSync(path.join(root, 'real'), path.join(dest, 'link'))
    expect(unpack(await tarOf([{content: 'x', name: 'link/f'}]))).toBeUndefined()
    expect(readFileSync(path.join(root, 'real/f'), 'utf8')).toBe('x')
  })
})
