// docker's inspect output (cli/command/inspect): every `inspect` command looks its objects up
// one by one and hands each one's raw answer to an inspector, which prints at the end.
//
// - no --format: the raw answers as one JSON array re-indented with json.Indent (four spaces),
//   so keys, numbers and string escapes are the engine's own bytes; `[]` when nothing was found;
// - `--format json`: the same array compacted;
// - any other --format: a Go template run against the answer decoded into docker's Go type
//   (inspect-types.ts). When that fails, docker runs it again against the raw answer decoded as
//   map[string]interface{} with json.Number numbers and `missingkey=error`, and that option stays
//   on the template for the objects after it. Each object's output is followed by a newline; a
//   run that printed nothing prints one empty line.

import {decodeGeneric, goDecode, goMapKey, type GoType} from './go-decode.js'
import {goJSON} from './go-json.js'
import {typeNameOf} from './go-values.js'
import {jsonCompact, jsonIndent, type JSONValue, parseJSONLiteral} from './json-raw.js'
import type {Template, TemplateFunc} from './template.js'

// The template engine is loaded only for --format TEMPLATE: the default output needs none of it.
type TemplateModule = typeof import('./template.js')

/** One object as an inspect lookup returns it: the engine's bytes and docker's Go type for them. */
export interface InspectTarget {
  readonly raw: Buffer
  readonly type: GoType
  /**
   * docker's lookup returned no raw bytes (`volume inspect`): the JSON output is the Go value
   * re-encoded by json.Marshal, and a failing template is not retried on the raw answer.
   */
  readonly typedOnly?: boolean
  /**
   * Replaces parts of the decoded value that docker's types decode their own way (an interface
   * field holding a struct, a custom UnmarshalJSON); given the value and the JSON it came from.
   */
  readonly refine?: (value: unknown, json: JSONValue) => unknown
}

/** The template does not parse: docker prints `template parsing error: …` and exits 64. */
export class InspectFormatError extends Error {
  override name = 'InspectFormatError'
  readonly exitCode = 64
}

/** An object decoded into its Go type, as docker's client hands it to the inspector. */
export interface InspectedObject {
  readonly raw: Buffer
  readonly value: unknown
  readonly typedOnly?: boolean
}

/**
 * Decodes an answer into its Go type, as docker's client does before the inspector sees it (a
 * wrong JSON type there is the lookup's error).
 */
export function decodeInspectTarget(target: InspectTarget): InspectedObject {
  const json = parseJSONLiteral(target.raw)
  const decoded = goDecode(json, target.type)
  const value = target.refine === undefined ? decoded : target.refine(decoded, json)
  if (target.typedOnly !== true) return {raw: target.raw, value}
  return {raw: Buffer.from(goJSON(value)), typedOnly: true, value}
}

export interface Inspector {
  /** Adds one object; throws an Error (docker's message) when the template fails on it. */
  inspect(object: InspectedObject): void
  /** What docker prints on stdout once every object was looked up. */
  flush(): Buffer
}

class JSONInspector implements Inspector {
  private readonly raws: Buffer[] = []

  constructor(private readonly indent: boolean) {}

  inspect(object: InspectedObject): void {
    this.raws.push(object.raw)
  }

  flush(): Buffer {
    if (this.raws.length === 0) return Buffer.from('[]\n')
    const parts: Buffer[] = [Buffer.from('[')]
    this.raws.forEach((raw, i) => {
      if (i > 0) parts.push(Buffer.from(','))
      parts.push(raw)
    })
    parts.push(Buffer.from(']'))
    const all = Buffer.concat(parts)
    return Buffer.concat([this.indent ? jsonIndent(all, '', '    ') : jsonCompact(all), Buffer.from('\n')])
  }
}

/**
 * Go's `index` refuses a plain string key for a map whose key type is a named one (nat.Port in
 * `.NetworkSettings.Ports`), which makes docker fall back to the raw answer; the builtin here
 * does not know key types, so this checks them before each step.
 */
function keyTypedIndex(t: TemplateModule, index: TemplateFunc): TemplateFunc {
  const checked = (item: unknown, ...indexes: unknown[]): unknown => {
    let current = item
    for (const key of indexes) {
      const keyType = current !== null && typeof current === 'object' ? (current as {[goMapKey]?: string})[goMapKey] : undefined
      if (keyType !== undefined && key !== undefined && key !== null) throw new Error(`value has type ${typeNameOf(key)}; should be ${keyType}`)
      current = index(current, key)
    }
    return current
  }
  return t.goFunc(checked, ['reflect.Value', 'reflect.Value'], true) as unknown as TemplateFunc
}

class TemplateInspector implements Inspector {
  private out = ''
  /** Set for good by the first fallback, as Go's Template.Option mutates the template. */
  private missingKeyError = false

  constructor(
    private readonly template: Template,
    private readonly isExecError: (error: unknown) => boolean,
  ) {}

  inspect(object: InspectedObject): void {
    try {
      this.out += `${this.execute(object.value)}\n`
      return
    } catch (error) {
      if (!this.isExecError(error)) throw error
      if (object.typedOnly === true) throw new Error(`template parsing error: ${(error as Error).message}`)
    }
    this.missingKeyError = true
    let raw: unknown
    try {
      raw = decodeGeneric(parseJSONLiteral(object.raw), true)
    } catch (error) {
      throw new Error(`unable to read inspect data: ${(error as Error).message}`)
    }
    try {
      this.out += `${this.execute(raw)}\n`
    } catch (error) {
      if (this.isExecError(error)) throw new Error(`template parsing error: ${(error as Error).message}`)
      throw error
    }
  }

  private execute(data: unknown): string {
    return this.template.execute(data, undefined, {missingKey: this.missingKeyError ? 'error' : 'default'})
  }

  flush(): Buffer {
    return Buffer.from(this.out === '' ? '\n' : this.out)
  }
}

/**
 * docker's NewTemplateInspectorFromString: '' indents, `json` compacts, anything else is a
 * template (docker's functions, no `table` keyword, typed `\t` stays as typed).
 * Throws InspectFormatError when the template does not parse.
 */
export async function newInspector(format: string): Promise<Inspector> {
  if (format === '') return new JSONInspector(true)
  if (format === 'json') return new JSONInspector(false)
  const [t, funcs] = await Promise.all([import('./template.js'), import('./template-funcs.js')])
  const index = keyTypedIndex(t, funcs.builtinFuncs().index!)
  try {
    return new TemplateInspector(t.parseTemplate(format, {...t.dockerTemplateFuncs(), index}), (e) => e instanceof t.TemplateExecError)
  } catch (error) {
    if (error instanceof t.TemplateParseError) throw new InspectFormatError(`template parsing error: ${error.message}`)
    throw error
  }
}

/** What an inspect run printed: stdout, and the failures docker joins with newlines on stderr. */
export interface InspectResult {
  readonly stdout: Buffer
  readonly errors: string[]
}

/**
 * docker's inspect.Inspect: looks each reference up in order (a failed lookup is recorded and
 * the rest go on), then prints. `lookup` rejects with the error docker would print.
 */
export async function inspectAll(refs: readonly string[], format: string, lookup: (ref: string) => Promise<InspectTarget>): Promise<InspectResult> {
  const inspector = await newInspector(format)
  const errors: string[] = []
  for (const ref of refs) {
    try {
      inspector.inspect(decodeInspectTarget(await lookup(ref)))
    } catch (error) {
      if (!(error instanceof Error)) throw error
      errors.push(error.message)
    }
  }
  return {errors, stdout: inspector.flush()}
}
