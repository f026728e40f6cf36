// Query strings as Go's url.Values.Encode writes them: keys sorted, QueryEscape'd values.
export type QueryValue = string | number | boolean | undefined | readonly string[]
export type Query = Record<string, QueryValue>

function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replaceAll('%20', '+')
    .replaceAll(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

export function encodeQuery(query: Query | undefined): string {
  if (!query) return ''
  const parts: string[] = []
  for (const key of Object.keys(query).sort()) {
    const value = query[key]
    if (value === undefined) continue
    const values = Array.isArray(value) ? value : [String(value)]
    for (const v of values) parts.push(`${queryEscape(key)}=${queryEscape(v as string)}`)
  }
  return parts.length > 0 ? `?${parts.join('&')}` : ''
}
