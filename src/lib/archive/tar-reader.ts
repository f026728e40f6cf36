// A push parser for tar archives that reads them as Go's archive/tar Reader does (docker reads a
// container's archive with it): USTAR, PAX (`x` records; `g` headers passed on), GNU long names
// and links, base-256 numbers, a regular file's data handed on as slices of the chunks that
// arrive. Its errors are Go's texts, which docker prints: `archive/tar: invalid tar header`,
// `unexpected EOF`. Nothing is buffered but one header block, or one PAX/long-name record.

const BLOCK = 512
/** Go's maxSpecialFileSize: the cap on PAX records and GNU long names. */
const MAX_SPECIAL = 1 << 20

/** One archive entry, with Go's field meanings (times in seconds since the epoch, maybe fractional). */
export interface TarEntry {
  name: string
  linkname: string
  /** The typeflag character: '0' file, '1' hard link, '2' symlink, '3' char, '4' block, '5' dir, '6' fifo, 'g' global PAX. */
  type: string
  mode: number
  uid: number
  gid: number
  size: number
  mtime: number
  atime?: number
  devmajor: number
  devminor: number
  /** Every PAX record that applied to the entry (xattrs are `SCHILY.xattr.*`). */
  pax: Record<string, string>
}

export interface TarHandler {
  /** A new entry; its data (when it is a regular file) follows in `data` calls. */
  entry(entry: TarEntry): void
  data(chunk: Buffer): void
  /** The entry's data is complete. */
  entryEnd(): void
}

/** Go's archive/tar errors and io.ErrUnexpectedEOF, worded as docker prints them. */
export class TarFormatError extends Error {}

const errHeader = (): TarFormatError => new TarFormatError('archive/tar: invalid tar header')
const unexpectedEOF = (): TarFormatError => new TarFormatError('unexpected EOF')

// Entry types whose size field Go ignores: no data follows them.
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6'])

type State = 'header' | 'zero' | 'data' | 'padding' | 'special' | 'done'

/**
 * Feed it chunks with `write`; it calls the handler synchronously, so the handler can write
 * each slice before the next arrives. `write` returns the number of bytes of the chunk that
 * belonged to the archive (less than the chunk once the end-of-archive marker was read).
 */
export class TarReader {
  private state: State = 'header'
  private block = Buffer.alloc(BLOCK)
  private filled = 0
  private remaining = 0
  private padding = 0
  private special?: {buffer: Buffer; filled: number; type: string}
  private pax: Record<string, string> = {}
  private longName?: string
  private longLink?: string
  private inEntry = false
  private globalHeader?: TarEntry

  constructor(private readonly handler: TarHandler) {}

  /** True once the two zero blocks that end an archive were read. */
  get done(): boolean {
    return this.state === 'done'
  }

  write(chunk: Buffer): number {
    let offset = 0
    while (offset < chunk.length && this.state !== 'done') {
      switch (this.state) {
        case 'header':
        case 'zero': {
          const n = Math.min(BLOCK - this.filled, chunk.length - offset)
          chunk.copy(this.block, this.filled, offset, offset + n)
          this.filled += n
          offset += n
          if (this.filled === BLOCK) {
            this.filled = 0
            this.onBlock()
          }
          break
        }
        case 'data': {
          const n = Math.min(this.remaining, chunk.length - offset)
          this.remaining -= n
          const piece = chunk.subarray(offset, offset + n)
          offset += n
          this.handler.data(piece)
          if (this.remaining === 0) this.finishData()
          break
        }
        case 'padding': {
          const n = Math.min(this.padding, chunk.length - offset)
          this.padding -= n
          offset += n
          if (this.padding === 0) this.state = 'header'
          break
        }
        case 'special': {
          const special = this.special as {buffer: Buffer; filled: number; type: string}
          const n = Math.min(special.buffer.length - special.filled, chunk.length - offset)
          chunk.copy(special.buffer, special.filled, offset, offset + n)
          special.filled += n
          offset += n
          if (special.filled === special.buffer.length) this.finishSpecial()
          break
        }
      }
    }
    return offset
  }

  /** The input ended: Go's EOF rules (a clean end between entries, or after the padding). */
  end(): void {
    if (this.state === 'done' || this.state === 'padding') return
    if (this.state === 'header' && this.filled === 0 && !this.pendingMeta()) return
    if (this.state === 'zero' && this.filled === 0) return
    throw unexpectedEOF()
  }

  private pendingMeta(): boolean {
    return Object.keys(this.pax).length > 0 || this.longName !== undefined || this.longLink !== undefined
  }

  private onBlock(): void {
    const block = this.block
    const zero = block.every((b) => b === 0)
    if (this.state === 'zero') {
      if (!zero) throw errHeader()
      this.state = 'done'
      return
    }
    if (zero) {
      this.state = 'zero'
      return
    }
    const header = parseHeader(block)
    if (header.type === 'x' || header.type === 'g' || header.type === 'L' || header.type === 'K') {
      if (header.size > MAX_SPECIAL) throw new TarFormatError(header.type === 'x' || header.type === 'g' ? errHeader().message : 'archive/tar: header field too long')
      this.special = {buffer: Buffer.alloc(header.size), filled: 0, type: header.type}
      this.padding = padding(header.size)
      this.globalHeader = header.type === 'g' ? header : undefined
      if (header.size === 0) this.finishSpecial()
      else this.state = 'special'
      return
    }
    this.emit(header)
  }

  private finishSpecial(): void {
    const special = this.special as {buffer: Buffer; type: string}
    this.special = undefined
    this.state = this.padding > 0 ? 'padding' : 'header'
    switch (special.type) {
      case 'x':
        Object.assign(this.pax, parsePAX(special.buffer))
        return
      case 'g': {
        const header = this.globalHeader as TarEntry
        const records = parsePAX(special.buffer)
        this.globalHeader = undefined
        this.handler.entry({...header, pax: records, size: 0})
        this.handler.entryEnd()
        return
      }
      case 'L':
        this.longName = cString(special.buffer)
        return
      default:
        this.longLink = cString(special.buffer)
    }
  }

  private emit(header: TarEntry): void {
    mergePAX(header, this.pax)
    if (this.longName !== undefined && this.longName !== '') header.name = this.longName
    if (this.longLink !== undefined && this.longLink !== '') header.linkname = this.longLink
    this.pax = {}
    this.longName = undefined
    this.longLink = undefined
    // Go's TypeRegA: a directory when the name ends in '/', else a regular file.
    if (header.type === '\u0000') header.type = header.name.endsWith('/') ? '5' : '0'
    const size = HEADER_ONLY.has(header.type) ? 0 : header.size
    if (size < 0) throw errHeader()
    this.remaining = size
    this.padding = padding(size)
    this.inEntry = true
    this.handler.entry(header)
    if (size === 0) this.finishData()
    else this.state = 'data'
  }

  private finishData(): void {
    if (this.inEntry) {
      this.inEntry = false
      this.handler.entryEnd()
    }
    this.state = this.padding > 0 ? 'padding' : 'header'
  }
}

function padding(size: number): number {
  const rest = size % BLOCK
  return rest === 0 ? 0 : BLOCK - rest
}

function cString(field: Buffer): string {
  const nul = field.indexOf(0)
  return (nul < 0 ? field : field.subarray(0, nul)).toString('utf8')
}

// Go's parser.parseNumeric: base-256 when the high bit is set, else octal with NULs and spaces trimmed.
function parseNumeric(field: Buffer): number {
  const first = field[0] ?? 0
  if (first & 0x80) {
    const negative = (first & 0x40) !== 0
    let value = 0n
    for (const [i, raw] of field.entries()) {
      let byte = negative ? raw ^ 0xff : raw
      if (i === 0) byte &= 0x7f
      if (value >> 56n > 0n) throw errHeader()
      value = (value << 8n) | BigInt(byte)
    }
    if (value >> 63n > 0n) throw errHeader()
    return Number(negative ? -value - 1n : value)
  }
  return parseOctal(field)
}

function parseOctal(field: Buffer): number {
  let start = 0
  let end = field.length
  while (start < end && (field[start] === 0x20 || field[start] === 0)) start++
  while (end > start && (field[end - 1] === 0x20 || field[end - 1] === 0)) end--
  if (start === end) return 0
  const digits = cString(field.subarray(start, end))
  if (!/^[0-7]+$/.test(digits)) throw errHeader()
  return Number.parseInt(digits, 8)
}

function checksumMatches(block: Buffer): boolean {
  let stored: number
  try {
    stored = parseOctal(block.subarray(148, 156))
  } catch {
    return false
  }
  let unsigned = 0
  let signed = 0
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : (block[i] as number)
    unsigned += byte
    signed += byte > 127 ? byte - 256 : byte
  }
  return stored === unsigned || stored === signed
}

// Go's Reader.readHeader for one non-zero block.
function parseHeader(block: Buffer): TarEntry {
  if (!checksumMatches(block)) throw errHeader()
  const magic = block.toString('latin1', 257, 263)
  const version = block.toString('latin1', 263, 265)
  const star = magic === 'ustar\u0000' && block.toString('latin1', 508, 512) === 'tar\u0000'
  const ustar = magic === 'ustar\u0000'
  const gnu = magic === 'ustar ' && version === ' \u0000'
  const typeflag = String.fromCharCode(block[156] as number)
  const entry: TarEntry = {
    devmajor: 0,
    devminor: 0,
    gid: parseNumeric(block.subarray(116, 124)),
    linkname: cString(block.subarray(157, 257)),
    mode: parseNumeric(block.subarray(100, 108)),
    mtime: parseNumeric(block.subarray(136, 148)),
    name: cString(block.subarray(0, 100)),
    pax: {},
    size: parseNumeric(block.subarray(124, 136)),
    type: typeflag,
    uid: parseNumeric(block.subarray(108, 116)),
  }
  if (ustar || gnu) {
    entry.devmajor = parseNumeric(block.subarray(329, 337))
    entry.devminor = parseNumeric(block.subarray(337, 345))
    let prefix = ''
    if (star) {
      prefix = cString(block.subarray(345, 476))
      entry.atime = parseNumeric(block.subarray(476, 488))
    } else if (ustar) {
      prefix = cString(block.subarray(345, 500))
    } else if (block[345] !== 0) {
      entry.atime = parseNumeric(block.subarray(345, 357))
    }
    if (prefix !== '') entry.name = `${prefix}/${entry.name}`
  }
  return entry
}

// Go's parsePAX: "%d %s=%s\n" records; a malformed one is ErrHeader.
function parsePAX(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {}
  let rest = data
  while (rest.length > 0) {
    const space = rest.indexOf(0x20)
    if (space < 1) throw errHeader()
    const lengthText = rest.toString('latin1', 0, space)
    if (!/^[0-9]+$/.test(lengthText)) throw errHeader()
    const length = Number(lengthText)
    if (length <= space || length > rest.length || rest[length - 1] !== 0x0a) throw errHeader()
    const record = rest.subarray(space + 1, length - 1).toString('utf8')
    const eq = record.indexOf('=')
    if (eq < 0) throw errHeader()
    records[record.slice(0, eq)] = record.slice(eq + 1)
    rest = rest.subarray(length)
  }
  return records
}

// Go's mergePAX: the records that replace header fields; an empty value keeps the header's own.
function mergePAX(entry: TarEntry, records: Record<string, string>): void {
  const int = (v: string): number => {
    if (!/^[+-]?[0-9]+$/.test(v)) throw errHeader()
    return Number(v)
  }
  const time = (v: string): number => {
    if (!/^[+-]?[0-9]+(\.[0-9]*)?$/.test(v)) throw errHeader()
    return Number(v)
  }
  for (const [key, value] of Object.entries(records)) {
    if (value === '') continue
    switch (key) {
      case 'path':
        entry.name = value
        break
      case 'linkpath':
        entry.linkname = value
        break
      case 'uid':
        entry.uid = int(value)
        break
      case 'gid':
        entry.gid = int(value)
        break
      case 'size':
        entry.size = int(value)
        break
      case 'mtime':
        entry.mtime = time(value)
        break
      case 'atime':
        entry.atime = time(value)
        break
    }
  }
  entry.pax = {...records}
}
