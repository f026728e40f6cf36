// How docker's list commands built on formatter.Context.Write (network ls, volume ls) print
// their rows: every template error, parse or execution, reads `template parsing error: …`
// and exits 1, with nothing printed when any row fails.
import {FormatError, type FormatContext, prepareFormat} from '../format/formatter.js'
import {CliError} from './errors.js'

/** The rendered rows (a table with its header, or one template output per row), or docker's error. */
export function renderList(format: string, context: FormatContext, rows: readonly object[]): string {
  try {
    return prepareFormat(format, context, {execErrorPrefix: 'template parsing error', parseErrorPrefix: 'template parsing error'}).render(rows)
  } catch (error) {
    throw error instanceof FormatError ? new CliError(error.message) : error
  }
}

/** The format a list command uses: --format, else config.json's default for it unless -q, else `table`. */
export function listFormatSource(flag: string | undefined, configured: string | undefined, quiet: boolean): string {
  if (flag) return flag
  return configured && !quiet ? configured : 'table'
}
