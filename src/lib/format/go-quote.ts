// Go's strconv.Quote, which docker applies to every ps COMMAND. Printable Unicode stays as it
// is; everything else gets a Go escape, so the output must follow Go's rules, not JSON's.

// strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u

const SHORT_ESCAPES: Record<number, string> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
}

/** Go `strconv.Quote(s)`: a double-quoted Go string literal. */
export function goQuote(s: string): string {
  let out = '"'
  for (const char of s) {
    out += quoteRune(char)
  }
  return `${out}"`
}

function quoteRune(char: string): string {
  let code = char.codePointAt(0) ?? 0
  // A lone surrogate cannot come from Go: its JSON decoder turns one into U+FFFD, printed as is.
  if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd
  if (code === 0x22 || code === 0x5c) return `\\${String.fromCodePoint(code)}`
  if (PRINTABLE.test(String.fromCodePoint(code))) return String.fromCodePoint(code)
  const short = SHORT_ESCAPES[code]
  if (short !== undefined) return short
  if (code < 0x20 || code === 0x7f) return `\\x${hex(code, 2)}`
  if (code < 0x10000) return `\\u${hex(code, 4)}`
  return `\\U${hex(code, 8)}`
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0')
}
