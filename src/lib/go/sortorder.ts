// github.com/fvbommel/sortorder's natural order, which docker sorts `port` lines with: runs of
// digits compare by value (`9` before `10`), digits sort before other bytes, and the rest
// compares bytewise.

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39

/** sortorder.NaturalLess, on the UTF-8 bytes of both strings. */
export function naturalLess(a: string, b: string): boolean {
  const s1 = Buffer.from(a, 'utf8')
  const s2 = Buffer.from(b, 'utf8')
  let i1 = 0
  let i2 = 0
  while (i1 < s1.length && i2 < s2.length) {
    const c1 = s1[i1]!
    const c2 = s2[i2]!
    const d1 = isDigit(c1)
    const d2 = isDigit(c2)
    if (d1 !== d2) return d1
    if (!d1) {
      if (c1 !== c2) return c1 < c2
      i1++
      i2++
      continue
    }
    while (i1 < s1.length && s1[i1] === 0x30) i1++
    while (i2 < s2.length && s2[i2] === 0x30) i2++
    const nz1 = i1
    const nz2 = i2
    while (i1 < s1.length && isDigit(s1[i1]!)) i1++
    while (i2 < s2.length && isDigit(s2[i2]!)) i2++
    if (i1 - nz1 !== i2 - nz2) return i1 - nz1 < i2 - nz2
    const cmp = Buffer.compare(s1.subarray(nz1, i1), s2.subarray(nz2, i2))
    if (cmp !== 0) return cmp < 0
    if (nz1 !== nz2) return nz1 < nz2
  }
  return s1.length < s2.length
}

/** A comparator for Array.prototype.sort in natural order. */
export function compareNatural(a: string, b: string): number {
  return naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0
}
