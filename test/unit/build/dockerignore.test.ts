import {describe, expect, it} from 'vitest'

import {
  BAD_PATTERN,
  goClean,
  type MatchInfo,
  matchesPatterns,
  parseDockerignore,
  PatternMatcher,
  trimBuildFilesFromExcludes,
} from '../../../src/lib/build/dockerignore.js'

// Whether docker's tar walker would send `file`: every ancestor must be walked (an excluded
// directory is only entered when an exception names something under it) and the path itself
// must not be excluded. This is how moby's TarWithOptions uses the matcher.
function sent(matcher: PatternMatcher, file: string): boolean {
  const parts = file.split('/')
  let info: MatchInfo | undefined
  for (let i = 0; i < parts.length; i++) {
    const prefix = parts.slice(0, i + 1).join('/')
    const result = matcher.matchesUsingParentResults(prefix, info)
    info = result.info
    if (i === parts.length - 1) return !result.excluded
    if (result.excluded && !(matcher.exclusions && matcher.hasExceptionWithin(prefix))) return false
  }
  return true
}

// [.dockerignore content, path, excluded]. Every row was checked against docker 28.2.2's
// classic builder: "excluded" means the path is missing from the tar the CLI uploads.
const TABLE: Array<[string, string, boolean]> = [
  ['*.key', 'a.key', true],
  ['*.key', 'sub/c.key', false], // anchored at the context root
  ['*.key', 'a.keys', false],
  ['ignored', 'ignored', true],
  ['ignored', 'ignored/inner/keep', true], // a parent directory matches
  ['ignored', 'x/leading/f', false],
  ['**/*.tmp', 'x.tmp', true],
  ['**/*.tmp', 'sub/deeper/y.tmp', true],
  ['**/*.tmp', 'x.tmpl', false],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b/f', true],
  ['a/**/b', 'a/xb', false],
  ['a/**/b', 'b/a/z', false],
  ['ignored\n!ignored/keep', 'ignored/keep', false], // exception inside an excluded directory
  ['ignored\n!ignored/keep', 'ignored/no', true],
  ['ignored\n!ignored/keep', 'ignored', true], // walked, but its own entry is not sent
  ['ignored\n!ignored/inner/keep', 'ignored/inner/keep', false],
  ['ignored\n!ignored/inner/keep', 'ignored/inner', true],
  ['/leading', 'leading/f', true],
  ['/leading', 'x/leading/f', false],
  ['./x', 'x/leading/f', true],
  ['#a.txt', 'a.txt', false], // a comment
  [' #hash', '#hash', true], // the comment test comes before trimming
  [' spaced ', 'spaced', true],
  [' spaced ', ' spaced ', false],
  ['dir/', 'dir/f', true],
  ['dir/', 'dirx', false],
  ['[a-c].txt', 'b.txt', true],
  ['[a-c].txt', 'd.txt', false],
  ['st\\*r', 'st*r', true],
  ['st\\*r', 'stxr', false],
  ['*\n!a.txt\na.txt', 'a.txt', true], // the last matching pattern wins
  ['*\n!a.txt', 'a.txt', false],
  ['*\n!a.txt', 'b.txt', true],
  ['\\!bang', '!bang', true],
  ['q\\?', 'q?', true],
  ['q\\?', 'qx', false],
  ['q?', 'qx', true],
  ['**foo', 'barfoo/q', true], // a leading ** is a plain suffix test
  ['**foo', 'foo/bar/baz', true],
  ['a**b', 'ab', true],
  ['a**b', 'axb', false], // an inner ** becomes (.*/)?
  ['a**b', 'a/x/b/file', true],
  ['[*]', ']', true], // * inside brackets is still rewritten: [[^/]*]
  ['[*]', '[x]', false],
  ['[!a].txt', 'a.txt', true], // ! does not negate: it is a Go regexp class
  ['[!a].txt', 'b.txt', false],
  ['[^a].txt', 'b.txt', true],
  ['[^a].txt', 'a.txt', false],
  ['[[:digit:]]', '7', true],
  ['[[:digit:]]', 'a7', false],
  ['\\d', '7', true], // \x is a regexp escape
  ['a.b', 'a.b', true],
  ['a.b', 'axb', false],
  ['é.txt', 'é.txt', true],
  ['[é].txt', 'é.txt', true],
  ['?.txt', 'é.txt', true], // ? is one character, not one byte
  ['**', 'a.txt', true],
  ['a/**', 'a', false],
  ['a/**', 'a/b/file', true],
  ['*/b', 'a/b', true],
  ['*/b', 'a/x/b/file', false],
  ['a\n!a/b\na/b/file', 'a/b/file', true],
  ['a\n!a/b\na/b/file', 'a/b', false],
  ['\uFEFFa.txt\r\nb.txt\r\n', 'a.txt', true], // BOM and CRLF
  ['\uFEFFa.txt\r\nb.txt\r\n', 'b.txt', true],
]

describe('dockerignore matching (checked against docker 28.2.2)', () => {
  it.each(TABLE)('%j on %j → excluded %s', (content, file, excluded) => {
    const matcher = new PatternMatcher(parseDockerignore(content))
    expect(sent(matcher, file)).toBe(!excluded)
  })

  it('re-includes a top-level file but not one in an excluded directory for `*` + `!**/*.py`', () => {
    // The matcher alone would keep sub/x.py, but the walker never enters sub/: the exception's
    // text does not start with "sub/" (docker/cli#2847).
    const matcher = new PatternMatcher(['*', '!**/*.py'])
    expect(matcher.matchesOrParentMatches('sub/x.py')).toBe(false)
    expect(matcher.hasExceptionWithin('sub')).toBe(false)
    expect(sent(matcher, 'foo.py')).toBe(true)
    expect(sent(matcher, 'sub/x.py')).toBe(false)
  })

  it('agrees with MatchesOrParentMatches where the walker reaches the path', () => {
    for (const [content, file] of TABLE) {
      const matcher = new PatternMatcher(parseDockerignore(content))
      if (file.includes('/') && !sent(matcher, file.split('/')[0] ?? '')) continue
      expect(matcher.matchesOrParentMatches(file), `${content} ${file}`).toBe(!sent(matcher, file))
    }
  })
})

describe('parseDockerignore', () => {
  it('skips comments before trimming, trims, cleans and drops one leading slash', () => {
    const text = '# comment\n  # kept\n\n  spaced  \n!  except  \n/abs/path\n./dot/../x/\n//double\n/\na//b/./c\n'
    expect(parseDockerignore(text)).toEqual(['# kept', 'spaced', '!except', 'abs/path', 'x', 'double', '/', 'a/b/c'])
  })

  it('drops a BOM on the first line only and a CR before each newline', () => {
    expect(parseDockerignore(Buffer.from('\uFEFFa\r\n\uFEFFb\r\n'))).toEqual(['a', '\uFEFFb'])
  })

  it('keeps a lone "!" (the matcher rejects it) and an empty file gives no patterns', () => {
    expect(parseDockerignore('!\n')).toEqual(['!'])
    expect(parseDockerignore('')).toEqual([])
  })

  it('trims Go whitespace (NEL) but not a zero-width no-break space', () => {
    expect(parseDockerignore('\u0085a\u0085\nb\uFEFF')).toEqual(['a', 'b\uFEFF'])
  })

  it('fails like bufio.Scanner on a line of 64 KiB', () => {
    expect(() => parseDockerignore('x'.repeat(65_536))).toThrow('bufio.Scanner: token too long')
    expect(parseDockerignore('x'.repeat(65_535))).toHaveLength(1)
  })
})

describe('PatternMatcher', () => {
  it.each([['a['], ['[]'], ['[a-]'], ['[-a]'], ['x\\'], ['[^]']])('rejects %j as Go filepath.Match does', (pattern) => {
    expect(() => new PatternMatcher([pattern])).toThrow(BAD_PATTERN)
  })

  it('rejects a lone exception mark', () => {
    expect(() => new PatternMatcher(['!'])).toThrow('illegal exclusion pattern: "!"')
  })

  it('fails on first use for a pattern only Go regexp rejects', () => {
    const matcher = new PatternMatcher(['[z-a]'])
    expect(() => matcher.matchesOrParentMatches('x')).toThrow(BAD_PATTERN)
  })

  it('accepts classes with escapes, ranges and POSIX names', () => {
    const matcher = new PatternMatcher(['[\\]x]', 'f[[:upper:]0-9]', 'g[[:^alpha:]]'])
    expect(matcher.matchesOrParentMatches(']')).toBe(true)
    expect(matcher.matchesOrParentMatches('fA')).toBe(true)
    expect(matcher.matchesOrParentMatches('f5')).toBe(true)
    expect(matcher.matchesOrParentMatches('fa')).toBe(false)
    expect(matcher.matchesOrParentMatches('g1')).toBe(true)
    expect(matcher.matchesOrParentMatches('gz')).toBe(false)
  })

  it('treats a Go regexp . as "not a newline"', () => {
    const matcher = new PatternMatcher(['a/**/b**'])
    expect(matcher.matchesOrParentMatches('a/x/bc')).toBe(true)
    expect(matcher.matchesOrParentMatches('a/x/b\nc')).toBe(false)
  })

  it('reports exceptions and whether one lies under a directory (a textual prefix test)', () => {
    const matcher = new PatternMatcher(['dir', '!dir/keep', '!other*'])
    expect(matcher.exclusions).toBe(true)
    expect(matcher.hasExceptionWithin('dir')).toBe(true)
    expect(matcher.hasExceptionWithin('di')).toBe(false)
    expect(matcher.hasExceptionWithin('other')).toBe(false)
    expect(new PatternMatcher(['dir']).exclusions).toBe(false)
  })

  it('keeps the legacy Matches quirk: a parent is only tested at the pattern depth', () => {
    const matcher = new PatternMatcher(['a/b'])
    expect(matcher.matches('a/b/c/d')).toBe(true)
    expect(new PatternMatcher(['b']).matches('a/b/c')).toBe(false)
    expect(new PatternMatcher(['*/c']).matchesOrParentMatches('a/c/d')).toBe(true)
  })
})

describe('trimBuildFilesFromExcludes', () => {
  it('re-includes .dockerignore and the Dockerfile when they are excluded', () => {
    expect(trimBuildFilesFromExcludes(['*'], 'Dockerfile', false)).toEqual(['*', '!.dockerignore', '!Dockerfile'])
    expect(trimBuildFilesFromExcludes(['sub'], 'sub/Dockerfile', false)).toEqual(['sub', '!sub/Dockerfile'])
    expect(trimBuildFilesFromExcludes(['x'], 'Dockerfile', false)).toEqual(['x'])
  })

  it('leaves a Dockerfile from stdin alone (it is injected later)', () => {
    expect(trimBuildFilesFromExcludes(['*'], '-', true)).toEqual(['*', '!.dockerignore'])
  })

  it('ignores bad patterns like docker (the validation walk reports them)', () => {
    expect(matchesPatterns('x', ['['])).toBe(false)
    expect(matchesPatterns('.', ['*'])).toBe(false)
  })
})

describe('goClean', () => {
  it.each([
    ['', '.'],
    ['a/../..', '..'],
    ['../../a', '../../a'],
    ['/../a', '/a'],
    ['a/./b/', 'a/b'],
    ['//', '/'],
  ])('%j → %j', (input, output) => {
    expect(goClean(input)).toBe(output)
  })
})
