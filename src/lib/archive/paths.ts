// Go's path/filepath (Unix flavour) and the path rules of moby/go-archive's copy.go, which decide
// what `docker cp` copies where: a trailing `/` or `/.` asserts a directory, the source's base
// name is what the archive's entries start with, and GetRebaseName renames it after a symlink.
import {goPathClean as goClean} from '../go/path.js'

export {goClean}

/** filepath.Join: the non-empty elements joined with '/', then cleaned ('' for none). */
export function goJoin(...elements: string[]): string {
  const kept = elements.filter((e) => e !== '')
  return kept.length === 0 ? '' : goClean(kept.join('/'))
}

/** filepath.Dir: everything before the last '/', cleaned. */
export function goDir(p: string): string {
  const slash = p.lastIndexOf('/')
  return goClean(p.slice(0, slash + 1))
}

/** filepath.Base: the last element, trailing slashes ignored; '.' for '' and '/' for slashes only. */
export function goBase(p: string): string {
  if (p === '') return '.'
  const trimmed = p.replace(/\/+$/, '')
  if (trimmed === '') return '/'
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

/** filepath.Split: dir up to and including the last '/', and the rest. */
export function goSplit(p: string): [dir: string, file: string] {
  const slash = p.lastIndexOf('/')
  return [p.slice(0, slash + 1), p.slice(slash + 1)]
}

/** filepath.Abs: joined with `cwd` when relative, cleaned. */
export function goAbs(p: string, cwd: string): string {
  return p.startsWith('/') ? goClean(p) : goJoin(cwd, p)
}

/** filepath.Rel for two cleaned paths of the same kind (both absolute here), as Go computes it. */
export function goRel(base: string, target: string): string {
  const b = goClean(base)
  const t = goClean(target)
  if (b === t) return '.'
  const bParts = b === '/' ? [] : b.split('/').slice(b.startsWith('/') ? 1 : 0)
  const tParts = t === '/' ? [] : t.split('/').slice(t.startsWith('/') ? 1 : 0)
  let common = 0
  while (common < bParts.length && common < tParts.length && bParts[common] === tParts[common]) common++
  const up = bParts.slice(common).map(() => '..')
  return [...up, ...tParts.slice(common)].join('/') || '.'
}

export function hasTrailingSeparator(p: string): boolean {
  return p.endsWith('/')
}

/** The last element is `.`: the path names a directory's contents. */
export function specifiesCurrentDir(p: string): boolean {
  return goBase(p) === '.'
}

/** assertsDirectory: a trailing `/` or `/.` says the path must be a directory. */
export function assertsDirectory(p: string): boolean {
  return hasTrailingSeparator(p) || specifiesCurrentDir(p)
}

/** PreserveTrailingDotOrSeparator: puts back the `/.` or `/` that cleaning took off `original`. */
export function preserveTrailingDotOrSeparator(cleaned: string, original: string): string {
  let out = cleaned
  if (!specifiesCurrentDir(out) && specifiesCurrentDir(original)) {
    if (!hasTrailingSeparator(out)) out += '/'
    out += '.'
  }
  if (!hasTrailingSeparator(out) && hasTrailingSeparator(original)) out += '/'
  return out
}

/** SplitPathDirEntry: the parent and the base of a cleaned path, keeping a final `.`. */
export function splitPathDirEntry(p: string): [dir: string, base: string] {
  let cleaned = goClean(p)
  if (specifiesCurrentDir(p)) cleaned += '/.'
  return [goDir(cleaned), goBase(cleaned)]
}

/**
 * GetRebaseName: after a symlink was resolved to `resolved`, keeps the `/` or `/.` that `path`
 * ended with, and names the original base when the resolution changed it.
 */
export function getRebaseName(path: string, resolved: string): [resolvedPath: string, rebaseName: string] {
  let out = resolved
  if (specifiesCurrentDir(path) && !specifiesCurrentDir(out)) out += '/.'
  if (hasTrailingSeparator(path) && !hasTrailingSeparator(out)) out += '/'
  return [out, goBase(path) === goBase(out) ? '' : goBase(path)]
}

/** docker's cp argument form: the local path an argument names, made absolute, its `/` or `/.` kept. */
export function resolveLocalPath(localPath: string, cwd: string): string {
  return preserveTrailingDotOrSeparator(goAbs(localPath, cwd), localPath)
}

/**
 * RebaseArchiveEntries' renaming of one entry name: the first occurrence of `oldBase` becomes
 * `newBase` (a root `oldBase` counts as empty, so `newBase` is put in front).
 */
export function rebaseName(name: string, oldBase: string, newBase: string): string {
  const from = oldBase === '/' ? '' : oldBase
  const at = name.indexOf(from)
  return at < 0 ? name : name.slice(0, at) + newBase + name.slice(at + from.length)
}
