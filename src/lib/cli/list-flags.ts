// Flags docker's list commands share, with docker's help text (cli/flags FormatHelp).
import type {FlagSpec} from './argv.js'
import {validateFilter} from './filters.js'

const FORMAT_HELP =
  "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"

/** `--format string` of a list command (`table`, `table TEMPLATE`, `json`, `TEMPLATE`). */
export function listFormatFlag(): FlagSpec {
  return {description: FORMAT_HELP, kind: 'string', name: 'format', valueName: 'string'}
}

/** A repeatable `--filter key=value` (docker's opts.FilterOpt), with or without `-f`. */
export function filterFlag(description: string, short?: 'f'): FlagSpec {
  const flag: FlagSpec = {description, kind: 'stringArray', name: 'filter', valueName: 'filter'}
  if (short) flag.short = short
  flag.validate = validateFilter(flag)
  return flag
}
