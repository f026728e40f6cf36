// Go's net.ParseIP and net.IP.String(), which docker uses to check and normalise addresses.

const IPV4_PART = /^(?:0|[1-9]\d{0,2})$/

function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.')
  if (parts.length !== 4) return undefined
  const out: number[] = []
  for (const p of parts) {
    if (!IPV4_PART.test(p)) return undefined
    const n = Number(p)
    if (n > 255) return undefined
    out.push(n)
  }
  return out
}

/** net.ParseIP: 16 bytes, or undefined. Go accepts no zones, no brackets, no leading-zero IPv4 octets. */
export function parseGoIP(s: string): number[] | undefined {
  const v4 = parseIPv4(s)
  if (v4) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4]
  if (!s.includes(':')) return undefined
  const ip = new Array<number>(16).fill(0)
  let ellipsis = -1
  let rest = s
  if (rest.startsWith('::')) {
    ellipsis = 0
    rest = rest.slice(2)
    if (rest === '') return ip
  }
  let i = 0
  while (i < 16) {
    const hex = /^[0-9a-fA-F]{1,4}/.exec(rest)?.[0]
    if (!hex || /^[0-9a-fA-F]/.test(rest.slice(hex.length))) return undefined
    if (rest[hex.length] === '.') {
      // A trailing IPv4 part takes the last four bytes.
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return undefined
      const tail = parseIPv4(rest)
      if (!tail) return undefined
      ip.splice(i, 4, ...tail)
      rest = ''
      i += 4
      break
    }
    const n = Number.parseInt(hex, 16)
    ip[i] = n >> 8
    ip[i + 1] = n & 0xff
    i += 2
    rest = rest.slice(hex.length)
    if (rest === '') break
    if (rest[0] !== ':' || rest.length === 1) return undefined
    rest = rest.slice(1)
    if (rest[0] === ':') {
      if (ellipsis >= 0) return undefined
      ellipsis = i
      rest = rest.slice(1)
      if (rest === '') break
    }
  }
  if (rest !== '') return undefined
  if (i < 16) {
    if (ellipsis < 0) return undefined
    const n = 16 - i
    const moved = ip.slice(ellipsis, i)
    ip.fill(0, ellipsis)
    ip.splice(ellipsis + n, moved.length, ...moved)
    ip.length = 16
  } else if (ellipsis >= 0) {
    return undefined
  }
  return ip
}

/** net.IP.String(): IPv4 (and IPv4-mapped IPv6) dotted, IPv6 with the longest zero run as `::`. */
export function formatGoIP(ip: number[]): string {
  const mapped = ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff
  if (mapped) return ip.slice(12).join('.')
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) groups.push(((ip[i] as number) << 8) | (ip[i + 1] as number))
  let bestStart = -1
  let bestLen = 0
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i
      bestLen = j - i
    }
    i = j
  }
  if (bestStart < 0) return groups.map((g) => g.toString(16)).join(':')
  const head = groups.slice(0, bestStart).map((g) => g.toString(16)).join(':')
  const tail = groups.slice(bestStart + bestLen).map((g) => g.toString(16)).join(':')
  return `${head}::${tail}`
}
