// The engine's JSON as docker sees it, without a round trip through JSON.parse (which reorders
// integer-like keys and turns 64-bit numbers into doubles):
//
// - jsonIndent / jsonCompact: Go's json.Indent / json.Compact on the raw bytes, which is how
//   `docker inspect` prints the engine's answer (strings and numbers are copied byte for byte);
// - parseJSONLiteral: a reader that keeps object keys in the order they were sent and numbers as
//   their literal text, for the Go-typed decoding in go-decode.ts.

/** A JSON number as its literal text (Go's json.Number). */
export class JSONNumber {
  constructor(readonly text: string) {}
}

/** A JSON object with its members in the order they were sent (duplicates kept). */
export class JSONObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, JSONValue]>) {}
}

export type JSONValue = null | boolean | string | JSONNumber | JSONValue[] | JSONObject

/** Go's json.SyntaxError text. */
export class JSONSyntaxError extends Error {
  override name = 'JSONSyntaxError'
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d])

/** Go's quoteChar, for syntax error messages: 'x', '\'' or '"'. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`
  if (c === '"') return `'"'`
  const code = c.codePointAt(0) ?? 0
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`
  return `'${c}'`
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

class Reader {
  private i = 0

  constructor(private readonly s: string) {}

  read(): JSONValue {
    const value = this.value('looking for beginning of value')
    this.skipSpace()
    if (this.i < this.s.length) throw this.unexpected('after top-level value')
    return value
  }

  private skipSpace(): void {
    while (this.i < this.s.length && SPACE.has(this.s.charCodeAt(this.i))) this.i++
  }

  private unexpected(context: string): JSONSyntaxError {
    if (this.i >= this.s.length) return new JSONSyntaxError('unexpected end of JSON input')
    const c = String.fromCodePoint(this.s.codePointAt(this.i) ?? 0)
    return new JSONSyntaxError(`invalid character ${quoteChar(c)} ${context}`)
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++, this.i++) {
      if (this.s[this.i] !== word[k]) throw this.unexpected(`in literal ${word} (expecting ${quoteChar(word[k]!)})`)
    }
  }

  private value(context: string): JSONValue {
    this.skipSpace()
    const c = this.s[this.i]
    switch (c) {
      case '{':
        return this.object()
      case '[':
        return this.array()
      case '"':
        return this.string()
      case 't':
        this.literal('true')
        return true
      case 'f':
        this.literal('false')
        return false
      case 'n':
        this.literal('null')
        return null
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = this.i
      const m = NUMBER.exec(this.s)
      if (m === null) {
        this.i++
        throw this.unexpected('in numeric literal')
      }
      this.i += m[0].length
      return new JSONNumber(m[0])
    }
    throw this.unexpected(context)
  }

  private object(): JSONObject {
    this.i++
    const entries: Array<[string, JSONValue]> = []
    this.skipSpace()
    if (this.s[this.i] === '}') {
      this.i++
      return new JSONObject(entries)
    }
    for (;;) {
      this.skipSpace()
      if (this.s[this.i] !== '"') throw this.unexpected('looking for beginning of object key string')
      const key = this.string()
      this.skipSpace()
      if (this.s[this.i] !== ':') throw this.unexpected('after object key')
      this.i++
      entries.push([key, this.value('looking for beginning of value')])
      this.skipSpace()
      const c = this.s[this.i]
      this.i++
      if (c === '}') return new JSONObject(entries)
      if (c !== ',') {
        this.i--
        throw this.unexpected('after object key:value pair')
      }
    }
  }

  private array(): JSONValue[] {
    this.i++
    const items: JSONValue[] = []
    this.skipSpace()
    if (this.s[this.i] === ']') {
      this.i++
      return items
    }
    for (;;) {
      items.push(this.value('looking for beginning of value'))
      this.skipSpace()
      const c = this.s[this.i]
      this.i++
      if (c === ']') return items
      if (c !== ',') {
        this.i--
        throw this.unexpected('after array element')
      }
    }
  }

  private string(): string {
    const start = this.i
    let escaped = false
    this.i++
    for (;;) {
      const code = this.s.charCodeAt(this.i)
      if (Number.isNaN(code)) throw new JSONSyntaxError('unexpected end of JSON input')
      if (code === 0x22) break
      if (code < 0x20) throw this.unexpected('in string literal')
      if (code === 0x5c) {
        escaped = true
        this.i++
      }
      this.i++
    }
    this.i++
    const text = this.s.slice(start, this.i)
    if (!escaped) return text.slice(1, -1)
    try {
      return JSON.parse(text) as string
    } catch {
      throw new JSONSyntaxError('invalid character in string escape code')
    }
  }
}

/**
 * Reads JSON text keeping member order and number literals. Invalid UTF-8 reads as U+FFFD, as
 * Go's decoder reads it. Throws JSONSyntaxError with Go's wording.
 */
export function parseJSONLiteral(input: string | Buffer): JSONValue {
  return new Reader(typeof input === 'string' ? input : input.toString('utf8')).read()
}

const QUOTE = 0x22
const BACKSLASH = 0x5c

/** Collects output as byte runs: slices of the source and small pieces of punctuation. */
class ByteSink {
  private readonly parts: Buffer[] = []

  copy(src: Buffer, start: number, end: number): void {
    if (end > start) this.parts.push(src.subarray(start, end))
  }

  text(s: string): void {
    this.parts.push(Buffer.from(s, 'utf8'))
  }

  result(): Buffer {
    return Buffer.concat(this.parts)
  }
}

/** The end (exclusive) of the string literal starting at src[start] (a quote). */
function stringEnd(src: Buffer, start: number): number {
  let i = start + 1
  while (i < src.length && src[i] !== QUOTE) i += src[i] === BACKSLASH ? 2 : 1
  return Math.min(i + 1, src.length)
}

/**
 * Go's json.Indent: each element on its own line, `prefix` then `indent` per level, `": "`
 * after keys, `{}` and `[]` for empty containers; every other byte as it was. `src` must be
 * valid JSON (the engine's answer, already decoded once).
 */
export function jsonIndent(src: Buffer, prefix: string, indent: string): Buffer {
  const out = new ByteSink()
  let depth = 0
  let needIndent = false
  const newline = (): void => out.text(`\n${prefix}${indent.repeat(depth)}`)
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (SPACE.has(c)) {
      i++
      continue
    }
    const closing = c === 0x7d || c === 0x5d
    if (needIndent && !closing) {
      needIndent = false
      depth++
      newline()
    }
    if (c === QUOTE) {
      const end = stringEnd(src, i)
      out.copy(src, i, end)
      i = end
      continue
    }
    if (closing) {
      // } or ]: an empty container stays `{}` / `[]`.
      if (needIndent) needIndent = false
      else {
        depth--
        newline()
      }
      out.copy(src, i, i + 1)
    } else if (c === 0x2c) {
      out.text(',')
      newline()
    } else if (c === 0x3a) {
      out.text(': ')
    } else {
      if (c === 0x7b || c === 0x5b) needIndent = true
      // A number or literal: copy the run up to the next delimiter.
      let end = i + 1
      if (!needIndent) while (end < src.length && !DELIMITER.has(src[end]!)) end++
      out.copy(src, i, end)
      i = end
      continue
    }
    i++
  }
  return out.result()
}

const DELIMITER = new Set([0x20, 0x09, 0x0a, 0x0d, 0x2c, 0x3a, 0x7b, 0x7d, 0x5b, 0x5d, QUOTE])

/** Go's json.Compact: the same JSON without insignificant whitespace, bytes otherwise unchanged. */
export function jsonCompact(src: Buffer): Buffer {
  const out = new ByteSink()
  let from = 0
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (c === QUOTE) {
      i = stringEnd(src, i)
      continue
    }
    if (SPACE.has(c)) {
      out.copy(src, from, i)
      from = i + 1
    }
    i++
  }
  out.copy(src, from, src.length)
  return out.result()
}
