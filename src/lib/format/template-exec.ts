// The text/template executor: walks a parse tree against data, with Go's evaluation rules
// (fields vs map keys vs methods, pipelines passing their value as the last argument, typed
// function arguments) and Go's execution error messages, positions included.

import {goPrint, goQuote, goSprintf} from './go-print.js'
import {
  goHeldInInterface,
  type GoSignature,
  isTruthy,
  isUnexportedField,
  kindOf,
  mapGet,
  methodOf,
  signatureOf,
  sortedMapKeys,
  structMember,
  typeNameOf,
} from './go-values.js'
import {
  type ArgNode,
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type Node,
  type NumberNode,
  type ParsedTemplate,
  type PipeNode,
  type TemplateNode,
  type VariableNode,
  nodeString,
} from './template-parser.js'

export class TemplateExecError extends Error {
  override name = 'TemplateExecError'
  /** What the template had written before it failed (Go leaves it in the writer). */
  readonly partialOutput: string

  constructor(message: string, partialOutput: string) {
    super(message)
    this.partialOutput = partialOutput
  }
}

type Callable = (...args: unknown[]) => unknown

export interface ResolvedFunc {
  readonly fn: Callable
  /** Go's builtins and/or/call get special treatment (short-circuit, callee name). */
  readonly builtin: boolean
}

/** Marks "no previous pipeline value" (Go's missingVal), distinct from a missing map value. */
const MISSING: unique symbol = Symbol('missing')
type Final = unknown

const BREAK: unique symbol = Symbol('break')
const CONTINUE: unique symbol = Symbol('continue')

const MAX_TEMPLATE_DEPTH = 1000

const ANY = 'interface {}'
const VALUE = 'reflect.Value'
/** No type check at all (Go's nil reflect.Type in evalArg). */
const UNCHECKED = ''

const DEFAULT_FUNC_SIGNATURE: GoSignature = {params: [ANY], variadic: true}

type ErrorNode = ArgNode | CommandNode | Node

interface Variable {
  readonly name: string
  value: unknown
}

/** Template options (Go's Template.Option); `missingKey: 'error'` is `missingkey=error`. */
export interface ExecOptions {
  readonly missingKey?: 'default' | 'error'
}

export function executeTemplate(
  tmpl: ParsedTemplate,
  data: unknown,
  lookup: (name: string) => ResolvedFunc | undefined,
  options: ExecOptions = {},
): string {
  const state = new ExecState(tmpl, lookup, data === null ? undefined : data, options.missingKey === 'error')
  state.walk(state.root, tmpl.root)
  return state.out
}

class ExecState {
  out = ''
  private node: ErrorNode | undefined
  private vars: Variable[]
  private depth = 0
  readonly root: unknown

  constructor(
    private readonly tmpl: ParsedTemplate,
    private readonly lookup: (name: string) => ResolvedFunc | undefined,
    data: unknown,
    private readonly missingKeyError = false,
  ) {
    this.root = data
    this.vars = [{name: '$', value: data}]
  }

  // --- errors

  private at(node: ErrorNode): void {
    this.node = node
  }

  private errorf(message: string): never {
    if (this.node === undefined) throw new TemplateExecError(`template: : ${message}`, this.out)
    const before = this.tmpl.source.slice(0, this.node.pos)
    const lineStart = before.lastIndexOf('\n') + 1
    const line = 1 + (before.match(/\n/g)?.length ?? 0)
    // Go reports the column as a byte offset within the line, counting from 0.
    const col = Buffer.byteLength(before.slice(lineStart), 'utf8')
    throw new TemplateExecError(
      `template: :${line}:${col}: executing "" at <${nodeString(this.node)}>: ${message}`,
      this.out,
    )
  }

  // --- variables

  private mark(): number {
    return this.vars.length
  }

  private pop(mark: number): void {
    this.vars.length = mark
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!
      if (v.name === name) {
        v.value = value
        return
      }
    }
    this.errorf(`undefined variable: ${name}`)
  }

  private setTopVar(n: number, value: unknown): void {
    this.vars[this.vars.length - n]!.value = value
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!
      if (v.name === name) return v.value
    }
    this.errorf(`undefined variable: ${name}`)
  }

  // --- walking the tree

  walk(dot: unknown, node: Node): void {
    this.at(node)
    switch (node.type) {
      case 'action': {
        // Variables declared by an action live until the enclosing {{end}}; a declaration prints nothing.
        const value = this.evalPipeline(dot, node.pipe)
        if (node.pipe.decl.length === 0) this.printValue(node, value)
        return
      }
      case 'break':
        throw BREAK
      case 'continue':
        throw CONTINUE
      case 'if':
      case 'with':
        return this.walkIfOrWith(node, dot)
      case 'list':
        for (const child of node.nodes) this.walk(dot, child)
        return
      case 'range':
        return this.walkRange(dot, node)
      case 'template':
        return this.walkTemplate(dot, node)
      case 'text':
        this.out += node.text
        return
    }
  }

  private walkIfOrWith(node: BranchNode, dot: unknown): void {
    const mark = this.mark()
    try {
      const value = this.evalPipeline(dot, node.pipe)
      if (isTruthy(value)) this.walk(node.type === 'with' ? value : dot, node.list)
      else if (node.elseList !== undefined) this.walk(dot, node.elseList)
    } finally {
      this.pop(mark)
    }
  }

  private walkRange(dot: unknown, r: BranchNode): void {
    this.at(r)
    const outer = this.mark()
    try {
      let value = this.evalPipeline(dot, r.pipe)
      if (value === null) value = undefined
      const mark = this.mark()
      const decl = r.pipe.decl
      const oneIteration = (index: unknown, elem: unknown): void => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(decl[0]!.ident[0]!, decl.length > 1 ? index : elem)
          else this.setTopVar(1, elem)
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem)
          else this.setTopVar(2, index)
        }
        try {
          this.walk(elem, r.list)
        } catch (signal) {
          if (signal !== CONTINUE) throw signal
        } finally {
          this.pop(mark)
        }
      }
      let iterated = false
      switch (kindOf(value)) {
        case 'int': {
          if (decl.length > 1) this.errorf(`can't use ${goSprintf('%v', [value])} to iterate over more than one variable`)
          const n = Number(value)
          for (let i = 0; i < n; i++) oneIteration(undefined, i)
          iterated = n > 0
          break
        }
        case 'slice': {
          const items = value as unknown[]
          items.forEach((item, i) => oneIteration(i, item))
          iterated = items.length > 0
          break
        }
        case 'map': {
          const keys = sortedMapKeys(value as object)
          for (const key of keys) oneIteration(key, (value as Record<string, unknown>)[key])
          iterated = keys.length > 0
          break
        }
        case 'invalid':
          // A missing or nil value ranges like an empty map.
          break
        default: {
          const shown = kindOf(value) === 'ptr' ? goPrint(value) : goSprintf('%v', [value])
          this.errorf(`range can't iterate over ${shown}`)
        }
      }
      if (!iterated && r.elseList !== undefined) this.walk(dot, r.elseList)
    } catch (signal) {
      if (signal !== BREAK) throw signal
    } finally {
      this.pop(outer)
    }
  }

  private walkTemplate(dot: unknown, t: TemplateNode): void {
    this.at(t)
    const tree = this.tmpl.definitions.get(t.name)
    if (tree === undefined) this.errorf(`template ${goQuote(t.name)} not defined`)
    if (this.depth >= MAX_TEMPLATE_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_TEMPLATE_DEPTH})`)
    const newDot = t.pipe === undefined ? undefined : this.evalPipeline(dot, t.pipe)
    // No dynamic scoping: the called template sees only its own $.
    const savedVars = this.vars
    this.vars = [{name: '$', value: newDot}]
    this.depth++
    try {
      this.walk(newDot, tree)
    } finally {
      this.depth--
      this.vars = savedVars
    }
  }

  private printValue(node: Node, value: unknown): void {
    this.at(node)
    if (typeof value === 'function') this.errorf(`can't print ${nodeString(node)} of type ${typeNameOf(value)}`)
    this.out += goPrint(value)
  }

  // --- evaluation

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.at(pipe)
    let value: Final = MISSING
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value)
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0]!, value)
      else this.vars.push({name: variable.ident[0]!, value})
    }
    return value
  }

  private notAFunction(args: readonly ArgNode[] | undefined, final: Final): void {
    if ((args !== undefined && args.length > 1) || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString(args![0]!)}`)
    }
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0]!
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final)
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final)
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final)
      case 'pipe':
        // A parenthesized pipeline: its arguments are inside; there must be no final value.
        this.notAFunction(cmd.args, final)
        return this.evalPipeline(dot, first)
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final)
    }
    this.at(first)
    this.notAFunction(cmd.args, final)
    switch (first.type) {
      case 'bool':
        return first.value
      case 'dot':
        return dot
      case 'nil':
        this.errorf('nil is not a command')
      case 'number':
        return this.idealConstant(first)
      case 'string':
        return first.text
    }
  }

  /** A number literal where no type is expected: its syntax says int or float64. */
  private idealConstant(n: NumberNode): unknown {
    this.at(n)
    const isHexInt = /^0[xX]/.test(n.text) && !/[pP]/.test(n.text)
    if (n.isFloat && !isHexInt && !n.text.startsWith("'") && /[.eEpP]/.test(n.text)) return n.float64
    if (n.isInt) return toJsInt(n.int64)
    if (n.isUint) this.errorf(`${n.text} overflows int`)
    return undefined
  }

  private evalFieldNode(dot: unknown, field: FieldNode, args: readonly ArgNode[] | undefined, final: Final): unknown {
    this.at(field)
    return this.evalFieldChain(dot, dot, field, field.ident, args, final)
  }

  private evalChainNode(dot: unknown, chain: ChainNode, args: readonly ArgNode[] | undefined, final: Final): unknown {
    this.at(chain)
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`)
    const pipe = this.evalArg(dot, UNCHECKED, chain.node)
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final)
  }

  private evalVariableNode(dot: unknown, variable: VariableNode, args: readonly ArgNode[] | undefined, final: Final): unknown {
    this.at(variable)
    const value = this.varValue(variable.ident[0]!)
    if (variable.ident.length === 1) {
      this.notAFunction(args, final)
      return value
    }
    return this.evalFieldChain(dot, value, variable, variable.ident.slice(1), args, final)
  }

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    node: ErrorNode,
    ident: readonly string[],
    args: readonly ArgNode[] | undefined,
    final: Final,
  ): unknown {
    const n = ident.length
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(dot, ident[i]!, node, undefined, MISSING, receiver)
    return this.evalField(dot, ident[n - 1]!, node, args, final, receiver)
  }

  private evalFunction(
    dot: unknown,
    node: IdentifierNode,
    cmd: ErrorNode,
    args: readonly ArgNode[] | undefined,
    final: Final,
  ): unknown {
    this.at(node)
    const resolved = this.lookup(node.ident)
    if (resolved === undefined) this.errorf(`${goQuote(node.ident)} is not a defined function`)
    const signature = signatureOf(resolved.fn) ?? DEFAULT_FUNC_SIGNATURE
    return this.evalCall(dot, resolved.fn, signature, resolved.builtin, cmd, node.ident, args, final)
  }

  /** `.Name` on a value: a method, a struct field, or a map key, in that order (Go's evalField). */
  private evalField(
    dot: unknown,
    fieldName: string,
    node: ErrorNode,
    args: readonly ArgNode[] | undefined,
    final: Final,
    receiver: unknown,
  ): unknown {
    if (receiver === undefined) {
      // A missing value behaves like a missing map key.
      if (this.missingKeyError) this.errorf(`nil data; no entry for key ${goQuote(fieldName)}`)
      return undefined
    }
    const typ = typeNameOf(receiver)
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`)
    const kind = kindOf(receiver)
    if (kind === 'map' || kind === 'struct' || kind === 'ptr') {
      const method = methodOf(receiver as object, fieldName)
      if (method !== undefined) {
        const bound: Callable = (...a) => method.apply(receiver, a)
        const signature = signatureOf(method) ?? {params: new Array<string>(method.length).fill(ANY), variadic: false}
        return this.evalCall(dot, bound, signature, false, node, fieldName, args, final)
      }
    }
    const hasArgs = (args !== undefined && args.length > 1) || final !== MISSING
    if (kind === 'struct' || kind === 'ptr') {
      const member = structMember(receiver as object, fieldName)
      if (member.found) {
        if (isUnexportedField(receiver as object, fieldName)) this.errorf(`${fieldName} is an unexported field of struct type ${typ}`)
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`)
        return member.value === undefined ? null : member.value
      }
    } else if (kind === 'map') {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`)
      const value = mapGet(receiver as object, fieldName)
      if (value === undefined && this.missingKeyError) this.errorf(`map has no entry for key ${goQuote(fieldName)}`)
      return value
    }
    const held = receiver !== null && typeof receiver === 'object' && goHeldInInterface in receiver
    this.errorf(`can't evaluate field ${fieldName} in type ${held ? 'interface {}' : typ}`)
  }

  /** Calls a function or method; args[0] is the function's own node, as in Go. */
  private evalCall(
    dot: unknown,
    fn: Callable,
    signature: GoSignature,
    isBuiltin: boolean,
    node: ErrorNode,
    name: string,
    allArgs: readonly ArgNode[] | undefined,
    final: Final,
  ): unknown {
    const args = allArgs === undefined ? [] : allArgs.slice(1)
    const params = signature.params
    let numIn = args.length
    if (final !== MISSING) numIn++
    let numFixed = args.length
    if (signature.variadic) {
      numFixed = params.length - 1
      if (numIn < numFixed) {
        this.errorf(`wrong number of args for ${name}: want at least ${params.length - 1} got ${args.length}`)
      }
    } else if (numIn !== params.length) {
      this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`)
    }
    const paramType = (i: number): string =>
      signature.variadic && i >= params.length - 1 ? params[params.length - 1]! : (params[i] ?? ANY)

    if (isBuiltin && (name === 'and' || name === 'or')) {
      // Short-circuit: return the first argument that decides the result, else the last one.
      let v: unknown
      for (const arg of args) {
        v = this.evalArg(dot, VALUE, arg)
        if (isTruthy(v) === (name === 'or')) return v
      }
      if (final !== MISSING) v = this.validateType(final, VALUE)
      return v
    }

    const argv: unknown[] = []
    for (let i = 0; i < args.length; i++) argv.push(this.evalArg(dot, paramType(i), args[i]!))
    if (final !== MISSING) argv.push(this.validateType(final, paramType(numIn - 1)))

    let callee = fn
    if (isBuiltin && name === 'call') {
      const calleeName = args.length === 0 ? String(final) : nodeString(args[0]!)
      callee = (...a: unknown[]) => callFunction(calleeName, a[0], a.slice(1))
    }
    try {
      return callee(...argv)
    } catch (err) {
      if (err === BREAK || err === CONTINUE || err instanceof TemplateExecError) throw err
      this.at(node)
      this.errorf(`error calling ${name}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  /** Checks a computed value against a parameter type (Go's validateType). */
  private validateType(value: unknown, typ: string): unknown {
    if (typ === UNCHECKED || typ === VALUE) return value
    if (value === undefined || value === null) {
      if (typ === ANY) return null
      if (canBeNil(typ)) return null
      this.errorf(`invalid value; expected ${typ}`)
    }
    if (typ === ANY) return value
    const actual = typeNameOf(value)
    if (actual === typ) return value
    // A pointer to a struct can be passed where the struct is expected.
    if (kindOf(value) === 'ptr' && actual.slice(1) === typ) return value
    this.errorf(`wrong type for value; expected ${typ}; got ${actual}`)
  }

  private evalArg(dot: unknown, typ: string, n: ArgNode): unknown {
    this.at(n)
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ)
      case 'nil':
        if (typ === VALUE) return undefined
        if (typ === ANY || canBeNil(typ)) return null
        this.errorf(`cannot assign nil to ${typ}`)
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ)
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, undefined, MISSING), typ)
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ)
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, undefined, MISSING), typ)
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, undefined, MISSING), typ)
    }
    switch (typ) {
      case ANY:
      case VALUE:
      case UNCHECKED:
        return this.evalEmptyInterface(n)
      case 'bool':
        if (n.type === 'bool') return n.value
        this.errorf(`expected bool; found ${nodeString(n)}`)
      case 'string':
        if (n.type === 'string') return n.text
        this.errorf(`expected string; found ${nodeString(n)}`)
      case 'int':
      case 'int8':
      case 'int16':
      case 'int32':
      case 'int64':
        if (n.type === 'number' && n.isInt) return toJsInt(n.int64)
        this.errorf(`expected integer; found ${nodeString(n)}`)
      case 'uint':
      case 'uint8':
      case 'uint16':
      case 'uint32':
      case 'uint64':
        if (n.type === 'number' && n.isUint) return toJsInt(n.uint64)
        this.errorf(`expected unsigned integer; found ${nodeString(n)}`)
      case 'float32':
      case 'float64':
        if (n.type === 'number' && n.isFloat) return n.float64
        this.errorf(`expected float; found ${nodeString(n)}`)
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${typ}`)
  }

  private evalEmptyInterface(n: ArgNode): unknown {
    this.at(n)
    switch (n.type) {
      case 'bool':
        return n.value
      case 'number':
        return this.idealConstant(n)
      case 'string':
        return n.text
      default:
        this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`)
    }
  }
}

function toJsInt(v: bigint): number | bigint {
  const n = Number(v)
  return Number.isSafeInteger(n) ? n : v
}

function canBeNil(typ: string): boolean {
  return (
    typ === ANY ||
    typ === VALUE ||
    typ.startsWith('[]') ||
    typ.startsWith('map[') ||
    typ.startsWith('*') ||
    typ.startsWith('func') ||
    typ.startsWith('chan ') ||
    typ.startsWith('interface')
  )
}

/** The builtin `call`: calls its first argument with the others. */
function callFunction(name: string, fn: unknown, args: unknown[]): unknown {
  if (fn === undefined || fn === null) throw new Error('call of nil')
  if (typeof fn !== 'function') throw new Error(`non-function ${name} of type ${typeNameOf(fn)}`)
  const signature = signatureOf(fn)
  if (signature !== undefined) {
    const want = signature.params.length
    if (signature.variadic && args.length < want - 1) {
      throw new Error(`wrong number of args for ${name}: got ${args.length} want at least ${want - 1}`)
    }
    if (!signature.variadic && args.length !== want) {
      throw new Error(`wrong number of args for ${name}: got ${args.length} want ${want}`)
    }
  }
  return (fn as Callable)(...args.map((a) => (a === undefined ? null : a)))
}

