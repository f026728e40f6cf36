import {describe, expect, it} from 'vitest'

import {type TarEntry, TarFormatError, TarReader} from '../../../src/lib/archive/tar-reader.js'
import {tarOf} from '../../fake-engine/tar.js'

/** Feeds `tar` in pieces of `step` bytes; returns what the reader reported. */
function read(tar: Buffer, step = tar.length): {entries: Array<TarEntry & {content: string}>; done: boolean; consumed: number} {
  const entries: Array<TarEntry & {content: string}> = []
  let current: (TarEntry & {content: string}) | undefined
  const reader = new TarReader({
    data: (chunk) => {
      if (current) current.content += chunk.toString()
    },
    entry: (entry) => {
      current = {...entry, content: ''}
      entries.push(current)
    },
    entryEnd: () => {
      current = undefined
    },
  })
  let consumed = 0
  for (let i = 0; i < tar.length; i += step) consumed += reader.write(tar.subarray(i, i + step))
  reader.end()
  return {consumed, done: reader.done, entries}
}

describe('TarReader', () => {
  it('reads files, directories and links with their fields, whatever the chunking', async () => {
    const tar = await tarOf([
      {name: 'd/', type: 'directory', mode: 0o755},
      {content: 'hello\n', name: 'd/f', mode: 0o4755, uid: 1234},
      {linkname: '../x', name: 'd/l', type: 'symlink'},
      {linkname: 'd/f', name: 'd/h', type: 'link'},
      {name: 'd/p', type: 'fifo'},
    ])
    for (const step of [tar.length, 512, 100, 7, 1]) {
      const {entries, done, consumed} = read(tar, step)
      expect(done).toBe(true)
      expect(consumed).toBe(tar.length)
      expect(entries.map((e) => [e.name, e.type, e.mode, e.linkname, e.content])).toEqual([
        ['d/', '5', 0o755, '', ''],
        ['d/f', '0', 0o4755, '', 'hello\n'],
        ['d/l', '2', 0o644, '../x', ''],
        ['d/h', '1', 0o644, 'd/f', ''],
        ['d/p', '6', 0o644, '', ''],
      ])
      expect(entries[1]?.uid).toBe(1234)
      expect(entries[1]?.mtime).toBe(1_600_000_000)
    }
  })

  it('takes long names from PAX records and from GNU long-name entries', async () => {
    const long = `${'a'.repeat(120)}/${'b'.repeat(120)}`
    const tar = await tarOf([{content: 'x', name: long}, {name: 'ünïcode', content: 'y'}])
    expect(read(tar, 64).entries.map((e) => e.name)).toEqual([long, 'ünïcode'])

    // A GNU 'L' entry, then the entry it names.
    const gnu = Buffer.concat([gnuHeader('././@LongLink', 'L', long.length + 1), pad(Buffer.from(`${long}\0`)), (await tarOf([{content: 'z', name: 'short'}]))])
    expect(read(gnu, 33).entries.map((e) => [e.name, e.content])).toEqual([[long, 'z']])
  })

  it('applies PAX size, mtime and uid records, and keeps every record (xattrs)', async () => {
    const tar = await tarOf([{content: 'abc', name: 'f', pax: {'SCHILY.xattr.user.k': 'v', mtime: '1600000000.5', uid: '3000000'}}])
    const [entry] = read(tar).entries
    expect(entry?.mtime).toBe(1_600_000_000.5)
    expect(entry?.uid).toBe(3_000_000)
    expect(entry?.pax['SCHILY.xattr.user.k']).toBe('v')
  })

  it('stops at the end-of-archive marker and says how much of the input was the archive', async () => {
    const tar = await tarOf([{content: 'abc', name: 'f'}])
    const reader = new TarReader({data: () => {}, entry: () => {}, entryEnd: () => {}})
    expect(reader.write(Buffer.concat([tar, Buffer.from('trailing garbage')]))).toBe(tar.length)
    expect(reader.done).toBe(true)
  })

  it('gives no data to header-only types, whatever their size field says (as Go does)', () => {
    // A directory claiming 512 bytes of data, then a regular file: Go reads the file's header
    // right after the directory's.
    const dir = gnuHeader('d/', '5', 512)
    const file = Buffer.concat([ustarHeader('d/f', '0', 2), pad(Buffer.from('ok'))])
    const {entries} = read(Buffer.concat([dir, file, Buffer.alloc(1024)]))
    expect(entries.map((e) => [e.name, e.content])).toEqual([
      ['d/', ''],
      ['d/f', 'ok'],
    ])
  })

  it('ends cleanly at an entry boundary, as Go does, and fails on a cut entry with "unexpected EOF"', async () => {
    const tar = await tarOf([{content: 'x'.repeat(1000), name: 'f'}, {content: 'y', name: 'g'}])
    const boundary = 512 + 1024
    expect(read(tar.subarray(0, boundary)).entries.map((e) => e.name)).toEqual(['f'])
    expect(() => read(tar.subarray(0, 700))).toThrow(new TarFormatError('unexpected EOF'))
    expect(() => read(tar.subarray(0, 100))).toThrow('unexpected EOF')
    expect(() => read(Buffer.alloc(0))).not.toThrow()
  })

  it('refuses a header with a bad checksum or a zero block followed by data: archive/tar: invalid tar header', async () => {
    const tar = await tarOf([{content: 'abc', name: 'f'}])
    const corrupt = Buffer.from(tar)
    corrupt[10] = 0x41
    expect(() => read(corrupt)).toThrow('archive/tar: invalid tar header')
    expect(() => read(Buffer.concat([Buffer.alloc(512), tar]))).toThrow('archive/tar: invalid tar header')
    expect(() => read(Buffer.from('garbage\n'.repeat(100)))).toThrow('archive/tar: invalid tar header')
  })

  it('reads base-256 numbers', () => {
    const block = ustarHeader('big', '0', 0)
    // uid 2^40 in GNU base-256.
    block.fill(0, 108, 116)
    block[108] = 0x80
    block.writeUIntBE(2 ** 40, 110, 6)
    checksum(block)
    const {entries} = read(Buffer.concat([block, Buffer.alloc(1024)]))
    expect(entries[0]?.uid).toBe(2 ** 40)
  })
})

function pad(data: Buffer): Buffer {
  const rest = data.length % 512
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(512 - rest)])
}

function checksum(block: Buffer): Buffer {
  block.fill(0x20, 148, 156)
  let sum = 0
  for (const b of block) sum += b
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
  return block
}

function header(name: string, type: string, size: number, magic: string): Buffer {
  const block = Buffer.alloc(512)
  block.write(name, 0, 'utf8')
  block.write('0000644\0', 100, 'latin1')
  block.write('0000000\0', 108, 'latin1')
  block.write('0000000\0', 116, 'latin1')
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1')
  block.write('00000000000\0', 136, 'latin1')
  block.write(type, 156, 'latin1')
  block.write(magic, 257, 'latin1')
  return checksum(block)
}

const ustarHeader = (name: string, type: string, size: number): Buffer => header(name, type, size, 'ustar\u000000')
const gnuHeader = (name: string, type: string, size: number): Buffer => header(name, type, size, 'ustar  \u0000')
