// hooks.PrintNextSteps: a bold "What's next:" heading (aec.Bold.Apply, the newline inside the
// bold), then each line after four spaces (Fprintln's separator after three).
const BOLD = '\u001B[1m'
const RESET = '\u001B[0m'

export function nextStepsText(lines: readonly string[]): string {
  if (lines.length === 0) return ''
  return `${BOLD}\nWhat's next:${RESET}\n${lines.map((line) => `    ${line}\n`).join('')}`
}

/** manager.appendNextSteps: a hook whose lines are all blank adds nothing. */
export function hasContent(lines: readonly string[]): boolean {
  return lines.some((line) => line.trim() !== '')
}
