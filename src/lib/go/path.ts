// Go's path.Clean, for slash-separated paths: docker's client builds every API path with
// path.Join, which cleans it, so a container named as /web is asked for as web, and a path
// element of . or .. never reaches the engine.

/**
 * path.Clean: one slash between elements, no `.` elements, each `..` removes the element before
 * it (at the root it is dropped), no trailing slash; `.` for an empty result.
 */
export function goPathClean(p: string): string {
  const rooted = p.startsWith('/')
  const out: string[] = []
  for (const element of p.split('/')) {
    if (element === '' || element === '.') continue
    if (element !== '..') out.push(element)
    else if (out.length > 0 && out.at(-1) !== '..') out.pop()
    else if (!rooted) out.push('..')
  }
  const joined = out.join('/')
  if (rooted) return `/${joined}`
  return joined === '' ? '.' : joined
}
