// Which engine to talk to and how: docker's order is --context, -H, DOCKER_HOST, DOCKER_CONTEXT,
// config.json currentContext, then the default socket (DOCKER-CLI-BEHAVIOUR.md §0.2).
//
// A host string goes through the two steps docker's own goes through: the CLI's opts.ParseHost
// normalises what the user typed (`-H /tmp/x.sock` is `tcp://localhost:2375/tmp/x.sock` there),
// then the API client's ParseHostURL splits the result into a socket or host:port and a base
// path. Both rest on Go's url.Parse, whose error texts reach the user, so the part of it they
// touch is reproduced below.
import {createHash, X509Certificate} from 'node:crypto'
import {readFileSync, statSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {DEFAULT_CONTEXT, resolveContextName} from '../context/context-name.js'
import {type ContextMetadata, decodeStoredMetadata, dockerEndpointOf} from '../context/metadata.js'
import {goQuote} from '../format/go-print.js'
import {EndpointError} from './errors.js'

export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock'
const DEFAULT_HOST = `unix://${DEFAULT_UNIX_SOCKET}`
const DEFAULT_TCP_HOST = 'tcp://localhost:2375'
// Only an empty host picks the TLS port; `--tls -H tcp://h` still means port 2375.
const DEFAULT_TLS_HOST = 'tcp://localhost:2376'
const DEFAULT_NAMED_PIPE = '//./pipe/docker_engine'

export interface TlsMaterial {
  ca?: Buffer
  cert?: Buffer
  key?: Buffer
  verify: boolean
}

export type Endpoint =
  | {kind: 'unix'; socketPath: string; display: string}
  | {
      host: string
      kind: 'tcp'
      port: number
      tls?: TlsMaterial
      /** The path of a `tcp://host:port/path` host, which docker puts before every API path; absent when empty. */
      basePath?: string
      display: string
    }
  | ({kind: 'ssh'; display: string} & SshSpec)

/**
 * Where an `ssh://[user@]host[:port][/socketpath]` host leads (docker's connhelper/ssh Spec):
 * ssh runs `docker system dial-stdio` there and HTTP goes over its stdio.
 */
export interface SshSpec {
  host: string
  user?: string
  port?: string
  /** The engine's socket on the far side, passed there as `--host unix://<path>`. */
  socketPath?: string
}

export interface EndpointOptions {
  host?: string
  context?: string
  configDir: string
  env: NodeJS.ProcessEnv
  tls: boolean
  tlsVerify: boolean
  /** Whether any TLS flag was given at all; used only when `changed` is not known. */
  tlsFlagChanged: boolean
  /**
   * The global flags given on the command line (pflag's Changed). With it TLS follows docker's
   * rules exactly: `--tlsverify` given at all (even `=false`) turns TLS on, `--tls=false` beats
   * DOCKER_TLS, and `--tlscacert`/`--tlscert`/`--tlskey` alone turn nothing on.
   */
  changed?: ReadonlySet<string>
  tlsCaCert?: string
  tlsCert?: string
  tlsKey?: string
}

function initError(message: string): EndpointError {
  return new EndpointError(`Failed to initialize: unable to resolve docker endpoint: ${message}`)
}

/** A host docker refuses; the message is docker's, before the "Failed to initialize" prefix. */
class HostError extends Error {}

// --- Go's url.Parse, for `tcp://…` strings -------------------------------------------------

interface GoURL {
  /** Host and port as in the URL, percent-decoded (Go's URL.Host). */
  host: string
  /** The percent-decoded path (Go's URL.Path). */
  path: string
  /** The decoded user name and whether a password was given; absent without `user@`. */
  user?: {name: string; hasPassword: boolean}
  /** Everything after `?` (Go's URL.RawQuery). */
  rawQuery: string
  /** The decoded fragment. */
  fragment: string
}

const HEX = /^[0-9A-Fa-f]$/

type Encoding = 'host' | 'zone' | 'path' | 'userinfo' | 'fragment'

// Go's shouldEscape, for the host and zone modes where it decides what a host may contain.
function hostMayContain(c: string): boolean {
  return /[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/.test(c)
}

/** Go's url.unescape: %XX decoding with the checks each part of a URL gets. */
function unescape(s: string, mode: Encoding): string {
  const bytes: number[] = []
  const raw = Buffer.from(s, 'utf8')
  for (let i = 0; i < raw.length; ) {
    const b = raw[i] as number
    if (b === 0x25) {
      const hex = raw.toString('latin1', i + 1, i + 3)
      if (i + 2 >= raw.length || !HEX.test(hex[0] ?? '') || !HEX.test(hex[1] ?? '')) {
        throw new HostError(`invalid URL escape ${goQuote(raw.toString('utf8', i, Math.min(i + 3, raw.length)))}`)
      }
      const value = Number.parseInt(hex, 16)
      // In a host only non-ASCII bytes may be escaped, and %25 (an IPv6 zone's "%").
      if (mode === 'host' && value < 0x80 && hex !== '25') throw new HostError(`invalid URL escape ${goQuote(`%${hex}`)}`)
      if (mode === 'zone' && hex !== '25' && value !== 0x20 && value < 0x80 && !hostMayContain(String.fromCharCode(value))) {
        throw new HostError(`invalid URL escape ${goQuote(`%${hex}`)}`)
      }
      bytes.push(value)
      i += 3
      continue
    }
    if ((mode === 'host' || mode === 'zone') && b < 0x80 && !hostMayContain(String.fromCharCode(b))) {
      throw new HostError(`invalid character ${goQuote(String.fromCharCode(b))} in host name`)
    }
    bytes.push(b)
    i++
  }
  return Buffer.from(bytes).toString('utf8')
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port)
}

function parseURLHost(host: string): string {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']')
    if (close < 0) throw new HostError("missing ']' in host")
    const colonPort = host.slice(close + 1)
    if (!validOptionalPort(colonPort)) throw new HostError(`invalid port ${goQuote(colonPort)} after host`)
    const zone = host.slice(0, close).indexOf('%25')
    if (zone >= 0) return unescape(host.slice(0, zone), 'host') + unescape(host.slice(zone, close), 'zone') + unescape(host.slice(close), 'host')
  } else {
    const colon = host.lastIndexOf(':')
    if (colon >= 0 && !validOptionalPort(host.slice(colon))) throw new HostError(`invalid port ${goQuote(host.slice(colon))} after host`)
  }
  return unescape(host, 'host')
}

function parseAuthority(authority: string): Pick<GoURL, 'host' | 'user'> {
  const at = authority.lastIndexOf('@')
  const host = parseURLHost(authority.slice(at + 1))
  if (at < 0) return {host}
  const userinfo = authority.slice(0, at)
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new HostError('net/url: invalid userinfo')
  const colon = userinfo.indexOf(':')
  const name = unescape(colon < 0 ? userinfo : userinfo.slice(0, colon), 'userinfo')
  if (colon >= 0) unescape(userinfo.slice(colon + 1), 'userinfo')
  return {host, user: {hasPassword: colon >= 0, name}}
}

/** url.Parse of a `<scheme>://…` string, reduced to the parts docker reads. */
function parseSchemeURL(raw: string, scheme: string): GoURL {
  const hash = raw.indexOf('#')
  const beforeFragment = hash >= 0 ? raw.slice(0, hash) : raw
  const fail = (url: string, error: unknown): never => {
    if (!(error instanceof HostError)) throw error
    throw new HostError(`parse ${goQuote(url)}: ${error.message}`)
  }
  let parsed: GoURL | undefined
  try {
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(beforeFragment)) throw new HostError('net/url: invalid control character in URL')
    let rest = beforeFragment.slice(scheme.length + 1)
    const question = rest.indexOf('?')
    const rawQuery = question >= 0 ? rest.slice(question + 1) : ''
    if (question >= 0) rest = rest.slice(0, question)
    let authority = rest.slice(2)
    let urlPath = ''
    const slash = authority.indexOf('/')
    if (slash >= 0) {
      urlPath = authority.slice(slash)
      authority = authority.slice(0, slash)
    }
    parsed = {...parseAuthority(authority), fragment: '', path: unescape(urlPath, 'path'), rawQuery}
  } catch (error) {
    fail(beforeFragment, error)
  }
  let fragment = ''
  if (hash >= 0) {
    try {
      fragment = unescape(raw.slice(hash + 1), 'fragment')
    } catch (error) {
      fail(raw, error)
    }
  }
  return {...(parsed as GoURL), fragment}
}

function parseTcpURL(raw: string): GoURL {
  return parseSchemeURL(raw, 'tcp')
}

/** url.URL's Hostname and Port: the host without its port and IPv6 brackets. */
function urlHostPort(host: string): {hostname: string; port: string} {
  let hostname = host
  let port = ''
  const colon = host.lastIndexOf(':')
  if (colon >= 0 && validOptionalPort(host.slice(colon))) {
    hostname = host.slice(0, colon)
    port = host.slice(colon + 1)
  }
  if (hostname.startsWith('[') && hostname.endsWith(']')) hostname = hostname.slice(1, -1)
  return {hostname, port}
}

/** connhelper's url.Parse and ssh.NewSpec, with docker's wording for what they refuse. */
function parseSshHost(host: string): SshSpec {
  let url: GoURL
  try {
    url = parseSchemeURL(host, 'ssh')
  } catch (error) {
    if (error instanceof HostError) throw new EndpointError(`Failed to initialize: ${error.message}`)
    throw error
  }
  const invalid = (reason: string): EndpointError => new EndpointError(`Failed to initialize: ssh host connection is not valid: invalid SSH URL: ${reason}`)
  if (url.user?.hasPassword) throw invalid('plain-text password is not supported')
  const {hostname, port} = urlHostPort(url.host)
  if (hostname === '') throw invalid('hostname is empty')
  if (url.rawQuery !== '') throw invalid(`query parameters are not allowed: ${goQuote(url.rawQuery)}`)
  if (url.fragment !== '') throw invalid(`fragments are not allowed: ${goQuote(url.fragment)}`)
  const spec: SshSpec = {host: hostname}
  if (url.user !== undefined && url.user.name !== '') spec.user = url.user.name
  if (port !== '') spec.port = port
  if (url.path !== '') spec.socketPath = url.path
  return spec
}

/** net.SplitHostPort; undefined where Go returns an error. */
function splitHostPort(hostport: string): {host: string; port: string} | undefined {
  const colon = hostport.lastIndexOf(':')
  if (colon < 0) return undefined
  let host: string
  let from = 0
  let to = 0
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']')
    if (end < 0 || end + 1 !== colon) return undefined
    host = hostport.slice(1, end)
    from = 1
    to = end + 1
  } else {
    host = hostport.slice(0, colon)
    if (host.includes(':')) return undefined
  }
  if (hostport.slice(from).includes('[') || hostport.slice(to).includes(']')) return undefined
  return {host, port: hostport.slice(colon + 1)}
}

/** net.JoinHostPort. */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

// --- opts.ParseHost ----------------------------------------------------------------------------

// strings.TrimSpace: Unicode White_Space, which is not quite JavaScript's trim() set.
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
const GO_TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g')

/**
 * docker's opts.ParseHost: the host string docker shows and connects to, for what the user
 * gave with -H or DOCKER_HOST. `defaultToTLS` only matters for an empty value.
 */
export function parseHost(value: string, defaultToTLS: boolean): string {
  const host = value.replace(GO_TRIM, '')
  if (host === '') return defaultToTLS ? DEFAULT_TLS_HOST : DEFAULT_HOST
  const sep = host.indexOf('://')
  let proto = sep >= 0 ? host.slice(0, sep) : host
  let address = sep >= 0 ? host.slice(sep + 3) : ''
  if (sep < 0) {
    address = proto
    proto = 'tcp'
  }
  switch (proto) {
    case 'tcp':
      return parseTcpAddr(address)
    case 'unix':
      return simpleProtoAddr(proto, address, DEFAULT_UNIX_SOCKET)
    case 'npipe':
      return simpleProtoAddr(proto, address, DEFAULT_NAMED_PIPE)
    case 'fd':
    case 'ssh':
      return host
    default:
      throw new HostError(`invalid bind address format: ${host}`)
  }
}

function simpleProtoAddr(proto: string, address: string, fallback: string): string {
  const addr = address.startsWith(`${proto}://`) ? address.slice(proto.length + 3) : address
  if (addr.includes('://')) throw new HostError(`invalid proto, expected ${proto}: ${addr}`)
  return `${proto}://${addr === '' ? fallback : addr}`
}

// opts.ParseTCPAddr against docker's default tcp://localhost:2375.
function parseTcpAddr(tryAddr: string): string {
  if (tryAddr === '' || tryAddr === 'tcp://') return DEFAULT_TCP_HOST
  let addr = tryAddr.startsWith('tcp://') ? tryAddr.slice('tcp://'.length) : tryAddr
  if (addr.includes('://') || addr === '') throw new HostError(`invalid proto, expected tcp: ${tryAddr}`)
  if (addr.endsWith(']:')) addr += '2375'
  const url = parseTcpURL(`tcp://${addr}`)
  const split = splitHostPort(url.host) ?? splitHostPort(joinHostPort(url.host, '2375'))
  if (split === undefined || !/^[0-9]*$/.test(split.port)) throw new HostError(`invalid bind address format: ${tryAddr}`)
  const host = split.host === '' ? 'localhost' : split.host
  const port = split.port === '' ? '2375' : split.port
  return `tcp://${joinHostPort(host, port)}${url.path}`
}

/** The size of sockaddr_un's path: go-connections refuses a longer one when docker's client is set up. */
const UNIX_PATH_MAX = 108

/** The client's ParseHostURL: where to connect for a parsed host; TLS is added by the caller. */
function endpointFor(host: string): Endpoint {
  const sep = host.indexOf('://')
  const proto = sep >= 0 ? host.slice(0, sep) : ''
  const address = sep >= 0 ? host.slice(sep + 3) : ''
  // docker asks its connection helper first, which has its own words for an empty ssh host.
  if (proto === 'ssh') return {display: host, kind: 'ssh', ...parseSshHost(host)}
  if (sep < 0 || address === '') throw new EndpointError(`Failed to initialize: unable to parse docker host \`${host}\``)
  switch (proto) {
    case 'unix':
      if (Buffer.byteLength(address) > UNIX_PATH_MAX) throw new EndpointError(`Failed to initialize: unix socket path ${goQuote(address)} is too long`)
      return {display: host, kind: 'unix', socketPath: address}
    case 'tcp': {
      let url: GoURL
      try {
        url = parseTcpURL(`tcp://${address}`)
      } catch (error) {
        throw new EndpointError(`Failed to initialize: ${(error as Error).message}`)
      }
      const split = splitHostPort(url.host)
      // ParseHost always leaves a port; a context's host may not have one, and Go's dialer then fails.
      if (split === undefined) throw new EndpointError(`Failed to initialize: unable to parse docker host \`${host}\``)
      const endpoint: Endpoint = {display: host, host: split.host, kind: 'tcp', port: Number(split.port)}
      if (url.path !== '') endpoint.basePath = url.path
      return endpoint
    }
    // Named pipes exist only on Windows; docker on Linux fails the same way.
    case 'npipe':
      throw new EndpointError('Failed to initialize: protocol not available')
    default:
      throw initError(`${proto}:// hosts are not supported by whalectl`)
  }
}

// --- TLS material --------------------------------------------------------------------------

/** os.ReadFile's error as Go words it. */
function readFileGo(file: string): Buffer {
  try {
    return readFileSync(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw initError(`open ${file}: no such file or directory`)
    if (code === 'EACCES') throw initError(`open ${file}: permission denied`)
    if (code === 'EISDIR') throw initError(`read ${file}: is a directory`)
    throw initError(`open ${file}: ${(error as Error).message}`)
  }
}

function exists(file: string): boolean {
  try {
    statSync(file)
    return true
  } catch {
    return false
  }
}

interface TlsChoice {
  on: boolean
  verify: boolean
  /**
   * Without `changed`, a TLS flag given with no effect we can see (`--tls=false`, `--tlscacert`
   * alone, or `--tlsverify=false`, which docker reads as on) leaves TLS undecided: a tcp host
   * then gets TLS, as before, and a unix socket or the default host does not.
   */
  undecided: boolean
}

// The client options' SetDefaultOptions: which flags and variables turn TLS on.
function tlsChoice(opts: EndpointOptions): TlsChoice {
  const {changed, env} = opts
  if (changed === undefined) {
    const verify = opts.tlsVerify || Boolean(env.DOCKER_TLS_VERIFY)
    const on = opts.tls || verify || Boolean(env.DOCKER_TLS)
    return {on, undecided: !on && opts.tlsFlagChanged, verify}
  }
  const tls = changed.has('tls') ? opts.tls : Boolean(env.DOCKER_TLS)
  const verify = changed.has('tlsverify') ? opts.tlsVerify : Boolean(env.DOCKER_TLS_VERIFY)
  return {on: tls || verify || changed.has('tlsverify'), undecided: false, verify}
}

/**
 * context.TLSDataFromFiles for the flags: ca.pem is always read once TLS is on, whatever the
 * host (a unix socket too); cert.pem and key.pem only when both are there, a default path
 * that does not exist counting as not given.
 */
function loadTlsFiles(opts: EndpointOptions, verify: boolean): TlsMaterial {
  // DOCKER_CERT_PATH, else the config directory docker knows before parsing flags: --config
  // does not move it.
  const certDir = opts.env.DOCKER_CERT_PATH || opts.env.DOCKER_CONFIG || path.join(os.homedir(), '.docker')
  const caPath = opts.tlsCaCert ?? path.join(certDir, 'ca.pem')
  const certPath = opts.tlsCert ?? (exists(path.join(certDir, 'cert.pem')) ? path.join(certDir, 'cert.pem') : '')
  const keyPath = opts.tlsKey ?? (exists(path.join(certDir, 'key.pem')) ? path.join(certDir, 'key.pem') : '')
  const material: TlsMaterial = {verify}
  if (caPath !== '') material.ca = readFileGo(caPath)
  if (certPath !== '' && keyPath !== '') {
    material.cert = readFileGo(certPath)
    material.key = readFileGo(keyPath)
  }
  return material
}

const PEM_BLOCK = '-----BEGIN ([^-\\n]+)-----\\r?\\n[\\s\\S]*?-----END \\1-----'

/** The checks docker's endpoint makes before it builds a TLS client (Endpoint.tlsConfig). */
function checkTlsMaterial(tls: TlsMaterial): void {
  if (tls.ca !== undefined) {
    // x509.CertPool.AppendCertsFromPEM: true when at least one CERTIFICATE block parses.
    const blocks = [...tls.ca.toString('latin1').matchAll(new RegExp(PEM_BLOCK, 'g'))].filter((m) => m[1] === 'CERTIFICATE')
    const valid = blocks.some((m) => {
      try {
        new X509Certificate(m[0])
        return true
      } catch {
        return false
      }
    })
    if (!valid) throw new EndpointError('Failed to initialize: failed to retrieve context tls info: ca.pem seems invalid')
  }
  if (tls.key !== undefined && tls.cert !== undefined && !new RegExp(PEM_BLOCK).test(tls.key.toString('latin1'))) {
    throw new EndpointError('Failed to initialize: no valid private key found')
  }
}

// --- contexts ------------------------------------------------------------------------------

interface ContextEndpoint {
  host: string
  tls?: TlsMaterial
}

/** The docker endpoint of a stored context, read as docker's store reads it (errors in its words). */
function contextEndpoint(name: string, configDir: string): ContextEndpoint {
  // The store's directory for a context (src/lib/context/store.ts, not imported: every start-up reads this)
  const digest = createHash('sha256').update(name).digest('hex')
  const meta = path.join(configDir, 'contexts', 'meta', digest, 'meta.json')
  let bytes: Buffer
  try {
    bytes = readFileSync(meta)
  } catch {
    throw initError(`context ${goQuote(name)}: context not found: open ${meta}: no such file or directory`)
  }
  let stored: ContextMetadata
  try {
    stored = decodeStoredMetadata(bytes)
  } catch (error) {
    throw initError(`context ${goQuote(name)}: parsing ${meta}: ${(error as Error).message}`)
  }
  let docker: {host: string; skipTLSVerify: boolean}
  try {
    docker = dockerEndpointOf(stored)
  } catch (error) {
    throw initError((error as Error).message)
  }
  // A context carries its own TLS files; the TLS flags and variables do not apply to it.
  const tlsDir = path.join(configDir, 'contexts', 'tls', digest, 'docker')
  const read = (file: string): Buffer | undefined => (exists(path.join(tlsDir, file)) ? readFileSync(path.join(tlsDir, file)) : undefined)
  const ca = read('ca.pem')
  const cert = read('cert.pem')
  const key = read('key.pem')
  const endpoint: ContextEndpoint = {host: docker.host}
  if (ca !== undefined || cert !== undefined || key !== undefined || docker.skipTLSVerify) {
    endpoint.tls = {ca, cert, key, verify: !docker.skipTLSVerify}
  }
  return endpoint
}

function currentContext(configDir: string): string | undefined {
  try {
    const cfg = JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8')) as {currentContext?: string}
    return cfg.currentContext || undefined
  } catch {
    return undefined
  }
}

function withTls(endpoint: Endpoint, tls: TlsMaterial | undefined): Endpoint {
  // Over a unix socket docker reads the files but speaks plain HTTP.
  if (tls === undefined || endpoint.kind !== 'tcp') return endpoint
  checkTlsMaterial(tls)
  return {...endpoint, tls}
}

export function resolveEndpoint(opts: EndpointOptions): Endpoint {
  if (opts.context && opts.host) throw new EndpointError('conflicting options: cannot specify both --host and --context')
  const contextName = resolveContextName(opts, opts.env, () => currentContext(opts.configDir))
  if (contextName !== DEFAULT_CONTEXT) {
    const context = contextEndpoint(contextName, opts.configDir)
    let host: string
    try {
      host = parseHost(context.host, false)
    } catch (error) {
      if (error instanceof HostError) throw initError(error.message)
      throw error
    }
    return withTls(endpointFor(host), context.tls)
  }

  // The default context: -H, else DOCKER_HOST, through opts.ParseHost; then the TLS files.
  const tls = tlsChoice(opts)
  let host: string
  try {
    host = parseHost(opts.host ?? opts.env.DOCKER_HOST ?? '', tls.on)
  } catch (error) {
    if (error instanceof HostError) throw initError(error.message)
    throw error
  }
  // The files are read before the host is looked at further, as docker reads them.
  const load = tls.on || (tls.undecided && host.startsWith('tcp://'))
  const material = load ? loadTlsFiles(opts, tls.verify) : undefined
  return withTls(endpointFor(host), material)
}
