// The ps PORTS column (docker's DisplayablePorts): consecutive ports collapse into ranges, and
// ports published under a different host number are listed one by one after the ranges.

export interface Port {
  IP?: string
  PrivatePort: number
  PublicPort?: number
  Type: string
}

interface Run {
  first: number
  last: number
}

/** Renders the API's port list as docker ps does: `0.0.0.0:8080->80/tcp, 7000-7001/tcp`. */
export function displayablePorts(ports: readonly Port[] | null | undefined): string {
  const sorted = [...(ports ?? [])].sort(comparePorts)
  const open = new Map<string, Run>()
  const rendered: string[] = []
  const hostMappings: string[] = []

  for (const port of sorted) {
    const ip = port.IP ?? ''
    const publicPort = port.PublicPort ?? 0
    const current = port.PrivatePort
    let key = port.Type
    if (ip !== '') {
      if (publicPort !== current) {
        hostMappings.push(`${joinHostPort(ip, String(publicPort))}->${current}/${port.Type}`)
        continue
      }
      key = `${ip}/${port.Type}`
    }
    const run = open.get(key)
    if (run === undefined) {
      // A Map keeps first-insertion order even when a run is replaced, which is the order
      // docker prints the runs still open at the end.
      open.set(key, {first: current, last: current})
      continue
    }
    // Ports are uint16 in Go, so the run arithmetic wraps.
    if (current === ((run.last + 1) & 0xffff)) {
      run.last = current
      continue
    }
    rendered.push(formatRun(key, run))
    open.set(key, {first: current, last: current})
  }
  for (const [key, run] of open) rendered.push(formatRun(key, run))
  return [...rendered, ...hostMappings].join(', ')
}

function formatRun(key: string, run: Run): string {
  const parts = key.split('/')
  const ip = parts.length > 1 ? (parts[0] ?? '') : ''
  const type = parts.length > 1 ? (parts[1] ?? '') : (parts[0] ?? '')
  const range = run.first === run.last ? String(run.first) : `${run.first}-${run.last}`
  const text = ip === '' ? range : `${joinHostPort(ip, range)}->${range}`
  return `${text}/${type}`
}

function comparePorts(a: Port, b: Port): number {
  if (a.PrivatePort !== b.PrivatePort) return a.PrivatePort - b.PrivatePort
  const ipA = a.IP ?? ''
  const ipB = b.IP ?? ''
  if (ipA !== ipB) return ipA < ipB ? -1 : 1
  const publicA = a.PublicPort ?? 0
  const publicB = b.PublicPort ?? 0
  if (publicA !== publicB) return publicA - publicB
  if (a.Type !== b.Type) return a.Type < b.Type ? -1 : 1
  return 0
}

// Go's net.JoinHostPort: any colon in the host means IPv6, which needs brackets.
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}
