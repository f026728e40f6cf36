// Registry credentials on the wire: the X-Registry-Auth header of pull and push, and the
// X-Registry-Config header of build. They must match docker's bytes (daemons and proxies compare
// them), so the JSON is written the way Go's encoding/json writes registry.AuthConfig, in the
// struct's field order. Nothing here logs or keeps a credential.
import {goJSONString} from '../format/go-json.js'
import type {AuthConfig} from './types.js'

/** registry.AuthConfig's fields in the struct's order, which is the order on the wire. */
export const AUTH_FIELDS = ['username', 'password', 'auth', 'email', 'serveraddress', 'identitytoken', 'registrytoken'] as const

function authJSON(auth: AuthConfig): string {
  const members: string[] = []
  for (const field of AUTH_FIELDS) {
    const value = auth[field]
    if (value !== undefined && value !== '') members.push(`"${field}":${goJSONString(value, true)}`)
  }
  return `{${members.join(',')}}`
}

/** base64.URLEncoding: `+/` become `-_` and the `=` padding stays, which moby's decoder requires. */
function base64UrlPadded(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_')
}

/** X-Registry-Auth: the compact JSON with empty fields left out; `{}` is `e30=`. */
export function encodeAuthHeader(auth: AuthConfig): string {
  return base64UrlPadded(authJSON(auth))
}

/** X-Registry-Config: `{"<registry>": AuthConfig, …}` with keys sorted as Go sorts them. */
export function encodeRegistryConfigHeader(auths: Record<string, AuthConfig>): string {
  const keys = Object.keys(auths).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  const body = keys.map((key) => `${goJSONString(key, true)}:${authJSON(auths[key] ?? {})}`).join(',')
  return base64UrlPadded(`{${body}}`)
}
