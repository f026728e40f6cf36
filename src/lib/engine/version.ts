// API version negotiation (DOCKER-CLI-BEHAVIOUR.md §0.3): the lower of the daemon's and ours.
export const CLIENT_MAX_API_VERSION = '1.50'
/** What a daemon that sends no API-Version header is taken to speak. */
export const FALLBACK_API_VERSION = '1.24'

function parts(v: string): number[] {
  return v.split('.').map((p) => Number.parseInt(p, 10) || 0)
}

export function compareVersions(a: string, b: string): number {
  const pa = parts(a)
  const pb = parts(b)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return 0
}

export function negotiateVersion(serverVersion: string | undefined): string {
  if (!serverVersion) return FALLBACK_API_VERSION
  return compareVersions(serverVersion, CLIENT_MAX_API_VERSION) < 0 ? serverVersion : CLIENT_MAX_API_VERSION
}
