import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {AtomicFile, validateAtomicDestination} from '../../../src/lib/archive/atomic-file.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-atomic-'))
})
afterEach(() => rmSync(dir, {force: true, recursive: true}))

describe('AtomicFile', () => {
  it('writes beside the target and renames it into place with the given mode', () => {
    writeFileSync(path.join(dir, 'out'), 'old')
    const file = AtomicFile.create('out', 0o600, dir)
    file.write(Buffer.from('new '))
    expect(readFileSync(path.join(dir, 'out'), 'utf8')).toBe('old')
    expect(readdirSync(dir).filter((n) => n.startsWith('.tmp-out'))).toHaveLength(1)
    file.write(Buffer.from('content'))
    file.commit()
    expect(readFileSync(path.join(dir, 'out'), 'utf8')).toBe('new content')
    expect(statSync(path.join(dir, 'out')).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['out'])
  })

  it('leaves nothing behind when discarded, or when nothing was written', () => {
    const file = AtomicFile.create(path.join(dir, 'out'), 0o600, '/')
    file.write(Buffer.from('partial'))
    file.discard()
    expect(readdirSync(dir)).toEqual([])
    AtomicFile.create(path.join(dir, 'empty'), 0o600, '/').commit()
    expect(readdirSync(dir)).toEqual([])
  })

  it("refuses what atomicwriter refuses, in its words", () => {
    mkdirSync(path.join(dir, 'd'))
    writeFileSync(path.join(dir, 'f'), '')
    symlinkSync('f', path.join(dir, 'l'))
    expect(() => validateAtomicDestination(path.join(dir, 'd'))).toThrow('cannot write to a directory')
    expect(() => validateAtomicDestination(path.join(dir, 'l'))).toThrow('cannot write to a symbolic link directly')
    expect(() => validateAtomicDestination('/dev/null')).toThrow('cannot write to a character device file')
    expect(() => validateAtomicDestination(path.join(dir, 'missing/x'))).toThrow(`invalid output path: stat ${dir}/missing: no such file or directory`)
    expect(() => validateAtomicDestination(path.join(dir, 'f/x'))).toThrow(`invalid output path: stat ${dir}/f: not a directory`)
    expect(() => validateAtomicDestination(path.join(dir, 'f'))).not.toThrow()
  })
})
