// Go's crypto/tls and crypto/x509 texts for Node's TLS failures: docker ends its connection
// errors with them (`error during connect: Get "https://…": tls: failed to verify certificate: …`),
// where Node has OpenSSL's words.
import {isIP} from 'node:net'

import type {Endpoint} from './endpoint.js'

/** Node's codes for a certificate chain that does not lead to a trusted CA. */
const UNKNOWN_AUTHORITY = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
])

interface PeerCertificate {
  subject?: {CN?: string}
  subjectaltname?: string
}

type TlsError = NodeJS.ErrnoException & {cert?: PeerCertificate; reason?: string}

/** x509.HostnameError's text: which names or addresses the certificate is valid for, and the one wanted. */
function hostnameErrorText(cert: PeerCertificate | undefined, host: string): string {
  const sans = (cert?.subjectaltname ?? '').split(', ').filter((san) => san !== '')
  const ips = sans.filter((san) => san.startsWith('IP Address:')).map((san) => san.slice('IP Address:'.length))
  const names = sans.filter((san) => san.startsWith('DNS:')).map((san) => san.slice('DNS:'.length))
  if (sans.length === 0 && cert?.subject?.CN === host) return 'x509: certificate relies on legacy Common Name field, use SANs instead'
  if (isIP(host) !== 0 && ips.length === 0) return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`
  const valid = (isIP(host) !== 0 ? ips : names).join(', ')
  if (valid === '') return `x509: certificate is not valid for any names, but wanted to match ${host}`
  return `x509: certificate is valid for ${valid}, not ${host}`
}

/** Go's text for a failure of a TLS endpoint's handshake; undefined for any other endpoint or error. */
export function goTlsErrorText(endpoint: Endpoint, error: NodeJS.ErrnoException): string | undefined {
  if (endpoint.kind !== 'tcp' || endpoint.tls === undefined) return undefined
  const {host} = endpoint
  const tls = error as TlsError
  if (UNKNOWN_AUTHORITY.has(tls.code ?? '')) return 'tls: failed to verify certificate: x509: certificate signed by unknown authority'
  if (tls.code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `tls: failed to verify certificate: ${hostnameErrorText(tls.cert, host)}`
  // Something that is not TLS answered the handshake. Go tells an answer starting "HTTP/" (any
  // HTTP server, a plain dockerd port first of all) from others (an ssh banner: "tls: first
  // record does not look like a TLS handshake"); OpenSSL says "wrong version number" for both
  // and does not keep the bytes, so the likely one is assumed.
  if (tls.code === 'EPROTO' && /wrong version number/i.test(tls.message)) return 'http: server gave HTTP response to HTTPS client'
  return undefined
}
