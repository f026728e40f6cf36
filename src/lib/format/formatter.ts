// docker's --format handling (cli/command/formatter): the `table`, `json` and `raw` keywords,
// typed `\t`/`\n` escapes, the header row rendered from the same template, and tabwriter
// alignment for tables.

import {DOCKER_TABLE, TabWriter} from './tabwriter.js'
import {
  type Template,
  TemplateExecError,
  type TemplateFunc,
  TemplateParseError,
  dockerHeaderFuncs,
  dockerTemplateFuncs,
  goFunc,
  goKind,
  goTypeName,
  parseTemplate,
} from './template.js'

export interface FormatContext {
  /** Column headers by field name, e.g. {ID: 'CONTAINER ID', Image: 'IMAGE'}. */
  readonly headers: Readonly<Record<string, string>>
  /** What `table` alone (or an empty format) means, e.g. 'table {{.ID}}\t{{.Image}}'. */
  readonly defaultTableFormat: string
  /** What the `raw` keyword means, for commands that have one. */
  readonly rawFormat?: string
  /** Go type of the rows (`formatter.ContainerContext`), given to rows not tagged with one. */
  readonly typeName: string
}

export interface FormatOptions {
  /** Template functions beyond Go's builtins and docker's. */
  readonly funcs?: Readonly<Record<string, TemplateFunc>>
  /** Prefix of parse error messages; docker's `ps` says 'failed to parse template'. */
  readonly parseErrorPrefix?: string
  /** Prefix of execution error messages; docker's `ps` says 'failed to execute template'. */
  readonly execErrorPrefix?: string
  /**
   * docker events' handling: `json` is the only keyword and the rest is parsed as typed (no
   * `table`/`raw`, no trimming, typed `\t`/`\n` stay literal backslashes).
   */
  readonly jsonKeywordOnly?: boolean
}

/** A template error as docker prints it: `<prefix>: template: :1: ...`. */
export class FormatError extends Error {
  override name = 'FormatError'
  readonly templateError: TemplateParseError | TemplateExecError

  constructor(prefix: string, error: TemplateParseError | TemplateExecError) {
    super(`${prefix}: ${error.message}`)
    this.templateError = error
  }
}

export type FormatKind = 'table' | 'json' | 'template'

export interface PreparedFormat {
  readonly kind: FormatKind
  readonly isTable: boolean
  /** The template text after keyword handling and `\t`/`\n` replacement. */
  readonly source: string
  readonly template: Template
  /** The header line of a table (no newline); '' for other formats. */
  renderHeader(): string
  /** One row: the template's output plus '\n' (unaligned, so for non-table formats and streaming). */
  renderRow(row: object): string
  /** The whole output: for tables the header and aligned rows, else every row followed by '\n'. */
  render(rows: readonly object[]): string
}

const TABLE_KEYWORD = 'table'
const JSON_KEYWORD = 'json'
const RAW_KEYWORD = 'raw'
const JSON_TEMPLATE = '{{json .}}'

/** Resolves the keywords: `table`/'' → the default table, `raw` → the raw template. */
function resolveKeyword(format: string, ctx: FormatContext): string {
  if (format === '' || format === TABLE_KEYWORD) return ctx.defaultTableFormat
  if (format === RAW_KEYWORD && ctx.rawFormat !== undefined) return ctx.rawFormat
  return format
}

/** docker's preFormat: drop the `table` keyword, trim spaces, turn typed \t and \n into TAB and NL. */
function templateText(format: string, isTable: boolean, isJSON: boolean): string {
  let text = isTable ? format.slice(TABLE_KEYWORD.length) : isJSON ? JSON_TEMPLATE : format
  text = text.replace(/^ +| +$/g, '')
  return text.replace(/\\([tn])/g, (_, c: string) => (c === 't' ? '\t' : '\n'))
}

/** The header pass's data: a map of column names with docker's Label method (SubHeaderContext). */
function headerContext(headers: Readonly<Record<string, string>>): object {
  const header: Record<string | symbol, unknown> = {...headers, [goTypeName]: 'formatter.SubHeaderContext', [goKind]: 'map'}
  // `{{.Label "com.example.my-label"}}` heads its column "my label".
  const label = goFunc((name: string) => (name.split('.').at(-1) ?? '').replace(/[-_]/g, ' '), ['string'])
  Object.defineProperty(header, 'Label', {value: label, enumerable: false})
  return header
}

function asRow(row: object, typeName: string): object {
  if ((row as {[goTypeName]?: unknown})[goTypeName] !== undefined) return row
  return Object.assign(Object.create(Object.getPrototypeOf(row) as object | null) as object, row, {[goTypeName]: typeName})
}

/**
 * Prepares a --format value for rendering. Throws FormatError when the template does not parse.
 * Rendering throws FormatError when a row fails to execute.
 */
export function prepareFormat(format: string, ctx: FormatContext, options: FormatOptions = {}): PreparedFormat {
  const parsePrefix = options.parseErrorPrefix ?? 'failed to parse template'
  const execPrefix = options.execErrorPrefix ?? 'failed to execute template'
  const plain = options.jsonKeywordOnly === true
  const resolved = plain ? format : resolveKeyword(format, ctx)
  const isTable = !plain && resolved.startsWith(TABLE_KEYWORD)
  const isJSON = resolved === JSON_KEYWORD
  const source = plain ? (isJSON ? JSON_TEMPLATE : format) : templateText(resolved, isTable, isJSON)
  let template: Template
  try {
    template = parseTemplate(source, {...dockerTemplateFuncs(), ...options.funcs})
  } catch (error) {
    if (error instanceof TemplateParseError) throw new FormatError(parsePrefix, error)
    throw error
  }

  const execute = (row: object): string => {
    try {
      return template.execute(asRow(row, ctx.typeName))
    } catch (error) {
      if (error instanceof TemplateExecError) throw new FormatError(execPrefix, error)
      throw error
    }
  }

  const renderHeader = (): string => {
    if (!isTable) return ''
    try {
      return template.execute(headerContext(ctx.headers), dockerHeaderFuncs())
    } catch (error) {
      // docker ignores a failing header and keeps what was written before the failure.
      if (error instanceof TemplateExecError) return error.partialOutput
      throw error
    }
  }

  return {
    kind: isTable ? 'table' : isJSON ? 'json' : 'template',
    isTable,
    source,
    template,
    renderHeader,
    renderRow: (row) => `${execute(row)}\n`,
    render(rows) {
      // Rows first, as docker does: a failing row means no output at all.
      const lines = rows.map((row) => `${execute(row)}\n`)
      if (!isTable) return lines.join('')
      const writer = new TabWriter(DOCKER_TABLE)
      writer.write(`${renderHeader()}\n`)
      for (const line of lines) writer.write(line)
      return writer.flush()
    },
  }
}
