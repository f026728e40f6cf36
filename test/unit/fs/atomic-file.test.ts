import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {Readable} from 'node:stream'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {AtomicFile, validateDestination} from '../../../src/lib/fs/atomic-file.js'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'whalectl-atomic-'))
})
afterEach(() => rmSync(dir, {force: true, recursive: true}))

describe('validateDestination', () => {
  it("refuses what atomicwriter refuses, in docker's words", async () => {
    mkdirSync(path.join(dir, 'sub'))
    writeFileSync(path.join(dir, 'file'), '')
    symlinkSync('file', path.join(dir, 'link'))
    await expect(validateDestination('')).rejects.toThrow('file name is empty')
    await expect(validateDestination(path.join(dir, 'none', 'x.tar'))).rejects.toThrow(`invalid output path: stat ${dir}/none: no such file or directory`)
    await expect(validateDestination(path.join(dir, 'file', 'x.tar'))).rejects.toThrow(`invalid output path: stat ${dir}/file: not a directory`)
    await expect(validateDestination(path.join(dir, 'sub'))).rejects.toThrow('cannot write to a directory')
    await expect(validateDestination(path.join(dir, 'link'))).rejects.toThrow('cannot write to a symbolic link directly')
    await expect(validateDestination('/dev/null')).rejects.toThrow('cannot write to a character device file')
  })

  it('accepts a new file or a regular one', async () => {
    await expect(validateDestination(path.join(dir, 'new.tar'))).resolves.toBeUndefined()
    writeFileSync(path.join(dir, 'old.tar'), 'x')
    await expect(validateDestination(path.join(dir, 'old.tar'))).resolves.toBeUndefined()
    await expect(validateDestination('relative-name.tar')).resolves.toBeUndefined()
  })
})

describe('AtomicFile', () => {
  it('shows nothing at the target until commit, then the whole content', async () => {
    const target = path.join(dir, 'out.tar')
    const file = await AtomicFile.create(target, '.tmp-out.tar')
    expect(path.basename(file.tempPath)).toMatch(/^\.tmp-out\.tar\d+$/)
    await file.writeFrom(Readable.from([Buffer.from('a'), Buffer.from('bc')]))
    expect(readdirSync(dir)).toEqual([path.basename(file.tempPath)])
    await file.commit({mode: 0o600})
    expect(readFileSync(target, 'utf8')).toBe('abc')
    expect(statSync(target).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['out.tar'])
    expect(file.bytesWritten).toBe(3)
  })

  it('discard leaves the old target as it was and no temporary file', async () => {
    const target = path.join(dir, 'out.tar')
    writeFileSync(target, 'old')
    const file = await AtomicFile.create(target, '.tmp-out.tar')
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'))
        this.destroy(new Error('connection reset'))
      },
    })
    await expect(file.writeFrom(failing)).rejects.toThrow('connection reset')
    await file.discard()
    expect(readdirSync(dir)).toEqual(['out.tar'])
    expect(readFileSync(target, 'utf8')).toBe('old')
  })
})
