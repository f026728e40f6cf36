// The text/template lexer: turns a template into items (text, delimiters, and the tokens
// inside actions). It reproduces Go's token boundaries and lexical error messages because the
// parser's error messages quote them. Positions are JS string indices; line numbers count '\n'.

import {goQuote} from './go-print.js'
import {utf8Length} from './go-values.js'

export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  // keywords
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with'

export interface Item {
  readonly type: ItemType
  readonly pos: number
  readonly val: string
  readonly line: number
}

const KEYWORDS: ReadonlyMap<string, ItemType> = new Map<string, ItemType>([
  ['block', 'block'],
  ['break', 'break'],
  ['continue', 'continue'],
  ['define', 'define'],
  ['else', 'else'],
  ['end', 'end'],
  ['if', 'if'],
  ['range', 'range'],
  ['nil', 'nil'],
  ['template', 'template'],
  ['with', 'with'],
])

const KEYWORD_TYPES: ReadonlySet<ItemType> = new Set<ItemType>([...KEYWORDS.values(), 'dot'])

/** How an item appears in "unexpected X in Y" messages. */
export function itemString(item: Item): string {
  if (item.type === 'eof') return 'EOF'
  if (item.type === 'error') return item.val
  if (KEYWORD_TYPES.has(item.type)) return `<${item.val}>`
  if (utf8Length(item.val) > 10) return `${goQuote(firstRunes(item.val, 10))}...`
  return goQuote(item.val)
}

function firstRunes(s: string, n: number): string {
  let out = ''
  for (const ch of s) {
    if (n-- <= 0) break
    out += ch
  }
  return out
}

const LEFT_DELIM = '{{'
const RIGHT_DELIM = '}}'
const LEFT_COMMENT = '/*'
const RIGHT_COMMENT = '*/'
const EOF = -1

export function isSpaceChar(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a
}

const LETTER = /\p{L}/u
const DIGIT = /\p{Nd}/u

export function isAlphaNumeric(c: number): boolean {
  if (c === 0x5f) return true
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
  if (c === EOF) return false
  const s = String.fromCodePoint(c)
  return LETTER.test(s) || DIGIT.test(s)
}

/** fmt's %#U: `U+007D '}'`, without the quoted character when it is not printable. */
function runeNotation(c: number): string {
  const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`
  const printable = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(c)) || c === 0x20
  return printable ? `${hex} '${String.fromCodePoint(c)}'` : hex
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && s[at] === '-' && isSpaceChar(s.charCodeAt(at + 1))
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && isSpaceChar(s.charCodeAt(at)) && s[at + 1] === '-'
}

function spaceRunLength(s: string, from: number, direction: 1 | -1, limit: number): number {
  let n = 0
  for (let i = from; direction === 1 ? i < limit : i >= limit; i += direction) {
    if (!isSpaceChar(s.charCodeAt(i))) break
    n++
  }
  return n
}

export interface LexOptions {
  /** `break` and `continue` are keywords unless a function of that name exists. */
  readonly breakOK: boolean
  readonly continueOK: boolean
}

type State = () => State | null

/** Lexes the whole input; the item list ends with an EOF item (after an error item, if any). */
export function lex(input: string, options: LexOptions): Item[] {
  return new Lexer(input, options).run()
}

class Lexer {
  private pos = 0
  private start = 0
  private parenDepth = 0
  private readonly items: Item[] = []
  private failed = false

  constructor(
    private readonly input: string,
    private readonly options: LexOptions,
  ) {}

  run(): Item[] {
    let state: State | null = this.lexText
    while (state !== null) state = state()
    if (this.failed || this.items.at(-1)?.type !== 'eof') {
      this.items.push({type: 'eof', pos: this.input.length, val: 'EOF', line: this.lineAt(this.input.length)})
    }
    return this.items
  }

  private lineAt(pos: number): number {
    let line = 1
    for (let i = this.input.indexOf('\n'); i >= 0 && i < pos; i = this.input.indexOf('\n', i + 1)) line++
    return line
  }

  private next(): number {
    if (this.pos >= this.input.length) return EOF
    const c = this.input.codePointAt(this.pos) ?? EOF
    this.pos += c > 0xffff ? 2 : 1
    return c
  }

  private backup(c: number): void {
    if (c !== EOF) this.pos -= c > 0xffff ? 2 : 1
  }

  private peek(): number {
    const c = this.next()
    this.backup(c)
    return c
  }

  private accept(valid: string): boolean {
    const c = this.next()
    if (c !== EOF && valid.includes(String.fromCodePoint(c))) return true
    this.backup(c)
    return false
  }

  private acceptRun(valid: string): void {
    while (this.accept(valid)) {
      // keep consuming
    }
  }

  private emit(type: ItemType): void {
    const val = this.input.slice(this.start, this.pos)
    this.items.push({type, pos: this.start, val, line: this.lineAt(this.start)})
    this.start = this.pos
  }

  private ignore(): void {
    this.start = this.pos
  }

  private errorf(message: string): null {
    this.items.push({type: 'error', pos: this.start, val: message, line: this.lineAt(this.start)})
    this.failed = true
    return null
  }

  private atRightDelim(): {delim: boolean; trim: boolean} {
    const s = this.input
    if (hasRightTrimMarker(s, this.pos) && s.startsWith(RIGHT_DELIM, this.pos + 2)) return {delim: true, trim: true}
    if (s.startsWith(RIGHT_DELIM, this.pos)) return {delim: true, trim: false}
    return {delim: false, trim: false}
  }

  private atTerminator(): boolean {
    const c = this.peek()
    if (isSpaceChar(c)) return true
    switch (c) {
      case EOF:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
        return true
    }
    return this.input.startsWith(RIGHT_DELIM, this.pos)
  }

  private readonly lexText = (): State | null => {
    const x = this.input.indexOf(LEFT_DELIM, this.pos)
    if (x < 0) {
      this.pos = this.input.length
      if (this.pos > this.start) this.emit('text')
      this.emit('eof')
      return null
    }
    if (x > this.pos) {
      // "{{- " trims the spaces that precede the action.
      const trim = hasLeftTrimMarker(this.input, x + LEFT_DELIM.length)
        ? spaceRunLength(this.input, x - 1, -1, this.start)
        : 0
      this.pos = x - trim
      if (this.pos > this.start) this.emit('text')
      this.pos = x
      this.ignore()
    }
    return this.lexLeftDelim
  }

  private readonly lexLeftDelim = (): State | null => {
    this.pos += LEFT_DELIM.length
    const trim = hasLeftTrimMarker(this.input, this.pos)
    const afterMarker = trim ? 2 : 0
    if (this.input.startsWith(LEFT_COMMENT, this.pos + afterMarker)) {
      this.pos += afterMarker
      this.ignore()
      return this.lexComment
    }
    this.emit('leftDelim')
    this.pos += afterMarker
    this.ignore()
    this.parenDepth = 0
    return this.lexInsideAction
  }

  private readonly lexComment = (): State | null => {
    this.pos += LEFT_COMMENT.length
    const x = this.input.indexOf(RIGHT_COMMENT, this.pos)
    if (x < 0) return this.errorf('unclosed comment')
    this.pos = x + RIGHT_COMMENT.length
    const {delim, trim} = this.atRightDelim()
    if (!delim) return this.errorf('comment ends before closing delimiter')
    if (trim) this.pos += 2
    this.pos += RIGHT_DELIM.length
    if (trim) this.pos += spaceRunLength(this.input, this.pos, 1, this.input.length)
    this.ignore()
    return this.lexText
  }

  private readonly lexRightDelim = (): State | null => {
    const {trim} = this.atRightDelim()
    if (trim) {
      this.pos += 2
      this.ignore()
    }
    this.pos += RIGHT_DELIM.length
    this.emit('rightDelim')
    if (trim) {
      this.pos += spaceRunLength(this.input, this.pos, 1, this.input.length)
      this.ignore()
    }
    return this.lexText
  }

  private readonly lexInsideAction = (): State | null => {
    if (this.atRightDelim().delim) {
      if (this.parenDepth === 0) return this.lexRightDelim
      return this.errorf('unclosed left paren')
    }
    const c = this.next()
    if (c === EOF) return this.errorf('unclosed action')
    if (isSpaceChar(c)) {
      this.backup(c)
      return this.lexSpace
    }
    switch (c) {
      case 0x3d: // =
        this.emit('assign')
        return this.lexInsideAction
      case 0x3a: // :
        if (this.next() !== 0x3d) return this.errorf('expected :=')
        this.emit('declare')
        return this.lexInsideAction
      case 0x7c: // |
        this.emit('pipe')
        return this.lexInsideAction
      case 0x22: // "
        return this.lexQuote
      case 0x60: // `
        return this.lexRawQuote
      case 0x24: // $
        return this.lexVariable
      case 0x27: // '
        return this.lexChar
      case 0x2e: {
        // '.' starts a field unless a digit follows, in which case it starts a number.
        const n = this.input.charCodeAt(this.pos)
        if (this.pos < this.input.length && (n < 0x30 || n > 0x39)) return this.lexField
        this.backup(c)
        return this.lexNumber
      }
      case 0x28: // (
        this.parenDepth++
        this.emit('leftParen')
        return this.lexInsideAction
      case 0x29: // )
        this.parenDepth--
        if (this.parenDepth < 0) return this.errorf('unexpected right paren')
        this.emit('rightParen')
        return this.lexInsideAction
    }
    if (c === 0x2b || c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.backup(c)
      return this.lexNumber
    }
    if (isAlphaNumeric(c)) {
      this.backup(c)
      return this.lexIdentifier
    }
    if (c < 0x80 && c >= 0x20 && c < 0x7f) {
      this.emit('char')
      return this.lexInsideAction
    }
    return this.errorf(`unrecognized character in action: ${runeNotation(c)}`)
  }

  private readonly lexSpace = (): State | null => {
    let spaces = 0
    while (isSpaceChar(this.peek())) {
      this.next()
      spaces++
    }
    // A trim-marked right delimiter (" -}}") starts with a space: leave that space to it.
    if (hasRightTrimMarker(this.input, this.pos - 1) && this.input.startsWith(RIGHT_DELIM, this.pos + 1)) {
      this.pos--
      if (spaces === 1) return this.lexRightDelim
    }
    this.emit('space')
    return this.lexInsideAction
  }

  private readonly lexIdentifier = (): State | null => {
    for (;;) {
      const c = this.next()
      if (isAlphaNumeric(c)) continue
      this.backup(c)
      const word = this.input.slice(this.start, this.pos)
      if (!this.atTerminator()) return this.errorf(`bad character ${runeNotation(c)}`)
      const keyword = KEYWORDS.get(word)
      if (keyword !== undefined) {
        if ((keyword === 'break' && !this.options.breakOK) || (keyword === 'continue' && !this.options.continueOK)) {
          this.emit('identifier')
        } else {
          this.emit(keyword)
        }
      } else if (word === 'true' || word === 'false') {
        this.emit('bool')
      } else {
        this.emit('identifier')
      }
      return this.lexInsideAction
    }
  }

  private readonly lexField = (): State | null => this.lexFieldOrVariable('field')

  private readonly lexVariable = (): State | null => {
    if (this.atTerminator()) {
      this.emit('variable')
      return this.lexInsideAction
    }
    return this.lexFieldOrVariable('variable')
  }

  private lexFieldOrVariable(type: 'field' | 'variable'): State | null {
    if (this.atTerminator()) {
      this.emit(type === 'variable' ? 'variable' : 'dot')
      return this.lexInsideAction
    }
    let c: number
    for (;;) {
      c = this.next()
      if (!isAlphaNumeric(c)) {
        this.backup(c)
        break
      }
    }
    if (!this.atTerminator()) return this.errorf(`bad character ${runeNotation(c)}`)
    this.emit(type)
    return this.lexInsideAction
  }

  private readonly lexChar = (): State | null => {
    for (;;) {
      let c = this.next()
      if (c === 0x5c) {
        c = this.next()
        if (c !== EOF && c !== 0x0a) continue
        return this.errorf('unterminated character constant')
      }
      if (c === EOF || c === 0x0a) return this.errorf('unterminated character constant')
      if (c === 0x27) break
    }
    this.emit('charConstant')
    return this.lexInsideAction
  }

  private readonly lexNumber = (): State | null => {
    if (!this.scanNumber()) return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`)
    const sign = this.peek()
    if (sign === 0x2b || sign === 0x2d) {
      // A complex constant such as 1+2i: no spaces, must end in 'i'.
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`)
      }
      this.emit('complex')
      return this.lexInsideAction
    }
    this.emit('number')
    return this.lexInsideAction
  }

  private scanNumber(): boolean {
    this.accept('+-')
    let digits = '0123456789_'
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_'
      else if (this.accept('oO')) digits = '01234567_'
      else if (this.accept('bB')) digits = '01_'
    }
    this.acceptRun(digits)
    if (this.accept('.')) this.acceptRun(digits)
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-')
      this.acceptRun('0123456789_')
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-')
      this.acceptRun('0123456789_')
    }
    this.accept('i')
    if (isAlphaNumeric(this.peek())) {
      this.next()
      return false
    }
    return true
  }

  private readonly lexQuote = (): State | null => {
    for (;;) {
      let c = this.next()
      if (c === 0x5c) {
        c = this.next()
        if (c !== EOF && c !== 0x0a) continue
        return this.errorf('unterminated quoted string')
      }
      if (c === EOF || c === 0x0a) return this.errorf('unterminated quoted string')
      if (c === 0x22) break
    }
    this.emit('string')
    return this.lexInsideAction
  }

  private readonly lexRawQuote = (): State | null => {
    for (;;) {
      const c = this.next()
      if (c === EOF) return this.errorf('unterminated raw quoted string')
      if (c === 0x60) break
    }
    this.emit('rawString')
    return this.lexInsideAction
  }
}
