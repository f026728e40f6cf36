// Table alignment as docker does it: its fork of Go's text/tabwriter (elastic tabstops) with
// minwidth 10, tabwidth 1, padding 3, pad char ' ', no flags, measuring cells with
// go-runewidth (East Asian wide characters count 2, combining marks 0).
//
// A cell is text terminated by a tab. Tab-terminated cells of consecutive lines form a column
// block whose width is max(minwidth, widest cell + padding). The text after a line's last tab
// is not a cell of any column and is never padded, hence no trailing spaces on table rows.

export interface TabWriterOptions {
  readonly minWidth: number
  readonly tabWidth: number
  readonly padding: number
  readonly padChar: string
}

/** docker's table settings: tabwriter.NewWriter(out, 10, 1, 3, ' ', 0). */
export const DOCKER_TABLE: TabWriterOptions = {minWidth: 10, tabWidth: 1, padding: 3, padChar: ' '}

// East Asian Wide (W) and Fullwidth (F) code point ranges (Unicode 15.1 EastAsianWidth.txt).
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0],
  [0x23f3, 0x23f3], [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f],
  [0x2693, 0x2693], [0x26a1, 0x26a1], [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5],
  [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea], [0x26f2, 0x26f3], [0x26f5, 0x26f5],
  [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728],
  [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55],
  [0x2e80, 0x2e99], [0x2e9b, 0x2ef3], [0x2f00, 0x2fd5], [0x2ff0, 0x2fff], [0x3000, 0x303e],
  [0x3041, 0x3096], [0x3099, 0x30ff], [0x3105, 0x312f], [0x3131, 0x318e], [0x3190, 0x31e3],
  [0x31ef, 0x321e], [0x3220, 0x3247], [0x3250, 0x4dbf], [0x4e00, 0xa48c], [0xa490, 0xa4c6],
  [0xa960, 0xa97c], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe52],
  [0xfe54, 0xfe66], [0xfe68, 0xfe6b], [0xff01, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16fe4],
  [0x16ff0, 0x16ff1], [0x17000, 0x187f7], [0x18800, 0x18cd5], [0x18d00, 0x18d08],
  [0x1aff0, 0x1aff3], [0x1aff5, 0x1affb], [0x1affd, 0x1affe], [0x1b000, 0x1b122],
  [0x1b132, 0x1b132], [0x1b150, 0x1b152], [0x1b155, 0x1b155], [0x1b164, 0x1b167],
  [0x1b170, 0x1b2fb], [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a], [0x1f200, 0x1f202], [0x1f210, 0x1f23b], [0x1f240, 0x1f248],
  [0x1f250, 0x1f251], [0x1f260, 0x1f265], [0x1f300, 0x1f320], [0x1f32d, 0x1f335],
  [0x1f337, 0x1f37c], [0x1f37e, 0x1f393], [0x1f3a0, 0x1f3ca], [0x1f3cf, 0x1f3d3],
  [0x1f3e0, 0x1f3f0], [0x1f3f4, 0x1f3f4], [0x1f3f8, 0x1f43e], [0x1f440, 0x1f440],
  [0x1f442, 0x1f4fc], [0x1f4ff, 0x1f53d], [0x1f54b, 0x1f54e], [0x1f550, 0x1f567],
  [0x1f57a, 0x1f57a], [0x1f595, 0x1f596], [0x1f5a4, 0x1f5a4], [0x1f5fb, 0x1f64f],
  [0x1f680, 0x1f6c5], [0x1f6cc, 0x1f6cc], [0x1f6d0, 0x1f6d2], [0x1f6d5, 0x1f6d7],
  [0x1f6dc, 0x1f6df], [0x1f6eb, 0x1f6ec], [0x1f6f4, 0x1f6fc], [0x1f7e0, 0x1f7eb],
  [0x1f7f0, 0x1f7f0], [0x1f90c, 0x1f93a], [0x1f93c, 0x1f945], [0x1f947, 0x1f9ff],
  [0x1fa70, 0x1fa7c], [0x1fa80, 0x1fa88], [0x1fa90, 0x1fabd], [0x1fabf, 0x1fac5],
  [0x1face, 0x1fadb], [0x1fae0, 0x1fae8], [0x1faf0, 0x1faf8], [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
]

/** East Asian Wide or Fullwidth (golang.org/x/text/width, what docker's Ellipsis uses). */
export function isWideRune(cp: number): boolean {
  if (cp < 0x1100) return false
  let lo = 0
  let hi = WIDE_RANGES.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const [from, to] = WIDE_RANGES[mid]!
    if (cp < from) hi = mid - 1
    else if (cp > to) lo = mid + 1
    else return true
  }
  return false
}

const ZERO_WIDTH_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x070f, 0x070f], [0x180b, 0x180e], [0x200b, 0x200f], [0x2028, 0x202e], [0x206a, 0x206f],
  [0xd800, 0xdfff], [0xfeff, 0xfeff], [0xfff9, 0xfffb], [0xe0000, 0xe007f],
]
const COMBINING = /[\p{Mn}\p{Me}]/u

/** go-runewidth's RuneWidth (non East Asian locale). */
export function runeWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0xad) return 0
  if (cp < 0x300) return 1
  if (ZERO_WIDTH_RANGES.some(([from, to]) => cp >= from && cp <= to)) return 0
  if (COMBINING.test(String.fromCodePoint(cp))) return 0
  return isWideRune(cp) ? 2 : 1
}

// Built on first use: creating a Segmenter loads ICU data, a cost every start-up would pay.
let segmenter: Intl.Segmenter | undefined

/**
 * Terminal columns a string takes (go-runewidth StringWidth): per grapheme cluster, the width
 * of its first code point that has a width.
 */
export function displayWidth(s: string): number {
  // Plain ASCII is by far the common case and needs no segmentation.
  if (/^[\x20-\x7e]*$/.test(s)) return s.length
  let width = 0
  segmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'})
  for (const {segment} of segmenter.segment(s)) {
    for (const ch of segment) {
      const w = runeWidth(ch.codePointAt(0) ?? 0)
      if (w > 0) {
        width += w
        break
      }
    }
  }
  return width
}

/**
 * docker's Ellipsis: cuts s to `width` display cells, the last being '…'. Wide characters
 * count 2 (every other code point 1); a wide character that would straddle the limit is
 * dropped. Strings that fit are returned as they are.
 */
export function truncateToWidth(s: string, width: number): string {
  if (width <= 0) return ''
  const runes = [...s]
  if (width === 1) return runes[0] ?? ''
  if (Buffer.byteLength(s, 'utf8') === runes.length) {
    return runes.length <= width ? s : `${runes.slice(0, width - 1).join('')}…`
  }
  const ends: number[] = []
  let total = 0
  for (const r of runes) {
    total += isWideRune(r.codePointAt(0) ?? 0) ? 2 : 1
    ends.push(total)
  }
  if (total <= width) return s
  for (let i = 0; i < ends.length - 1; i++) {
    if (ends[i]! <= width - 1 && ends[i + 1]! > width - 1) return `${runes.slice(0, i + 1).join('')}…`
  }
  return s
}

interface Cell {
  readonly text: string
  readonly width: number
  /** Terminated by '\t' (as opposed to '\v' or a line end). */
  readonly htab: boolean
}

/**
 * A write filter like Go's tabwriter.Writer: write text with '\t'-terminated cells and
 * '\n'-terminated lines, then flush() returns the aligned text. Lines are formatted as soon as
 * a line without any tab ends (it cannot affect later alignment), exactly as Go does.
 */
export class TabWriter {
  private lines: Cell[][] = [[]]
  private cell = ''
  private out = ''

  constructor(private readonly options: TabWriterOptions = DOCKER_TABLE) {}

  write(text: string): void {
    let start = 0
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]
      if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') continue
      this.cell += text.slice(start, i)
      start = i + 1
      const cells = this.terminateCell(ch === '\t')
      if (ch === '\n' || ch === '\f') {
        this.lines.push([])
        // A formfeed always flushes; so does a line with a single cell, which belongs to no column.
        if (ch === '\f' || cells === 1) this.formatBuffered()
      }
    }
    this.cell += text.slice(start)
  }

  /** Formats everything buffered and returns all output produced since the last flush. */
  flush(): string {
    this.formatBuffered()
    const out = this.out
    this.out = ''
    return out
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1]!
    line.push({text: this.cell, width: displayWidth(this.cell), htab})
    this.cell = ''
    return line.length
  }

  private formatBuffered(): void {
    if (this.cell.length > 0) this.terminateCell(false)
    this.format(0, this.lines.length, [])
    this.lines = [[]]
  }

  /**
   * Formats lines [line0, line1) whose columns left of `widths.length` have known widths: finds
   * each block of consecutive lines that has a cell in the next column, sizes that column, and
   * recurses for the columns further right.
   */
  private format(line0: number, line1: number, widths: number[]): void {
    const column = widths.length
    let pending = line0
    for (let i = line0; i < line1; i++) {
      // The last cell of a line is not tab-terminated and belongs to no column.
      if (column >= this.lines[i]!.length - 1) continue
      this.writeLines(pending, i, widths)
      let width = this.options.minWidth
      let end = i
      for (; end < line1; end++) {
        const line = this.lines[end]!
        if (column >= line.length - 1) break
        width = Math.max(width, line[column]!.width + this.options.padding)
      }
      this.format(i, end, [...widths, width])
      pending = end
      i = end
    }
    this.writeLines(pending, line1, widths)
  }

  private writeLines(line0: number, line1: number, widths: readonly number[]): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!
      line.forEach((cell, j) => {
        this.out += cell.text
        const cellWidth = widths[j]
        if (cellWidth !== undefined) this.out += this.options.padChar.repeat(Math.max(0, cellWidth - cell.width))
      })
      // The last buffered line is the incomplete one: it has no newline yet.
      if (i + 1 < this.lines.length) this.out += '\n'
    }
  }
}

/** Aligns rows of cells as docker prints tables: one line per row, last column unpadded. */
export function alignTable(rows: readonly (readonly string[])[], options: TabWriterOptions = DOCKER_TABLE): string {
  const writer = new TabWriter(options)
  for (const row of rows) writer.write(`${row.join('\t')}\n`)
  return writer.flush()
}
