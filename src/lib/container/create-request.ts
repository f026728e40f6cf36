// A create request once the CLI's flags (or a library caller) have described the container, and
// what docker's API client does with it once the daemon's API version is known: the platform
// query, the version-dependent adjustments to the body, and the features older engines refuse.
import {DockerError} from '../engine/errors.js'
import type {ContainerCreateBody, JSONMessage} from '../engine/types.js'
import {compareVersions} from '../engine/version.js'
import {goQuote} from '../format/go-print.js'
import type {OutStream} from '../io.js'

/** A create request docker's client refuses before sending it; `run` reports it with 125. */
export class CreateRequestError extends DockerError {}

const fail = (message: string): CreateRequestError => new CreateRequestError(message)

const apiVersionLessThan = (v: string, other: string): boolean => compareVersions(v, other) < 0

export type PullPolicy = 'always' | 'missing' | 'never'

export interface CreateRequest {
  /** `?name=`, when non-empty. */
  name?: string
  /** --platform as given (or $DOCKER_DEFAULT_PLATFORM): for the implicit pull; see resolveCreatePlatform for `?platform=`. */
  platform?: string
  body: ContainerCreateBody
  attach: {stdin: boolean; stdout: boolean; stderr: boolean}
  detach: boolean
  autoRemove: boolean
  tty: boolean
  interactive: boolean
  sigProxy: boolean
  detachKeys?: string
  /** `--pull ""` is accepted by docker and behaves as `never`. */
  pull: PullPolicy
  quiet: boolean
  cidfile?: string
  useApiSocket: boolean
  /** Printed as `WARNING: <text>` after a successful create, after the daemon's own warnings. */
  warnings: string[]
  /** Deprecation notices docker logs (logrus, level warning) while parsing flags. */
  parseWarnings: string[]
  /** Where docker's own notes go (`Unable to find image…`, `WARNING: …`, pull progress); default stderr. */
  notices?: OutStream
  /** Receives the pull-on-404's progress instead of docker's display on `notices`. */
  onPullProgress?: (message: JSONMessage) => void
}

export interface Platform {
  os: string
  architecture: string
  variant?: string
  osVersion?: string
}

const GO_OS: Record<string, string> = {aix: 'aix', android: 'android', darwin: 'darwin', freebsd: 'freebsd', linux: 'linux', openbsd: 'openbsd', sunos: 'solaris', win32: 'windows'}
const GO_ARCH: Record<string, string> = {arm: 'arm', arm64: 'arm64', ia32: '386', loong64: 'loong64', mips: 'mips', mipsel: 'mipsle', ppc64: 'ppc64le', riscv64: 'riscv64', s390x: 's390x', x64: 'amd64'}
const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'windows', 'zos'])
const KNOWN_ARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm'])
const SPECIFIER = /^[A-Za-z0-9_.-]+$/
const OS_AND_VERSION = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.-]*)\))?$/

function normalizeArch(arch: string, variant: string): [string, string] {
  const a = arch.toLowerCase()
  const v = variant.toLowerCase()
  switch (a) {
    case 'i386':
      return ['386', '']
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return ['amd64', v === 'v1' ? '' : v]
    case 'aarch64':
    case 'arm64':
      return ['arm64', ['8', 'v8', 'v8.0'].includes(v) ? '' : ['9', '9.0', 'v9.0'].includes(v) ? 'v9' : v]
    case 'armhf':
      return ['arm', 'v7']
    case 'armel':
      return ['arm', 'v6']
    case 'arm':
      return ['arm', v === '' || v === '7' ? 'v7' : ['5', '6', '8'].includes(v) ? `v${v}` : v]
    default:
      return [a, v]
  }
}

/** containerd platforms.Parse; the host's GOOS/GOARCH fill in what the specifier leaves out. */
export function parsePlatform(specifier: string, host = {arch: GO_ARCH[process.arch] ?? process.arch, os: GO_OS[process.platform] ?? process.platform}): Platform {
  const invalid = (why: string): Error => new Error(`${why}: invalid argument`)
  if (specifier.includes('*')) throw invalid(`${goQuote(specifier)}: wildcards not yet supported`)
  const all = specifier.split('/')
  const parts = all.length > 4 ? [...all.slice(0, 3), all.slice(3).join('/')] : all
  const first = OS_AND_VERSION.exec(parts[0] as string)
  if (!first) {
    throw invalid(`${goQuote(parts[0] as string)} is an invalid OS component of ${goQuote(specifier)}: OSAndVersion specifier component must match ${goQuote(OS_AND_VERSION.source)}`)
  }
  for (const part of parts.slice(1)) {
    if (!SPECIFIER.test(part)) throw invalid(`${goQuote(part)} is an invalid component of ${goQuote(specifier)}: platform specifier component must match ${goQuote(SPECIFIER.source)}`)
  }
  const rawOS = (first[1] as string).toLowerCase()
  const os = rawOS === 'macos' ? 'darwin' : rawOS
  const osVersion = first[2] ? {osVersion: first[2]} : {}
  const withVariant = (p: Omit<Platform, 'variant'>, variant: string): Platform => (variant === '' ? p : {...p, variant})
  switch (parts.length) {
    case 1: {
      if (KNOWN_OS.has(os)) return {architecture: host.arch, os, ...osVersion}
      let [arch, variant] = normalizeArch(parts[0] as string, '')
      if (arch === 'arm' && variant === 'v7') variant = ''
      if (KNOWN_ARCH.has(arch)) return withVariant({architecture: arch, os: host.os}, variant)
      throw invalid(`${goQuote(specifier)}: unknown operating system or architecture`)
    }
    case 2: {
      let [arch, variant] = normalizeArch(parts[1] as string, '')
      if (arch === 'arm' && variant === 'v7') variant = ''
      return withVariant({architecture: arch, os, ...osVersion}, variant)
    }
    case 3: {
      let [arch, variant] = normalizeArch(parts[1] as string, parts[2] as string)
      if (arch === 'arm64' && variant === '') variant = 'v8'
      return withVariant({architecture: arch, os, ...osVersion}, variant)
    }
    default:
      throw invalid(`${goQuote(specifier)}: cannot parse platform specifier`)
  }
}

/**
 * The `?platform=` value for create: only sent to API ≥ 1.41 (older engines refuse it), as
 * `os/arch[/variant]`. A bad specifier is a 125 error, checked before any pull.
 */
export function resolveCreatePlatform(platform: string | undefined, apiVersion: string, host?: {os: string; arch: string}): string | undefined {
  if (!platform || apiVersionLessThan(apiVersion, '1.41')) return undefined
  let p: Platform
  try {
    p = host ? parsePlatform(platform, host) : parsePlatform(platform)
  } catch (error) {
    throw fail(`error parsing specified platform: ${(error as Error).message}`)
  }
  return [p.os, p.architecture, p.variant ?? ''].filter((s) => s !== '').join('/')
}

function versionError(feature: string, required: string, apiVersion: string): CreateRequestError {
  return fail(`${goQuote(feature)} requires API version ${required}, but the Docker daemon API version is ${apiVersion}`)
}

/**
 * The version-dependent adjustments docker's API client makes to the create body, and the
 * features it refuses on older engines (125 errors). Returns a new body.
 */
export function adaptCreateBody(body: ContainerCreateBody, apiVersion: string, platformOS?: string): ContainerCreateBody {
  const older = (v: string): boolean => apiVersionLessThan(apiVersion, v)
  if (body.StopTimeout !== undefined && older('1.25')) throw versionError('stop timeout', '1.25', apiVersion)
  if (body.Healthcheck?.StartInterval && older('1.44')) throw versionError('specify health-check start interval', '1.44', apiVersion)
  if (Object.values(body.NetworkingConfig?.EndpointsConfig ?? {}).some((e) => e.MacAddress !== '') && older('1.44')) {
    throw versionError('specify mac-address per network', '1.44', apiVersion)
  }
  const out: ContainerCreateBody = structuredClone(body)
  const host = (out.HostConfig ??= {})
  if (older('1.25')) host.AutoRemove = false
  if (!older('1.42') || older('1.40')) delete host.KernelMemory
  if (platformOS === 'linux' && older('1.42')) host.ConsoleSize = [0, 0]
  if (older('1.44')) {
    for (const m of host.Mounts ?? []) {
      if (m.BindOptions?.ReadOnlyForceRecursive) throw fail('bind-recursive=readonly requires API v1.44 or later')
      if (m.BindOptions?.NonRecursive && older('1.40')) throw fail('bind-recursive=disabled requires API v1.40 or later')
    }
  } else {
    delete out.MacAddress
  }
  return out
}
