// `docker info`'s default output: the Client part (whalectl, its context, debug mode, CLI
// plugins) and the Server part, line for line as docker's prettyPrintInfo writes it from the
// engine's GET /info answer. The engine's warnings go to stderr after the Server part.
import {goQuote} from './go-print.js'
import {bytesSize, humanDuration} from './humanize.js'

/** A CLI plugin as `info` lists it (docker's pluginmanager.Plugin); `error` marks an invalid one. */
export interface ClientPlugin {
  name: string
  shortDescription: string
  vendor: string
  version: string
  path: string
  error?: string
}

export interface ClientPart {
  version: string
  context: string
  debug: boolean
  plugins: readonly ClientPlugin[]
}

/** What a part wrote: stdout text, and the stderr lines that go with it. */
export interface Printed {
  out: string
  err: string
  /** Problems that make docker end with `errors pretty printing info`. */
  errors: string[]
}

type Json = Record<string, unknown>

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const num = (v: unknown): string => (typeof v === 'number' ? String(v) : '0')
const bool = (v: unknown): string => String(v === true)
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : String(x))) : [])
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {})

/** prettyPrintClientInfo */
export function clientInfoText(client: ClientPart): Printed {
  let out = ''
  if (client.version !== '') out += ` Version:    ${client.version}\n`
  out += ` Context:    ${client.context}\n Debug Mode: ${client.debug}\n`
  const warnings: string[] = []
  if (client.plugins.length > 0) {
    out += ' Plugins:\n'
    for (const p of client.plugins) {
      if (p.error !== undefined) {
        warnings.push(`WARNING: Plugin ${goQuote(p.path)} is not valid: ${p.error}`)
        continue
      }
      out += `  ${p.name}: ${p.shortDescription} (${p.vendor})\n`
      if (p.version !== '') out += `    Version:  ${p.version}\n`
      if (p.path !== '') out += `    Path:     ${p.path}\n`
    }
  }
  return {err: warnings.length > 0 ? `${warnings.join('\n')}\n` : '', errors: [], out}
}

/** system.DecodeSecurityOptions: `name=seccomp,profile=default` into a name and its options. */
export function decodeSecurityOptions(options: readonly string[]): Array<{name: string; options: Array<[string, string]>}> {
  return options.map((opt) => {
    if (!opt.includes('=')) return {name: opt, options: []}
    const decoded = {name: '', options: [] as Array<[string, string]>}
    for (const part of opt.split(',')) {
      const eq = part.indexOf('=')
      if (eq === -1) throw new Error(`invalid security option ${goQuote(part)}`)
      const key = part.slice(0, eq)
      const value = part.slice(eq + 1)
      if (key === '' || value === '') throw new Error('invalid empty security option')
      if (key === 'name') decoded.name = value
      else decoded.options.push([key, value])
    }
    return decoded
  })
}

/** prettyPrintServerInfo, for a daemon's /info answer; `clientDebug` is -D. */
export function serverInfoText(info: Json, opts: {clientDebug: boolean; userName: string}): Printed {
  const lines: string[] = []
  const errors: string[] = []
  const line = (...parts: string[]): void => {
    lines.push(parts.join(' '))
  }
  const nonEmpty = (label: string, value: unknown): void => {
    if (str(value) !== '') line(label, str(value))
  }
  line(' Containers:', num(info.Containers))
  line('  Running:', num(info.ContainersRunning))
  line('  Paused:', num(info.ContainersPaused))
  line('  Stopped:', num(info.ContainersStopped))
  line(' Images:', num(info.Images))
  nonEmpty(' Server Version:', info.ServerVersion)
  nonEmpty(' Storage Driver:', info.Driver)
  for (const pair of Array.isArray(info.DriverStatus) ? info.DriverStatus : []) lines.push(`  ${list(pair)[0] ?? ''}: ${list(pair)[1] ?? ''}`)
  for (const pair of Array.isArray(info.SystemStatus) ? info.SystemStatus : []) lines.push(` ${list(pair)[0] ?? ''}: ${list(pair)[1] ?? ''}`)
  nonEmpty(' Logging Driver:', info.LoggingDriver)
  nonEmpty(' Cgroup Driver:', info.CgroupDriver)
  nonEmpty(' Cgroup Version:', info.CgroupVersion)
  const plugins = obj(info.Plugins)
  line(' Plugins:')
  line('  Volume:', list(plugins.Volume).join(' '))
  line('  Network:', list(plugins.Network).join(' '))
  if (list(plugins.Authorization).length > 0) line('  Authorization:', list(plugins.Authorization).join(' '))
  line('  Log:', list(plugins.Log).join(' '))
  if (list(info.CDISpecDirs).length > 0) {
    line(' CDI spec directories:')
    for (const dir of list(info.CDISpecDirs)) lines.push(`  ${dir}`)
  }
  const devices = Array.isArray(info.DiscoveredDevices) ? info.DiscoveredDevices.map(obj) : []
  if (devices.length > 0) {
    line(' Discovered Devices:')
    for (const d of devices) lines.push(`  ${str(d.Source)}: ${str(d.ID)}`)
  }
  const swarm = obj(info.Swarm)
  line(' Swarm:', str(swarm.LocalNodeState))
  lines.push(...swarmInfoLines(swarm))
  // docker ranges over a Go map here, in no fixed order; sorted is one of the orders it prints.
  const runtimes = Object.keys(obj(info.Runtimes)).sort()
  if (runtimes.length > 0) {
    line(' Runtimes:', runtimes.join(' '))
    line(' Default Runtime:', str(info.DefaultRuntime))
  }
  if (info.OSType === 'linux') {
    line(' Init Binary:', str(info.InitBinary))
    line(' containerd version:', str(obj(info.ContainerdCommit).ID))
    line(' runc version:', str(obj(info.RuncCommit).ID))
    line(' init version:', str(obj(info.InitCommit).ID))
    const security = list(info.SecurityOptions)
    if (security.length > 0) {
      try {
        const decoded = decodeSecurityOptions(security)
        line(' Security Options:')
        for (const so of decoded) {
          lines.push(`  ${so.name}`)
          for (const [key, value] of so.options) if (key === 'profile') line('   Profile:', value)
        }
      } catch (error) {
        errors.push((error as Error).message)
      }
    }
  }
  if (info.OSType === 'windows') line(' Default Isolation:', str(info.Isolation))
  nonEmpty(' Kernel Version:', info.KernelVersion)
  nonEmpty(' Operating System:', info.OperatingSystem)
  nonEmpty(' OSType:', info.OSType)
  nonEmpty(' Architecture:', info.Architecture)
  line(' CPUs:', num(info.NCPU))
  line(' Total Memory:', bytesSize(typeof info.MemTotal === 'number' ? info.MemTotal : 0))
  nonEmpty(' Name:', info.Name)
  nonEmpty(' ID:', info.ID)
  line(' Docker Root Dir:', str(info.DockerRootDir))
  line(' Debug Mode:', bool(info.Debug))
  if (info.Debug === true || opts.clientDebug) {
    line('  File Descriptors:', num(info.NFd))
    line('  Goroutines:', num(info.NGoroutines))
    line('  System Time:', str(info.SystemTime))
    line('  EventsListeners:', num(info.NEventsListener))
  }
  nonEmpty(' HTTP Proxy:', info.HttpProxy)
  nonEmpty(' HTTPS Proxy:', info.HttpsProxy)
  nonEmpty(' No Proxy:', info.NoProxy)
  nonEmpty(' Username:', opts.userName)
  if (list(info.Labels).length > 0) {
    line(' Labels:')
    for (const label of list(info.Labels)) lines.push(`  ${label}`)
  }
  line(' Experimental:', bool(info.ExperimentalBuild))
  lines.push(...registryLines(info.RegistryConfig))
  line(' Live Restore Enabled:', bool(info.LiveRestoreEnabled))
  if (str(info.ProductLicense) !== '') line(' Product License:', str(info.ProductLicense))
  const pools = Array.isArray(info.DefaultAddressPools) ? info.DefaultAddressPools.map(obj) : []
  if (pools.length > 0) {
    line(' Default Address Pools:')
    for (const pool of pools) lines.push(`   Base: ${str(pool.Base)}, Size: ${num(pool.Size)}`)
  }
  lines.push('')
  const warnings = list(info.Warnings)
  return {err: warnings.map((w) => `${w}\n`).join(''), errors, out: `${lines.join('\n')}\n`}
}

/** Insecure registries (index configs not secure, then the CIDRs) and mirrors. */
function registryLines(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return []
  const config = value as Json
  const indexConfigs = obj(config.IndexConfigs)
  const cidrs = list(config.InsecureRegistryCIDRs)
  const lines: string[] = []
  if (cidrs.length > 0 || Object.keys(indexConfigs).length > 0) {
    lines.push(' Insecure Registries:')
    // A Go map again; sorted by name.
    for (const name of Object.keys(indexConfigs).sort()) {
      const index = obj(indexConfigs[name])
      if (index.Secure !== true) lines.push(`  ${str(index.Name)}`)
    }
    for (const cidr of cidrs) lines.push(`  ${cidr}`)
  }
  const mirrors = list(config.Mirrors)
  if (mirrors.length > 0) lines.push(' Registry Mirrors:', ...mirrors.map((m) => `  ${m}`))
  return lines
}

/** printSwarmInfo: nothing for an inactive or locked node. */
function swarmInfoLines(swarm: Json): string[] {
  const state = str(swarm.LocalNodeState)
  if (state === 'inactive' || state === 'locked') return []
  const lines: string[] = [`  NodeID: ${str(swarm.NodeID)}`]
  if (str(swarm.Error) !== '') lines.push(`  Error: ${str(swarm.Error)}`)
  lines.push(`  Is Manager: ${bool(swarm.ControlAvailable)}`)
  const cluster = swarm.Cluster !== null && typeof swarm.Cluster === 'object' ? (swarm.Cluster as Json) : undefined
  if (cluster && swarm.ControlAvailable === true && str(swarm.Error) === '' && state !== 'error') {
    const spec = obj(cluster.Spec)
    lines.push(`  ClusterID: ${str(cluster.ID)}`, `  Managers: ${num(swarm.Managers)}`, `  Nodes: ${num(swarm.Nodes)}`)
    if (Array.isArray(cluster.DefaultAddrPool)) {
      lines.push(`  Default Address Pool: ${list(cluster.DefaultAddrPool).map((p) => `${p}  `).join('')}`, `  SubnetSize: ${num(cluster.SubnetSize)}`)
    }
    if (typeof cluster.DataPathPort === 'number' && cluster.DataPathPort > 0) lines.push(`  Data Path Port: ${cluster.DataPathPort}`)
    const raft = obj(spec.Raft)
    const ca = obj(spec.CAConfig)
    const nsToMs = (v: unknown): number => (typeof v === 'number' ? v / 1e6 : 0)
    lines.push('  Orchestration:', `   Task History Retention Limit: ${num(obj(spec.Orchestration).TaskHistoryRetentionLimit)}`)
    lines.push('  Raft:', `   Snapshot Interval: ${num(raft.SnapshotInterval)}`)
    if (typeof raft.KeepOldSnapshots === 'number') lines.push(`   Number of Old Snapshots to Retain: ${raft.KeepOldSnapshots}`)
    lines.push(`   Heartbeat Tick: ${num(raft.HeartbeatTick)}`, `   Election Tick: ${num(raft.ElectionTick)}`)
    lines.push('  Dispatcher:', `   Heartbeat Period: ${humanDuration(nsToMs(obj(spec.Dispatcher).HeartbeatPeriod))}`)
    lines.push('  CA Configuration:', `   Expiry Duration: ${humanDuration(nsToMs(ca.NodeCertExpiry))}`, `   Force Rotate: ${num(ca.ForceRotate)}`)
    const caCert = str(ca.SigningCACert).trim()
    if (caCert !== '') lines.push(`   Signing CA Certificate: \n${caCert}\n`)
    const externalCAs = Array.isArray(ca.ExternalCAs) ? ca.ExternalCAs.map(obj) : []
    if (externalCAs.length > 0) lines.push('   External CAs:', ...externalCAs.map((e) => `     ${str(e.Protocol)}: ${str(e.URL)}`))
    lines.push(`  Autolock Managers: ${bool(obj(spec.EncryptionConfig).AutoLockManagers)}`, `  Root Rotation In Progress: ${bool(cluster.RootRotationInProgress)}`)
  }
  lines.push(`  Node Address: ${str(swarm.NodeAddr)}`)
  const managers = (Array.isArray(swarm.RemoteManagers) ? swarm.RemoteManagers.map(obj) : []).map((m) => str(m.Addr)).sort()
  if (managers.length > 0) lines.push('  Manager Addresses:', ...managers.map((m) => `   ${m}`))
  return lines
}
