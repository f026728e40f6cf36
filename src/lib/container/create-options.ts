// `docker run` / `docker create` flags → the body of POST /containers/create, with docker's
// parsing, its checks in its order, and its error wording (DOCKER-CLI-BEHAVIOUR.md §2.1).
// Flag-time checks already ran in run-flags.ts; what is here docker does after parsing, so its
// errors are CliError(message, 125) — printed by the caller as `whalectl: <message>` plus the
// `Run '… --help'` hint — except the two docker returns as plain errors (exit 1, bare message):
// `conflicting options: cannot specify both --attach and --detach` and `the input device is not a TTY`.
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {CliError} from '../cli/errors.js'
import {goQuote} from '../format/go-print.js'
import {parseGoDuration} from '../go/duration.js'
import {formatGoIP, parseGoIP} from '../go/net-ip.js'
import {goAtoi, goParseUint} from '../go/strconv.js'
import {ramInBytes} from '../go/units.js'
import {
  kvListToMap,
  type Mount,
  memSwapBytes,
  type NetworkAttachment,
  parseAttachStream,
  parseDnsSearch,
  parseEnvFlag,
  parseExtraHost,
  parseGpuRequest,
  parseIPAddress,
  parseMount,
  parseNanoCpus,
  parseNetworkAttachment,
  parseThrottleBpsDevice,
  parseThrottleIOpsDevice,
  parseUlimit,
  parseWeightDevice,
  type Ulimit,
} from './run-flags.js'

// ---------------------------------------------------------------------------------------------
// Wire types, in the API's casing (src/lib/engine/container-config.ts), and the request they
// make with the CLI's other run options (src/lib/container/create-request.ts).

export type {CreateRequest, PullPolicy} from './create-request.js'
export {adaptCreateBody, parsePlatform, type Platform, resolveCreatePlatform} from './create-request.js'
import type {CreateRequest, PullPolicy} from './create-request.js'
export type {ContainerCreateBody, CreateHostConfig, DeviceMapping, EndpointSettings, HealthConfig, PortBinding} from '../engine/container-config.js'
import type {ContainerCreateBody, DeviceMapping, EndpointSettings, HealthConfig, PortBinding} from '../engine/container-config.js'

/** One entry of config.json `proxies` (already picked for the daemon host, or `default`). */
export interface ProxyConfig {
  httpProxy?: string
  httpsProxy?: string
  noProxy?: string
  ftpProxy?: string
  allProxy?: string
}

export interface CreateRequestOptions {
  /** Where relative `-v ./x`, `--mount src=./x`, `--env-file` and `--label-file` paths start. */
  cwd: string
  /** Whether the CLI's stdin is a terminal; when given, `-it` on a non-terminal fails as in `docker run`. Leave out for `create`. */
  stdinIsTTY?: boolean
  /** [height, width] of the stdout terminal; [0, 0] when stdout is not one. */
  consoleSize?: [number, number]
  /** The daemon's OSType (from the ping); decides how --device is read. Default linux. */
  serverOS?: string
  proxies?: ProxyConfig
}


type Flags = Record<string, unknown>

const fail = (message: string): CliError => new CliError(message, 125)

function str(flags: Flags, name: string): string {
  const v = flags[name]
  return typeof v === 'string' ? v : ''
}

function list(flags: Flags, ...names: string[]): string[] {
  return names.flatMap((name) => {
    const v = flags[name]
    return Array.isArray(v) ? (v as string[]) : []
  })
}

function bool(flags: Flags, name: string, fallback = false): boolean {
  const v = flags[name]
  return typeof v === 'boolean' ? v : fallback
}

function int(flags: Flags, name: string, fallback = 0): number {
  const v = flags[name]
  return typeof v === 'number' ? v : fallback
}

/** A flag's value through its parser, or the zero value when not given. */
function parsed<T>(flags: Flags, name: string, parse: (v: string) => T, zero: T): T {
  const v = flags[name]
  return typeof v === 'string' ? parse(v) : zero
}

/** Go marshals maps with sorted keys. */
function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  const map = new Map(entries)
  const out: Record<string, T> = {}
  for (const key of [...map.keys()].sort()) out[key] = map.get(key) as T
  return out
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)]
}

// ---------------------------------------------------------------------------------------------
// Env and label files (docker's pkg/kvfile).

const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/
const MAX_LINE = 64 * 1024
const utf8 = new TextDecoder('utf-8', {fatal: true})

function fileError(file: string, error: NodeJS.ErrnoException): CliError {
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    ELOOP: 'too many levels of symbolic links',
    ENAMETOOLONG: 'file name too long',
    ENOENT: 'no such file or directory',
    ENOTDIR: 'not a directory',
  }
  if (error.code === 'EISDIR') return fail(`invalid env file (${file}): read ${file}: is a directory`)
  return fail(`open ${file}: ${reasons[error.code ?? ''] ?? error.message}`)
}

/**
 * Reads a `KEY=VALUE` file as --env-file and --label-file do: BOM and leading whitespace dropped,
 * `#` comments and blank lines skipped, values kept verbatim; a bare KEY is replaced by
 * `KEY=<lookup>` when the lookup finds it, else dropped.
 */
export function readKeyValueFile(file: string, cwd: string, lookup?: (key: string) => string | undefined): string[] {
  let data: Buffer
  try {
    data = readFileSync(path.resolve(cwd, file))
  } catch (error) {
    throw fileError(file, error as NodeJS.ErrnoException)
  }
  const invalid = (reason: string): CliError => fail(`invalid env file (${file}): ${reason}`)
  const out: string[] = []
  let start = 0
  for (let lineNo = 1; start < data.length; lineNo++) {
    const nl = data.indexOf(0x0a, start)
    const end = nl === -1 ? data.length : nl
    if (end - start + (nl === -1 ? 0 : 1) > MAX_LINE) throw invalid('bufio.Scanner: token too long')
    let bytes = data.subarray(start, end)
    start = end + 1
    if (bytes.at(-1) === 0x0d) bytes = bytes.subarray(0, -1)
    let text: string
    try {
      text = utf8.decode(bytes)
    } catch {
      throw invalid(`invalid utf8 bytes at line ${lineNo}: [${[...bytes].join(' ')}]`)
    }
    if (lineNo === 1 && text.startsWith('\ufeff')) text = text.slice(1)
    const line = text.replace(GO_SPACE, '')
    if (line === '' || line.startsWith('#')) continue
    const eq = line.indexOf('=')
    const key = eq === -1 ? line : line.slice(0, eq)
    if (key === '') throw invalid(`no variable name on line '${line}'`)
    if (/[ \t]/.test(key)) throw invalid(`variable '${key}' contains whitespaces`)
    if (eq !== -1) {
      out.push(line)
      continue
    }
    const value = lookup?.(line)
    if (value !== undefined) out.push(`${key}=${value}`)
  }
  return out
}

/** Env-file entries first, then the `-e` values (a bare `K` resolved from env), as run and exec send them. */
export function readEnvList(envFiles: readonly string[], envValues: readonly string[], env: NodeJS.ProcessEnv, cwd: string): string[] {
  const lookup = (key: string): string | undefined => env[key]
  return [...envFiles.flatMap((f) => readKeyValueFile(f, cwd, lookup)), ...envValues.map((v) => parseEnvFlag(v, env))]
}

/** `-e` values as run sends them: resolved from the environment, one per name (last wins), proxy settings added. */
function runEnvValues(values: readonly string[], env: NodeJS.ProcessEnv, proxies: ProxyConfig | undefined): string[] {
  const byName = new Map<string, string | undefined>()
  for (const raw of values) {
    const v = parseEnvFlag(raw, env)
    const eq = v.indexOf('=')
    byName.set(eq === -1 ? v : v.slice(0, eq), eq === -1 ? undefined : v.slice(eq + 1))
  }
  const proxyVars: Array<[string, string | undefined]> = [
    ['HTTP_PROXY', proxies?.httpProxy],
    ['HTTPS_PROXY', proxies?.httpsProxy],
    ['NO_PROXY', proxies?.noProxy],
    ['FTP_PROXY', proxies?.ftpProxy],
    ['ALL_PROXY', proxies?.allProxy],
  ]
  for (const [name, value] of proxyVars) {
    if (!value) continue
    if (!byName.has(name)) byName.set(name, value)
    if (!byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), value)
  }
  return [...byName].map(([k, v]) => (v === undefined ? k : `${k}=${v}`))
}

// ---------------------------------------------------------------------------------------------
// Ports (go-connections/nat).

function splitProtoPort(raw: string): [proto: string, port: string] {
  const parts = raw.split('/')
  if (raw === '' || parts[0] === '') return ['', '']
  if (parts.length === 1) return ['tcp', raw]
  if (parts[1] === '') return ['tcp', parts[0] as string]
  return [parts[1] as string, parts[0] as string]
}

/** nat.ParsePortRange: `80` or `8000-8010`; Go strconv errors. */
export function parsePortRange(ports: string): [number, number] {
  if (ports === '') throw new Error('empty string specified for ports')
  if (!ports.includes('-')) {
    const n = Number(goParseUint(ports, 10, 16))
    return [n, n]
  }
  const parts = ports.split('-')
  const start = Number(goParseUint(parts[0] as string, 10, 16))
  const end = Number(goParseUint(parts[1] as string, 10, 16))
  if (end < start) throw new Error(`invalid range specified for port: ${ports}`)
  return [start, end]
}

/** net.SplitHostPort, for the `[ipv6]:` form only. */
function stripBrackets(ip: string): string {
  const hostport = `${ip}:`
  const bad = (why: string): Error => new Error(`invalid IP address ${ip}: address ${hostport}: ${why}`)
  const last = hostport.lastIndexOf(':')
  const end = hostport.indexOf(']')
  if (end < 0) throw bad("missing ']' in address")
  if (end + 1 === hostport.length) throw bad('missing port in address')
  if (end + 1 !== last) throw bad(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address')
  if (hostport.indexOf('[', 1) >= 0) throw bad("unexpected '[' in address")
  if (hostport.indexOf(']', end + 1) >= 0) throw bad("unexpected ']' in address")
  return hostport.slice(1, end)
}

interface PortMapping {
  port: string
  binding: PortBinding
}

/** nat.ParsePortSpec: `[ip:][hostPort:]containerPort[/proto]`, with ranges. */
export function parsePortSpec(raw: string): PortMapping[] {
  const parts = raw.split(':')
  const n = parts.length
  let ip = ''
  let hostPort = ''
  if (n === 2) hostPort = parts[0] as string
  else if (n === 3) [ip, hostPort] = [parts[0] as string, parts[1] as string]
  else if (n > 3) [ip, hostPort] = [parts.slice(0, n - 2).join(':'), parts[n - 2] as string]
  const [proto, containerPort] = splitProtoPort(parts[n - 1] as string)
  if (ip.startsWith('[')) ip = stripBrackets(ip)
  if (ip !== '' && !parseGoIP(ip)) throw new Error(`invalid IP address: ${ip}`)
  if (containerPort === '') throw new Error(`no port specified: ${raw}<empty>`)
  let start: number
  let end: number
  try {
    ;[start, end] = parsePortRange(containerPort)
  } catch {
    throw new Error(`invalid containerPort: ${containerPort}`)
  }
  let hostStart = 0
  let hostEnd = 0
  if (hostPort !== '') {
    try {
      ;[hostStart, hostEnd] = parsePortRange(hostPort)
    } catch {
      throw new Error(`invalid hostPort: ${hostPort}`)
    }
  }
  // A host range with one container port is a range to allocate from, not a mapping.
  if (hostPort !== '' && end - start !== hostEnd - hostStart && end !== start) {
    throw new Error(`invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`)
  }
  if (!['tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) throw new Error(`invalid proto: ${proto}`)
  const out: PortMapping[] = []
  for (let i = 0; i <= end - start; i++) {
    let host = hostPort === '' ? '' : String(hostStart + i)
    if (start === end && hostStart !== hostEnd) host = `${host}-${hostEnd}`
    out.push({binding: {HostIp: ip, HostPort: host}, port: `${start + i}/${proto.toLowerCase()}`})
  }
  return out
}

/** `-p published=8080,target=80,protocol=udp` → `8080:80/udp`. */
function toStandardPortNotation(publish: string): string {
  if (!publish.includes('=')) return publish
  const params = new Map<string, string>([['protocol', 'tcp']])
  for (const param of publish.split(',')) {
    const eq = param.indexOf('=')
    if (eq <= 0) throw new Error(`invalid publish opts format (should be name=value but got '${param}')`)
    params.set(param.slice(0, eq), param.slice(eq + 1))
  }
  return `${params.get('published') ?? ''}:${params.get('target') ?? ''}/${params.get('protocol') ?? ''}`
}

function buildPorts(publish: readonly string[], expose: readonly string[]): {exposed: Set<string>; bindings: Map<string, PortBinding[]>} {
  const exposed = new Set<string>()
  const bindings = new Map<string, PortBinding[]>()
  const specs = publish.map((p) => {
    try {
      return toStandardPortNotation(p)
    } catch (error) {
      throw fail((error as Error).message)
    }
  })
  for (const spec of specs) {
    let mappings: PortMapping[]
    try {
      mappings = parsePortSpec(spec)
    } catch (error) {
      throw fail((error as Error).message)
    }
    for (const {port, binding} of mappings) {
      exposed.add(port)
      bindings.set(port, [...(bindings.get(port) ?? []), binding])
    }
  }
  for (const e of expose) {
    if (e.includes(':')) throw fail(`invalid port format for --expose: ${e}`)
    const [proto, port] = splitProtoPort(e)
    let range: [number, number]
    try {
      range = parsePortRange(port)
    } catch (error) {
      throw fail(`invalid range format for --expose: ${e}, error: ${(error as Error).message}`)
    }
    for (let i = range[0]; i <= range[1]; i++) exposed.add(`${i}/${proto}`)
  }
  return {bindings, exposed}
}

// ---------------------------------------------------------------------------------------------
// Volumes (docker's compose loader.ParseVolume, which `-v` borrows).

export interface VolumeSpec {
  type: 'bind' | 'volume'
  source: string
  target: string
}

const isLetter = (c: string | undefined): boolean => c !== undefined && /^\p{L}$/u.test(c)

function isFilePath(source: string): boolean {
  if ('./~'.includes(source[0] as string)) return true
  const chars = [...source]
  if (chars.length === 1) return false
  if (source.startsWith('\\\\')) return true
  const first = chars[0] as string
  return isLetter(first) && source[first.length] === ':'
}

/** `[source:]target[:options]`; a one-letter source followed by `:` is a Windows drive, not a separator. */
export function parseVolumeSpec(spec: string): VolumeSpec {
  if (spec === '') throw new Error('invalid empty volume spec')
  const chars = [...spec]
  if (chars.length <= 2 && Buffer.byteLength(spec) <= 2) return {source: '', target: spec, type: 'volume'}
  let source = ''
  let target = ''
  let buffer: string[] = []
  const END = '\0end'
  for (const char of [...chars, END]) {
    if (char === ':' && buffer.length === 1 && isLetter(buffer[0])) {
      buffer.push(char)
    } else if (char === ':' || char === END) {
      const text = buffer.join('')
      if (buffer.length === 0) throw new Error(`invalid spec: ${spec}: empty section between colons`)
      if (source === '' && char === END) target = text
      else if (source === '') source = text
      else if (target === '') target = text
      else if (char === ':') throw new Error(`invalid spec: ${spec}: too many colons`)
      buffer = []
    } else {
      buffer.push(char)
    }
  }
  return {source, target, type: source !== '' && isFilePath(source) ? 'bind' : 'volume'}
}

function buildVolumes(specs: readonly string[], cwd: string): {binds: string[]; volumes: string[]} {
  const binds: string[] = []
  const volumes: string[] = []
  for (const spec of unique(specs)) {
    let parsedSpec: VolumeSpec
    try {
      parsedSpec = parseVolumeSpec(spec)
    } catch (error) {
      throw fail((error as Error).message)
    }
    if (parsedSpec.source === '') {
      volumes.push(spec)
      continue
    }
    let bind = spec
    const colon = spec.indexOf(':')
    if (parsedSpec.type === 'bind' && colon !== -1) {
      let hostPart = spec.slice(0, colon)
      if (!path.isAbsolute(hostPart) && hostPart.startsWith('.')) hostPart = path.resolve(cwd, hostPart)
      bind = `${hostPart}${spec.slice(colon)}`
    }
    binds.push(bind)
  }
  return {binds, volumes}
}

// ---------------------------------------------------------------------------------------------
// Devices.

const CDI_VENDOR_OR_CLASS = /^[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]$/
const CDI_DEVICE = /^[A-Za-z0-9](?:[A-Za-z0-9_.:-]*[A-Za-z0-9])?$/

/** A CDI name like `vendor.com/class=name` goes to DeviceRequests instead of Devices. */
function isCdiName(device: string): boolean {
  if (device === '' || device.startsWith('/')) return false
  const eq = device.indexOf('=')
  if (eq <= 0 || eq === device.length - 1) return false
  const kind = device.slice(0, eq)
  const slash = kind.indexOf('/')
  if (slash <= 0 || slash === kind.length - 1) return false
  return CDI_VENDOR_OR_CLASS.test(kind.slice(0, slash)) && CDI_VENDOR_OR_CLASS.test(kind.slice(slash + 1)) && CDI_DEVICE.test(device.slice(eq + 1))
}

function validDeviceMode(mode: string): boolean {
  if (mode === '') return false
  const seen = new Set<string>()
  for (const c of mode) {
    if (!'rwm'.includes(c) || seen.has(c)) return false
    seen.add(c)
  }
  return true
}

/** Go's path.Clean. */
function cleanPath(p: string): string {
  if (p === '') return '.'
  const normal = path.posix.normalize(p)
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal
}

function parseLinuxDevice(device: string): DeviceMapping {
  if ((device.match(/:/g) ?? []).length > 2) throw new Error(`bad format for path: ${device}`)
  const split = device.split(':')
  if (split[0] === '') throw new Error(`bad format for path: ${device}`)
  let containerPath: string
  let validated: string
  const [a, b, c] = split as [string, string | undefined, string | undefined]
  if (b === undefined) {
    containerPath = a
    validated = cleanPath(a)
  } else if (c === undefined) {
    if (validDeviceMode(b)) {
      containerPath = a
      validated = `${cleanPath(a)}:${b}`
    } else {
      containerPath = b
      validated = `${a}:${cleanPath(b)}`
    }
  } else {
    containerPath = b
    if (!validDeviceMode(c)) throw new Error(`bad mode specified: ${c}`)
    validated = device
  }
  if (!containerPath.startsWith('/')) throw new Error(`${containerPath} is not an absolute path`)
  // Read back the validated form the way docker's parseLinuxDevice does (a mode in the middle wins).
  const parts = validated.split(':')
  let permissions = parts.length === 3 ? (parts[2] as string) : 'rwm'
  let dst = ''
  if (parts.length >= 2) {
    if (validDeviceMode(parts[1] as string)) permissions = parts[1] as string
    else dst = parts[1] as string
  }
  const src = parts[0] as string
  return {PathOnHost: src, PathInContainer: dst === '' ? src : dst, CgroupPermissions: permissions}
}

function buildDevices(devices: readonly string[], serverOS: string): {mappings: DeviceMapping[]; cdi: string[]} {
  const mappings: DeviceMapping[] = []
  const cdi: string[] = []
  for (const device of devices) {
    if (isCdiName(device)) {
      cdi.push(device)
      continue
    }
    if (serverOS === 'windows') {
      mappings.push({PathOnHost: device, PathInContainer: '', CgroupPermissions: ''})
      continue
    }
    if (serverOS !== 'linux') throw fail(`unknown server OS: ${serverOS}`)
    try {
      mappings.push(parseLinuxDevice(device))
    } catch (error) {
      throw fail((error as Error).message)
    }
  }
  return {cdi, mappings}
}

// ---------------------------------------------------------------------------------------------
// Smaller pieces.

/** opts.ParseRestartPolicy; the policy name itself is checked by the daemon. */
export function parseRestartPolicy(policy: string): {Name: string; MaximumRetryCount: number} {
  if (policy === '') return {Name: '', MaximumRetryCount: 0}
  const colon = policy.indexOf(':')
  const name = colon === -1 ? policy : policy.slice(0, colon)
  const count = colon === -1 ? '' : policy.slice(colon + 1)
  if (colon !== -1 && name === '') throw new Error('invalid restart policy format: no policy provided before colon')
  let retries = 0
  if (count !== '') {
    try {
      retries = goAtoi(count)
    } catch {
      throw new Error('invalid restart policy format: maximum retry count must be an integer')
    }
  }
  return {Name: name, MaximumRetryCount: retries}
}

/** net.ParseMAC: 6, 8 or 20 octets as `aa:bb:…`, `aa-bb-…` or `aabb.ccdd.…`. */
function isValidMac(value: string): boolean {
  const s = value.trim()
  if (s.length < 14) return false
  let octets: number
  let group: RegExp
  if (s[2] === ':' || s[2] === '-') {
    if ((s.length + 1) % 3 !== 0) return false
    octets = (s.length + 1) / 3
    const sep = s[2] === ':' ? ':' : '-'
    group = new RegExp(`^[0-9a-fA-F]{2}(?:\\${sep}[0-9a-fA-F]{2})*$`)
  } else if (s[4] === '.') {
    if ((s.length + 1) % 5 !== 0) return false
    octets = (2 * (s.length + 1)) / 5
    group = /^[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4})*$/
  } else {
    return false
  }
  return [6, 8, 20].includes(octets) && group.test(s)
}

/** Go's json.Compact: drops insignificant whitespace, keeps numbers and escapes as written. */
function compactJson(text: string): string {
  JSON.parse(text)
  let out = ''
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (inString) {
      out += c
      if (c === '\\') out += text[++i] ?? ''
      else if (c === '"') inString = false
    } else if (c === '"') {
      inString = true
      out += c
    } else if (!' \t\r\n'.includes(c)) {
      out += c
    }
  }
  return out
}

function parseSecurityOpts(opts: readonly string[], cwd: string): string[] {
  return opts.map((opt) => {
    let sep = opt.indexOf('=')
    let key = sep === -1 ? opt : opt.slice(0, sep)
    if (sep === -1 && key !== 'no-new-privileges') {
      sep = opt.indexOf(':')
      key = sep === -1 ? opt : opt.slice(0, sep)
    }
    const value = sep === -1 ? '' : opt.slice(sep + 1)
    if ((sep === -1 || value === '') && key !== 'no-new-privileges') throw fail(`Invalid --security-opt: ${goQuote(opt)}`)
    if (key !== 'seccomp' || value === 'builtin' || value === 'unconfined') return opt
    // A seccomp profile path: docker sends the file's JSON, compacted.
    let text: string
    try {
      text = readFileSync(path.resolve(cwd, value), 'utf8')
    } catch (error) {
      const reason = fileError(value, error as NodeJS.ErrnoException).message
      throw fail(`opening seccomp profile (${value}) failed: ${reason}`)
    }
    try {
      return `seccomp=${compactJson(text)}`
    } catch (error) {
      throw fail(`compacting json for seccomp profile (${value}) failed: ${(error as Error).message}`)
    }
  })
}

const normalizeCap = (cap: string): string => {
  const upper = cap.toUpperCase()
  return upper === 'ALL' || upper.startsWith('CAP_') ? upper : `CAP_${upper}`
}

/** The API client's normalisation: upper case, CAP_ prefix (except ALL), deduplicated, sorted; null when empty. */
function normalizeCapabilities(caps: readonly string[]): string[] | null {
  return caps.length === 0 ? null : unique(caps.map(normalizeCap)).sort()
}

function localhostDnsWarning(dns: readonly string[]): string | undefined {
  for (const server of dns) {
    const ip = parseGoIP(server)
    if (!ip) continue
    const text = formatGoIP(ip)
    if (text === '::1' || (text.includes('.') && text.startsWith('127.'))) return `Localhost DNS (${text}) may fail in containers.`
  }
  return undefined
}

// Field order follows the API types, so the JSON matches docker's byte for byte.
export function emptyEndpoint(): EndpointSettings {
  return {
    IPAMConfig: null,
    Links: null,
    Aliases: null,
    MacAddress: '',
    DriverOpts: null,
    GwPriority: 0,
    NetworkID: '',
    EndpointID: '',
    Gateway: '',
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: null,
  }
}

const NON_USER_NETWORKS = new Set(['default', 'bridge', 'host', 'none'])
const isUserDefinedNetwork = (mode: string): boolean => !NON_USER_NETWORKS.has(mode) && !mode.startsWith('container:')

interface NetworkFlags {
  aliases: string[]
  links: string[]
  ipv4: string
  ipv6: string
  mac: string
  linkLocalIPs: string[]
}

/** The first network takes --network-alias, --link, --ip, --ip6, --mac-address and --link-local-ip. */
function applyContainerNetworkFlags(n: NetworkAttachment, f: NetworkFlags): {attachment: NetworkAttachment; links: string[]} {
  if (n.aliases.length > 0 && f.aliases.length > 0) throw fail('conflicting options: cannot specify both --network-alias and per-network alias')
  if (n.ipv4Address !== '' && f.ipv4 !== '') throw fail('conflicting options: cannot specify both --ip and per-network IPv4 address')
  if (n.ipv6Address !== '' && f.ipv6 !== '') throw fail('conflicting options: cannot specify both --ip6 and per-network IPv6 address')
  if (n.macAddress !== '' && f.mac !== '') throw fail('conflicting options: cannot specify both --mac-address and per-network MAC address')
  if (n.linkLocalIPs.length > 0 && f.linkLocalIPs.length > 0) {
    throw fail('conflicting options: cannot specify both --link-local-ip and per-network link-local IP addresses')
  }
  const attachment = {...n}
  if (f.aliases.length > 0) attachment.aliases = [...f.aliases]
  if (f.ipv4 !== '') attachment.ipv4Address = f.ipv4
  if (f.ipv6 !== '') attachment.ipv6Address = f.ipv6
  if (f.mac !== '') attachment.macAddress = f.mac
  if (f.linkLocalIPs.length > 0) attachment.linkLocalIPs = [...f.linkLocalIPs]
  // On a user-defined network --link is an endpoint alias; on the default bridge a legacy link.
  const links = isUserDefinedNetwork(n.target) && f.links.length > 0 ? [...f.links] : []
  return {attachment, links}
}

function endpointFor(n: NetworkAttachment, links: string[]): {endpoint: EndpointSettings; empty: boolean} {
  if (n.target.trim() === '') throw fail('no name set for network')
  if (!isUserDefinedNetwork(n.target)) {
    if (n.aliases.length > 0) throw fail('network-scoped aliases are only supported for user-defined networks')
    if (links.length > 0) throw fail('links are only supported for user-defined networks')
  }
  const endpoint = emptyEndpoint()
  endpoint.GwPriority = n.gwPriority
  if (n.aliases.length > 0) endpoint.Aliases = [...n.aliases]
  if (n.driverOpts && Object.keys(n.driverOpts).length > 0) endpoint.DriverOpts = sortedRecord(Object.entries(n.driverOpts))
  if (links.length > 0) endpoint.Links = links
  if (n.ipv4Address !== '' || n.ipv6Address !== '' || n.linkLocalIPs.length > 0) {
    const ipam: NonNullable<EndpointSettings['IPAMConfig']> = {}
    if (n.ipv4Address !== '') ipam.IPv4Address = n.ipv4Address
    if (n.ipv6Address !== '') ipam.IPv6Address = n.ipv6Address
    if (n.linkLocalIPs.length > 0) ipam.LinkLocalIPs = [...n.linkLocalIPs]
    endpoint.IPAMConfig = ipam
  }
  if (n.macAddress !== '') {
    if (!isValidMac(n.macAddress)) throw fail(`${n.macAddress} is not a valid mac address`)
    endpoint.MacAddress = n.macAddress
  }
  const empty = endpoint.Aliases === null && endpoint.DriverOpts === null && endpoint.Links === null && endpoint.IPAMConfig === null && endpoint.MacAddress === '' && endpoint.GwPriority === 0
  return {empty, endpoint}
}

function buildEndpoints(networks: readonly NetworkAttachment[], f: NetworkFlags): Record<string, EndpointSettings> {
  const endpoints = new Map<string, EndpointSettings>()
  if (networks.length === 0) {
    const {attachment, links} = applyContainerNetworkFlags({aliases: [], gwPriority: 0, ipv4Address: '', ipv6Address: '', linkLocalIPs: [], macAddress: '', target: 'default'}, f)
    endpoints.set('default', endpointFor(attachment, links).endpoint)
  }
  let userDefined = false
  let nonUserDefined = false
  networks.forEach((n, i) => {
    if (isUserDefinedNetwork(n.target)) userDefined = true
    else nonUserDefined = true
    const {attachment, links} = i === 0 ? applyContainerNetworkFlags(n, f) : {attachment: n, links: []}
    const {endpoint, empty} = endpointFor(attachment, links)
    if (endpoints.has(n.target)) throw fail(`network ${goQuote(n.target)} is specified multiple times`)
    // A lone network with no options is left for the daemon to fill in.
    if (i === 0 && networks.length === 1 && empty) return
    endpoints.set(n.target, endpoint)
  })
  if (userDefined && nonUserDefined) throw fail('conflicting options: cannot attach both user-defined and non-user-defined network-modes')
  return sortedRecord(endpoints)
}

function parseHealthcheck(flags: Flags): HealthConfig | undefined {
  const cmd = str(flags, 'health-cmd')
  const interval = parsed(flags, 'health-interval', parseGoDuration, 0)
  const timeout = parsed(flags, 'health-timeout', parseGoDuration, 0)
  const startPeriod = parsed(flags, 'health-start-period', parseGoDuration, 0)
  const startInterval = parsed(flags, 'health-start-interval', parseGoDuration, 0)
  const retries = int(flags, 'health-retries')
  const haveSettings = cmd !== '' || interval !== 0 || timeout !== 0 || startPeriod !== 0 || retries !== 0 || startInterval !== 0
  if (bool(flags, 'no-healthcheck')) {
    if (haveSettings) throw fail('--no-healthcheck conflicts with --health-* options')
    return {Test: ['NONE']}
  }
  if (!haveSettings) return undefined
  if (interval < 0) throw fail('--health-interval cannot be negative')
  if (timeout < 0) throw fail('--health-timeout cannot be negative')
  if (retries < 0) throw fail('--health-retries cannot be negative')
  if (startPeriod < 0) throw fail('--health-start-period cannot be negative')
  if (startInterval < 0) throw fail('--health-start-interval cannot be negative')
  const health: HealthConfig = {}
  if (cmd !== '') health.Test = ['CMD-SHELL', cmd]
  if (interval !== 0) health.Interval = interval
  if (timeout !== 0) health.Timeout = timeout
  if (startPeriod !== 0) health.StartPeriod = startPeriod
  if (startInterval !== 0) health.StartInterval = startInterval
  if (retries !== 0) health.Retries = retries
  return health
}

const PULL_POLICIES = new Set(['always', 'missing', 'never', ''])

// ---------------------------------------------------------------------------------------------

/**
 * Everything `docker run` / `docker create` derives from its flags and `[IMAGE, ...CMD]`, with the
 * checks in docker's order: --pull, then the option parsing (mac address, swappiness, volumes,
 * ports, expose, devices, env, labels, namespaces, restart, logging, security, storage,
 * healthcheck, --rm/--restart, networks), then --attach/--detach and the TTY check.
 */
export function buildCreateRequest(flags: Flags, changed: ReadonlySet<string>, args: readonly string[], env: NodeJS.ProcessEnv, opts: CreateRequestOptions): CreateRequest {
  const pull = str(flags, 'pull')
  if (!PULL_POLICIES.has(pull)) throw fail(`invalid pull option: '${pull}': must be one of "always", "missing" or "never"`)

  const envValues = runEnvValues(list(flags, 'env'), env, opts.proxies)

  const attachList = list(flags, 'attach').map(parseAttachStream)
  const interactive = bool(flags, 'interactive')
  const tty = bool(flags, 'tty')
  const detach = bool(flags, 'detach')
  const attach = {
    stderr: attachList.length === 0 || attachList.includes('stderr'),
    stdin: interactive || attachList.includes('stdin'),
    stdout: attachList.length === 0 || attachList.includes('stdout'),
  }

  const macAddress = str(flags, 'mac-address')
  if (macAddress !== '' && !isValidMac(macAddress)) throw fail(`${macAddress} is not a valid mac address`)

  const swappiness = int(flags, 'memory-swappiness', -1)
  if (swappiness !== -1 && (swappiness < 0 || swappiness > 100)) throw fail(`invalid value: ${swappiness}. Valid memory swappiness range is 0-100`)

  const {binds, volumes} = buildVolumes(list(flags, 'volume'), opts.cwd)

  const tmpfs = new Map<string, string>()
  for (const t of list(flags, 'tmpfs')) {
    const colon = t.indexOf(':')
    tmpfs.set(colon === -1 ? t : t.slice(0, colon), colon === -1 ? '' : t.slice(colon + 1))
  }

  const image = args[0] ?? ''
  const cmd = args.length > 1 ? args.slice(1) : null
  let entrypoint: string[] | null = null
  const entrypointFlag = str(flags, 'entrypoint')
  if (entrypointFlag !== '') entrypoint = [entrypointFlag]
  else if (changed.has('entrypoint')) entrypoint = ['']

  const ports = buildPorts(list(flags, 'publish'), list(flags, 'expose'))
  const devices = buildDevices(list(flags, 'device'), opts.serverOS ?? 'linux')

  const envList = readEnvList(list(flags, 'env-file'), envValues, env, opts.cwd)
  const labels = kvListToMap([...list(flags, 'label-file').flatMap((f) => readKeyValueFile(f, opts.cwd)), ...list(flags, 'label')])

  const pidMode = str(flags, 'pid')
  if (!(pidMode === '' || pidMode === 'host' || (pidMode.startsWith('container:') && pidMode.length > 'container:'.length))) throw fail('--pid: invalid PID mode')
  const utsMode = str(flags, 'uts')
  if (utsMode !== '' && utsMode !== 'host') throw fail('--uts: invalid UTS mode')
  const usernsMode = str(flags, 'userns')
  if (usernsMode !== '' && usernsMode !== 'host') throw fail('--userns: invalid USER mode')
  const cgroupnsMode = str(flags, 'cgroupns')
  if (!['', 'private', 'host'].includes(cgroupnsMode)) throw fail('--cgroupns: invalid CGROUP mode')

  let restartPolicy: {Name: string; MaximumRetryCount: number}
  try {
    restartPolicy = parseRestartPolicy(str(flags, 'restart'))
  } catch (error) {
    throw fail((error as Error).message)
  }

  const logDriver = str(flags, 'log-driver')
  const logOpts = list(flags, 'log-opt')
  if (logDriver === 'none' && logOpts.length > 0) throw fail(`invalid logging opts for driver ${logDriver}`)

  const securityOpts = parseSecurityOpts(list(flags, 'security-opt'), opts.cwd)
  const systemPathsUnconfined = securityOpts.includes('systempaths=unconfined')
  const securityOptList = securityOpts.filter((o) => o !== 'systempaths=unconfined')

  const storageOpts = new Map<string, string>()
  for (const option of list(flags, 'storage-opt')) {
    const eq = option.indexOf('=')
    if (eq === -1) throw fail('invalid storage option')
    storageOpts.set(option.slice(0, eq), option.slice(eq + 1))
  }

  const healthcheck = parseHealthcheck(flags)

  const deviceRequests = list(flags, 'gpus').map(parseGpuRequest)
  if (devices.cdi.length > 0) deviceRequests.push({Driver: 'cdi', Count: 0, DeviceIDs: devices.cdi, Capabilities: null, Options: null})

  const autoRemove = bool(flags, 'rm')
  if (autoRemove && restartPolicy.Name !== 'no' && restartPolicy.Name !== '') throw fail('conflicting options: cannot specify both --restart and --rm')

  const networks = list(flags, 'network', 'net').map(parseNetworkAttachment)
  const networkMode = networks[0]?.target ?? 'default'
  const endpoints = buildEndpoints(networks, {
    aliases: list(flags, 'network-alias', 'net-alias'),
    ipv4: str(flags, 'ip'),
    ipv6: str(flags, 'ip6'),
    linkLocalIPs: list(flags, 'link-local-ip'),
    links: list(flags, 'link'),
    mac: macAddress,
  })

  const mounts: Mount[] = []
  const parseWarnings: string[] = []
  for (const m of list(flags, 'mount')) {
    const result = parseMount(m, opts.cwd)
    mounts.push(result.mount)
    parseWarnings.push(...result.warnings)
  }

  const ulimits = new Map<string, Ulimit>()
  for (const u of list(flags, 'ulimit')) {
    const limit = parseUlimit(u)
    ulimits.set(limit.Name, limit)
  }

  const dns = list(flags, 'dns').map(parseIPAddress)
  const annotations = kvListToMap(list(flags, 'annotation'))
  const sysctls = kvListToMap(list(flags, 'sysctl'))
  const kernelMemory = parsed(flags, 'kernel-memory', ramInBytes, 0)
  const mainEndpointKey = networkMode.startsWith('container:') ? 'container' : networkMode
  // Older engines read the main network's MAC address from Config.
  const mainEndpointMac = endpoints[mainEndpointKey]?.MacAddress ?? macAddress

  const body: ContainerCreateBody = {
    Hostname: str(flags, 'hostname'),
    Domainname: str(flags, 'domainname'),
    User: str(flags, 'user'),
    AttachStdin: attach.stdin,
    AttachStdout: attach.stdout,
    AttachStderr: attach.stderr,
    ...(ports.exposed.size > 0 ? {ExposedPorts: sortedRecord([...ports.exposed].map((p) => [p, {}]))} : {}),
    Tty: tty,
    OpenStdin: interactive,
    // With stdin attached, the container's stdin closes when the client disconnects.
    StdinOnce: interactive && attach.stdin,
    Env: envList.length > 0 ? envList : null,
    Cmd: cmd,
    ...(healthcheck ? {Healthcheck: healthcheck} : {}),
    Image: image,
    Volumes: sortedRecord(volumes.map((v) => [v, {}])),
    WorkingDir: str(flags, 'workdir'),
    Entrypoint: entrypoint,
    ...(mainEndpointMac !== '' ? {MacAddress: mainEndpointMac} : {}),
    OnBuild: null,
    Labels: sortedRecord(Object.entries(labels)),
    ...(str(flags, 'stop-signal') !== '' ? {StopSignal: str(flags, 'stop-signal')} : {}),
    ...(changed.has('stop-timeout') ? {StopTimeout: int(flags, 'stop-timeout')} : {}),
    HostConfig: {
      Binds: binds.length > 0 ? binds : null,
      ContainerIDFile: str(flags, 'cidfile'),
      LogConfig: {Type: logDriver, Config: sortedRecord(Object.entries(kvListToMap(logOpts)))},
      NetworkMode: networkMode,
      PortBindings: sortedRecord(ports.bindings),
      RestartPolicy: restartPolicy,
      AutoRemove: autoRemove,
      VolumeDriver: str(flags, 'volume-driver'),
      VolumesFrom: nullIfEmpty(list(flags, 'volumes-from')),
      ConsoleSize: opts.consoleSize ?? [0, 0],
      ...(Object.keys(annotations).length > 0 ? {Annotations: sortedRecord(Object.entries(annotations))} : {}),
      CapAdd: normalizeCapabilities(list(flags, 'cap-add')),
      CapDrop: normalizeCapabilities(list(flags, 'cap-drop')),
      CgroupnsMode: cgroupnsMode,
      Dns: dns,
      DnsOptions: list(flags, 'dns-option', 'dns-opt'),
      DnsSearch: list(flags, 'dns-search').map(parseDnsSearch),
      ExtraHosts: nullIfEmpty(list(flags, 'add-host').map(parseExtraHost)),
      GroupAdd: nullIfEmpty(list(flags, 'group-add')),
      IpcMode: str(flags, 'ipc'),
      Cgroup: '',
      Links: nullIfEmpty(list(flags, 'link')),
      OomScoreAdj: int(flags, 'oom-score-adj'),
      PidMode: pidMode,
      Privileged: bool(flags, 'privileged'),
      PublishAllPorts: bool(flags, 'publish-all'),
      ReadonlyRootfs: bool(flags, 'read-only'),
      SecurityOpt: nullIfEmpty(securityOptList),
      ...(storageOpts.size > 0 ? {StorageOpt: sortedRecord(storageOpts)} : {}),
      ...(tmpfs.size > 0 ? {Tmpfs: sortedRecord(tmpfs)} : {}),
      UTSMode: utsMode,
      UsernsMode: usernsMode,
      ShmSize: parsed(flags, 'shm-size', ramInBytes, 0),
      ...(Object.keys(sysctls).length > 0 ? {Sysctls: sortedRecord(Object.entries(sysctls))} : {}),
      ...(str(flags, 'runtime') !== '' ? {Runtime: str(flags, 'runtime')} : {}),
      Isolation: str(flags, 'isolation'),
      CpuShares: int(flags, 'cpu-shares'),
      Memory: parsed(flags, 'memory', ramInBytes, 0),
      NanoCpus: parsed(flags, 'cpus', parseNanoCpus, 0),
      CgroupParent: str(flags, 'cgroup-parent'),
      BlkioWeight: parsed(flags, 'blkio-weight', (v) => Number(goParseUint(v, 0, 16)), 0),
      BlkioWeightDevice: list(flags, 'blkio-weight-device').map(parseWeightDevice),
      BlkioDeviceReadBps: list(flags, 'device-read-bps').map(parseThrottleBpsDevice),
      BlkioDeviceWriteBps: list(flags, 'device-write-bps').map(parseThrottleBpsDevice),
      BlkioDeviceReadIOps: list(flags, 'device-read-iops').map(parseThrottleIOpsDevice),
      BlkioDeviceWriteIOps: list(flags, 'device-write-iops').map(parseThrottleIOpsDevice),
      CpuPeriod: int(flags, 'cpu-period'),
      CpuQuota: int(flags, 'cpu-quota'),
      CpuRealtimePeriod: int(flags, 'cpu-rt-period'),
      CpuRealtimeRuntime: int(flags, 'cpu-rt-runtime'),
      CpusetCpus: str(flags, 'cpuset-cpus'),
      CpusetMems: str(flags, 'cpuset-mems'),
      Devices: devices.mappings,
      DeviceCgroupRules: nullIfEmpty(list(flags, 'device-cgroup-rule')),
      DeviceRequests: deviceRequests.length > 0 ? deviceRequests : null,
      ...(kernelMemory !== 0 ? {KernelMemory: kernelMemory} : {}),
      MemoryReservation: parsed(flags, 'memory-reservation', ramInBytes, 0),
      MemorySwap: parsed(flags, 'memory-swap', memSwapBytes, 0),
      MemorySwappiness: swappiness,
      OomKillDisable: bool(flags, 'oom-kill-disable'),
      PidsLimit: int(flags, 'pids-limit'),
      Ulimits: [...ulimits.values()].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)),
      CpuCount: int(flags, 'cpu-count'),
      CpuPercent: int(flags, 'cpu-percent'),
      IOMaximumIOps: parsed(flags, 'io-maxiops', (v) => Number(goParseUint(v, 0, 64)), 0),
      IOMaximumBandwidth: parsed(flags, 'io-maxbandwidth', ramInBytes, 0),
      ...(mounts.length > 0 ? {Mounts: mounts} : {}),
      MaskedPaths: systemPathsUnconfined ? [] : null,
      ReadonlyPaths: systemPathsUnconfined ? [] : null,
      ...(changed.has('init') ? {Init: bool(flags, 'init')} : {}),
    },
    NetworkingConfig: {EndpointsConfig: endpoints},
  }

  if (detach) {
    if (attachList.length > 0) throw new CliError('conflicting options: cannot specify both --attach and --detach', 1)
    body.AttachStdin = false
    body.AttachStdout = false
    body.AttachStderr = false
    body.StdinOnce = false
  } else if (opts.stdinIsTTY === false && tty && attach.stdin) {
    throw new CliError('the input device is not a TTY', 1)
  }

  const name = str(flags, 'name')
  const platform = changed.has('platform') ? str(flags, 'platform') : (env.DOCKER_DEFAULT_PLATFORM ?? '')
  const detachKeys = str(flags, 'detach-keys')
  const cidfile = str(flags, 'cidfile')
  const dnsWarning = localhostDnsWarning(dns)
  return {
    attach: {stderr: body.AttachStderr === true, stdin: body.AttachStdin === true, stdout: body.AttachStdout === true},
    autoRemove,
    body,
    ...(cidfile !== '' ? {cidfile} : {}),
    detach,
    ...(detachKeys !== '' ? {detachKeys} : {}),
    interactive,
    ...(name !== '' ? {name} : {}),
    parseWarnings,
    ...(platform !== '' ? {platform} : {}),
    pull: pull === '' ? 'never' : (pull as PullPolicy),
    quiet: bool(flags, 'quiet'),
    sigProxy: bool(flags, 'sig-proxy', true),
    tty,
    useApiSocket: bool(flags, 'use-api-socket'),
    warnings: dnsWarning ? [dnsWarning] : [],
  }
}

function nullIfEmpty(values: string[]): string[] | null {
  return values.length > 0 ? values : null
}

