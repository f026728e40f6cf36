// What whalectl says about itself in `version` and `info` (docker's clientVersion): its own
// version, the API version in use, the Node.js version where docker shows Go's, the platform in
// Go's naming, and the context the command runs in. whalectl carries no build stamp, so the commit
// and build time are docker's own placeholders for an unstamped build.
import {CLIENT_MAX_API_VERSION} from '../engine/version.js'
import {VERSION} from '../../main.js'

/** docker's version.GitCommit and version.BuildTime when the build does not set them. */
const UNKNOWN_COMMIT = 'unknown-commit'
const UNKNOWN_BUILD_TIME = 'unknown-buildtime'

/** system.clientVersion as JSON members, in docker's field order; absent members are Go's zero values. */
export interface ClientVersion {
  Version: string
  ApiVersion?: string
  DefaultAPIVersion: string
  GitCommit: string
  GoVersion: string
  Os: string
  Arch: string
  BuildTime: string
  Context: string
}

const GO_ARCH: Readonly<Record<string, string>> = {arm: 'arm', arm64: 'arm64', ia32: '386', loong64: 'loong64', mips: 'mips', mipsel: 'mipsle', ppc64: 'ppc64le', riscv64: 'riscv64', s390x: 's390x', x64: 'amd64'}
const GO_OS: Readonly<Record<string, string>> = {sunos: 'solaris', win32: 'windows'}

/** runtime.GOOS and runtime.GOARCH for the platform Node runs on. */
export function goPlatform(platform: string = process.platform, arch: string = process.arch): {os: string; arch: string} {
  return {arch: GO_ARCH[arch] ?? arch, os: GO_OS[platform] ?? platform}
}

export function newClientVersion(contextName: string, apiVersion: string | undefined): ClientVersion {
  const {arch, os} = goPlatform()
  return {
    ApiVersion: apiVersion,
    Arch: arch,
    BuildTime: reformatDate(UNKNOWN_BUILD_TIME),
    Context: contextName,
    DefaultAPIVersion: CLIENT_MAX_API_VERSION,
    GitCommit: UNKNOWN_COMMIT,
    GoVersion: process.version,
    Os: os,
    Version: VERSION,
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const RFC3339_NANO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/

/**
 * docker's reformatDate: an RFC 3339 time shown in time.ANSIC (`Thu May  7 21:09:36 2026`) at the
 * offset it was written with; anything that does not parse is shown as given.
 */
export function reformatDate(text: string): string {
  const m = RFC3339_NANO.exec(text)
  if (!m) return text
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const offsetOk = m[7] === undefined || (Number(m[7]) < 24 && Number(m[8]) < 60)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59 || !offsetOk) return text
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${weekday} ${MONTHS[month - 1]} ${String(day).padStart(2, ' ')} ${two(hour)}:${two(minute)}:${two(second)} ${String(year).padStart(4, '0')}`
}
