import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {
  type CopyInfo,
  copyInfoDestinationPath,
  copyInfoSourcePath,
  fileModeProblem,
  isGoDir,
  prepareArchiveCopy,
  validateOutputPath,
} from '../../../src/lib/archive/copy-info.js'
import {
  getRebaseName,
  goRel,
  preserveTrailingDotOrSeparator,
  rebaseName,
  resolveLocalPath,
  splitPathDirEntry,
} from '../../../src/lib/archive/paths.js'

describe("moby's copy path rules", () => {
  it('keeps the trailing / or /. a path was given with', () => {
    expect(resolveLocalPath('out', '/w')).toBe('/w/out')
    expect(resolveLocalPath('out/', '/w')).toBe('/w/out/')
    expect(resolveLocalPath('out/.', '/w')).toBe('/w/out/.')
    expect(resolveLocalPath('./', '/w')).toBe('/w/./')
    expect(resolveLocalPath('/', '/w')).toBe('/')
    expect(preserveTrailingDotOrSeparator('/a/b', '/a/b//')).toBe('/a/b/')
  })

  it('splits a path into its directory and the entry, keeping a final "."', () => {
    expect(splitPathDirEntry('/a/b')).toEqual(['/a', 'b'])
    expect(splitPathDirEntry('/a/b/')).toEqual(['/a', 'b'])
    expect(splitPathDirEntry('/a/b/.')).toEqual(['/a/b', '.'])
    expect(splitPathDirEntry('/')).toEqual(['/', '/'])
    expect(splitPathDirEntry('rel')).toEqual(['.', 'rel'])
  })

  it('names the original base after a symlink was resolved (GetRebaseName)', () => {
    expect(getRebaseName('/d/lnk', '/d/f')).toEqual(['/d/f', 'lnk'])
    expect(getRebaseName('/d/lnk/', '/real')).toEqual(['/real/', 'lnk'])
    expect(getRebaseName('/d/lnk/.', '/real')).toEqual(['/real/.', ''])
    expect(getRebaseName('/d/same', '/x/same')).toEqual(['/x/same', ''])
  })

  it('renames the first occurrence of the old base, as strings.Replace(…, 1) does', () => {
    expect(rebaseName('src/a/src', 'src', 'dst')).toBe('dst/a/src')
    expect(rebaseName('./x', '.', 'new')).toBe('new/x')
    expect(rebaseName('etc/passwd', '/', 'root')).toBe('rootetc/passwd')
  })

  it("computes filepath.Rel for absolute paths", () => {
    expect(goRel('/a/b', '/a/b/c/d')).toBe('c/d')
    expect(goRel('/a/b', '/a/b')).toBe('.')
    expect(goRel('/a/b', '/a/x')).toBe('../x')
    expect(goRel('/', '/x')).toBe('x')
  })
})

describe('PrepareArchiveCopy', () => {
  const info = (p: string, exists: boolean, isDir: boolean, rebase = ''): CopyInfo => ({exists, isDir, path: p, rebaseName: rebase})

  it.each([
    ['into an existing directory, unchanged', info('/c/f', true, false), info('/h/dir', true, true), {dstDir: '/h/dir'}],
    ['a file over an existing file, renamed', info('/c/f', true, false), info('/h/g', true, false), {dstDir: '/h', rename: ['f', 'g']}],
    ['a directory to a new name', info('/c/d', true, true), info('/h/new', false, false), {dstDir: '/h', rename: ['d', 'new']}],
    ['a file to a new name', info('/c/f', true, false), info('/h/new', false, false), {dstDir: '/h', rename: ['f', 'new']}],
    ['a followed link, under its own name', info('/c/target', true, false, 'lnk'), info('/h/new', false, false), {dstDir: '/h', rename: ['lnk', 'new']}],
  ])('%s', (_what, src, dst, expected) => {
    expect(prepareArchiveCopy(src, dst)).toEqual(expected)
  })

  it('refuses a directory over a file, and a file into a directory that is not there', () => {
    expect(() => prepareArchiveCopy(info('/c/d', true, true), info('/h/f', true, false))).toThrow('cannot copy directory')
    expect(() => prepareArchiveCopy(info('/c/f', true, false), info('/h/new/', false, false))).toThrow('no such directory')
    expect(() => prepareArchiveCopy(info('/c/f', true, false), info('/h/new/.', false, false))).toThrow('no such directory')
  })
})

describe('local paths', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-copyinfo-'))
    writeFileSync(path.join(dir, 'file'), 'x')
    mkdirSync(path.join(dir, 'sub'))
    symlinkSync('sub', path.join(dir, 'to-sub'))
    symlinkSync('nowhere', path.join(dir, 'dangling'))
    symlinkSync('loop-b', path.join(dir, 'loop-a'))
    symlinkSync('loop-a', path.join(dir, 'loop-b'))
  })
  afterAll(() => rmSync(dir, {force: true, recursive: true}))

  it('validates an output path as docker does', () => {
    expect(() => validateOutputPath(`${dir}/new`)).not.toThrow()
    expect(() => validateOutputPath(`${dir}/sub`)).not.toThrow()
    expect(() => validateOutputPath(`${dir}/missing/new`)).toThrow(`invalid output path: directory "${dir}/missing" does not exist`)
    expect(() => validateOutputPath(`${dir}/file/`)).toThrow(`stat ${dir}/file/: not a directory`)
    expect(() => validateOutputPath('/dev/null')).toThrow('invalid output path: "/dev/null" must be a directory or a regular file: got a device')
  })

  it('follows destination symlinks, a dangling one to its target, and gives up on a loop', () => {
    expect(copyInfoDestinationPath(`${dir}/to-sub`)).toEqual({exists: true, isDir: true, path: `${dir}/sub`, rebaseName: ''})
    expect(copyInfoDestinationPath(`${dir}/dangling`)).toEqual({exists: false, isDir: false, path: `${dir}/nowhere`, rebaseName: ''})
    expect(() => copyInfoDestinationPath(`${dir}/loop-a`)).toThrow(`too many symlinks in ${dir}/loop-a`)
    expect(() => copyInfoDestinationPath(`${dir}/file/x`)).toThrow(`lstat ${dir}/file/x: not a directory`)
  })

  it('resolves a source: symlinks before the last element, all of them with -L', async () => {
    expect(await copyInfoSourcePath(`${dir}/to-sub`, false)).toEqual({exists: true, isDir: false, path: `${dir}/to-sub`, rebaseName: ''})
    expect(await copyInfoSourcePath(`${dir}/to-sub/`, false)).toEqual({exists: true, isDir: true, path: `${dir}/sub/`, rebaseName: 'to-sub'})
    expect(await copyInfoSourcePath(`${dir}/to-sub`, true)).toEqual({exists: true, isDir: true, path: `${dir}/sub`, rebaseName: 'to-sub'})
    await expect(copyInfoSourcePath(`${dir}/missing`, false)).rejects.toThrow(`lstat ${dir}/missing: no such file or directory`)
    await expect(copyInfoSourcePath(`${dir}/missing`, true)).rejects.toThrow(`lstat ${dir}/missing: no such file or directory`)
  })

  it('reads Go file modes from the engine', () => {
    expect(isGoDir(2147484141)).toBe(true)
    expect(isGoDir(0o644)).toBe(false)
    expect(fileModeProblem(0x4000000 | 0x200000 | 0o666)).toBe('got a device')
    expect(fileModeProblem(0o644)).toBeUndefined()
  })
})
