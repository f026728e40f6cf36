// Go's fmt package, as far as templates reach it: Sprint/Sprintln/Sprintf with the usual verbs,
// flags, width and precision, Go's error notation for bad verbs (`%!d(string=hi)`), and
// strconv's Quote and float formatting. Values follow the model in go-values.ts.

import {
  isGoInt,
  isGoNil,
  isUnexportedField,
  kindOf,
  methodOf,
  sortedMapKeys,
  structFields,
  typeNameOf,
} from './go-values.js'

// Go prints a pointer below the top level as its address. Ours have none, so each object gets
// one that looks like a Go heap address, the same every time it is printed.
const addresses = new WeakMap<object, bigint>()
let nextAddress = 0xc000010000n

function addressOf(value: object): bigint {
  let address = addresses.get(value)
  if (address === undefined) {
    address = nextAddress
    nextAddress += 0x40n
    addresses.set(value, address)
  }
  return address
}

// ---------------------------------------------------------------------------------------------
// Characters and quoting (strconv)

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f
  return PRINTABLE.test(String.fromCodePoint(cp))
}

function hexPad(n: number, width: number): string {
  return n.toString(16).padStart(width, '0')
}

/** Code points of a JS string; lone surrogates become U+FFFD as they would once UTF-8 encoded. */
function codePoints(s: string): number[] {
  const out: number[] = []
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0xfffd
    out.push(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp)
  }
  return out
}

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  let out = String.fromCodePoint(quote)
  for (const cp of codePoints(s)) out += escapeRune(cp, quote, asciiOnly)
  return out + String.fromCodePoint(quote)
}

function escapeRune(cp: number, quote: number, asciiOnly: boolean): string {
  if (cp === quote || cp === 0x5c) return `\\${String.fromCodePoint(cp)}`
  if (asciiOnly ? cp < 0x80 && isGoPrint(cp) : isGoPrint(cp)) return String.fromCodePoint(cp)
  switch (cp) {
    case 0x07:
      return '\\a'
    case 0x08:
      return '\\b'
    case 0x0c:
      return '\\f'
    case 0x0a:
      return '\\n'
    case 0x0d:
      return '\\r'
    case 0x09:
      return '\\t'
    case 0x0b:
      return '\\v'
  }
  if (cp < 0x20 || cp === 0x7f) return `\\x${hexPad(cp, 2)}`
  if (cp < 0x10000) return `\\u${hexPad(cp, 4)}`
  return `\\U${hexPad(cp, 8)}`
}

/** strconv.Quote: a double-quoted Go string literal; printable Unicode is kept as is. */
export function goQuote(s: string): string {
  return quoteWith(s, 0x22, false)
}

/** strconv.QuoteToASCII. */
export function goQuoteASCII(s: string): string {
  return quoteWith(s, 0x22, true)
}

/** strconv.QuoteRune. */
export function goQuoteRune(cp: number, asciiOnly = false): string {
  return quoteWith(String.fromCodePoint(cp), 0x27, asciiOnly)
}

function canBackquote(s: string): boolean {
  for (const cp of codePoints(s)) {
    if (cp === 0x60 || cp === 0xfeff) return false
    if ((cp < 0x20 && cp !== 0x09) || cp === 0x7f) return false
  }
  return true
}

// ---------------------------------------------------------------------------------------------
// Floats (strconv.FormatFloat)

/** A decimal 0.d1d2d3... x 10^dp; `d` has no leading or trailing zeros ('' for zero). */
interface Decimal {
  d: string
  dp: number
}

/** The exact decimal value of a positive finite double (doubles are dyadic, so this terminates). */
function exactDecimal(x: number): Decimal {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const hi = view.getUint32(0)
  const lo = view.getUint32(4)
  const expBits = (hi >>> 20) & 0x7ff
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  let exp: number
  if (expBits === 0) {
    exp = -1074
  } else {
    mant |= 1n << 52n
    exp = expBits - 1075
  }
  let digits: string
  let dp: number
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString()
    dp = digits.length
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString()
    dp = digits.length + exp
  }
  return {d: digits.replace(/0+$/, ''), dp}
}

/** The shortest decimal that reads back as x (what both JS and Go's %v produce). */
function shortestDecimal(x: number): Decimal {
  const [mantissa = '0', exponent = '0'] = x.toExponential().split('e')
  return {d: mantissa.replace('.', '').replace(/0+$/, ''), dp: Number(exponent) + 1}
}

/** Rounds to nd digits, halves to even as Go's decimal.Round does. */
function roundDecimal(a: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= a.d.length) return a
  const digit = a.d.charCodeAt(nd) - 48
  let up: boolean
  if (digit === 5 && nd + 1 === a.d.length) {
    up = nd > 0 && (a.d.charCodeAt(nd - 1) - 48) % 2 === 1
  } else {
    up = digit >= 5
  }
  if (!up) return {d: a.d.slice(0, nd).replace(/0+$/, ''), dp: a.dp}
  let i = nd - 1
  while (i >= 0 && a.d[i] === '9') i--
  if (i < 0) return {d: '1', dp: a.dp + 1}
  return {d: a.d.slice(0, i) + String.fromCharCode(a.d.charCodeAt(i) + 1), dp: a.dp}
}

function fmtE(neg: boolean, d: Decimal, prec: number, fmt: string): string {
  let s = neg ? '-' : ''
  s += d.d.length > 0 ? d.d[0] : '0'
  if (prec > 0) {
    s += '.'
    const m = Math.min(d.d.length, prec + 1)
    s += d.d.slice(1, m)
    s += '0'.repeat(Math.max(0, prec + 1 - Math.max(m, 1)))
  }
  s += fmt
  let exp = d.d.length === 0 ? 0 : d.dp - 1
  s += exp < 0 ? '-' : '+'
  exp = Math.abs(exp)
  return s + (exp < 10 ? `0${exp}` : String(exp))
}

function fmtF(neg: boolean, d: Decimal, prec: number): string {
  let s = neg ? '-' : ''
  if (d.dp > 0) {
    const m = Math.min(d.d.length, d.dp)
    s += d.d.slice(0, m) + '0'.repeat(d.dp - m)
  } else {
    s += '0'
  }
  if (prec > 0) {
    s += '.'
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1
      s += j >= 0 && j < d.d.length ? d.d[j] : '0'
    }
  }
  return s
}

/** strconv.FormatFloat(v, fmt, prec, 64) for fmt in e E f g G; prec < 0 means shortest. */
export function formatGoFloat(v: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  const neg = v < 0 || Object.is(v, -0)
  const x = Math.abs(v)
  const shortest = prec < 0
  let digs: Decimal
  if (x === 0) {
    digs = {d: '', dp: 0}
  } else if (shortest) {
    digs = shortestDecimal(x)
  } else {
    const exact = exactDecimal(x)
    if (fmt === 'e' || fmt === 'E') digs = roundDecimal(exact, prec + 1)
    else if (fmt === 'f') digs = roundDecimal(exact, exact.dp + prec)
    else {
      if (prec === 0) prec = 1
      digs = roundDecimal(exact, prec)
    }
  }
  if (shortest) {
    if (fmt === 'e' || fmt === 'E') prec = Math.max(digs.d.length - 1, 0)
    else if (fmt === 'f') prec = Math.max(digs.d.length - digs.dp, 0)
    else prec = digs.d.length
  }
  const nd = digs.d.length
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, digs, prec, fmt)
    case 'f':
      return fmtF(neg, digs, prec)
    default: {
      let eprec = prec
      if (eprec > nd && nd >= digs.dp) eprec = nd
      // Go decides between %e and %f with precision 6 when printing the shortest form.
      if (shortest) eprec = 6
      const exp = digs.dp - 1
      if (exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd
        return fmtE(neg, digs, prec - 1, fmt === 'g' ? 'e' : 'E')
      }
      if (prec > digs.dp) prec = nd
      return fmtF(neg, digs, Math.max(prec - digs.dp, 0))
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The printer (fmt's pp and fmt types)

interface Flags {
  widPresent: boolean
  precPresent: boolean
  minus: boolean
  plus: boolean
  sharp: boolean
  space: boolean
  zero: boolean
  plusV: boolean
  sharpV: boolean
  wid: number
  prec: number
}

function clearFlags(): Flags {
  return {
    widPresent: false,
    precPresent: false,
    minus: false,
    plus: false,
    sharp: false,
    space: false,
    zero: false,
    plusV: false,
    sharpV: false,
    wid: 0,
    prec: 0,
  }
}

const TOO_LARGE = 1e6

function runeCount(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

class Printer {
  buf = ''
  f: Flags = clearFlags()
  private arg: unknown = undefined
  private erroring = false
  private panicking = false
  private reordered = false
  private goodArgNum = true
  /** How many unexported struct fields we are inside: values there cannot have their methods called. */
  private hidden = 0

  // --- padding

  private writePadding(n: number): void {
    if (n <= 0) return
    this.buf += (this.f.zero && !this.f.minus ? '0' : ' ').repeat(n)
  }

  private pad(s: string): void {
    if (!this.f.widPresent || this.f.wid === 0) {
      this.buf += s
      return
    }
    const width = this.f.wid - runeCount(s)
    if (this.f.minus) {
      this.buf += s
      this.writePadding(width)
    } else {
      this.writePadding(width)
      this.buf += s
    }
  }

  private withoutZero(fn: () => void): void {
    const zero = this.f.zero
    this.f.zero = false
    fn()
    this.f.zero = zero
  }

  // --- basic kinds

  private fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false')
    else this.badVerb(verb)
  }

  private fmtInteger(v: bigint, verb: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        return this.fmtIntegerBase(v, 10, verb, false)
      case 'b':
        return this.fmtIntegerBase(v, 2, verb, false)
      case 'o':
      case 'O':
        return this.fmtIntegerBase(v, 8, verb, false)
      case 'x':
        return this.fmtIntegerBase(v, 16, verb, false)
      case 'X':
        return this.fmtIntegerBase(v, 16, verb, true)
      case 'c':
        return this.pad(String.fromCodePoint(validRune(v)))
      case 'q':
        return this.pad(goQuoteRune(validRune(v), this.f.plus))
      case 'U':
        return this.fmtUnicode(v)
      default:
        return this.badVerb(verb)
    }
  }

  private fmtIntegerBase(v: bigint, base: number, verb: string, upper: boolean): void {
    const negative = v < 0n
    const u = negative ? -v : v
    let prec = 0
    if (this.f.precPresent) {
      prec = this.f.prec
      // Precision 0 and value 0 print nothing but the padding.
      if (prec === 0 && u === 0n) {
        this.withoutZero(() => this.writePadding(this.f.wid))
        return
      }
    } else if (this.f.zero && !this.f.minus && this.f.widPresent) {
      prec = this.f.wid
      if (negative || this.f.plus || this.f.space) prec--
    }
    let digits = u.toString(base)
    if (upper) digits = digits.toUpperCase()
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits
    if (this.f.sharp) {
      if (base === 2) digits = `0b${digits}`
      else if (base === 8 && !digits.startsWith('0')) digits = `0${digits}`
      else if (base === 16) digits = (upper ? '0X' : '0x') + digits
    }
    if (verb === 'O') digits = `0o${digits}`
    if (negative) digits = `-${digits}`
    else if (this.f.plus) digits = `+${digits}`
    else if (this.f.space) digits = ` ${digits}`
    this.withoutZero(() => this.pad(digits))
  }

  private fmtUnicode(v: bigint): void {
    let prec = 4
    if (this.f.precPresent && this.f.prec > 4) prec = this.f.prec
    let s = `U+${(v < 0n ? v + (1n << 64n) : v).toString(16).toUpperCase().padStart(prec, '0')}`
    if (this.f.sharp && v >= 0n && v <= 0x10ffffn && isGoPrint(Number(v))) {
      s += ` '${String.fromCodePoint(Number(v))}'`
    }
    this.withoutZero(() => this.pad(s))
  }

  private fmtFloat(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        return this.fmtFloatWith(v, 'g', -1)
      case 'g':
      case 'G':
        return this.fmtFloatWith(v, verb, -1)
      case 'e':
      case 'E':
      case 'f':
        return this.fmtFloatWith(v, verb, 6)
      case 'F':
        return this.fmtFloatWith(v, 'f', 6)
      default:
        return this.badVerb(verb)
    }
  }

  private fmtFloatWith(v: number, verb: 'e' | 'E' | 'f' | 'g' | 'G', defaultPrec: number): void {
    const prec = this.f.precPresent ? this.f.prec : defaultPrec
    let num = formatGoFloat(v, verb, prec)
    if (num[0] !== '-' && num[0] !== '+') num = `+${num}`
    if (this.f.space && num[0] === '+' && !this.f.plus) num = ` ${num.slice(1)}`
    if (num[1] === 'I' || num[1] === 'N') {
      if (num[1] === 'N' && !this.f.space && !this.f.plus) num = num.slice(1)
      this.withoutZero(() => this.pad(num))
      return
    }
    if (this.f.sharp) num = keepTrailingZeros(num, verb, prec)
    if (this.f.plus || num[0] !== '+') {
      // With zero padding the sign goes before the zeros.
      if (this.f.zero && !this.f.minus && this.f.widPresent && this.f.wid > num.length) {
        this.buf += num[0]
        this.writePadding(this.f.wid - num.length)
        this.buf += num.slice(1)
        return
      }
      this.pad(num)
      return
    }
    this.pad(num.slice(1))
  }

  private truncateString(s: string): string {
    if (!this.f.precPresent) return s
    let n = this.f.prec
    let i = 0
    for (const ch of s) {
      if (--n < 0) return s.slice(0, i)
      i += ch.length
    }
    return s
  }

  private fmtString(s: string, verb: string): void {
    switch (verb) {
      case 'v':
        return this.f.sharpV ? this.fmtQ(s) : this.pad(this.truncateString(s))
      case 's':
        return this.pad(this.truncateString(s))
      case 'x':
        return this.fmtSx(s, false)
      case 'X':
        return this.fmtSx(s, true)
      case 'q':
        return this.fmtQ(s)
      default:
        return this.badVerb(verb)
    }
  }

  private fmtQ(s: string): void {
    s = this.truncateString(s)
    if (this.f.sharp && canBackquote(s)) this.pad(`\`${s}\``)
    else this.pad(this.f.plus ? goQuoteASCII(s) : goQuote(s))
  }

  private fmtSx(s: string, upper: boolean): void {
    const bytes = Buffer.from(s, 'utf8')
    let length = bytes.length
    if (this.f.precPresent && this.f.prec < length) length = this.f.prec
    let width = 2 * length
    if (width <= 0) {
      if (this.f.widPresent) this.writePadding(this.f.wid)
      return
    }
    if (this.f.space) {
      if (this.f.sharp) width *= 2
      width += length - 1
    } else if (this.f.sharp) {
      width += 2
    }
    if (this.f.widPresent && this.f.wid > width && !this.f.minus) this.writePadding(this.f.wid - width)
    const prefix = upper ? '0X' : '0x'
    let out = this.f.sharp ? prefix : ''
    for (let i = 0; i < length; i++) {
      if (this.f.space && i > 0) out += this.f.sharp ? ` ${prefix}` : ' '
      const hex = hexPad(bytes[i] ?? 0, 2)
      out += upper ? hex.toUpperCase() : hex
    }
    this.buf += out
    if (this.f.widPresent && this.f.wid > width && this.f.minus) this.writePadding(this.f.wid - width)
  }

  // --- composite values

  private badVerb(verb: string): void {
    this.erroring = true
    const arg = this.arg
    this.buf += `%!${verb}(`
    if (arg === undefined || arg === null) {
      this.buf += '<nil>'
    } else {
      this.buf += `${typeNameOf(arg)}=`
      this.printArg(arg, 'v')
    }
    this.buf += ')'
    this.erroring = false
  }

  /** Stringer and error values print through their String/Error methods for string-ish verbs. */
  private handleMethods(verb: string): boolean {
    if (this.erroring || this.f.sharpV) return false
    if (!['v', 's', 'x', 'X', 'q'].includes(verb)) return false
    const arg = this.arg
    const kind = kindOf(arg)
    if (kind !== 'ptr' && kind !== 'struct') return false
    for (const name of ['Error', 'String']) {
      const method = methodOf(arg as object, name)
      if (method === undefined) continue
      let text: unknown
      try {
        text = method.call(arg)
      } catch (err) {
        if (this.panicking) throw err
        const saved = this.f
        this.f = clearFlags()
        this.buf += `%!${verb}(PANIC=${name} method: `
        this.panicking = true
        this.printArg(err instanceof Error ? err.message : err, 'v')
        this.panicking = false
        this.buf += ')'
        this.f = saved
        return true
      }
      this.fmtString(String(text), verb)
      return true
    }
    return false
  }

  printArg(arg: unknown, verb: string): void {
    this.arg = arg
    if (arg === undefined || arg === null) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>')
      else this.badVerb(verb)
      return
    }
    if (verb === 'T') {
      this.pad(this.truncateString(typeNameOf(arg)))
      return
    }
    if (verb === 'p') {
      if (kindOf(arg) === 'ptr' || isGoNil(arg)) this.fmtPointer(arg as object, verb)
      else this.badVerb(verb)
      return
    }
    switch (kindOf(arg)) {
      case 'bool':
        return this.fmtBool(arg as boolean, verb)
      case 'int':
        return this.fmtInteger(BigInt(arg as number | bigint), verb)
      case 'float':
        return this.fmtFloat(arg as number, verb)
      case 'string':
        return this.fmtString(arg as string, verb)
      default:
        if (!this.handleMethods(verb)) this.printValue(arg, verb, 0)
    }
  }

  /** fmt's fmtPointer: a pointer below the top level, or for %p, is its address. */
  private fmtPointer(value: object, verb: string): void {
    const address = isGoNil(value) ? 0n : addressOf(value)
    const hex = `0x${address.toString(16)}`
    switch (verb) {
      case 'v':
        if (this.f.sharpV) this.buf += `(${typeNameOf(value)})(${address === 0n ? 'nil' : hex})`
        else this.pad(address === 0n ? '<nil>' : hex)
        return
      case 'p':
        this.pad(this.f.sharp ? address.toString(16) : hex)
        return
      case 'b':
      case 'o':
      case 'd':
      case 'x':
      case 'X':
        this.fmtInteger(address, verb)
        return
      default:
        this.badVerb(verb)
    }
  }

  printValue(value: unknown, verb: string, depth: number): void {
    if (depth > 0 && value !== undefined && value !== null && this.hidden === 0) {
      this.arg = value
      if (this.handleMethods(verb)) return
    }
    this.arg = value
    const kind = kindOf(value)
    switch (kind) {
      case 'invalid':
        if (depth === 0) this.buf += '<invalid reflect.Value>'
        else if (verb === 'v') this.buf += '<nil>'
        else this.badVerb(verb)
        return
      case 'nil':
        // A typed nil pointer, as fmtPointer prints one; anything else is a nil interface.
        if (isGoNil(value)) this.fmtPointer(value as object, verb)
        else this.buf += this.f.sharpV ? 'interface {}(nil)' : '<nil>'
        return
      case 'bool':
      case 'int':
      case 'float':
      case 'string':
        this.printArg(value, verb)
        return
      case 'map': {
        const m = value as Record<string, unknown>
        if (this.f.sharpV && isGoNil(value)) {
          this.buf += `${typeNameOf(value)}(nil)`
          return
        }
        this.buf += this.f.sharpV ? `${typeNameOf(value)}{` : 'map['
        sortedMapKeys(m).forEach((key, i) => {
          if (i > 0) this.buf += this.f.sharpV ? ', ' : ' '
          this.printValue(key, verb, depth + 1)
          this.buf += ':'
          this.printValue(m[key], verb, depth + 1)
        })
        this.buf += this.f.sharpV ? '}' : ']'
        return
      }
      case 'ptr':
        // Only at the top does fmt follow a pointer to its struct (avoiding loops).
        if (depth > 0) {
          this.fmtPointer(value as object, verb)
          return
        }
        this.buf += '&'
        this.printStruct(value as object, verb, depth + 1)
        return
      case 'struct':
        this.printStruct(value as object, verb, depth)
        return
      case 'slice': {
        const items = value as unknown[]
        if (this.f.sharpV && isGoNil(value)) {
          this.buf += `${typeNameOf(value)}(nil)`
          return
        }
        this.buf += this.f.sharpV ? `${typeNameOf(value)}{` : '['
        items.forEach((item, i) => {
          if (i > 0) this.buf += this.f.sharpV ? ', ' : ' '
          this.printValue(item, verb, depth + 1)
        })
        this.buf += this.f.sharpV ? '}' : ']'
        return
      }
      case 'func':
        if (verb === 'v') this.buf += '0x0'
        else this.badVerb(verb)
        return
    }
  }

  printStruct(obj: object, verb: string, depth: number): void {
    if (this.f.sharpV) this.buf += kindOf(obj) === 'ptr' ? typeNameOf(obj).slice(1) : typeNameOf(obj)
    this.buf += '{'
    structFields(obj).forEach(([name, field], i) => {
      if (i > 0) this.buf += this.f.sharpV ? ', ' : ' '
      if (this.f.plusV || this.f.sharpV) this.buf += `${name}:`
      // fmt calls no methods on what it reaches through an unexported field.
      const hidden = isUnexportedField(obj, name)
      if (hidden) this.hidden++
      this.printValue(field, verb, depth + 1)
      if (hidden) this.hidden--
    })
    this.buf += '}'
  }

  // --- Printf

  private intFromArg(args: readonly unknown[], argNum: number): {num: number; ok: boolean; next: number} {
    if (argNum >= args.length) return {num: 0, ok: false, next: argNum}
    const a = args[argNum]
    let num = 0
    let ok = false
    if (typeof a === 'number' && isGoInt(a)) {
      num = a
      ok = true
    } else if (typeof a === 'bigint' && a >= BigInt(Number.MIN_SAFE_INTEGER) && a <= BigInt(Number.MAX_SAFE_INTEGER)) {
      num = Number(a)
      ok = true
    }
    if (num > TOO_LARGE || num < -TOO_LARGE) return {num: 0, ok: false, next: argNum + 1}
    return {num, ok, next: argNum + 1}
  }

  /** `[n]` explicit argument index at format[i]. */
  private argNumber(argNum: number, format: string, i: number, numArgs: number): {argNum: number; i: number; found: boolean} {
    if (i >= format.length || format[i] !== '[') return {argNum, i, found: false}
    this.reordered = true
    const close = format.indexOf(']', i + 1)
    if (close < 0 || format.length - i < 3) {
      this.goodArgNum = false
      return {argNum, i: i + 1, found: false}
    }
    const text = format.slice(i + 1, close)
    const ok = /^[0-9]+$/.test(text) && text.length < 8
    const index = ok ? Number(text) - 1 : -1
    if (ok && index >= 0 && index < numArgs) return {argNum: index, i: close + 1, found: true}
    this.goodArgNum = false
    return {argNum, i: close + 1, found: ok}
  }

  doPrintf(format: string, args: readonly unknown[]): void {
    const end = format.length
    let argNum = 0
    let afterIndex = false
    this.reordered = false
    let i = 0
    while (i < end) {
      this.goodArgNum = true
      const lasti = i
      while (i < end && format[i] !== '%') i++
      if (i > lasti) this.buf += format.slice(lasti, i)
      if (i >= end) break
      i++ // the '%'
      this.f = clearFlags()
      flags: for (; i < end; i++) {
        switch (format[i]) {
          case '#':
            this.f.sharp = true
            break
          case '0':
            this.f.zero = true
            break
          case '+':
            this.f.plus = true
            break
          case '-':
            this.f.minus = true
            break
          case ' ':
            this.f.space = true
            break
          default:
            break flags
        }
      }
      ;({argNum, i, found: afterIndex} = this.argNumber(argNum, format, i, args.length))

      if (i < end && format[i] === '*') {
        i++
        const w = this.intFromArg(args, argNum)
        this.f.wid = w.num
        this.f.widPresent = w.ok
        argNum = w.next
        if (!this.f.widPresent) this.buf += '%!(BADWIDTH)'
        if (this.f.wid < 0) {
          this.f.wid = -this.f.wid
          this.f.minus = true
          this.f.zero = false
        }
        afterIndex = false
      } else {
        const n = parseNum(format, i)
        this.f.wid = n.num
        this.f.widPresent = n.isNum
        i = n.next
        if (afterIndex && this.f.widPresent) this.goodArgNum = false
      }

      if (i + 1 < end && format[i] === '.') {
        i++
        if (afterIndex) this.goodArgNum = false
        ;({argNum, i, found: afterIndex} = this.argNumber(argNum, format, i, args.length))
        if (i < end && format[i] === '*') {
          i++
          const p = this.intFromArg(args, argNum)
          this.f.prec = p.num
          this.f.precPresent = p.ok
          argNum = p.next
          if (this.f.prec < 0) {
            this.f.prec = 0
            this.f.precPresent = false
          }
          if (!this.f.precPresent) this.buf += '%!(BADPREC)'
          afterIndex = false
        } else {
          const n = parseNum(format, i)
          this.f.prec = n.num
          this.f.precPresent = true
          i = n.next
        }
      }

      if (!afterIndex) ({argNum, i, found: afterIndex} = this.argNumber(argNum, format, i, args.length))

      if (i >= end) {
        this.buf += '%!(NOVERB)'
        break
      }
      const verb = String.fromCodePoint(format.codePointAt(i) ?? 0)
      i += verb.length

      if (verb === '%') {
        this.buf += '%'
      } else if (!this.goodArgNum) {
        this.buf += `%!${verb}(BADINDEX)`
      } else if (argNum >= args.length) {
        this.buf += `%!${verb}(MISSING)`
      } else {
        if (verb === 'v') {
          this.f.sharpV = this.f.sharp
          this.f.sharp = false
          this.f.plusV = this.f.plus
          this.f.plus = false
        }
        this.printArg(args[argNum], verb)
        argNum++
      }
    }

    if (!this.reordered && argNum < args.length) {
      this.f = clearFlags()
      this.buf += '%!(EXTRA '
      args.slice(argNum).forEach((arg, k) => {
        if (k > 0) this.buf += ', '
        if (arg === undefined || arg === null) {
          this.buf += '<nil>'
        } else {
          this.buf += `${typeNameOf(arg)}=`
          this.printArg(arg, 'v')
        }
      })
      this.buf += ')'
    }
  }
}

function validRune(v: bigint): number {
  if (v < 0n || v > 0x10ffffn) return 0xfffd
  const n = Number(v)
  return n >= 0xd800 && n <= 0xdfff ? 0xfffd : n
}

function parseNum(s: string, start: number): {num: number; isNum: boolean; next: number} {
  let num = 0
  let isNum = false
  let i = start
  for (; i < s.length && s[i]! >= '0' && s[i]! <= '9'; i++) {
    if (num > TOO_LARGE || num < -TOO_LARGE) return {num: 0, isNum: false, next: s.length}
    num = num * 10 + (s.charCodeAt(i) - 48)
    isNum = true
  }
  return {num, isNum, next: i}
}

/** The '#' flag on floats keeps the decimal point and trailing zeros. */
function keepTrailingZeros(num: string, verb: string, prec: number): string {
  let digits = 0
  if (verb === 'g' || verb === 'G') digits = prec === -1 ? 6 : prec
  let tail = ''
  let hasDecimalPoint = false
  let sawNonzeroDigit = false
  for (let i = 1; i < num.length; i++) {
    const c = num[i]
    if (c === '.') {
      hasDecimalPoint = true
    } else if (c === 'e' || c === 'E' || c === 'p' || c === 'P') {
      tail = num.slice(i)
      num = num.slice(0, i)
      break
    } else {
      if (c !== '0') sawNonzeroDigit = true
      if (sawNonzeroDigit) digits--
    }
  }
  if (!hasDecimalPoint) {
    if (num.length === 2 && num[1] === '0') digits--
    num += '.'
  }
  while (digits > 0) {
    num += '0'
    digits--
  }
  return num + tail
}

// ---------------------------------------------------------------------------------------------
// Public entry points

/** fmt.Sprintf. */
export function goSprintf(format: string, args: readonly unknown[]): string {
  const p = new Printer()
  p.doPrintf(format, args)
  return p.buf
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function goSprint(args: readonly unknown[]): string {
  const p = new Printer()
  let prevString = false
  args.forEach((arg, i) => {
    const isString = typeof arg === 'string'
    if (i > 0 && !isString && !prevString) p.buf += ' '
    p.f = clearFlags()
    p.printArg(arg, 'v')
    prevString = isString
  })
  return p.buf
}

/** fmt.Sprintln: spaces between all operands and a trailing newline. */
export function goSprintln(args: readonly unknown[]): string {
  const p = new Printer()
  args.forEach((arg, i) => {
    if (i > 0) p.buf += ' '
    p.f = clearFlags()
    p.printArg(arg, 'v')
  })
  return `${p.buf}\n`
}

/**
 * How a template action prints its value (text/template's printValue + fmt.Fprint):
 * a missing value is `<no value>`, nil is `<nil>`, and a struct pointer prints as the struct it
 * points to (or through its String method).
 */
export function goPrint(value: unknown): string {
  if (value === undefined) return '<no value>'
  if (kindOf(value) === 'ptr' && methodOf(value as object, 'String') === undefined && methodOf(value as object, 'Error') === undefined) {
    const p = new Printer()
    p.printStruct(value as object, 'v', 0)
    return p.buf
  }
  return goSprint([value])
}

