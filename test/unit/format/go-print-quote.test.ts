import {describe, expect, it} from 'vitest'

import {goQuote} from '../../../src/lib/format/go-print.js'

describe('goQuote', () => {
  it.each([
    ['', '""'],
    ['echo hi', '"echo hi"'],
    ["sh -c 'exit 7'", `"sh -c 'exit 7'"`],
    ["nginx -g 'daemon of…", `"nginx -g 'daemon of…"`],
    ["/bin/sh -c 'echo 日…", `"/bin/sh -c 'echo 日…"`],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\u0007\b\f\n\r\t\v', '"\\a\\b\\f\\n\\r\\t\\v"'],
    ['\u0000\u001b\u007f', '"\\x00\\x1b\\x7f"'],
    ['\u0080\u009f', '"\\u0080\\u009f"'],
    ['caf\u00e9 e\u0301 \u00a1\u00ff', '"caf\u00e9 e\u0301 \u00a1\u00ff"'],
    // Not printable for Go: soft hyphen, no-break space, zero-width space, BOM, line separator.
    ['\u00ad\u00a0\u200b\ufeff\u2028', '"\\u00ad\\u00a0\\u200b\\ufeff\\u2028"'],
    ['smile \u{1f600}', '"smile \u{1f600}"'],
    ['\u{e0001}\u{f0000}\u{10ffff}', '"\\U000e0001\\U000f0000\\U0010ffff"'],
    ['x\ud800y', '"x\ufffdy"'],
  ])('%j → %s', (input, quoted) => {
    expect(goQuote(input)).toBe(quoted)
  })
})
