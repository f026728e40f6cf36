/** The program name as a shell function name part: anything but letters, digits and _ becomes _. */
export function scriptIdentifier(bin: string): string {
  return bin.replace(/[^A-Za-z0-9_]/g, '_')
}
