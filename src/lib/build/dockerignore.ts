// .dockerignore reading and matching with the semantics of docker 28's CLI:
// moby/patternmatcher/ignorefile for parsing and moby/patternmatcher for matching. The
// matcher does not use Go's filepath.Match to match; it turns each pattern into a Go
// regexp (only validating with filepath.Match), so its quirks are reproduced here: `**` at
// the start or end is a plain suffix/prefix test, `*` inside brackets becomes `[^/]*`, and
// `\x` is a regexp escape. Paths are always '/'-separated and relative to the context.

/** Go's filepath.ErrBadPattern text. */
export const BAD_PATTERN = 'syntax error in pattern'

// bufio.Scanner's default token limit: a longer line fails the whole read.
const MAX_LINE_BYTES = 64 * 1024 - 1

/**
 * ignorefile.ReadAll: one pattern per line, `#` comments (tested before trimming), blank
 * lines skipped, `!` exceptions, each pattern Clean-ed with one leading `/` removed, a UTF-8
 * BOM dropped from the first line. Throws `bufio.Scanner: token too long` like Go.
 */
export function parseDockerignore(content: string | Uint8Array): string[] {
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8')
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  const patterns: string[] = []
  for (const [index, raw] of lines.entries()) {
    if (raw.length > MAX_LINE_BYTES / 4 && Buffer.byteLength(raw) > MAX_LINE_BYTES) {
      throw new Error('bufio.Scanner: token too long')
    }
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (index === 0 && line.startsWith('\uFEFF')) line = line.slice(1)
    if (line.startsWith('#')) continue
    let pattern = goTrimSpace(line)
    if (pattern === '') continue
    const invert = pattern.startsWith('!')
    if (invert) pattern = goTrimSpace(pattern.slice(1))
    if (pattern.length > 0) {
      pattern = goClean(pattern)
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1)
    }
    patterns.push(invert ? `!${pattern}` : pattern)
  }
  return patterns
}

/** Per-pattern results for a directory, handed to its children (patternmatcher.MatchInfo). */
export interface MatchInfo {
  readonly parentMatched: readonly boolean[]
}

type MatchType = 'exact' | 'prefix' | 'suffix' | 'regexp'

/** One cleaned pattern; `text` excludes the leading `!` of an exception. */
export class Pattern {
  readonly text: string
  readonly exclusion: boolean
  readonly dirs: readonly string[]
  private compiled: {regexp?: RegExp; type: MatchType} | undefined

  constructor(text: string, exclusion: boolean) {
    this.text = text
    this.exclusion = exclusion
    this.dirs = text.split('/')
  }

  /** Whether `path` ('/'-separated, cleaned) matches; throws BAD_PATTERN like Go's lazy compile. */
  match(path: string): boolean {
    this.compiled ??= compilePattern(this.text)
    switch (this.compiled.type) {
      case 'exact':
        return path === this.text
      case 'prefix':
        return path.startsWith(this.text.slice(0, -2))
      case 'suffix': {
        const suffix = this.text.slice(2)
        return path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1))
      }
      case 'regexp':
        return this.compiled.regexp?.test(path) ?? false
    }
  }
}

/** moby/patternmatcher.PatternMatcher. The constructor throws Go's errors for bad patterns. */
export class PatternMatcher {
  readonly patterns: readonly Pattern[]
  readonly exclusions: boolean

  constructor(patterns: readonly string[]) {
    const parsed: Pattern[] = []
    for (const raw of patterns) {
      let text = goTrimSpace(raw)
      if (text === '') continue
      text = goClean(text)
      let exclusion = false
      if (text.startsWith('!')) {
        if (text.length === 1) throw new Error('illegal exclusion pattern: "!"')
        exclusion = true
        text = text.slice(1)
      }
      if (!isValidGoGlob(text)) throw new Error(BAD_PATTERN)
      parsed.push(new Pattern(text, exclusion))
    }
    this.patterns = parsed
    this.exclusions = parsed.some((p) => p.exclusion)
  }

  /**
   * The deprecated Matches: a parent directory is only tested at the pattern's own depth.
   * Docker still uses it to decide whether the Dockerfile and .dockerignore need re-adding.
   */
  matches(file: string): boolean {
    const parentDirs = parentDirectories(file)
    let matched = false
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue
      let match = pattern.match(file)
      if (!match && parentDirs.length > 0 && pattern.dirs.length <= parentDirs.length) {
        match = pattern.match(parentDirs.slice(0, pattern.dirs.length).join('/'))
      }
      if (match) matched = !pattern.exclusion
    }
    return matched
  }

  /** Whether `file` or any of its parent directories is excluded (last matching pattern wins). */
  matchesOrParentMatches(file: string): boolean {
    let matched = false
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue
      if (matchesSelfOrParent(pattern, file)) matched = !pattern.exclusion
    }
    return matched
  }

  /**
   * MatchesUsingParentResults, for a walker that passes each directory's `info` to its
   * children. A pattern that matched the parent counts as matching the child; a pattern
   * skipped for the parent (its result could not change the outcome) counts as not matching.
   */
  matchesUsingParentResults(file: string, parent?: MatchInfo): {excluded: boolean; info: MatchInfo} {
    const inherited = parent && parent.parentMatched.length > 0 ? parent.parentMatched : undefined
    const results: boolean[] = Array.from({length: this.patterns.length}, () => false)
    let matched = false
    for (const [i, pattern] of this.patterns.entries()) {
      let match = inherited?.[i] ?? false
      if (!match) {
        if (pattern.exclusion !== matched) continue
        match = inherited ? pattern.match(file) : matchesSelfOrParent(pattern, file)
      }
      results[i] = match
      if (match) matched = !pattern.exclusion
    }
    return {excluded: matched, info: {parentMatched: results}}
  }

  /**
   * Whether an excluded directory must still be walked: docker descends only when an
   * exception pattern's text starts with `dir/` (a textual test, so `!**\/*.go` does not count).
   */
  hasExceptionWithin(dir: string): boolean {
    const prefix = `${dir}/`
    return this.patterns.some((p) => p.exclusion && `${p.text}/`.startsWith(prefix))
  }
}

/** patternmatcher.Matches(file, patterns): the legacy test, false for "." or bad patterns. */
export function matchesPatterns(file: string, patterns: readonly string[]): boolean {
  try {
    const cleaned = goClean(file)
    return cleaned !== '.' && new PatternMatcher(patterns).matches(cleaned)
  } catch {
    return false
  }
}

/**
 * The CLI re-includes .dockerignore and the Dockerfile when they are excluded, because the
 * daemon needs both (it drops them from what COPY sees). A Dockerfile from stdin is injected
 * later under a random name, so only .dockerignore is re-added then.
 */
export function trimBuildFilesFromExcludes(excludes: readonly string[], dockerfile: string, dockerfileFromStdin: boolean): string[] {
  const result = [...excludes]
  if (matchesPatterns('.dockerignore', result)) result.push('!.dockerignore')
  if (matchesPatterns(dockerfile, result) && !dockerfileFromStdin) result.push(`!${dockerfile}`)
  return result
}

function matchesSelfOrParent(pattern: Pattern, file: string): boolean {
  if (pattern.match(file)) return true
  const parentDirs = parentDirectories(file)
  for (let i = 1; i <= parentDirs.length; i++) {
    if (pattern.match(parentDirs.slice(0, i).join('/'))) return true
  }
  return false
}

// filepath.Dir split on '/', or [] when the parent is ".".
function parentDirectories(file: string): string[] {
  const slash = file.lastIndexOf('/')
  if (slash < 0) return []
  const parent = goClean(file.slice(0, slash) || '/')
  return parent === '.' ? [] : parent.split('/')
}

/** Go's filepath.Clean for '/'-separated paths. */
export function goClean(path: string): string {
  if (path === '') return '.'
  const rooted = path.startsWith('/')
  const out: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      if (out.length > 0 && out.at(-1) !== '..') out.pop()
      else if (!rooted) out.push('..')
      continue
    }
    out.push(segment)
  }
  const joined = out.join('/')
  if (rooted) return `/${joined}`
  return joined === '' ? '.' : joined
}

// strings.TrimSpace uses unicode.IsSpace, which differs from JS trim() on U+0085 and U+FEFF.
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000'
const GO_TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g')

function goTrimSpace(s: string): string {
  return s.replace(GO_TRIM, '')
}

// ---- filepath.Match syntax check (only used to reject patterns, as patternmatcher.New does)

// Valid exactly when every '*'-separated chunk parses under Go's matchChunk rules.
function isValidGoGlob(pattern: string): boolean {
  const cps = Array.from(pattern)
  let i = 0
  while (i < cps.length) {
    while (cps[i] === '*') i++
    const start = i
    let inRange = false
    for (; i < cps.length; i++) {
      const c = cps[i]
      if (c === '\\') {
        if (i + 1 < cps.length) i++
      } else if (c === '[') {
        inRange = true
      } else if (c === ']') {
        inRange = false
      } else if (c === '*' && !inRange) {
        break
      }
    }
    if (!isValidChunk(cps.slice(start, i))) return false
  }
  return true
}

function isValidChunk(chunk: string[]): boolean {
  let i = 0
  while (i < chunk.length) {
    const c = chunk[i]
    if (c === '[') {
      i++
      if (chunk[i] === '^') i++
      let ranges = 0
      for (;;) {
        if (chunk[i] === ']' && ranges > 0) {
          i++
          break
        }
        const lo = classCharEnd(chunk, i)
        if (lo < 0) return false
        i = lo
        if (chunk[i] === '-') {
          const hi = classCharEnd(chunk, i + 1)
          if (hi < 0) return false
          i = hi
        }
        ranges++
      }
    } else if (c === '\\') {
      if (i + 1 >= chunk.length) return false
      i += 2
    } else {
      i++
    }
  }
  return true
}

// Go's getEsc: index after one (possibly escaped) class character, or -1. Like Go, a class
// character must be followed by something (the closing bracket at least).
function classCharEnd(chunk: string[], start: number): number {
  let i = start
  if (i >= chunk.length || chunk[i] === '-' || chunk[i] === ']') return -1
  if (chunk[i] === '\\') {
    i++
    if (i >= chunk.length) return -1
  }
  i++
  return i >= chunk.length ? -1 : i
}

// ---- pattern → Go regexp source (patternmatcher's compile) → JS RegExp

function compilePattern(text: string): {regexp?: RegExp; type: MatchType} {
  const cps = Array.from(text)
  let source = '^'
  let type: MatchType = 'exact'
  for (let i = 0, token = 0; i < cps.length; token++) {
    const c = cps[i++] as string
    if (c === '*') {
      if (cps[i] === '*') {
        i++
        if (cps[i] === '/') i++
        if (i >= cps.length) {
          if (type === 'exact') {
            type = 'prefix'
          } else {
            source += '.*'
            type = 'regexp'
          }
        } else {
          source += '(.*/)?'
          type = 'regexp'
        }
        if (token === 0) type = 'suffix'
      } else {
        source += '[^/]*'
        type = 'regexp'
      }
    } else if (c === '?') {
      source += '[^/]'
      type = 'regexp'
    } else if ('.+()|{}$'.includes(c)) {
      source += `\\${c}`
    } else if (c === '\\') {
      if (i < cps.length) {
        source += `\\${cps[i++]}`
        type = 'regexp'
      } else {
        source += '\\'
      }
    } else if (c === '[' || c === ']') {
      source += c
      type = 'regexp'
    } else {
      source += c
    }
  }
  if (type !== 'regexp') return {type}
  try {
    return {regexp: goRegexpToJs(`${source}$`), type}
  } catch {
    throw new Error(BAD_PATTERN)
  }
}

type Range = [number, number]

const MAX_RUNE = 0x10ffff
const CLASSES: Record<string, Range[]> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a], [0x5f, 0x5f]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
}
// Go's Perl classes are ASCII-only; \s has no \v.
const PERL_CLASSES: Record<string, Range[]> = {
  d: [[0x30, 0x39]],
  s: [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]],
  w: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a], [0x5f, 0x5f]],
}
const SIMPLE_ESCAPES: Record<string, number> = {a: 7, f: 12, n: 10, r: 13, t: 9, v: 11}

/**
 * Translates the Go (RE2) regexp that patternmatcher builds into an equivalent JS one. Only
 * what the builder can emit needs handling: our own `^ $ ( ) ? * .`, literal characters, Go
 * escapes the user wrote with `\`, and bracket classes (POSIX names included). Anything Go
 * would reject, or that has no faithful translation (\p, \C), throws.
 */
function goRegexpToJs(source: string): RegExp {
  const cps = Array.from(source)
  let out = ''
  let i = 0
  while (i < cps.length) {
    const c = cps[i++] as string
    switch (c) {
      case '\\': {
        const escape = parseOuterEscape(cps, i)
        out += escape.js
        i = escape.next
        break
      }
      case '[': {
        const cls = parseClass(cps, i)
        out += rangesToJs(cls.ranges)
        i = cls.next
        break
      }
      case '(':
        out += '(?:'
        break
      case '.':
        out += '[^\\n]'
        break
      case ')':
      case '?':
      case '*':
      case '^':
      case '$':
        out += c
        break
      default:
        out += literal(c.codePointAt(0) ?? 0)
    }
  }
  return new RegExp(out, 'u')
}

function parseOuterEscape(cps: string[], start: number): {js: string; next: number} {
  const c = cps[start]
  if (c === undefined) throw new Error('trailing backslash')
  switch (c) {
    case 'A':
      return {js: '^', next: start + 1}
    case 'z':
      return {js: '$', next: start + 1}
    case 'b':
    case 'B':
      return {js: `\\${c}`, next: start + 1}
    case 'Q': {
      let i = start + 1
      let js = ''
      while (i < cps.length && !(cps[i] === '\\' && cps[i + 1] === 'E')) js += literal((cps[i++] as string).codePointAt(0) ?? 0)
      return {js, next: i < cps.length ? i + 2 : i}
    }
  }
  const perl = perlClass(c)
  if (perl) return {js: rangesToJs(perl), next: start + 1}
  const escape = parseEscape(cps, start)
  return {js: literal(escape.rune), next: escape.next}
}

function perlClass(c: string): Range[] | undefined {
  const ranges = PERL_CLASSES[c.toLowerCase()]
  if (!ranges) return undefined
  return c === c.toUpperCase() ? complement(ranges) : ranges
}

// Go's parseEscape, for a single character (after the backslash).
function parseEscape(cps: string[], start: number): {next: number; rune: number} {
  const c = cps[start]
  if (c === undefined) throw new Error('trailing backslash')
  let i = start + 1
  const isOctal = (s: string | undefined) => s !== undefined && s >= '0' && s <= '7'
  if (c >= '1' && c <= '7' && !isOctal(cps[i])) throw new Error('backreference')
  if (c >= '0' && c <= '7') {
    let digits = c
    while (digits.length < 3 && isOctal(cps[i])) digits += cps[i++]
    return {next: i, rune: Number.parseInt(digits, 8)}
  }
  if (c === 'x') {
    let hex = ''
    if (cps[i] === '{') {
      i++
      while (i < cps.length && cps[i] !== '}') hex += cps[i++]
      if (cps[i] !== '}' || !/^[0-9A-Fa-f]+$/.test(hex)) throw new Error('bad hex escape')
      i++
    } else {
      hex = `${cps[i] ?? ''}${cps[i + 1] ?? ''}`
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Error('bad hex escape')
      i += 2
    }
    const rune = Number.parseInt(hex, 16)
    if (rune > MAX_RUNE) throw new Error('bad hex escape')
    return {next: i, rune}
  }
  const simple = SIMPLE_ESCAPES[c]
  if (simple !== undefined) return {next: i, rune: simple}
  const code = c.codePointAt(0) ?? 0
  if (code < 0x80 && !/[0-9A-Za-z]/.test(c)) return {next: i, rune: code}
  throw new Error('invalid escape')
}

// Go's parseClass (Perl flags: '-' allowed anywhere, a leading ']' is literal).
function parseClass(cps: string[], start: number): {next: number; ranges: Range[]} {
  let i = start
  let negate = false
  if (cps[i] === '^') {
    negate = true
    i++
  }
  let ranges: Range[] = []
  let first = true
  while (i >= cps.length || cps[i] !== ']' || first) {
    if (i >= cps.length) throw new Error('missing ]')
    first = false
    if (cps[i] === '[' && cps[i + 1] === ':') {
      const named = parseNamedClass(cps, i)
      if (named) {
        ranges.push(...named.ranges)
        i = named.next
        continue
      }
    }
    if (cps[i] === '\\') {
      const next = cps[i + 1]
      if (next === 'p' || next === 'P') throw new Error('unicode classes unsupported')
      const perl = next === undefined ? undefined : perlClass(next)
      if (perl) {
        ranges.push(...perl)
        i += 2
        continue
      }
    }
    const lo = parseClassChar(cps, i)
    i = lo.next
    let hi = lo.rune
    if (i + 1 < cps.length && cps[i] === '-' && cps[i + 1] !== ']') {
      const end = parseClassChar(cps, i + 1)
      hi = end.rune
      i = end.next
      if (hi < lo.rune) throw new Error('invalid character class range')
    }
    ranges.push([lo.rune, hi])
  }
  if (negate) ranges = complement(ranges)
  return {next: i + 1, ranges}
}

function parseNamedClass(cps: string[], start: number): {next: number; ranges: Range[]} | undefined {
  let end = -1
  for (let j = start + 2; j + 1 < cps.length; j++) {
    if (cps[j] === ':' && cps[j + 1] === ']') {
      end = j
      break
    }
  }
  if (end < 0) return undefined
  let name = cps.slice(start + 2, end).join('')
  const negate = name.startsWith('^')
  if (negate) name = name.slice(1)
  const ranges = CLASSES[name]
  if (!ranges) throw new Error('invalid character class range')
  return {next: end + 2, ranges: negate ? complement(ranges) : ranges}
}

function parseClassChar(cps: string[], start: number): {next: number; rune: number} {
  const c = cps[start]
  if (c === undefined) throw new Error('missing ]')
  if (c === '\\') return parseEscape(cps, start + 1)
  return {next: start + 1, rune: c.codePointAt(0) ?? 0}
}

function complement(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0])
  const out: Range[] = []
  let next = 0
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1])
    next = Math.max(next, hi + 1)
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE])
  return out
}

function rangesToJs(ranges: readonly Range[]): string {
  return `[${ranges.map(([lo, hi]) => (lo === hi ? literal(lo) : `${literal(lo)}-${literal(hi)}`)).join('')}]`
}

// Safe inside and outside classes under the `u` flag.
function literal(rune: number): string {
  if ((rune >= 0x30 && rune <= 0x39) || (rune >= 0x41 && rune <= 0x5a) || (rune >= 0x61 && rune <= 0x7a) || rune === 0x5f) {
    return String.fromCodePoint(rune)
  }
  return `\\u{${rune.toString(16)}}`
}
