// docker's "Info" notes (internal/tui PrintNote): a blank line, a header, and the text with its
// continuation lines indented under it; on a terminal the header is coloured, the text italic
// and `--platform` bold.
import type {OutStream} from '../io.js'

const RESET = '\x1b[0m'
const PLAIN_HEADER = ' Info -> '
// aec: Bold(LightCyanB(BlackF("i")) + " " + LightCyanF("Info → "))
const FANCY_HEADER = `\x1b[1m\x1b[106m\x1b[30mi${RESET}${RESET} \x1b[96mInfo → ${RESET}${RESET}`
/** Both headers are 9 columns wide on screen. */
const HEADER_WIDTH = 9

/** Writes `text` (one Go format string's output, newlines kept) as docker's note. */
export function printNote(out: OutStream, text: string): void {
  const tty = out.isTTY === true
  const body = tty ? text.replaceAll('--platform', `\x1b[1m--platform${RESET}`) : text
  let written = `\n${tty ? FANCY_HEADER : PLAIN_HEADER}`
  body.split('\n').forEach((line, index) => {
    if (index > 0) written += ' '.repeat(HEADER_WIDTH)
    written += `${tty ? `\x1b[3m${line}${RESET}` : line}\n`
  })
  out.write(written)
}

/** The note header alone (docker's tui.InfoHeader), as printed on a terminal or elsewhere. */
export function infoHeader(tty: boolean): string {
  return tty ? FANCY_HEADER : PLAIN_HEADER
}
