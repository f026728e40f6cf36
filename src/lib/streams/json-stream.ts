// The engine's JSON message streams: events are JSON objects written back to back, pull and
// build progress are JSON lines. docker reads both with Go's json.Decoder, which takes any
// whitespace (or none) between values. So this decoder finds each value's end with a scanner
// that follows Go's grammar and error wording, and keeps only the value in progress in memory.

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d])

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)

// Scanner states, named after what the next byte may be.
const VALUE = 0 // the beginning of a value (whitespace allowed)
const ARRAY_FIRST = 1 // after '[': a value or ']'
const OBJECT_FIRST = 2 // after '{': a key or '}'
const KEY = 3 // after ',' in an object: a key
const COLON = 4 // after a key
const AFTER_OBJECT_VALUE = 5
const AFTER_ARRAY_VALUE = 6
const STRING = 7
const ESCAPE = 8
const UNICODE = 9
const MINUS = 10
const ZERO = 11
const INTEGER = 12
const DOT = 13
const FRACTION = 14
const EXPONENT_START = 15
const EXPONENT_SIGN = 16
const EXPONENT = 17
const LITERAL = 18

const OBJECT = 0
const ARRAY = 1

/** Go's quoteChar: a byte as a Go single-quoted character, as used in json.SyntaxError. */
export function goQuoteChar(c: number): string {
  if (c === 0x27) return String.raw`'\''`
  if (c === 0x22) return `'"'`
  const named: Record<number, string> = {7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 0x5c: '\\'}
  const escape = named[c]
  if (escape !== undefined) return `'\\${escape}'`
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`
  // Go turns the byte into the rune of the same number, which is printable from U+00A1 on
  // except the soft hyphen.
  if (c >= 0x80 && (c <= 0xa0 || c === 0xad)) return `'\\u${c.toString(16).padStart(4, '0')}'`
  return `'${String.fromCharCode(c)}'`
}

function syntaxError(c: number, context: string): Error {
  return new Error(`invalid character ${goQuoteChar(c)} ${context}`)
}

interface PushResult {
  /** The bytes of each value completed in this chunk, in order. */
  values: Buffer[]
  /** A syntax error after those values; the scanner accepts nothing more. */
  error?: Error
}

/** Splits a byte stream into top-level JSON values, checking syntax the way Go does. */
export class JSONValueScanner {
  private state = VALUE
  private readonly containers: number[] = []
  private stringIsKey = false
  private unicodeLeft = 0
  private literal = ''
  private literalPos = 0
  /** Bytes of the value in progress from earlier chunks. */
  private parts: Buffer[] = []
  private inValue = false
  private failure?: Error

  push(chunk: Buffer): PushResult {
    if (this.failure) return {error: this.failure, values: []}
    const values: Buffer[] = []
    let start = this.inValue ? 0 : -1
    const finishValue = (end: number): void => {
      this.parts.push(chunk.subarray(start, end))
      values.push(this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts))
      this.parts = []
      this.inValue = false
      start = -1
    }
    /** A value (scalar or closed container) ended just before `end`. */
    const valueDone = (end: number): void => {
      const parent = this.containers.at(-1)
      if (parent === undefined) {
        this.state = VALUE
        finishValue(end)
      } else this.state = parent === OBJECT ? AFTER_OBJECT_VALUE : AFTER_ARRAY_VALUE
    }

    let i = 0
    while (i < chunk.length) {
      const c = chunk[i] as number
      switch (this.state) {
        case VALUE:
        case ARRAY_FIRST:
        case OBJECT_FIRST:
        case KEY: {
          if (SPACE.has(c)) break
          if (!this.inValue) {
            this.inValue = true
            start = i
          }
          if (this.state === OBJECT_FIRST || this.state === KEY) {
            if (c === 0x7d && this.state === OBJECT_FIRST) {
              this.containers.pop()
              valueDone(i + 1)
            } else if (c === 0x22) {
              this.state = STRING
              this.stringIsKey = true
            } else {
              this.failure = syntaxError(c, 'looking for beginning of object key string')
            }
            break
          }
          if (c === 0x5d && this.state === ARRAY_FIRST) {
            this.containers.pop()
            valueDone(i + 1)
            break
          }
          this.beginValue(c)
          break
        }
        case COLON:
          if (SPACE.has(c)) break
          if (c === 0x3a) this.state = VALUE
          else this.failure = syntaxError(c, 'after object key')
          break
        case AFTER_OBJECT_VALUE:
          if (SPACE.has(c)) break
          if (c === 0x2c) this.state = KEY
          else if (c === 0x7d) {
            this.containers.pop()
            valueDone(i + 1)
          } else this.failure = syntaxError(c, 'after object key:value pair')
          break
        case AFTER_ARRAY_VALUE:
          if (SPACE.has(c)) break
          if (c === 0x2c) this.state = VALUE
          else if (c === 0x5d) {
            this.containers.pop()
            valueDone(i + 1)
          } else this.failure = syntaxError(c, 'after array element')
          break
        case STRING:
          if (c === 0x22) {
            if (this.stringIsKey) {
              this.stringIsKey = false
              this.state = COLON
            } else valueDone(i + 1)
          } else if (c === 0x5c) this.state = ESCAPE
          else if (c < 0x20) this.failure = syntaxError(c, 'in string literal')
          break
        case ESCAPE:
          if (c === 0x75) {
            this.state = UNICODE
            this.unicodeLeft = 4
          } else if ('bfnrt\\/"'.includes(String.fromCharCode(c))) this.state = STRING
          else this.failure = syntaxError(c, 'in string escape code')
          break
        case UNICODE:
          if (!isHex(c)) this.failure = syntaxError(c, 'in \\u hexadecimal character escape')
          else if (--this.unicodeLeft === 0) this.state = STRING
          break
        case MINUS:
          if (c === 0x30) this.state = ZERO
          else if (isDigit(c)) this.state = INTEGER
          else this.failure = syntaxError(c, 'in numeric literal')
          break
        case ZERO:
        case INTEGER:
        case FRACTION:
        case EXPONENT:
          if (isDigit(c) && this.state !== ZERO) break
          if (c === 0x2e && (this.state === ZERO || this.state === INTEGER)) this.state = DOT
          else if ((c === 0x65 || c === 0x45) && this.state !== EXPONENT) this.state = EXPONENT_START
          else {
            // A number ends at the first byte that cannot continue it; that byte belongs to
            // whatever comes next, so it is looked at again.
            valueDone(i)
            continue
          }
          break
        case DOT:
          if (isDigit(c)) this.state = FRACTION
          else this.failure = syntaxError(c, 'after decimal point in numeric literal')
          break
        case EXPONENT_START:
          if (c === 0x2b || c === 0x2d) this.state = EXPONENT_SIGN
          else if (isDigit(c)) this.state = EXPONENT
          else this.failure = syntaxError(c, 'in exponent of numeric literal')
          break
        case EXPONENT_SIGN:
          if (isDigit(c)) this.state = EXPONENT
          else this.failure = syntaxError(c, 'in exponent of numeric literal')
          break
        case LITERAL: {
          const expected = this.literal.charCodeAt(this.literalPos)
          if (c !== expected) {
            this.failure = syntaxError(c, `in literal ${this.literal} (expecting ${goQuoteChar(expected)})`)
          } else if (++this.literalPos === this.literal.length) valueDone(i + 1)
          break
        }
        default:
          throw new Error(`json scanner: unknown state ${this.state}`)
      }
      if (this.failure) return {error: this.failure, values}
      i++
    }
    if (this.inValue) this.parts.push(Buffer.from(chunk.subarray(start)))
    return {values}
  }

  /**
   * The input is over: returns a last top-level number still open (it ends only at EOF),
   * and throws Go's `unexpected EOF` if a value was cut short.
   */
  end(): Buffer | undefined {
    if (this.failure) throw this.failure
    if (!this.inValue) return undefined
    const numberCanEnd = this.state === ZERO || this.state === INTEGER || this.state === FRACTION || this.state === EXPONENT
    if (numberCanEnd && this.containers.length === 0) {
      const value = Buffer.concat(this.parts)
      this.parts = []
      this.inValue = false
      this.state = VALUE
      return value
    }
    this.failure = new Error('unexpected EOF')
    throw this.failure
  }

  /** Starts the value whose first byte is `c`. */
  private beginValue(c: number): void {
    switch (c) {
      case 0x7b:
        this.containers.push(OBJECT)
        this.state = OBJECT_FIRST
        return
      case 0x5b:
        this.containers.push(ARRAY)
        this.state = ARRAY_FIRST
        return
      case 0x22:
        this.state = STRING
        this.stringIsKey = false
        return
      case 0x2d:
        this.state = MINUS
        return
      case 0x30:
        this.state = ZERO
        return
      case 0x74:
      case 0x66:
      case 0x6e:
        this.state = LITERAL
        this.literal = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null'
        this.literalPos = 1
        return
      default:
        if (isDigit(c)) {
          this.state = INTEGER
          return
        }
        this.failure = syntaxError(c, 'looking for beginning of value')
    }
  }
}

/**
 * Yields each JSON value of an engine message stream as it completes. Malformed input rejects
 * with Go's json.SyntaxError text (`invalid character 'x' looking for beginning of value`),
 * after the values before it; a value cut short at the end rejects with `unexpected EOF`.
 */
export async function* decodeJSONStream<T>(source: AsyncIterable<Buffer | string>): AsyncGenerator<T> {
  const scanner = new JSONValueScanner()
  for await (const chunk of source) {
    const {error, values} = scanner.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)
    for (const value of values) yield JSON.parse(value.toString('utf8')) as T
    if (error) throw error
  }
  const last = scanner.end()
  if (last) yield JSON.parse(last.toString('utf8')) as T
}
