// Go's encoding/csv Reader, for the one record docker reads from a flag value.

/**
 * One record of Go's encoding/csv Reader with default settings, which docker uses to split
 * `--mount`, `--gpus` and `--network` values. Errors carry Go's wording and 1-based byte columns.
 */
export function readCsvRecord(input: string): string[] {
  const lines = input.match(/[^\n]*\n|[^\n]+$/g) ?? []
  let lineNo = 0
  const nextLine = (): string | undefined => {
    let line = lines[lineNo]
    if (line === undefined) return undefined
    lineNo++
    // Go normalises \r\n to \n, and drops a final \r before EOF.
    if (line.endsWith('\r\n')) line = `${line.slice(0, -2)}\n`
    else if (!line.endsWith('\n') && line.endsWith('\r')) line = line.slice(0, -1)
    return line
  }
  let line = nextLine()
  while (line !== undefined && (line === '\n' || line === '')) line = nextLine()
  if (line === undefined) throw new Error('EOF')
  const recordLine = lineNo
  const bytes = (s: string): number => Buffer.byteLength(s)
  const parseError = (errLine: number, column: number, what: string): Error =>
    new Error(
      errLine === recordLine
        ? `parse error on line ${errLine}, column ${column}: ${what}`
        : `record on line ${recordLine}; parse error on line ${errLine}, column ${column}: ${what}`,
    )
  const fields: string[] = []
  let col = 1
  let rest = line
  let currentLine = recordLine
  for (;;) {
    if (!rest.startsWith('"')) {
      const comma = rest.indexOf(',')
      let field = comma >= 0 ? rest.slice(0, comma) : rest
      if (comma < 0 && field.endsWith('\n')) field = field.slice(0, -1)
      const quote = field.indexOf('"')
      if (quote >= 0) throw parseError(currentLine, col + bytes(field.slice(0, quote)), 'bare " in non-quoted-field')
      fields.push(field)
      if (comma < 0) return fields
      col += bytes(rest.slice(0, comma + 1))
      rest = rest.slice(comma + 1)
      continue
    }
    rest = rest.slice(1)
    col += 1
    let field = ''
    for (;;) {
      const q = rest.indexOf('"')
      if (q >= 0) {
        field += rest.slice(0, q)
        col += bytes(rest.slice(0, q + 1))
        rest = rest.slice(q + 1)
        if (rest.startsWith('"')) {
          field += '"'
          rest = rest.slice(1)
          col += 1
        } else if (rest.startsWith(',')) {
          rest = rest.slice(1)
          col += 1
          fields.push(field)
          break
        } else if (rest === '' || rest === '\n') {
          fields.push(field)
          return fields
        } else {
          throw parseError(currentLine, col - 1, 'extraneous or missing " in quoted-field')
        }
      } else if (rest.length > 0) {
        field += rest
        col += bytes(rest)
        const more = nextLine()
        if (more === undefined) throw parseError(currentLine, col, 'extraneous or missing " in quoted-field')
        rest = more
        currentLine++
        col = 1
      } else {
        throw parseError(currentLine, col, 'extraneous or missing " in quoted-field')
      }
    }
  }
}
