// Which engine to talk to and how: docker's order is --context, -H, DOCKER_HOST, DOCKER_CONTEXT,
// config.json currentContext, then the default socket (DOCKER-CLI-BEHAVIOUR.md §0.2).
import {createHash} from 'node:crypto'
import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'

import {EndpointError} from './errors.js'

export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock'

export interface TlsMaterial {
  ca?: Buffer
  cert?: Buffer
  key?: Buffer
  verify: boolean
}

export type Endpoint =
  | {kind: 'unix'; socketPath: string; display: string}
  | {host: string; kind: 'tcp'; port: number; tls?: TlsMaterial; display: string}

export interface EndpointOptions {
  host?: string
  context?: string
  configDir: string
  env: NodeJS.ProcessEnv
  tls: boolean
  tlsVerify: boolean
  /** Whether any TLS flag was given at all: pflag's "changed" turns TLS on even for --tlsverify=false. */
  tlsFlagChanged: boolean
  tlsCaCert?: string
  tlsCert?: string
  tlsKey?: string
}

function initError(message: string): EndpointError {
  return new EndpointError(`Failed to initialize: unable to resolve docker endpoint: ${message}`)
}

interface ParsedHost {
  kind: 'tcp' | 'unix'
  socketPath?: string
  host?: string
  port?: number
}

/** Parses a DOCKER_HOST value the way docker's opts.ParseHost does, for the schemes whalectl speaks. */
export function parseHost(value: string, tlsOn: boolean): ParsedHost {
  const raw = value.trim()
  if (raw === '') return {kind: 'unix', socketPath: DEFAULT_UNIX_SOCKET}
  if (raw.startsWith('unix://')) {
    const p = raw.slice('unix://'.length)
    return {kind: 'unix', socketPath: p === '' ? DEFAULT_UNIX_SOCKET : p}
  }
  let rest: string
  if (raw.startsWith('tcp://')) rest = raw.slice('tcp://'.length)
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    if (/^(ssh|fd|npipe):\/\//.test(raw)) throw initError(`${raw.split(':')[0]}:// hosts are not supported by whalectl`)
    throw initError(`invalid bind address format: ${raw}`)
  } else rest = raw
  // tcp://[host][:port][/path]; the path is ignored by the engine client
  const slash = rest.indexOf('/')
  if (slash !== -1) rest = rest.slice(0, slash)
  let host = rest
  let portText = ''
  const bracket = /^\[([^\]]*)\](?::(.*))?$/.exec(rest)
  if (bracket) {
    host = bracket[1] ?? ''
    portText = bracket[2] ?? ''
  } else if (rest.includes(':')) {
    const idx = rest.lastIndexOf(':')
    host = rest.slice(0, idx)
    portText = rest.slice(idx + 1)
  }
  if (host === '') host = 'localhost'
  let port = tlsOn ? 2376 : 2375
  if (portText !== '') {
    if (!/^\d+$/.test(portText) || Number(portText) > 65_535) throw initError(`invalid bind address format: ${raw}`)
    port = Number(portText)
  }
  return {host, kind: 'tcp', port}
}

function readOptional(file: string, required: boolean): Buffer | undefined {
  if (!existsSync(file)) {
    if (required) throw initError(`open ${file}: no such file or directory`)
    return undefined
  }
  return readFileSync(file)
}

function contextHost(name: string, configDir: string): string {
  const digest = createHash('sha256').update(name).digest('hex')
  const meta = path.join(configDir, 'contexts', 'meta', digest, 'meta.json')
  let text: string
  try {
    text = readFileSync(meta, 'utf8')
  } catch {
    throw initError(`context "${name}": context not found: open ${meta}: no such file or directory`)
  }
  const parsed = JSON.parse(text) as {Endpoints?: {docker?: {Host?: string}}}
  return parsed.Endpoints?.docker?.Host ?? ''
}

function currentContext(configDir: string): string | undefined {
  try {
    const cfg = JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8')) as {currentContext?: string}
    return cfg.currentContext || undefined
  } catch {
    return undefined
  }
}

export function resolveEndpoint(opts: EndpointOptions): Endpoint {
  if (opts.context && opts.host) throw new EndpointError('conflicting options: cannot specify both --host and --context')
  let hostValue: string | undefined
  if (opts.context && opts.context !== 'default') hostValue = contextHost(opts.context, opts.configDir)
  else if (opts.context === 'default') hostValue = opts.host ?? opts.env.DOCKER_HOST
  else if (opts.host !== undefined) hostValue = opts.host
  else if (opts.env.DOCKER_HOST) hostValue = opts.env.DOCKER_HOST
  else {
    const ctx = opts.env.DOCKER_CONTEXT || currentContext(opts.configDir)
    if (ctx && ctx !== 'default') hostValue = contextHost(ctx, opts.configDir)
  }

  const verify = opts.tlsVerify || Boolean(opts.env.DOCKER_TLS_VERIFY)
  const tlsOn = opts.tls || verify || opts.tlsFlagChanged || Boolean(opts.env.DOCKER_TLS)
  const parsed = parseHost(hostValue ?? '', tlsOn)
  if (parsed.kind === 'unix') {
    const socketPath = parsed.socketPath as string
    return {display: `unix://${socketPath}`, kind: 'unix', socketPath}
  }
  const host = parsed.host as string
  const port = parsed.port as number
  const display = `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`
  if (!tlsOn) return {display, host, kind: 'tcp', port}
  const certDir = opts.env.DOCKER_CERT_PATH || opts.configDir
  const tls: TlsMaterial = {
    ca: readOptional(opts.tlsCaCert ?? path.join(certDir, 'ca.pem'), verify || opts.tlsCaCert !== undefined),
    cert: readOptional(opts.tlsCert ?? path.join(certDir, 'cert.pem'), opts.tlsCert !== undefined),
    key: readOptional(opts.tlsKey ?? path.join(certDir, 'key.pem'), opts.tlsKey !== undefined),
    verify,
  }
  return {display, host, kind: 'tcp', port, tls}
}
