// How an ID or name becomes part of a request path, as docker's client does it.
import {InvalidArgumentError} from './errors.js'

/** Go's url.URL.EscapedPath for one path: bytes outside the path-safe set are %-escaped, `/` kept. */
export function escapePath(s: string): string {
  let out = ''
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte)
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/**
 * moby's trimID: a name or ID with surrounding space trimmed, refused when nothing is left, so an
 * empty name never turns `/containers/{id}/json` into `/containers//json`.
 */
export function trimID(kind: string, id: string): string {
  const trimmed = id.trim()
  if (trimmed === '') throw new InvalidArgumentError(`invalid ${kind} name or ID: value is empty`, 400)
  return escapePath(trimmed)
}
