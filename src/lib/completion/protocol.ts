// cobra's `__complete` wire format, which the shell scripts parse: one candidate a line (an
// optional description after a tab), then `:<directive>` as the last line; a human-readable
// note of the directive goes to stderr, which the scripts discard.

/** cobra's ShellCompDirective bits. */
export const Directive = {
  Default: 0,
  Error: 1,
  NoSpace: 2,
  NoFileComp: 4,
  FilterFileExt: 8,
  FilterDirs: 16,
  KeepOrder: 32,
} as const

const NAMES: ReadonlyArray<[number, string]> = [
  [Directive.Error, 'ShellCompDirectiveError'],
  [Directive.NoSpace, 'ShellCompDirectiveNoSpace'],
  [Directive.NoFileComp, 'ShellCompDirectiveNoFileComp'],
  [Directive.FilterFileExt, 'ShellCompDirectiveFilterFileExt'],
  [Directive.FilterDirs, 'ShellCompDirectiveFilterDirs'],
  [Directive.KeepOrder, 'ShellCompDirectiveKeepOrder'],
]

/** One past the highest bit: cobra reports anything at or above it as unexpected. */
const DIRECTIVE_LIMIT = 64

/** A candidate, and what a shell that shows descriptions prints beside it. */
export interface Candidate {
  value: string
  description?: string
}

export interface CompletionResult {
  candidates: Candidate[]
  directive: number
  /** cobra's CompError text: the completion went wrong, but a directive is still printed. */
  error?: string
}

export function directiveName(directive: number): string {
  if (directive >= DIRECTIVE_LIMIT) return `ERROR: unexpected ShellCompDirective value: ${directive}`
  const names = NAMES.filter(([bit]) => (directive & bit) !== 0).map(([, name]) => name)
  return names.length === 0 ? 'ShellCompDirectiveDefault' : names.join(', ')
}

/** The lines a candidate prints: only its first line, trimmed (a stray tab would show in zsh). */
function candidateLine(candidate: Candidate, descriptions: boolean): string {
  const text = descriptions && candidate.description !== undefined ? `${candidate.value}\t${candidate.description}` : candidate.value
  return (text.split('\n', 1)[0] ?? '').trim()
}

/** What `__complete` writes on stdout. */
export function renderCandidates(result: CompletionResult, descriptions: boolean): string {
  const lines = result.candidates.map((candidate) => `${candidateLine(candidate, descriptions)}\n`)
  return `${lines.join('')}:${result.directive}\n`
}

/** What `__complete` writes on stderr. */
export function renderNotes(result: CompletionResult): string {
  const error = result.error === undefined ? '' : `[Debug] [Error] ${result.error}\n`
  return `${error}Completion ended with directive: ${directiveName(result.directive)}\n`
}

/** Plain values, as most completion functions give them. */
export function values(list: readonly string[], directive: number): CompletionResult {
  return {candidates: list.map((value) => ({value})), directive}
}
