import {describe, expect, it} from 'vitest'

import {TabWriter, alignTable, displayWidth, truncateToWidth} from '../../../src/lib/format/tabwriter.js'

function tab(text: string, options?: ConstructorParameters<typeof TabWriter>[0]): string {
  const writer = new TabWriter(options)
  writer.write(text)
  return writer.flush()
}

describe('displayWidth', () => {
  it('counts terminal cells', () => {
    expect(displayWidth('')).toBe(0)
    expect(displayWidth('busybox')).toBe(7)
    expect(displayWidth('日本語')).toBe(6)
    expect(displayWidth('ｶﾀｶﾅ')).toBe(4) // halfwidth katakana
    expect(displayWidth('ＡＢ')).toBe(4) // fullwidth latin
    expect(displayWidth('e\u0301')).toBe(1) // combining accent
    expect(displayWidth('a\u200bb')).toBe(2) // zero-width space
    expect(displayWidth('…')).toBe(1)
    expect(displayWidth('\u{1f600}')).toBe(2)
    expect(displayWidth('한국')).toBe(4)
  })
})

describe('truncateToWidth (docker Ellipsis)', () => {
  it('keeps strings that fit', () => {
    expect(truncateToWidth('echo hi', 20)).toBe('echo hi')
    expect(truncateToWidth('abcdefghijklmnopqrst', 20)).toBe('abcdefghijklmnopqrst')
  })

  it('cuts to width-1 cells plus an ellipsis', () => {
    expect(truncateToWidth('abcdefghijklmnopqrstu', 20)).toBe('abcdefghijklmnopqrs…')
    expect(truncateToWidth("nginx -g 'daemon off;'", 20)).toBe("nginx -g 'daemon of…")
    expect(truncateToWidth('/very/long/host/path', 15)).toBe('/very/long/hos…')
  })

  it('drops a wide character that would straddle the limit', () => {
    expect(truncateToWidth("/bin/sh -c 'echo 日本語です'", 20)).toBe("/bin/sh -c 'echo 日…")
    expect(truncateToWidth('ab日本語', 5)).toBe('ab日…')
    expect(truncateToWidth('abc日本語', 5)).toBe('abc…')
  })

  it('handles the small widths like docker', () => {
    expect(truncateToWidth('abc', 0)).toBe('')
    expect(truncateToWidth('abc', 1)).toBe('a')
    // Nothing fits before the ellipsis: docker returns the string unchanged.
    expect(truncateToWidth('日本語', 2)).toBe('日本語')
  })
})

describe('TabWriter', () => {
  it('pads columns to max(10, widest + 3) and leaves the last column unpadded', () => {
    expect(tab('CONTAINER ID\tIMAGE\tCOMMAND\tCREATED\tSTATUS\tPORTS\tNAMES\n')).toBe(
      'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n',
    )
  })

  it('pads empty middle cells and sizes by the widest cell of the block', () => {
    const first = `${'A'.padEnd(19)}${'B'.padEnd(10)}C`
    const second = `${'longer text here'.padEnd(19)}${''.padEnd(10)}x`
    expect(tab('A\tB\tC\nlonger text here\t\tx\n')).toBe(`${first}\n${second}\n`)
  })

  it('measures wide characters as two cells', () => {
    expect(tab('NAME\tX\n日本語の名前\ty\nab\tz\n')).toBe('NAME           X\n日本語の名前   y\nab             z\n')
  })

  it('aligns in column blocks of consecutive lines (Go elastic tabstops)', () => {
    const options = {minWidth: 0, tabWidth: 8, padding: 1, padChar: '.'}
    expect(tab('aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n', options)).toBe(
      'aaaa.bbb.d\naa...b...dd\na....\naa...cccc.eee\n',
    )
  })

  it('starts a new block after a line without tabs (a cell value containing a newline)', () => {
    expect(tab('LONGNAME12345\tV\nfoo\tline1\nline2\nbar\tx\n')).toBe(
      'LONGNAME12345   V\nfoo             line1\nline2\nbar       x\n',
    )
  })

  it('keeps text written without a final newline', () => {
    expect(tab('a\tb\nc\td')).toBe('a         b\nc         d')
  })

  it('accepts text in pieces', () => {
    const writer = new TabWriter()
    writer.write('NA')
    writer.write('ME\tIM')
    writer.write('AGE\n')
    writer.write('web\tbusybox\n')
    expect(writer.flush()).toBe('NAME      IMAGE\nweb       busybox\n')
    expect(writer.flush()).toBe('')
  })

  it('treats a vertical tab as a cell terminator and a form feed as a flush', () => {
    expect(tab('a\vb\n')).toBe('a         b\n')
    expect(tab('a\tb\fccccccccccccc\td\n')).toBe('a         b\nccccccccccccc   d\n')
  })
})

describe('alignTable', () => {
  it('aligns rows of cells', () => {
    expect(
      alignTable([
        ['CONTAINER ID', 'NAMES'],
        ['e4ec5f4aceb1', 'web'],
      ]),
    ).toBe('CONTAINER ID   NAMES\ne4ec5f4aceb1   web\n')
    expect(alignTable([])).toBe('')
  })
})
