// The width docker wraps flag descriptions to: the terminal's columns minus one, or 79 when
// there is no terminal. docker asks standard input for the window size, so a help piped into
// `less` is still wrapped to the terminal while `docker ps --help </dev/null` gets 79.
import {isatty} from 'node:tty'

const DEFAULT_COLUMNS = 80

export interface WidthSource {
  stdinIsTTY: boolean
  /** Columns of a terminal among our outputs: the closest stand-in Node has for stdin's size. */
  columns?: number
}

export function processWidthSource(): WidthSource {
  const columns = process.stdout.columns || process.stderr.columns || undefined
  return columns === undefined ? {stdinIsTTY: isatty(0)} : {columns, stdinIsTTY: isatty(0)}
}

/** The `cols` docker passes to pflag's FlagUsagesWrapped. */
export function helpWidth(source: WidthSource = processWidthSource()): number {
  const columns = source.stdinIsTTY && source.columns ? source.columns : DEFAULT_COLUMNS
  return columns - 1
}
