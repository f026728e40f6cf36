// The time package's own quote(), which its error messages use instead of strconv.Quote: bytes
// outside printable ASCII become \xHH even where strconv would keep a printable rune.

/** Go's time-package quote: bytes outside printable ASCII as \xHH, `"` and `\` escaped. */
export function goTimeQuote(s: string): string {
  return `"${goTimeQuoteBytes(Buffer.from(s, 'utf8').toString('latin1'))}"`
}

/** The inside of goTimeQuote, for a string whose chars are already bytes (latin1). */
export function goTimeQuoteBytes(bytes: string): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes.charCodeAt(i)
    if (b >= 0x80 || b < 0x20) out += `\\x${b.toString(16).padStart(2, '0')}`
    else if (b === 0x22 || b === 0x5c) out += `\\${bytes[i]}`
    else out += bytes[i]
  }
  return out
}
