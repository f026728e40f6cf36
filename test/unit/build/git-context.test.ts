// Git URL contexts (issue 15 item 3): the parts of docker's git package that need no network.
import {mkdirSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {followSymlinkInScope, parseGitURL} from '../../../src/lib/build/git-context.js'

describe('parseGitURL (git.parseRemoteURL)', () => {
  it.each([
    ['git://h/r.git', {ref: 'master', remote: 'git://h/r.git', subdir: ''}],
    ['https://h/r.git#main', {ref: 'main', remote: 'https://h/r.git', subdir: ''}],
    ['https://h/r.git#:docker', {ref: 'master', remote: 'https://h/r.git', subdir: 'docker'}],
    ['https://h/r.git#v1.0:a/b', {ref: 'v1.0', remote: 'https://h/r.git', subdir: 'a/b'}],
    ['https://h/r.git#pull/42/head', {ref: 'pull/42/head', remote: 'https://h/r.git', subdir: ''}],
    ['https://h/r.git#my%2Fbranch:sub%20dir', {ref: 'my/branch', remote: 'https://h/r.git', subdir: 'sub dir'}],
    ['git@github.com:docker/cli.git#x:y', {ref: 'x', remote: 'git@github.com:docker/cli.git', subdir: 'y'}],
    // No git transport: taken as https, as docker does with github.com/… paths.
    ['github.com/docker/cli#ref', {ref: 'ref', remote: 'https://github.com/docker/cli', subdir: ''}],
  ])('%s', (url, expected) => {
    expect(parseGitURL(url)).toEqual(expected)
  })

  it('refuses a ref that git would read as an option', () => {
    expect(() => parseGitURL('git://h/r.git#-x')).toThrow(/^invalid refspec: -x$/)
    expect(() => parseGitURL('git://h/r.git#--upload-pack=x:dir')).toThrow(/^invalid refspec: --upload-pack=x$/)
  })

  it('reports a bad escape in the fragment as url.Parse does', () => {
    expect(() => parseGitURL('git://h/r.git#a%zz')).toThrow('parse "git://h/r.git#a%zz": invalid URL escape "%zz"')
  })
})

describe('followSymlinkInScope', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'whalectl-scope-'))
  afterAll(() => rmSync(root, {force: true, recursive: true}))
  mkdirSync(path.join(root, 'real', 'deep'), {recursive: true})
  symlinkSync('real', path.join(root, 'rel'))
  symlinkSync('/real/deep', path.join(root, 'abs'))
  symlinkSync('../../..', path.join(root, 'up'))

  it('resolves links as if the root were /', () => {
    expect(followSymlinkInScope(path.join(root, 'rel/deep'), root)).toBe(path.join(root, 'real/deep'))
    expect(followSymlinkInScope(path.join(root, 'abs'), root)).toBe(path.join(root, 'real/deep'))
    expect(followSymlinkInScope(path.join(root, 'up/real'), root)).toBe(path.join(root, 'real'))
    expect(followSymlinkInScope(path.join(root, 'missing/x'), root)).toBe(path.join(root, 'missing/x'))
    expect(followSymlinkInScope(root, root)).toBe(root)
  })

  it('refuses a path outside the root', () => {
    expect(() => followSymlinkInScope(path.join(root, '../..'), root)).toThrow(`evalSymlinksInScope: ${path.resolve(root, '../..')} is not in ${root}`)
  })
})
