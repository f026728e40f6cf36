// The `Options:` block of docker's help: pflag's FlagUsagesWrapped, reproduced for byte-identical
// output (flags sorted by name, a shorthand column, the value's type name, `(default …)`, and
// pflag's own wrapping, quirks included: it counts bytes, not characters, and a description's own
// line breaks interact with the wrap points).
import {goQuote} from '../../format/go-print.js'
import type {FlagSpec} from '../argv.js'

/** The type name pflag shows after the flag (`--last int`); none for a bool. */
export function flagTypeName(spec: FlagSpec): string {
  if (spec.valueName !== undefined) return spec.valueName
  switch (spec.kind) {
    case 'bool': {
      return ''
    }
    case 'int': {
      return 'int'
    }
    case 'string': {
      return 'string'
    }
    case 'stringArray': {
      return 'stringArray'
    }
  }
}

/**
 * What follows `(default ` in the help, or undefined when pflag shows none (the value is its
 * type's zero). `helpDefault` states it where the default cannot be derived (docker's own value
 * types print `[]`, `map[]`, `0s`…); otherwise it comes from `default` as pflag would print it.
 */
export function flagDefaultText(spec: FlagSpec): string | undefined {
  if (spec.helpDefault !== undefined) return spec.helpDefault === '' ? undefined : spec.helpDefault
  const value = spec.default
  // docker's MapOpts always prints its empty map
  if (value === undefined && spec.valueName === 'map') return 'map[]'
  if (value === undefined || value === false || value === '' || value === 0) return undefined
  if (typeof value === 'string' && flagTypeName(spec) === 'string') return goQuote(value)
  return String(value)
}

// pflag splits on whitespace within `limit` bytes, going up to `slop` over when that ends the text.
function splitAt(limit: number, slop: number, text: string): [string, string] {
  if (limit + slop > text.length) return [text, '']
  const head = text.slice(0, limit)
  const space = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n'))
  if (space <= 0) return [text, '']
  const newline = head.lastIndexOf('\n')
  if (newline > 0 && newline < space) return [text.slice(0, newline), text.slice(newline + 1)]
  return [text.slice(0, space), text.slice(space + 1)]
}

/** pflag's wrap: the first line follows the caller's column, the rest are indented by `indent`. */
function wrapText(indent: number, width: number, text: string): string {
  let pad = ' '.repeat(indent)
  if (width === 0) return text.replaceAll('\n', `\n${pad}`)
  let room = width - indent
  let out = ''
  if (room < 24) {
    // Too narrow beside the names: the whole description goes on its own lines, 16 in.
    indent = 16
    pad = ' '.repeat(indent)
    room = width - indent
    out += `\n${pad}`
  }
  if (room < 24) return text.replaceAll('\n', out)
  const slop = 5
  room -= slop
  let [line, rest] = splitAt(room, slop, text)
  out += line.replaceAll('\n', `\n${pad}`)
  while (rest !== '') {
    ;[line, rest] = splitAt(room, slop, rest)
    out += `\n${pad}${line.replaceAll('\n', `\n${pad}`)}`
  }
  return out
}

// pflag measures in bytes: work on a binary string (one char per UTF-8 byte) and decode at the end.
const toBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1')
const fromBytes = (bytes: string): string => Buffer.from(bytes, 'latin1').toString('utf8')

/**
 * The flag table as docker prints it under `Options:` / `Global Options:`, wrapped to `width`
 * columns (docker passes its terminal width minus one); each line ends in a newline.
 */
export function flagUsages(specs: readonly FlagSpec[], width: number): string {
  const visible = specs.filter((spec) => !spec.hidden && spec.deprecated === undefined)
  const sorted = [...visible].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const rows = sorted.map((spec) => {
    const type = flagTypeName(spec)
    let label = spec.short ? `  -${spec.short}, --${spec.name}` : `      --${spec.name}`
    if (type !== '') label += ` ${type}`
    if (spec.noOptDefault !== undefined) label += type === 'string' ? `[="${spec.noOptDefault}"]` : `[=${spec.noOptDefault}]`
    const fallback = flagDefaultText(spec)
    const usage = fallback === undefined ? spec.description : `${spec.description} (default ${fallback})`
    return {label: toBytes(label), usage: toBytes(usage)}
  })
  // pflag's column: the longest label plus its one-byte marker, then two spaces from Println.
  const column = Math.max(0, ...rows.map((row) => row.label.length + 1))
  return rows
    .map((row) => fromBytes(`${row.label} ${' '.repeat(column - row.label.length)} ${wrapText(column + 2, width, row.usage)}\n`))
    .join('')
}
