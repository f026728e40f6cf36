// The flags of `docker run` / `docker create` / `docker exec`, and the value parsers docker runs
// while parsing them (docker's `opts` package). A value docker rejects at flag-parse time must be
// rejected here too: pflag turns it into `invalid argument "<v>" for "<flag>" flag: <reason>`,
// exit 125 with the usage block, before anything talks to the daemon.
// Everything docker checks later (ports, volumes, env files...) lives in create-options.ts.
import path from 'node:path'

import {type FlagSpec, flagSpec as spec, type FlagSpecOptions} from '../cli/argv.js'
import {goQuote} from '../format/go-print.js'
import {parseBigRat} from '../go/big-rat.js'
import {readCsvRecord} from '../go/csv.js'
import {parseGoDuration} from '../go/duration.js'
import {formatGoIP, parseGoIP} from '../go/net-ip.js'
import {goAtoi, goParseBool, goParseInt, goParseUint, numErrorReason} from '../go/strconv.js'
import {ramInBytes} from '../go/units.js'
import type {DeviceRequest, Mount, ThrottleDevice, Ulimit, WeightDevice} from '../engine/container-config.js'

export type {DeviceRequest, Mount, ThrottleDevice, Ulimit, WeightDevice}

/** opts.ParseCPUs: `--cpus 1.5` → 1500000000 nano-CPUs. */
export function parseNanoCpus(value: string): number {
  const rat = parseBigRat(value)
  if (!rat) throw new Error(`failed to parse ${value} as a rational number`)
  const scaled = rat.num * 1_000_000_000n
  if (scaled % rat.den !== 0n) throw new Error('value is too precise')
  // big.Int.Int64 keeps the low 64 bits.
  return Number(BigInt.asIntN(64, scaled / rat.den))
}

// ---------------------------------------------------------------------------------------------
// Flag values docker validates (and sometimes rewrites) as it parses them.

/** Attach stream names are case-insensitive and stored lower-case. */
export function parseAttachStream(value: string): string {
  const s = value.toLowerCase()
  if (s === 'stdin' || s === 'stdout' || s === 'stderr') return s
  throw new Error('valid streams are STDIN, STDOUT and STDERR')
}

/** `-e K=V` passes; `-e K` takes K's value from the CLI's environment when it is set. */
export function parseEnvFlag(value: string, env: NodeJS.ProcessEnv): string {
  const eq = value.indexOf('=')
  const key = eq === -1 ? value : value.slice(0, eq)
  if (key === '') throw new Error(`invalid environment variable: ${value}`)
  if (eq !== -1) return value
  const fromEnv = env[key]
  return fromEnv === undefined ? value : `${key}=${fromEnv}`
}

export function validateLabel(value: string): string {
  const eq = value.indexOf('=')
  const key = (eq === -1 ? value : value.slice(0, eq)).replace(/^[ \t]+/, '')
  if (key === '') throw new Error(`invalid label '${value}': empty name`)
  if (/[ \t]/.test(key)) throw new Error(`label '${key}' contains whitespaces`)
  return value
}

/** opts.ValidateIPAddress: surrounding spaces allowed, normalised the way Go prints addresses. */
export function parseIPAddress(value: string): string {
  const ip = parseGoIP(value.trim())
  if (!ip) throw new Error(`IP address is not correctly formatted: ${value}`)
  return formatGoIP(ip)
}

// The `(:?` groups are docker's own typo for `(?:`; kept because they decide what passes.
const DOMAIN = /^(:?(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))(:?\.(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])))*)\.?[\t\n\f\r ]*$/

export function parseDnsSearch(value: string): string {
  const v = value.replace(/^ +| +$/g, '')
  if (v === '.') return v
  const m = DOMAIN.exec(v)
  if (!/[a-zA-Z]/.test(v) || !m || Buffer.byteLength(m[1] ?? '') >= 255) throw new Error(`${v} is not a valid domain`)
  return m[1] ?? ''
}

/** `--add-host name:ip` or `name=ip`, sent to the API as `name:ip` without brackets. */
export function parseExtraHost(value: string): string {
  let sep = value.indexOf('=')
  if (sep === -1) sep = value.indexOf(':')
  const name = sep === -1 ? '' : value.slice(0, sep)
  if (sep === -1 || name === '' || name.includes(':')) throw new Error(`bad format for add-host: ${goQuote(value)}`)
  let address = value.slice(sep + 1)
  if (address !== 'host-gateway') {
    if (address.length > 2 && address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1)
    if (!parseGoIP(address.trim())) throw new Error(`invalid IP address in add-host: ${goQuote(address)}`)
  }
  return `${name}:${address}`
}

export function validateLink(value: string): string {
  if (value === '') throw new Error('empty string specified for links')
  if (value.split(':').length > 2) throw new Error(`bad format for links: ${value}`)
  return value
}

const SYSCTLS = new Set(['kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced'])

export function validateSysctl(value: string): string {
  const eq = value.indexOf('=')
  const key = eq === -1 ? '' : value.slice(0, eq)
  if (key !== '' && (SYSCTLS.has(key) || key.startsWith('net.') || key.startsWith('fs.mqueue.'))) return value
  throw new Error(`sysctl '${value}' is not allowed`)
}

const ULIMIT_NAMES = new Set(['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'])

/** go-units ParseUlimit: `nofile=1024[:2048]`. */
export function parseUlimit(value: string): Ulimit {
  const eq = value.indexOf('=')
  if (eq === -1) throw new Error(`invalid ulimit argument: ${value}`)
  const name = value.slice(0, eq)
  const limits = value.slice(eq + 1)
  if (!ULIMIT_NAMES.has(name)) throw new Error(`invalid ulimit type: ${name}`)
  const parts = limits.split(':')
  if (parts.length > 2) throw new Error(`too many limit value arguments - ${limits}, can only have up to two, \`soft[:hard]\``)
  const hard = parts.length === 2 ? goParseInt(parts[1] as string, 10, 64) : undefined
  const soft = goParseInt(parts[0] as string, 10, 64)
  const effectiveHard = hard ?? soft
  if (effectiveHard !== -1n) {
    if (soft === -1n) throw new Error(`ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: ${effectiveHard}`)
    if (soft > effectiveHard) throw new Error(`ulimit soft limit must be less than or equal to hard limit: ${soft} > ${effectiveHard}`)
  }
  return {Name: name, Hard: Number(effectiveHard), Soft: Number(soft)}
}

function devicePathAndValue(value: string): [string, string] {
  const colon = value.indexOf(':')
  const devicePath = colon === -1 ? '' : value.slice(0, colon)
  if (colon === -1 || devicePath === '') throw new Error(`bad format: ${value}`)
  if (!devicePath.startsWith('/dev/')) throw new Error(`bad format for device path: ${value}`)
  return [devicePath, value.slice(colon + 1)]
}

export function parseWeightDevice(value: string): WeightDevice {
  const [devicePath, raw] = devicePathAndValue(value)
  let weight: bigint
  try {
    weight = goParseUint(raw, 10, 16)
  } catch {
    throw new Error(`invalid weight for device: ${value}`)
  }
  if (weight > 0n && (weight < 10n || weight > 1000n)) throw new Error(`invalid weight for device: ${value}`)
  return {Path: devicePath, Weight: Number(weight)}
}

export function parseThrottleBpsDevice(value: string): ThrottleDevice {
  const [devicePath, raw] = devicePathAndValue(value)
  const bad = `invalid rate for device: ${value}. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb`
  let rate: number
  try {
    rate = ramInBytes(raw)
  } catch {
    throw new Error(bad)
  }
  return {Path: devicePath, Rate: rate}
}

export function parseThrottleIOpsDevice(value: string): ThrottleDevice {
  const [devicePath, raw] = devicePathAndValue(value)
  try {
    return {Path: devicePath, Rate: Number(goParseUint(raw, 10, 64))}
  } catch {
    throw new Error(`invalid rate for device: ${value}. The correct format is <device-path>:<number>. Number must be a positive integer`)
  }
}

export function validateDeviceCgroupRule(value: string): string {
  if (/^[acb] ([0-9]+|\*):([0-9]+|\*) [rwm]{1,3}$/.test(value)) return value
  throw new Error(`invalid device cgroup format '${value}'`)
}

/** `--memory-swap` also takes -1 (unlimited). */
export function memSwapBytes(value: string): number {
  return value === '-1' ? -1 : ramInBytes(value)
}

export interface ParsedMount {
  mount: Mount
  /** logrus warnings docker prints while parsing the flag. */
  warnings: string[]
}

/** `--mount type=bind,src=./x,dst=/y,readonly,...`; a source starting with `.` is made absolute from cwd. */
export function parseMount(value: string, cwd: string): ParsedMount {
  const fields = readCsvRecord(value)
  const mount: Mount = {Type: 'volume'}
  const warnings: string[] = []
  const volumeOptions = () => {
    mount.VolumeOptions ??= {Labels: {}}
    mount.VolumeOptions.DriverConfig ??= {}
    return mount.VolumeOptions
  }
  const bindOptions = () => (mount.BindOptions ??= {})
  const tmpfsOptions = () => (mount.TmpfsOptions ??= {})
  const imageOptions = () => (mount.ImageOptions ??= {})
  const setOnMap = (target: Record<string, string>, kv: string): void => {
    const eq = kv.indexOf('=')
    const k = eq === -1 ? kv : kv.slice(0, eq)
    if (k !== '') target[k] = eq === -1 ? '' : kv.slice(eq + 1)
  }
  const parseBoolOption = (key: string, val: string): boolean => {
    try {
      return goParseBool(val)
    } catch {
      throw new Error(`invalid value for ${key}: ${val}`)
    }
  }
  for (const field of fields) {
    const eq = field.indexOf('=')
    const key = (eq === -1 ? field : field.slice(0, eq)).toLowerCase()
    const val = eq === -1 ? '' : field.slice(eq + 1)
    if (eq === -1) {
      if (key === 'readonly' || key === 'ro') mount.ReadOnly = true
      else if (key === 'volume-nocopy') volumeOptions().NoCopy = true
      else if (key === 'bind-nonrecursive') bindOptions().NonRecursive = true
      else throw new Error(`invalid field '${field}' must be a key=value pair`)
      continue
    }
    switch (key) {
      case 'type':
        mount.Type = val.toLowerCase()
        break
      case 'source':
      case 'src':
        mount.Source = !path.isAbsolute(val) && val.startsWith('.') ? path.resolve(cwd, val) : val
        break
      case 'target':
      case 'dst':
      case 'destination':
        mount.Target = val
        break
      case 'readonly':
      case 'ro':
        mount.ReadOnly = parseBoolOption(key, val)
        break
      case 'consistency':
        mount.Consistency = val.toLowerCase()
        break
      case 'bind-propagation':
        bindOptions().Propagation = val.toLowerCase()
        break
      case 'bind-nonrecursive':
        bindOptions().NonRecursive = parseBoolOption(key, val)
        warnings.push('bind-nonrecursive is deprecated, use bind-recursive=disabled instead')
        break
      case 'bind-recursive':
        if (val === 'disabled') bindOptions().NonRecursive = true
        else if (val === 'writable') bindOptions().ReadOnlyNonRecursive = true
        else if (val === 'readonly') bindOptions().ReadOnlyForceRecursive = true
        else if (val !== 'enabled') throw new Error(`invalid value for ${key}: ${val} (must be "enabled", "disabled", "writable", or "readonly")`)
        break
      case 'volume-subpath':
        volumeOptions().Subpath = val
        break
      case 'volume-nocopy':
        try {
          volumeOptions().NoCopy = goParseBool(val)
        } catch {
          throw new Error(`invalid value for volume-nocopy: ${val}`)
        }
        break
      case 'volume-label':
        setOnMap(volumeOptions().Labels ?? {}, val)
        break
      case 'volume-driver':
        ;(volumeOptions().DriverConfig ?? {}).Name = val
        break
      case 'volume-opt': {
        const driver = volumeOptions().DriverConfig ?? {}
        driver.Options ??= {}
        setOnMap(driver.Options, val)
        break
      }
      case 'image-subpath':
        imageOptions().Subpath = val
        break
      case 'tmpfs-size':
        try {
          tmpfsOptions().SizeBytes = ramInBytes(val)
        } catch {
          throw new Error(`invalid value for ${key}: ${val}`)
        }
        break
      case 'tmpfs-mode':
        try {
          tmpfsOptions().Mode = Number(goParseUint(val, 8, 32))
        } catch {
          throw new Error(`invalid value for ${key}: ${val}`)
        }
        break
      default:
        throw new Error(`unexpected key '${key}' in '${field}'`)
    }
  }
  if (mount.Type === '') throw new Error('type is required')
  if (mount.Target === undefined || mount.Target === '') throw new Error('target is required')
  if (mount.VolumeOptions && mount.Type !== 'volume') throw new Error(`cannot mix 'volume-*' options with mount type '${mount.Type}'`)
  if (mount.ImageOptions && mount.Type !== 'image') throw new Error(`cannot mix 'image-*' options with mount type '${mount.Type}'`)
  if (mount.BindOptions && mount.Type !== 'bind') throw new Error(`cannot mix 'bind-*' options with mount type '${mount.Type}'`)
  if (mount.TmpfsOptions && mount.Type !== 'tmpfs') throw new Error(`cannot mix 'tmpfs-*' options with mount type '${mount.Type}'`)
  if (mount.BindOptions?.ReadOnlyNonRecursive && !mount.ReadOnly) {
    throw new Error("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction")
  }
  if (mount.BindOptions?.ReadOnlyForceRecursive) {
    if (!mount.ReadOnly) throw new Error("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction")
    if (mount.BindOptions.Propagation !== 'rprivate') {
      throw new Error("option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction")
    }
  }
  return {mount: inApiOrder(mount), warnings}
}

/** The mount as Go marshals it: API field order, empty parts left out. */
function inApiOrder(m: Mount): Mount {
  const out: Mount = {}
  const set = <K extends keyof Mount>(key: K, value: Mount[K] | undefined, keep: boolean): void => {
    if (keep && value !== undefined) out[key] = value
  }
  set('Type', m.Type, m.Type !== '')
  set('Source', m.Source, m.Source !== '')
  set('Target', m.Target, true)
  set('ReadOnly', m.ReadOnly, m.ReadOnly === true)
  set('Consistency', m.Consistency, m.Consistency !== '')
  if (m.BindOptions) {
    const b = m.BindOptions
    out.BindOptions = {
      ...(b.Propagation ? {Propagation: b.Propagation} : {}),
      ...(b.NonRecursive ? {NonRecursive: true} : {}),
      ...(b.ReadOnlyNonRecursive ? {ReadOnlyNonRecursive: true} : {}),
      ...(b.ReadOnlyForceRecursive ? {ReadOnlyForceRecursive: true} : {}),
    }
  }
  if (m.VolumeOptions) {
    const v = m.VolumeOptions
    const driver = v.DriverConfig
    out.VolumeOptions = {
      ...(v.NoCopy ? {NoCopy: true} : {}),
      ...(v.Labels && Object.keys(v.Labels).length > 0 ? {Labels: Object.fromEntries(Object.entries(v.Labels).sort(([a], [b]) => (a < b ? -1 : 1)))} : {}),
      ...(v.Subpath ? {Subpath: v.Subpath} : {}),
      ...(driver
        ? {
            DriverConfig: {
              ...(driver.Name ? {Name: driver.Name} : {}),
              ...(driver.Options && Object.keys(driver.Options).length > 0 ? {Options: Object.fromEntries(Object.entries(driver.Options).sort(([a], [b]) => (a < b ? -1 : 1)))} : {}),
            },
          }
        : {}),
    }
  }
  if (m.ImageOptions) out.ImageOptions = m.ImageOptions.Subpath ? {Subpath: m.ImageOptions.Subpath} : {}
  if (m.TmpfsOptions) {
    out.TmpfsOptions = {
      ...(m.TmpfsOptions.SizeBytes ? {SizeBytes: m.TmpfsOptions.SizeBytes} : {}),
      ...(m.TmpfsOptions.Mode ? {Mode: m.TmpfsOptions.Mode} : {}),
    }
  }
  return out
}

function parseGpuCount(s: string): number {
  if (s === 'all') return -1
  try {
    return goAtoi(s)
  } catch (error) {
    throw new Error(`invalid count (${s}): value must be either "all" or an integer: ${numErrorReason(error)}`)
  }
}

/** `--gpus all`, `--gpus 2`, `--gpus '"device=1,2",capabilities=compute'`. */
export function parseGpuRequest(value: string): DeviceRequest {
  const fields = readCsvRecord(value)
  const req: DeviceRequest = {Driver: '', Count: 0, DeviceIDs: null, Capabilities: null, Options: null}
  const seen = new Set<string>()
  for (const field of fields) {
    const eq = field.indexOf('=')
    const key = eq === -1 ? field : field.slice(0, eq)
    const val = field.slice(eq + 1)
    if (seen.has(key)) throw new Error(`gpu request key '${key}' can be specified only once`)
    seen.add(key)
    if (eq === -1) {
      seen.add('count')
      req.Count = parseGpuCount(key)
      continue
    }
    switch (key) {
      case 'driver':
        req.Driver = val
        break
      case 'count':
        req.Count = parseGpuCount(val)
        break
      case 'device':
        req.DeviceIDs = val.split(',')
        break
      case 'capabilities':
        req.Capabilities = [[...val.split(','), 'gpu']]
        break
      case 'options': {
        let optionFields: string[]
        try {
          optionFields = readCsvRecord(val)
        } catch (error) {
          throw new Error(`failed to read gpu options: ${(error as Error).message}`)
        }
        req.Options = kvListToMap(optionFields)
        break
      }
      default:
        throw new Error(`unexpected key '${key}' in '${field}'`)
    }
  }
  if (!seen.has('count') && req.DeviceIDs === null) req.Count = 1
  req.Options ??= {}
  req.Capabilities ??= [['gpu']]
  return req
}

export interface NetworkAttachment {
  target: string
  aliases: string[]
  driverOpts?: Record<string, string>
  ipv4Address: string
  ipv6Address: string
  linkLocalIPs: string[]
  macAddress: string
  gwPriority: number
}

/** `--network NAME` or the long form `name=n,alias=a,ip=…,driver-opt=k=v,gw-priority=N`. */
export function parseNetworkAttachment(value: string): NetworkAttachment {
  const attachment: NetworkAttachment = {aliases: [], gwPriority: 0, ipv4Address: '', ipv6Address: '', linkLocalIPs: [], macAddress: '', target: ''}
  if (!/\w+=\w+/.test(value)) return {...attachment, target: value}
  for (const field of readCsvRecord(value)) {
    // docker lower-cases the whole field, value included.
    const lowered = field.toLowerCase()
    const eq = lowered.indexOf('=')
    if (eq <= 0) throw new Error(`invalid field ${field}`)
    const key = lowered.slice(0, eq).trim()
    const val = lowered.slice(eq + 1).trim()
    switch (key) {
      case 'name':
        attachment.target = val
        break
      case 'alias':
        attachment.aliases.push(val)
        break
      case 'ip':
        attachment.ipv4Address = val
        break
      case 'ip6':
        attachment.ipv6Address = val
        break
      case 'mac-address':
        attachment.macAddress = val
        break
      case 'link-local-ip':
        attachment.linkLocalIPs.push(val)
        break
      case 'driver-opt': {
        const deq = val.indexOf('=')
        if (deq <= 0) throw new Error('invalid key value pair format in driver options')
        attachment.driverOpts ??= {}
        attachment.driverOpts[val.slice(0, deq).trim()] = val.slice(deq + 1).trim()
        break
      }
      case 'gw-priority':
        try {
          attachment.gwPriority = goAtoi(val)
        } catch (error) {
          throw new Error(`invalid gw-priority (${val}): ${numErrorReason(error)}`)
        }
        break
      default:
        throw new Error(`invalid field key ${key}`)
    }
  }
  if (attachment.target === '') throw new Error('network name/id is not specified')
  return attachment
}

/** opts.ConvertKVStringsToMap: `k=v` → {k: v}, `k` → {k: ''}; the last one wins. */
export function kvListToMap(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const value of values) {
    const eq = value.indexOf('=')
    out[eq === -1 ? value : value.slice(0, eq)] = eq === -1 ? '' : value.slice(eq + 1)
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Flag specs, in the order `docker run --help` lists them (pflag sorts by name). On list flags
// `default` is only what pflag prints in help (`(default [])`); the parser starts them empty.

const bool = (name: string, description: string, options?: FlagSpecOptions) => spec(name, 'bool', undefined, description, options)
const str = (name: string, description: string, options?: FlagSpecOptions) => spec(name, 'string', 'string', description, options)
const int = (name: string, description: string, options?: FlagSpecOptions) => spec(name, 'int', 'int', description, options)
const list = (name: string, description: string, options?: FlagSpecOptions) => spec(name, 'stringArray', 'list', description, options)
const bytes = (name: string, description: string, options?: FlagSpecOptions) => spec(name, 'string', 'bytes', description, {parse: ramInBytes, ...options})
const duration = (name: string, description: string) => spec(name, 'string', 'duration', description, {parse: parseGoDuration})

const CGROUPNS_HELP = `Cgroup namespace to use (host|private)
'host':    Run the container in the Docker host's cgroup namespace
'private': Run the container in its own private cgroup namespace
'':        Use the cgroup namespace as configured by the
           default-cgroupns-mode option on the daemon (default)`

const ENV_FLAG = list('env', 'Set environment variables', {parse: (v) => parseEnvFlag(v, {}), short: 'e'})

/** Every flag of `docker run` 28.x. Hidden aliases (--net, --net-alias, --dns-opt) are separate specs; create-options.ts merges them. */
export const RUN_FLAGS: FlagSpec[] = [
  list('add-host', 'Add a custom host-to-IP mapping (host:ip)', {parse: parseExtraHost}),
  spec('annotation', 'stringArray', 'map', 'Add an annotation to the container (passed through to the OCI runtime)', {default: 'map[]'}),
  list('attach', 'Attach to STDIN, STDOUT or STDERR', {parse: parseAttachStream, short: 'a'}),
  spec('blkio-weight', 'string', 'uint16', 'Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)', {parse: (v) => goParseUint(v, 0, 16)}),
  list('blkio-weight-device', 'Block IO weight (relative device weight)', {default: '[]', parse: parseWeightDevice}),
  list('cap-add', 'Add Linux capabilities'),
  list('cap-drop', 'Drop Linux capabilities'),
  str('cgroup-parent', 'Optional parent cgroup for the container'),
  str('cgroupns', CGROUPNS_HELP),
  str('cidfile', 'Write the container ID to the file'),
  int('cpu-count', 'CPU count (Windows only)'),
  int('cpu-percent', 'CPU percent (Windows only)'),
  int('cpu-period', 'Limit CPU CFS (Completely Fair Scheduler) period'),
  int('cpu-quota', 'Limit CPU CFS (Completely Fair Scheduler) quota'),
  int('cpu-rt-period', 'Limit CPU real-time period in microseconds'),
  int('cpu-rt-runtime', 'Limit CPU real-time runtime in microseconds'),
  int('cpu-shares', 'CPU shares (relative weight)', {short: 'c'}),
  spec('cpus', 'string', 'decimal', 'Number of CPUs', {parse: parseNanoCpus}),
  str('cpuset-cpus', 'CPUs in which to allow execution (0-3, 0,1)'),
  str('cpuset-mems', 'MEMs in which to allow execution (0-3, 0,1)'),
  bool('detach', 'Run container in background and print container ID', {short: 'd'}),
  str('detach-keys', 'Override the key sequence for detaching a container'),
  list('device', 'Add a host device to the container'),
  list('device-cgroup-rule', 'Add a rule to the cgroup allowed devices list', {parse: validateDeviceCgroupRule}),
  list('device-read-bps', 'Limit read rate (bytes per second) from a device', {default: '[]', parse: parseThrottleBpsDevice}),
  list('device-read-iops', 'Limit read rate (IO per second) from a device', {default: '[]', parse: parseThrottleIOpsDevice}),
  list('device-write-bps', 'Limit write rate (bytes per second) to a device', {default: '[]', parse: parseThrottleBpsDevice}),
  list('device-write-iops', 'Limit write rate (IO per second) to a device', {default: '[]', parse: parseThrottleIOpsDevice}),
  bool('disable-content-trust', 'Skip image verification', {default: true}),
  list('dns', 'Set custom DNS servers', {parse: parseIPAddress}),
  list('dns-opt', 'Set DNS options', {hidden: true}),
  list('dns-option', 'Set DNS options'),
  list('dns-search', 'Set custom DNS search domains', {parse: parseDnsSearch}),
  str('domainname', 'Container NIS domain name'),
  str('entrypoint', 'Overwrite the default ENTRYPOINT of the image'),
  ENV_FLAG,
  list('env-file', 'Read in a file of environment variables'),
  list('expose', 'Expose a port or a range of ports'),
  spec('gpus', 'stringArray', 'gpu-request', "GPU devices to add to the container ('all' to pass all GPUs)", {parse: parseGpuRequest}),
  list('group-add', 'Add additional groups to join'),
  str('health-cmd', 'Command to run to check health'),
  duration('health-interval', 'Time between running the check (ms|s|m|h) (default 0s)'),
  int('health-retries', 'Consecutive failures needed to report unhealthy'),
  duration('health-start-interval', 'Time between running the check during the start period (ms|s|m|h) (default 0s)'),
  duration('health-start-period', 'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)'),
  duration('health-timeout', 'Maximum time to allow one check to run (ms|s|m|h) (default 0s)'),
  str('hostname', 'Container host name', {short: 'h'}),
  bool('init', 'Run an init inside the container that forwards signals and reaps processes'),
  bool('interactive', 'Keep STDIN open even if not attached', {short: 'i'}),
  bytes('io-maxbandwidth', 'Maximum IO bandwidth limit for the system drive (Windows only)'),
  spec('io-maxiops', 'string', 'uint', 'Maximum IOps limit for the system drive (Windows only)', {parse: (v) => goParseUint(v, 0, 64)}),
  str('ip', 'IPv4 address (e.g., 172.30.100.104)'),
  str('ip6', 'IPv6 address (e.g., 2001:db8::33)'),
  str('ipc', 'IPC mode to use'),
  str('isolation', 'Container isolation technology'),
  bytes('kernel-memory', 'Kernel memory limit'),
  list('label', 'Set meta data on a container', {parse: validateLabel, short: 'l'}),
  list('label-file', 'Read in a line delimited file of labels'),
  list('link', 'Add link to another container', {parse: validateLink}),
  list('link-local-ip', 'Container IPv4/IPv6 link-local addresses'),
  str('log-driver', 'Logging driver for the container'),
  list('log-opt', 'Log driver options'),
  str('mac-address', 'Container MAC address (e.g., 92:d0:c6:0a:29:33)'),
  bytes('memory', 'Memory limit', {short: 'm'}),
  bytes('memory-reservation', 'Memory soft limit'),
  bytes('memory-swap', "Swap limit equal to memory plus swap: '-1' to enable unlimited swap", {parse: memSwapBytes}),
  int('memory-swappiness', 'Tune container memory swappiness (0 to 100)', {default: -1}),
  spec('mount', 'stringArray', 'mount', 'Attach a filesystem mount to the container', {parse: (v) => parseMount(v, '/')}),
  str('name', 'Assign a name to the container'),
  spec('net', 'stringArray', 'network', 'Connect a container to a network', {hidden: true, parse: parseNetworkAttachment}),
  list('net-alias', 'Add network-scoped alias for the container', {hidden: true}),
  spec('network', 'stringArray', 'network', 'Connect a container to a network', {parse: parseNetworkAttachment}),
  list('network-alias', 'Add network-scoped alias for the container'),
  bool('no-healthcheck', 'Disable any container-specified HEALTHCHECK'),
  bool('oom-kill-disable', 'Disable OOM Killer'),
  int('oom-score-adj', "Tune host's OOM preferences (-1000 to 1000)"),
  str('pid', 'PID namespace to use'),
  int('pids-limit', 'Tune container pids limit (set -1 for unlimited)'),
  str('platform', 'Set platform if server is multi-platform capable'),
  bool('privileged', 'Give extended privileges to this container'),
  list('publish', "Publish a container's port(s) to the host", {short: 'p'}),
  bool('publish-all', 'Publish all exposed ports to random ports', {short: 'P'}),
  str('pull', 'Pull image before running ("always", "missing", "never")', {default: 'missing'}),
  bool('quiet', 'Suppress the pull output', {short: 'q'}),
  bool('read-only', "Mount the container's root filesystem as read only"),
  str('restart', 'Restart policy to apply when a container exits', {default: 'no'}),
  bool('rm', 'Automatically remove the container and its associated anonymous volumes when it exits'),
  str('runtime', 'Runtime to use for this container'),
  list('security-opt', 'Security Options'),
  bytes('shm-size', 'Size of /dev/shm'),
  bool('sig-proxy', 'Proxy received signals to the process', {default: true}),
  str('stop-signal', 'Signal to stop the container'),
  int('stop-timeout', 'Timeout (in seconds) to stop a container'),
  list('storage-opt', 'Storage driver options for the container'),
  spec('sysctl', 'stringArray', 'map', 'Sysctl options', {default: 'map[]', parse: validateSysctl}),
  list('tmpfs', 'Mount a tmpfs directory'),
  bool('tty', 'Allocate a pseudo-TTY', {short: 't'}),
  spec('ulimit', 'stringArray', 'ulimit', 'Ulimit options', {default: '[]', parse: parseUlimit}),
  bool('use-api-socket', 'Bind mount Docker API socket and required auth'),
  str('user', 'Username or UID (format: <name|uid>[:<group|gid>])', {short: 'u'}),
  str('userns', 'User namespace to use'),
  str('uts', 'UTS namespace to use'),
  list('volume', 'Bind mount a volume', {short: 'v'}),
  str('volume-driver', 'Optional volume driver for the container'),
  list('volumes-from', 'Mount volumes from the specified container(s)'),
  str('workdir', 'Working directory inside the container', {short: 'w'}),
]

const RUN_ONLY = new Set(['detach', 'detach-keys', 'sig-proxy'])

/** `docker create`: run's flags without the attach/detach ones, and its own --pull wording (typo included). */
export const CREATE_FLAGS: FlagSpec[] = RUN_FLAGS.filter((f) => !RUN_ONLY.has(f.name)).map((f) =>
  f.name === 'pull' ? {...f, description: 'Pull image before creating ("always", "|missing", "never")'} : f,
)

/** Every flag of `docker exec` 28.x. */
export const EXEC_FLAGS: FlagSpec[] = [
  bool('detach', 'Detached mode: run command in the background', {short: 'd'}),
  str('detach-keys', 'Override the key sequence for detaching a container'),
  ENV_FLAG,
  list('env-file', 'Read in a file of environment variables'),
  bool('interactive', 'Keep STDIN open even if not attached', {short: 'i'}),
  bool('privileged', 'Give extended privileges to the command'),
  bool('tty', 'Allocate a pseudo-TTY', {short: 't'}),
  str('user', 'Username or UID (format: "<name|uid>[:<group|gid>]")', {short: 'u'}),
  str('workdir', 'Working directory inside the container', {short: 'w'}),
]

// ---------------------------------------------------------------------------------------------
// Flags that need a newer engine or another OS. docker checks them (for changed flags only,
// in name order) after the ping and before running the command: exit 1, messages joined by \n.

export interface FlagRequirement {
  minApiVersion?: string
  osType?: string
}

export const RUN_FLAG_REQUIREMENTS: Readonly<Record<string, FlagRequirement>> = {
  annotation: {minApiVersion: '1.43'},
  cgroupns: {minApiVersion: '1.41'},
  'cpu-count': {osType: 'windows'},
  'cpu-percent': {osType: 'windows'},
  'cpu-rt-period': {minApiVersion: '1.25'},
  'cpu-rt-runtime': {minApiVersion: '1.25'},
  cpus: {minApiVersion: '1.25'},
  gpus: {minApiVersion: '1.40'},
  'health-start-interval': {minApiVersion: '1.44'},
  'health-start-period': {minApiVersion: '1.29'},
  init: {minApiVersion: '1.25'},
  'io-maxbandwidth': {osType: 'windows'},
  'io-maxiops': {osType: 'windows'},
  platform: {minApiVersion: '1.32'},
  'stop-timeout': {minApiVersion: '1.25'},
}

export const EXEC_FLAG_REQUIREMENTS: Readonly<Record<string, FlagRequirement>> = {
  env: {minApiVersion: '1.25'},
  'env-file': {minApiVersion: '1.25'},
  workdir: {minApiVersion: '1.35'},
}

/** versions.LessThan for dotted API versions. */
export function apiVersionLessThan(v: string, other: string): boolean {
  const a = v.split('.').map((n) => Number.parseInt(n, 10) || 0)
  const b = other.split('.').map((n) => Number.parseInt(n, 10) || 0)
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    if (x !== y) return x < y
  }
  return false
}

/** docker's areFlagsSupported: the error text for changed flags the engine cannot honour, or undefined. */
export function unsupportedFlagsError(
  requirements: Readonly<Record<string, FlagRequirement>>,
  changed: ReadonlySet<string>,
  server: {apiVersion: string; osType?: string},
): string | undefined {
  const errors: string[] = []
  for (const name of [...changed].sort()) {
    const req = requirements[name]
    if (!req) continue
    if (req.minApiVersion && apiVersionLessThan(server.apiVersion, req.minApiVersion)) {
      errors.push(`"--${name}" requires API version ${req.minApiVersion}, but the Docker daemon API version is ${server.apiVersion}`)
      continue
    }
    if (req.osType && server.osType && server.osType !== req.osType) {
      errors.push(`"--${name}" is only supported on a Docker daemon running on ${req.osType}, but the Docker daemon is running on ${server.osType}`)
    }
  }
  return errors.length > 0 ? errors.join('\n') : undefined
}
