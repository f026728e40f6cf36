// The text/template parser: items -> parse tree. Grammar, token look-ahead and error messages
// follow Go's text/template/parse so that parse errors read exactly like docker's.

import {goQuote} from './go-print.js'
import {type Item, type ItemType, itemString, lex} from './template-lexer.js'

export interface NumberNode {
  readonly type: 'number'
  readonly pos: number
  readonly text: string
  readonly isInt: boolean
  readonly isUint: boolean
  readonly isFloat: boolean
  readonly int64: bigint
  readonly uint64: bigint
  readonly float64: number
}

export interface FieldNode {
  readonly type: 'field'
  readonly pos: number
  readonly ident: readonly string[]
}
export interface VariableNode {
  readonly type: 'variable'
  readonly pos: number
  readonly ident: readonly string[]
}
export interface ChainNode {
  readonly type: 'chain'
  readonly pos: number
  readonly node: ArgNode
  readonly field: readonly string[]
}
export interface IdentifierNode {
  readonly type: 'identifier'
  readonly pos: number
  readonly ident: string
}
export interface DotNode {
  readonly type: 'dot'
  readonly pos: number
}
export interface NilNode {
  readonly type: 'nil'
  readonly pos: number
}
export interface BoolNode {
  readonly type: 'bool'
  readonly pos: number
  readonly value: boolean
}
export interface StringNode {
  readonly type: 'string'
  readonly pos: number
  readonly quoted: string
  readonly text: string
}
export interface CommandNode {
  readonly type: 'command'
  readonly pos: number
  readonly args: ArgNode[]
}
export interface PipeNode {
  readonly type: 'pipe'
  readonly pos: number
  readonly line: number
  isAssign: boolean
  readonly decl: VariableNode[]
  readonly cmds: CommandNode[]
}

export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode

export interface TextNode {
  readonly type: 'text'
  readonly pos: number
  readonly text: string
}
export interface ActionNode {
  readonly type: 'action'
  readonly pos: number
  readonly pipe: PipeNode
}
export interface BranchNode {
  readonly type: 'if' | 'range' | 'with'
  readonly pos: number
  readonly pipe: PipeNode
  readonly list: ListNode
  readonly elseList: ListNode | undefined
}
export interface ListNode {
  readonly type: 'list'
  readonly pos: number
  readonly nodes: Node[]
}
export interface BreakNode {
  readonly type: 'break' | 'continue'
  readonly pos: number
}
export interface TemplateNode {
  readonly type: 'template'
  readonly pos: number
  readonly name: string
  readonly pipe: PipeNode | undefined
}
interface EndNode {
  readonly type: 'end'
  readonly pos: number
}
interface ElseNode {
  readonly type: 'else'
  readonly pos: number
}

export type Node = TextNode | ActionNode | BranchNode | ListNode | BreakNode | TemplateNode
type ParsedNode = Node | EndNode | ElseNode

/** The source-like rendering Go uses as the `<...>` context of execution errors. */
export function nodeString(n: ArgNode | CommandNode | Node | EndNode | ElseNode): string {
  switch (n.type) {
    case 'field':
      return n.ident.map((id) => `.${id}`).join('')
    case 'variable':
      return n.ident.join('.')
    case 'chain': {
      const head = n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node)
      return head + n.field.map((f) => `.${f}`).join('')
    }
    case 'identifier':
      return n.ident
    case 'dot':
      return '.'
    case 'nil':
      return 'nil'
    case 'bool':
      return n.value ? 'true' : 'false'
    case 'number':
      return n.text
    case 'string':
      return n.quoted
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ')
    case 'pipe': {
      const decl = n.decl.length > 0 ? `${n.decl.map((v) => nodeString(v)).join(', ')} := ` : ''
      return decl + n.cmds.map((c) => nodeString(c)).join(' | ')
    }
    case 'text':
      return n.text
    case 'action':
      return `{{${nodeString(n.pipe)}}}`
    case 'if':
    case 'range':
    case 'with': {
      const elsePart = n.elseList !== undefined ? `{{else}}${nodeString(n.elseList)}` : ''
      return `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}${elsePart}{{end}}`
    }
    case 'list':
      return n.nodes.map((x) => nodeString(x)).join('')
    case 'break':
    case 'continue':
      return `{{${n.type}}}`
    case 'template':
      return `{{template ${goQuote(n.name)}${n.pipe !== undefined ? ` ${nodeString(n.pipe)}` : ''}}}`
    case 'end':
      return '{{end}}'
    case 'else':
      return '{{else}}'
  }
}

export class TemplateParseError extends Error {
  override name = 'TemplateParseError'
}

export interface ParsedTemplate {
  readonly source: string
  readonly root: ListNode
  /** Templates named by {{define}} or {{block}}; "" is the main template. */
  readonly definitions: ReadonlyMap<string, ListNode>
}

/**
 * Parses a template. `hasFunction` says whether a function name is defined (builtins
 * included); Go rejects unknown functions at parse time.
 */
export function parse(source: string, hasFunction: (name: string) => boolean): ParsedTemplate {
  const lexer = new TokenStream(
    lex(source, {breakOK: !hasFunction('break'), continueOK: !hasFunction('continue')}),
  )
  const definitions = new Map<string, ListNode>()
  const tree = new Tree(lexer, hasFunction, definitions)
  const root = tree.parseTop()
  addDefinition(definitions, '', root, tree)
  return {source, root, definitions}
}

function isEmptyTree(n: Node): boolean {
  switch (n.type) {
    case 'list':
      return n.nodes.every(isEmptyTree)
    case 'text':
      return n.text.trim() === ''
    default:
      return false
  }
}

function addDefinition(definitions: Map<string, ListNode>, name: string, root: ListNode, tree: Tree): void {
  const existing = definitions.get(name)
  if (existing === undefined || isEmptyTree(existing)) {
    definitions.set(name, root)
    return
  }
  if (!isEmptyTree(root)) tree.errorf(`template: multiple definition of template ${goQuote(name)}`)
}

/** The lexer as Go's parser sees it: pulled one item at a time. */
class TokenStream {
  private index = 0
  constructor(private readonly items: readonly Item[]) {}

  nextItem(): Item {
    const item = this.items[Math.min(this.index, this.items.length - 1)]!
    this.index++
    return item
  }
}

const ZERO_ITEM: Item = {type: 'eof', pos: 0, val: '', line: 1}

class Tree {
  private readonly token: Item[] = [ZERO_ITEM, ZERO_ITEM, ZERO_ITEM]
  private peekCount = 0
  private vars: string[] = ['$']
  private actionLine = 0
  private rangeDepth = 0

  constructor(
    private readonly lexer: TokenStream,
    private readonly hasFunction: (name: string) => boolean,
    private readonly definitions: Map<string, ListNode>,
  ) {}

  // --- token access, mirroring Go's three-token look-ahead

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--
    else this.token[0] = this.lexer.nextItem()
    return this.token[this.peekCount]!
  }

  private backup(): void {
    this.peekCount++
  }

  private backup2(t1: Item): void {
    this.token[1] = t1
    this.peekCount = 2
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1
    this.token[2] = t2
    this.peekCount = 3
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!
    this.peekCount = 1
    this.token[0] = this.lexer.nextItem()
    return this.token[0]
  }

  private nextNonSpace(): Item {
    let token: Item
    do token = this.next()
    while (token.type === 'space')
    return token
  }

  private peekNonSpace(): Item {
    const token = this.nextNonSpace()
    this.backup()
    return token
  }

  // --- errors

  errorf(message: string): never {
    throw new TemplateParseError(`template: :${this.token[0]!.line}: ${message}`)
  }

  private expect(expected: ItemType, context: string): Item {
    const token = this.nextNonSpace()
    if (token.type !== expected) this.unexpected(token, context)
    return token
  }

  private unexpected(token: Item, context: string): never {
    if (token.type === 'error') {
      let extra = ''
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at :${this.actionLine}`
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length)
      }
      this.errorf(`${itemString(token)}${extra}`)
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`)
  }

  // --- grammar

  parseTop(): ListNode {
    const root: ListNode = {type: 'list', pos: this.peek().pos, nodes: []}
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const delim = this.next()
        if (this.nextNonSpace().type === 'define') {
          const sub = new Tree(this.lexer, this.hasFunction, this.definitions)
          sub.parseDefinition()
          continue
        }
        this.backup2(delim)
      }
      const n = this.textOrAction()
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${nodeString(n)}`)
      root.nodes.push(n)
    }
    return root
  }

  private parseDefinition(): void {
    const context = 'define clause'
    const token = this.nextNonSpace()
    if (token.type !== 'string' && token.type !== 'rawString') this.unexpected(token, context)
    const name = this.unquote(token.val)
    this.expect('rightDelim', context)
    const {list, next} = this.itemList()
    if (next.type !== 'end') this.errorf(`unexpected ${nodeString(next)} in ${context}`)
    addDefinition(this.definitions, name, list, this)
  }

  private itemList(): {list: ListNode; next: EndNode | ElseNode} {
    const list: ListNode = {type: 'list', pos: this.peekNonSpace().pos, nodes: []}
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction()
      if (n.type === 'end' || n.type === 'else') return {list, next: n}
      list.nodes.push(n)
    }
    this.errorf('unexpected EOF')
  }

  private textOrAction(): ParsedNode {
    const token = this.nextNonSpace()
    switch (token.type) {
      case 'text':
        return {type: 'text', pos: token.pos, text: token.val}
      case 'leftDelim':
        this.actionLine = token.line
        try {
          return this.action()
        } finally {
          this.actionLine = 0
        }
      default:
        this.unexpected(token, 'input')
    }
  }

  private action(): ParsedNode {
    const token = this.nextNonSpace()
    switch (token.type) {
      case 'block':
        return this.blockControl()
      case 'break':
      case 'continue':
        return this.breakControl(token)
      case 'else':
        return this.elseControl()
      case 'end':
        return {type: 'end', pos: this.expect('rightDelim', 'end').pos}
      case 'if':
        return this.control('if')
      case 'range':
        return this.control('range')
      case 'template':
        return this.templateControl()
      case 'with':
        return this.control('with')
    }
    this.backup()
    const first = this.peek()
    return {type: 'action', pos: first.pos, pipe: this.pipeline('command', 'rightDelim')}
  }

  private breakControl(keyword: Item): BreakNode {
    const type = keyword.type === 'break' ? 'break' : 'continue'
    const token = this.nextNonSpace()
    if (token.type !== 'rightDelim') this.unexpected(token, `{{${type}}}`)
    if (this.rangeDepth === 0) this.errorf(`{{${type}}} outside {{range}}`)
    return {type, pos: keyword.pos}
  }

  private elseControl(): ElseNode {
    const peek = this.peekNonSpace()
    // "{{else if" and "{{else with" are read as "{{else}}{{if" / "{{else}}{{with".
    if (peek.type === 'if' || peek.type === 'with') return {type: 'else', pos: peek.pos}
    return {type: 'else', pos: this.expect('rightDelim', 'else').pos}
  }

  private control(context: 'if' | 'range' | 'with'): BranchNode {
    const savedVars = this.vars.length
    try {
      const pipe = this.pipeline(context, 'rightDelim')
      if (context === 'range') this.rangeDepth++
      const body = this.itemList()
      if (context === 'range') this.rangeDepth--
      let elseList: ListNode | undefined
      if (body.next.type === 'else') {
        const elsePos = body.next.pos
        if (context === 'if' && this.peek().type === 'if') {
          this.next()
          elseList = {type: 'list', pos: elsePos, nodes: [this.control('if')]}
        } else if (context === 'with' && this.peek().type === 'with') {
          this.next()
          elseList = {type: 'list', pos: elsePos, nodes: [this.control('with')]}
        } else {
          const alt = this.itemList()
          if (alt.next.type !== 'end') this.errorf(`expected end; found ${nodeString(alt.next)}`)
          elseList = alt.list
        }
      }
      return {type: context, pos: pipe.pos, pipe, list: body.list, elseList}
    } finally {
      this.vars.length = savedVars
    }
  }

  private blockControl(): TemplateNode {
    const context = 'block clause'
    const token = this.nextNonSpace()
    const name = this.templateName(token, context)
    const pipe = this.pipeline(context, 'rightDelim')
    const sub = new Tree(this.lexer, this.hasFunction, this.definitions)
    const {list, next} = sub.itemList()
    if (next.type !== 'end') this.errorf(`unexpected ${nodeString(next)} in ${context}`)
    addDefinition(this.definitions, name, list, sub)
    return {type: 'template', pos: token.pos, name, pipe}
  }

  private templateControl(): TemplateNode {
    const context = 'template clause'
    const token = this.nextNonSpace()
    const name = this.templateName(token, context)
    let pipe: PipeNode | undefined
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup()
      pipe = this.pipeline(context, 'rightDelim')
    }
    return {type: 'template', pos: token.pos, name, pipe}
  }

  private templateName(token: Item, context: string): string {
    if (token.type !== 'string' && token.type !== 'rawString') this.unexpected(token, context)
    return this.unquote(token.val)
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const first = this.peekNonSpace()
    const pipe: PipeNode = {type: 'pipe', pos: first.pos, line: first.line, isAssign: false, decl: [], cmds: []}
    // Declarations or assignments: "$x :=", "$x =", "$i, $e :=".
    decls: for (;;) {
      const v = this.peekNonSpace()
      if (v.type !== 'variable') break
      this.next()
      // Spaces are tokens, so "$x foo" needs three tokens of look-ahead to tell it from "$x :=".
      const tokenAfterVariable = this.peek()
      const next = this.peekNonSpace()
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign'
        this.nextNonSpace()
        pipe.decl.push({type: 'variable', pos: v.pos, ident: v.val.split('.')})
        this.vars.push(v.val)
      } else if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace()
        pipe.decl.push({type: 'variable', pos: v.pos, ident: v.val.split('.')})
        this.vars.push(v.val)
        if (context === 'range' && pipe.decl.length < 2) {
          const t = this.peekNonSpace().type
          if (t === 'variable' || t === 'rightDelim' || t === 'rightParen') continue decls
          this.errorf('range can only initialize variables')
        }
        this.errorf(`too many declarations in ${context}`)
      } else if (tokenAfterVariable.type === 'space') {
        this.backup3(v, tokenAfterVariable)
      } else {
        this.backup2(v)
      }
      break
    }
    for (;;) {
      const token = this.nextNonSpace()
      if (token.type === end) {
        this.checkPipeline(pipe, context)
        return pipe
      }
      switch (token.type) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup()
          pipe.cmds.push(this.command())
          break
        default:
          this.unexpected(token, context)
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`)
    pipe.cmds.slice(1).forEach((c, i) => {
      const t = c.args[0]?.type
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`)
      }
    })
  }

  private command(): CommandNode {
    const cmd: CommandNode = {type: 'command', pos: this.peekNonSpace().pos, args: []}
    for (;;) {
      this.peekNonSpace()
      const operand = this.operand()
      if (operand !== undefined) cmd.args.push(operand)
      const token = this.next()
      if (token.type === 'space') continue
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.backup()
      else if (token.type !== 'pipe') this.unexpected(token, 'operand')
      break
    }
    if (cmd.args.length === 0) this.errorf('empty command')
    return cmd
  }

  private operand(): ArgNode | undefined {
    const node = this.term()
    if (node === undefined) return undefined
    if (this.peek().type !== 'field') return node
    const fields: string[] = []
    const pos = this.peek().pos
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1))
    switch (node.type) {
      case 'field':
        return {type: 'field', pos, ident: [...node.ident, ...fields]}
      case 'variable':
        return {type: 'variable', pos, ident: [...node.ident, ...fields]}
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`)
      default:
        return {type: 'chain', pos, node, field: fields}
    }
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace()
    switch (token.type) {
      case 'identifier':
        if (!this.hasFunction(token.val)) this.errorf(`function ${goQuote(token.val)} not defined`)
        return {type: 'identifier', pos: token.pos, ident: token.val}
      case 'dot':
        return {type: 'dot', pos: token.pos}
      case 'nil':
        return {type: 'nil', pos: token.pos}
      case 'variable':
        return this.useVar(token)
      case 'field':
        return {type: 'field', pos: token.pos, ident: [token.val.slice(1)]}
      case 'bool':
        return {type: 'bool', pos: token.pos, value: token.val === 'true'}
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.number(token)
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen')
      case 'string':
      case 'rawString':
        return {type: 'string', pos: token.pos, quoted: token.val, text: this.unquote(token.val)}
    }
    this.backup()
    return undefined
  }

  private useVar(token: Item): VariableNode {
    const ident = token.val.split('.')
    if (!this.vars.includes(ident[0]!)) this.errorf(`undefined variable ${goQuote(ident[0]!)}`)
    return {type: 'variable', pos: token.pos, ident}
  }

  private unquote(quoted: string): string {
    const text = unquoteGo(quoted)
    if (text === undefined) this.errorf('invalid syntax')
    return text
  }

  private number(token: Item): NumberNode {
    if (token.type === 'complex') this.errorf(`complex constants are not supported: ${goQuote(token.val)}`)
    if (token.type === 'charConstant') {
      const rune = unquoteChar(token.val)
      if (rune === undefined) this.errorf('invalid syntax')
      const v = BigInt(rune)
      return {type: 'number', pos: token.pos, text: token.val, isInt: true, isUint: true, isFloat: true, int64: v, uint64: v, float64: rune}
    }
    const parsed = parseGoNumber(token.val)
    if (typeof parsed === 'string') this.errorf(parsed)
    return {type: 'number', pos: token.pos, text: token.val, ...parsed}
  }
}

// ---------------------------------------------------------------------------------------------
// Literals (strconv.Unquote, UnquoteChar, ParseInt/ParseUint/ParseFloat as the parser uses them)

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\\': 0x5c,
}

/**
 * Decodes the body of a quoted Go literal into UTF-8 bytes; \x and octal escapes are raw bytes.
 * Returns undefined on invalid syntax.
 */
function decodeEscapes(body: string, quote: string): number[] | undefined {
  const bytes: number[] = []
  const pushRune = (cp: number): void => {
    bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'))
  }
  for (let i = 0; i < body.length; ) {
    const cp = body.codePointAt(i)!
    const ch = String.fromCodePoint(cp)
    i += ch.length
    if (ch === quote && quote !== '`') return undefined
    if (ch !== '\\') {
      pushRune(cp)
      continue
    }
    const e = body[i]
    if (e === undefined) return undefined
    i++
    const simple = SIMPLE_ESCAPES[e]
    if (simple !== undefined) {
      bytes.push(simple)
    } else if (e === quote) {
      bytes.push(e.charCodeAt(0))
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8
      const hex = body.slice(i, i + n)
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return undefined
      i += n
      const v = Number.parseInt(hex, 16)
      if (e === 'x') bytes.push(v)
      else if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined
      else pushRune(v)
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i - 1, i + 2)
      if (!/^[0-7]{3}$/.test(oct)) return undefined
      const v = Number.parseInt(oct, 8)
      if (v > 255) return undefined
      i += 2
      bytes.push(v)
    } else {
      return undefined
    }
  }
  return bytes
}

/** strconv.Unquote for "..." and `...` literals; undefined on invalid syntax. */
export function unquoteGo(quoted: string): string | undefined {
  if (quoted.length < 2) return undefined
  const quote = quoted[0]!
  if (quoted[quoted.length - 1] !== quote) return undefined
  const body = quoted.slice(1, -1)
  if (quote === '`') return body.includes('`') ? undefined : body.replaceAll('\r', '')
  if (quote !== '"' || body.includes('\n')) return undefined
  const bytes = decodeEscapes(body, '"')
  return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8')
}

/** The rune value of a 'x' character constant. */
function unquoteChar(quoted: string): number | undefined {
  if (quoted.length < 3 || !quoted.startsWith("'") || !quoted.endsWith("'")) return undefined
  const body = quoted.slice(1, -1)
  if (body === "'") return undefined
  if (!body.startsWith('\\')) {
    const chars = [...body]
    return chars.length === 1 ? chars[0]!.codePointAt(0) : undefined
  }
  const e = body[1]
  if (e === 'x' || (e !== undefined && e >= '0' && e <= '7')) {
    // In a rune literal \x and octal escapes are the rune value itself.
    const bytes = decodeEscapes(body, "'")
    return bytes !== undefined && bytes.length === 1 ? bytes[0] : undefined
  }
  const bytes = decodeEscapes(body, "'")
  if (bytes === undefined) return undefined
  const s = Buffer.from(bytes).toString('utf8')
  const chars = [...s]
  return chars.length === 1 ? chars[0]!.codePointAt(0) : undefined
}

type ParsedNumber = Omit<NumberNode, 'type' | 'pos' | 'text'>

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const UINT64_MAX = 2n ** 64n - 1n

/** Go's integer literal syntax (base prefixes, legacy octal, underscores between digits). */
function parseGoInteger(text: string): bigint | undefined {
  let s = text
  let sign = 1n
  if (s.startsWith('+') || s.startsWith('-')) {
    if (s[0] === '-') sign = -1n
    s = s.slice(1)
  }
  let base = 10
  let digits = s
  let prefixed = false
  if (/^0[xX]/.test(s)) {
    base = 16
    digits = s.slice(2)
    prefixed = true
  } else if (/^0[oO]/.test(s)) {
    base = 8
    digits = s.slice(2)
    prefixed = true
  } else if (/^0[bB]/.test(s)) {
    base = 2
    digits = s.slice(2)
    prefixed = true
  } else if (/^0./.test(s)) {
    base = 8
    digits = s.slice(1)
    prefixed = true
  }
  if (digits.includes('_')) {
    // Underscores must separate digits (or follow a base prefix).
    const valid = prefixed ? /^_?[^_]+(_[^_]+)*$/ : /^[^_]+(_[^_]+)*$/
    if (!valid.test(digits)) return undefined
    digits = digits.replaceAll('_', '')
  }
  const alphabet = '0123456789abcdef'.slice(0, base)
  if (digits === '' || ![...digits.toLowerCase()].every((c) => alphabet.includes(c))) return undefined
  let v = 0n
  for (const c of digits.toLowerCase()) v = v * BigInt(base) + BigInt(alphabet.indexOf(c))
  return sign * v
}

function parseGoFloat(text: string): number | undefined {
  const s = text.replaceAll('_', '')
  if (/^[+-]?0[xX]/.test(s)) {
    const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(s)
    if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return undefined
    const mantissa = Number.parseInt(`${m[2] ?? ''}${m[3] ?? ''}` || '0', 16) / 16 ** (m[3] ?? '').length
    const v = mantissa * 2 ** Number(m[4])
    return m[1] === '-' ? -v : v
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined
  return Number(s)
}

/** The template parser's number classification (Go's newNumber), or an error message. */
export function parseGoNumber(text: string): ParsedNumber | string {
  let isInt = false
  let isUint = false
  let isFloat = false
  let int64 = 0n
  let uint64 = 0n
  let float64 = 0
  const asInteger = parseGoInteger(text)
  if (asInteger !== undefined) {
    if (asInteger >= 0n && asInteger <= UINT64_MAX && !/^[+-]/.test(text)) {
      isUint = true
      uint64 = asInteger
    }
    if (asInteger >= INT64_MIN && asInteger <= INT64_MAX) {
      isInt = true
      int64 = asInteger
      if (asInteger === 0n) {
        isUint = true
        uint64 = 0n
      }
    }
  }
  if (isInt) {
    isFloat = true
    float64 = Number(int64)
  } else if (isUint) {
    isFloat = true
    float64 = Number(uint64)
  } else {
    const f = parseGoFloat(text)
    if (f !== undefined && Number.isFinite(f)) {
      // A float syntax without '.', 'e' or 'p' is an integer too large for 64 bits.
      if (!/[.eEpP]/.test(text)) return `integer overflow: ${goQuote(text)}`
      isFloat = true
      float64 = f
      if (Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63) {
        isInt = true
        int64 = BigInt(f)
      }
      if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
        isUint = true
        uint64 = BigInt(f)
      }
    }
  }
  if (!isInt && !isUint && !isFloat) return `illegal number syntax: ${goQuote(text)}`
  return {isInt, isUint, isFloat, int64, uint64, float64}
}
