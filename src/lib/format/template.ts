// Go text/template for docker's --format: parse once, execute per row. The pieces live in
// template-lexer/-parser/-exec/-funcs and go-values/-print/-json; this module is the API.
//
// Data model (see go-values.ts): an object tagged with [goTypeName] is a Go struct pointer
// (missing fields are errors, function properties are methods called with the template's
// arguments); any other object is a map (a missing key prints `<no value>`).

import {builtinFuncs, type TemplateFunc} from './template-funcs.js'
import {type ExecOptions, type ResolvedFunc, executeTemplate} from './template-exec.js'
import {parse} from './template-parser.js'

export type {TemplateFunc} from './template-funcs.js'
export {TemplateParseError} from './template-parser.js'
export {TemplateExecError, type ExecOptions} from './template-exec.js'
export {dockerHeaderFuncs, dockerTemplateFuncs, goTitle, goToLower, goToUpper} from './template-funcs.js'
export {goFunc, goKind, goSignature, goTypeName, marshalJSON, type GoSignature} from './go-values.js'
export {formatGoFloat, goPrint, goQuote, goQuoteASCII, goSprint, goSprintf, goSprintln} from './go-print.js'
export {GoJSONError, goJSON, goJSONString, type GoJSONOptions} from './go-json.js'

export interface Template {
  /** The template text that was parsed. */
  readonly source: string
  /**
   * Runs the template against data. `funcs` replaces functions of the same name for this run
   * only (docker swaps in identity functions to render a table header).
   * `options` are Go's template options (`missingkey=error`).
   * Throws TemplateExecError (carrying the output written before the failure).
   */
  execute(data: unknown, funcs?: Readonly<Record<string, TemplateFunc>>, options?: ExecOptions): string
}

const BUILTINS: Readonly<Record<string, TemplateFunc>> = builtinFuncs()

function own<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined
}

/**
 * Parses a template like Go's `template.New("").Funcs(funcs).Parse(source)`. `funcs` are the
 * functions beyond Go's builtins; calling any other function is a parse error, as in Go.
 * Throws TemplateParseError with Go's message (`template: :1: unclosed action`).
 */
export function parseTemplate(source: string, funcs: Readonly<Record<string, TemplateFunc>> = {}): Template {
  const parsed = parse(source, (name) => own(funcs, name) !== undefined || own(BUILTINS, name) !== undefined)
  return {
    source,
    execute(data, overrides, options) {
      const lookup = (name: string): ResolvedFunc | undefined => {
        const fn = own(overrides, name) ?? own(funcs, name)
        if (fn !== undefined) return {fn, builtin: false}
        const builtin = own(BUILTINS, name)
        return builtin === undefined ? undefined : {fn: builtin, builtin: true}
      }
      return executeTemplate(parsed, data, lookup, options)
    },
  }
}
