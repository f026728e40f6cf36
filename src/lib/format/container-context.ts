// The row object `docker ps` templates run against (docker's formatter.ContainerContext): one
// method per field, each returning the display string docker computes from the API summary.
import {readFileSync} from 'node:fs'

import type {ContainerSummary} from '../engine/types.js'
import {goJSONString} from './go-json.js'
import {goQuote} from './go-print.js'
import {compareGoStrings, goFunc, goKind, goNil, goNilPointer, goTypeName, goUnexported, marshalJSON} from './go-values.js'
import {humanDuration, humanSizeWithPrecision} from './humanize.js'
import {displayImage, truncateID} from './image-ref.js'
import {displayablePorts} from './ports.js'
import {truncateToWidth} from './tabwriter.js'

const COMMAND_WIDTH = 20
const MOUNT_WIDTH = 15

/** ps column headers by field name (a `{{.Label "x"}}` header is the template engine's job). */
export const containerHeaders: Record<string, string> = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  LocalVolumes: 'LOCAL VOLUMES',
  Networks: 'NETWORKS',
  Platform: 'PLATFORM',
  Names: 'NAMES',
}

/** The image platform (ocispec.Platform) the daemon reports from API 1.48 on. */
export interface OciPlatform {
  architecture: string
  os: string
  'os.version'?: string
  'os.features'?: string[]
  variant?: string
}

/** What `.Platform` yields when the daemon knows it: a Go struct printed through its String(). */
export interface PlatformValue {
  readonly Architecture: string
  readonly OS: string
  readonly OSVersion: string
  readonly OSFeatures: readonly string[]
  readonly Variant: string
  String(): string
  toString(): string
  readonly [goTypeName]: string
  readonly [marshalJSON]: () => string
}

export interface ContainerContextRow {
  ID(): string
  Image(): string
  Command(): string
  CreatedAt(): string
  RunningFor(): string
  Ports(): string
  State(): string
  Status(): string
  Size(): string
  Labels(): string
  Label(name: string): string
  Mounts(): string
  LocalVolumes(): string
  Networks(): string
  Platform(): PlatformValue | null
  Names(): string
  // The struct's own fields, in Go's order. Templates cannot read `trunc` or `c` (unexported);
  // they are there for fmt, which prints them for `{{.}}` and `{{printf "%v" .}}`.
  readonly HeaderContext: object
  readonly trunc: boolean
  readonly c: object
  /** nil until Size() records itself there, as docker's preprocessing relies on. */
  FieldsUsed: object
  readonly [goTypeName]: string
  readonly [goUnexported]: readonly string[]
  readonly [marshalJSON]: () => string
}

export interface ContainerContextOptions {
  trunc: boolean
  /** The client's clock, ms since the epoch: RUNNING FOR is computed on the client. */
  now: number
  /** Told the name of each field the template reads, so ps can ask for sizes only when needed. */
  onField?: (name: string) => void
  /** The zone CREATED AT is shown in; defaults to Go's local zone (TZ, else /etc/localtime). */
  location?: GoLocation
}

type Summary = ContainerSummary & {ImageManifestDescriptor?: {platform?: OciPlatform} | null}

export function containerContext(c: Summary, opts: ContainerContextOptions): ContainerContextRow {
  const {trunc} = opts
  // Each field is a Go method: it reports its use, and carries its Go signature so templates
  // check arguments as Go does (`{{.Label}}` wants one string, `{{.ID "x"}}` none).
  const field = <T>(name: string, compute: () => T): (() => T) =>
    goFunc(() => {
      opts.onField?.(name)
      return compute()
    }, [])
  const row: ContainerContextRow = {
    HeaderContext: {Header: null, [goKind]: 'struct', [goTypeName]: 'formatter.HeaderContext'},
    trunc,
    c: summaryStruct(c),
    FieldsUsed: goMap('map[string]interface {}', null),
    ID: field('ID', () => (trunc ? truncateID(c.Id) : c.Id)),
    Image: field('Image', () => displayImage(c.Image, c.ImageID, trunc)),
    Command: field('Command', () => goQuote(trunc ? truncateToWidth(c.Command, COMMAND_WIDTH) : c.Command)),
    CreatedAt: field('CreatedAt', () => goTimeString(c.Created, opts.location ?? localLocation())),
    // Computed against the client's clock, so clock skew with the daemon shows.
    RunningFor: field('RunningFor', () => `${humanDuration(opts.now - c.Created * 1000)} ago`),
    Ports: field('Ports', () => displayablePorts(c.Ports)),
    State: field('State', () => c.State),
    Status: field('Status', () => c.Status),
    Size: field('Size', () => {
      row.FieldsUsed = {...row.FieldsUsed, [goNil]: false, Size: {[goKind]: 'struct', [goTypeName]: 'struct {}'}}
      const rw = humanSizeWithPrecision(c.SizeRw ?? 0, 3)
      const rootFs = c.SizeRootFs ?? 0
      return rootFs > 0 ? `${rw} (virtual ${humanSizeWithPrecision(rootFs, 3)})` : rw
    }),
    Labels: field('Labels', () =>
      Object.entries(c.Labels ?? {})
        .map(([key, value]) => `${key}=${value}`)
        .sort(compareGoStrings)
        .join(','),
    ),
    Label: goFunc(
      (name: string) => {
        opts.onField?.('Label')
        return c.Labels?.[name] ?? ''
      },
      ['string'],
    ),
    Mounts: field('Mounts', () =>
      (c.Mounts ?? [])
        .map((mount) => {
          const name = mount.Name || (mount.Source ?? '')
          return trunc ? truncateToWidth(name, MOUNT_WIDTH) : name
        })
        .join(','),
    ),
    LocalVolumes: field('LocalVolumes', () => String((c.Mounts ?? []).filter((mount) => mount.Driver === 'local').length)),
    // Go prints map order, which is random; the API's object order is as good as any.
    Networks: field('Networks', () => Object.keys(c.NetworkSettings?.Networks ?? {}).join(',')),
    Platform: field('Platform', () => {
      const platform = c.ImageManifestDescriptor?.platform
      return platform ? platformValue(platform) : null
    }),
    Names: field('Names', () => {
      const names = (c.Names ?? []).map((name) => (name.startsWith('/') ? name.slice(1) : name))
      // Truncated output hides legacy link aliases ("other/alias"), unless there is nothing else.
      const own = trunc ? names.find((name) => !name.includes('/')) : undefined
      return own ?? names.join(',')
    }),
    [goTypeName]: 'formatter.ContainerContext',
    [goUnexported]: ['trunc', 'c'],
    [marshalJSON]: () => marshalRow(row),
  }
  return row
}

// --- container.Summary as a Go value, for fmt ---------------------------------------------------

/** A Go map of `typeName`, or that type's nil map when `entries` is null or absent. */
function goMap(typeName: string, entries: Record<string, unknown> | null | undefined): object {
  const base = {[goKind]: 'map', [goTypeName]: typeName}
  return entries === null || entries === undefined ? {...base, [goNil]: true} : {...entries, ...base}
}

/** A Go slice of `typeName`, or that type's nil slice when `items` is null or absent. */
function goSlice(typeName: string, items: unknown[] | null | undefined): unknown[] {
  if (items === null || items === undefined) return Object.assign([], {[goNil]: true, [goTypeName]: typeName})
  return Object.assign([...items], {[goTypeName]: typeName})
}

const goStruct = (typeName: string, fields: Record<string, unknown>): object => ({...fields, [goKind]: 'struct', [goTypeName]: typeName})
const int64 = (n: number | undefined): bigint => BigInt(Math.trunc(n ?? 0))

type MountJSON = NonNullable<Summary['Mounts']>[number] & {Mode?: string; RW?: boolean; Propagation?: string}
type DescriptorJSON = {mediaType?: string; digest?: string; size?: number; urls?: string[] | null; annotations?: Record<string, string> | null; artifactType?: string}

/**
 * The API's container.Summary as the Go struct docker decodes it into, fields in declaration
 * order with Go's zero values; pointers print as addresses below the top level.
 */
function summaryStruct(c: Summary): object {
  const descriptor = c.ImageManifestDescriptor as DescriptorJSON | null | undefined
  const networks = c.NetworkSettings?.Networks
  return goStruct('container.Summary', {
    ID: c.Id ?? '',
    Names: goSlice('[]string', c.Names),
    Image: c.Image ?? '',
    ImageID: c.ImageID ?? '',
    ImageManifestDescriptor: descriptor
      ? {
          MediaType: descriptor.mediaType ?? '',
          Digest: descriptor.digest ?? '',
          Size: int64(descriptor.size),
          URLs: goSlice('[]string', descriptor.urls),
          Annotations: goMap('map[string]string', descriptor.annotations),
          Data: goSlice('[]uint8', null),
          Platform: goNilPointer('v1.Platform'),
          ArtifactType: descriptor.artifactType ?? '',
          [goTypeName]: 'v1.Descriptor',
        }
      : goNilPointer('v1.Descriptor'),
    Command: c.Command ?? '',
    Created: int64(c.Created),
    Ports: goSlice(
      '[]container.Port',
      c.Ports?.map((port) => goStruct('container.Port', {IP: port.IP ?? '', PrivatePort: port.PrivatePort ?? 0, PublicPort: port.PublicPort ?? 0, Type: port.Type ?? ''})),
    ),
    SizeRw: int64(c.SizeRw),
    SizeRootFs: int64(c.SizeRootFs),
    Labels: goMap('map[string]string', c.Labels),
    State: c.State ?? '',
    Status: c.Status ?? '',
    HostConfig: goStruct('struct { NetworkMode string "json:\\",omitempty\\""; Annotations map[string]string "json:\\",omitempty\\"" }', {
      NetworkMode: c.HostConfig?.NetworkMode ?? '',
      Annotations: goMap('map[string]string', (c.HostConfig as {Annotations?: Record<string, string>} | undefined)?.Annotations),
    }),
    NetworkSettings:
      c.NetworkSettings === null || c.NetworkSettings === undefined
        ? goNilPointer('container.NetworkSettingsSummary')
        : {
            Networks: goMap(
              'map[string]*network.EndpointSettings',
              networks === undefined || networks === null
                ? networks
                : Object.fromEntries(Object.keys(networks).map((name) => [name, networks[name] === null ? goNilPointer('network.EndpointSettings') : {[goTypeName]: 'network.EndpointSettings'}])),
            ),
            [goTypeName]: 'container.NetworkSettingsSummary',
          },
    Mounts: goSlice(
      '[]container.MountPoint',
      c.Mounts?.map((m: MountJSON) =>
        goStruct('container.MountPoint', {
          Type: m.Type ?? '',
          Name: m.Name ?? '',
          Source: m.Source ?? '',
          Destination: m.Destination ?? '',
          Driver: m.Driver ?? '',
          Mode: m.Mode ?? '',
          RW: m.RW ?? false,
          Propagation: m.Propagation ?? '',
        }),
      ),
    ),
  })
}

// docker marshals the context by calling every exported no-argument method (so `{{json .}}`
// touches Size) into a map, which encoding/json writes with sorted keys and HTML escaping.
function marshalRow(row: ContainerContextRow): string {
  const text = (method: () => string) => (): string => goJSONString(method(), true)
  const members: Array<[string, () => string]> = [
    ['Command', text(row.Command)],
    ['CreatedAt', text(row.CreatedAt)],
    ['ID', text(row.ID)],
    ['Image', text(row.Image)],
    ['Labels', text(row.Labels)],
    ['LocalVolumes', text(row.LocalVolumes)],
    ['Mounts', text(row.Mounts)],
    ['Names', text(row.Names)],
    ['Networks', text(row.Networks)],
    ['Platform', () => row.Platform()?.[marshalJSON]() ?? 'null'],
    ['Ports', text(row.Ports)],
    ['RunningFor', text(row.RunningFor)],
    ['Size', text(row.Size)],
    ['State', text(row.State)],
    ['Status', text(row.Status)],
  ]
  return `{${members.map(([key, value]) => `"${key}":${value()}`).join(',')}}`
}

function platformValue(platform: OciPlatform): PlatformValue {
  const OS = platform.os ?? ''
  const Architecture = platform.architecture ?? ''
  const OSVersion = platform['os.version'] ?? ''
  const OSFeatures = platform['os.features'] ?? []
  const Variant = platform.variant ?? ''
  // containerd's platforms.FormatAll
  const format = (): string => {
    if (OS === '') return 'unknown'
    const head = OSVersion === '' ? OS : `${OS}(${OSVersion})`
    return [head, Architecture, Variant].filter((part) => part !== '').join('/')
  }
  return {
    Architecture,
    OS,
    OSVersion,
    OSFeatures,
    Variant,
    String: goFunc(format, []),
    toString: format,
    [goTypeName]: 'formatter.Platform',
    // ocispec.Platform's JSON: struct field order, empty optional fields omitted.
    [marshalJSON]: () => {
      const json = (value: string): string => goJSONString(value, true)
      const members = [`"architecture":${json(Architecture)}`, `"os":${json(OS)}`]
      if (OSVersion !== '') members.push(`"os.version":${json(OSVersion)}`)
      if (OSFeatures.length > 0) members.push(`"os.features":[${OSFeatures.map(json).join(',')}]`)
      if (Variant !== '') members.push(`"variant":${json(Variant)}`)
      return `{${members.join(',')}}`
    },
  }
}

// --- Go time.Time.String() in Go's local zone ----------------------------------------------

interface ZoneType {
  offset: number
  isDst: boolean
  abbreviation: string
}

/** A zone as Go's time package loads it from a TZif file. */
export interface GoLocation {
  types: ZoneType[]
  /** Transition instants (Unix seconds), ascending, and the zone type each one switches to. */
  transitions: number[]
  transitionTypes: number[]
  /** The TZif footer (POSIX TZ rule) for instants after the last transition. */
  extend: string
}

const UTC_ZONE: ZoneType = {offset: 0, isDst: false, abbreviation: 'UTC'}

export const UTC_LOCATION: GoLocation = {
  types: [UTC_ZONE],
  transitions: [],
  transitionTypes: [],
  extend: '',
}

const ZONE_SOURCES = ['/usr/share/zoneinfo/', '/usr/share/lib/zoneinfo/', '/usr/lib/locale/TZ/', '/etc/zoneinfo/']

let cachedLocal: {tz: string | undefined; location: GoLocation} | undefined

/** Go's time.Local, loaded once per TZ value. */
export function localLocation(): GoLocation {
  const tz = process.env['TZ']
  if (cachedLocal === undefined || cachedLocal.tz !== tz) cachedLocal = {tz, location: loadGoLocalLocation(tz)}
  return cachedLocal.location
}

/** Go's time.Local: $TZ (unset → /etc/localtime, "" or unloadable → UTC). */
export function loadGoLocalLocation(tz: string | undefined): GoLocation {
  if (tz === undefined) return loadTZif(['/etc/localtime']) ?? UTC_LOCATION
  const name = tz.startsWith(':') ? tz.slice(1) : tz
  if (name === '' || name === 'UTC') return UTC_LOCATION
  if (name.startsWith('/')) return loadTZif([name]) ?? UTC_LOCATION
  return loadTZif(ZONE_SOURCES.map((dir) => dir + name)) ?? UTC_LOCATION
}

function loadTZif(paths: string[]): GoLocation | undefined {
  for (const path of paths) {
    let data: Buffer
    try {
      data = readFileSync(path)
    } catch {
      continue
    }
    const location = parseTZif(data)
    if (location !== undefined) return location
  }
  return undefined
}

/** Parses TZif data (RFC 8536), preferring the 64-bit block of version 2+ files. */
export function parseTZif(data: Buffer): GoLocation | undefined {
  const header = readTZifHeader(data, 0)
  if (header === undefined) return undefined
  if (header.version === 0) return readTZifBlock(data, 44, header, 4, '')
  const v1Size = blockSize(header, 4)
  const header2 = readTZifHeader(data, 44 + v1Size)
  if (header2 === undefined) return undefined
  const start = 44 + v1Size + 44
  const footerStart = start + blockSize(header2, 8)
  let extend = ''
  if (data[footerStart] === 0x0a) {
    const end = data.indexOf(0x0a, footerStart + 1)
    if (end > footerStart) extend = data.subarray(footerStart + 1, end).toString('latin1')
  }
  return readTZifBlock(data, start, header2, 8, extend)
}

interface TZifHeader {
  version: number
  isutcnt: number
  isstdcnt: number
  leapcnt: number
  timecnt: number
  typecnt: number
  charcnt: number
}

function readTZifHeader(data: Buffer, at: number): TZifHeader | undefined {
  if (data.length < at + 44 || data.toString('latin1', at, at + 4) !== 'TZif') return undefined
  const version = data[at + 4] === 0 ? 0 : (data[at + 4] ?? 0x30) - 0x30
  const count = (index: number): number => data.readUInt32BE(at + 20 + index * 4)
  return {version, isutcnt: count(0), isstdcnt: count(1), leapcnt: count(2), timecnt: count(3), typecnt: count(4), charcnt: count(5)}
}

function blockSize(h: TZifHeader, timeSize: number): number {
  return h.timecnt * timeSize + h.timecnt + h.typecnt * 6 + h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt
}

function readTZifBlock(data: Buffer, start: number, h: TZifHeader, timeSize: number, extend: string): GoLocation | undefined {
  if (h.typecnt === 0 || data.length < start + blockSize(h, timeSize)) return undefined
  let at = start
  const transitions: number[] = []
  for (let i = 0; i < h.timecnt; i++, at += timeSize) {
    transitions.push(timeSize === 8 ? Number(data.readBigInt64BE(at)) : data.readInt32BE(at))
  }
  const transitionTypes: number[] = []
  for (let i = 0; i < h.timecnt; i++, at++) transitionTypes.push(data[at] ?? 0)
  const rawTypes: Array<{offset: number; isDst: boolean; index: number}> = []
  for (let i = 0; i < h.typecnt; i++, at += 6) {
    rawTypes.push({offset: data.readInt32BE(at), isDst: data[at + 4] !== 0, index: data[at + 5] ?? 0})
  }
  const chars = data.subarray(at, at + h.charcnt)
  const types = rawTypes.map(({offset, isDst, index}) => {
    const end = chars.indexOf(0, index)
    return {offset, isDst, abbreviation: chars.toString('latin1', index, end < 0 ? chars.length : end)}
  })
  if (transitionTypes.some((type) => type >= types.length)) return undefined
  return {types, transitions, transitionTypes, extend}
}

/** Go's `time.Unix(seconds, 0).In(location).String()`: `2006-01-02 15:04:05 -0700 MST`. */
export function goTimeString(unixSeconds: number, location: GoLocation): string {
  const zone = lookupZone(location, unixSeconds)
  const wall = new Date((unixSeconds + zone.offset) * 1000)
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
  const date = `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`
  const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`
  const minutes = Math.trunc(zone.offset / 60)
  const offset = `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`
  // A zone without an abbreviation prints its offset again, as Go does.
  return `${date} ${time} ${offset} ${zone.abbreviation === '' ? offset : zone.abbreviation}`
}

function lookupZone(location: GoLocation, seconds: number): {offset: number; abbreviation: string} {
  const {transitions, transitionTypes, types} = location
  const first = transitions[0]
  if (first === undefined || seconds < first) {
    // Go fakes one transition at the dawn of time when a file has none, so the footer rule
    // (not the first type) describes such a zone.
    if (first === undefined && location.extend !== '') return extendedZone(location, seconds, types[0])
    return types[firstZone(location)] ?? UTC_ZONE
  }
  let lo = 0
  let hi = transitions.length
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (seconds < (transitions[mid] ?? 0)) hi = mid
    else lo = mid
  }
  const zone = types[transitionTypes[lo] ?? 0] ?? UTC_ZONE
  if (lo === transitions.length - 1 && location.extend !== '') return extendedZone(location, seconds, zone)
  return zone
}

// Go's lookupFirstZone: the zone in force before the first transition.
function firstZone(location: GoLocation): number {
  const {types, transitionTypes} = location
  if (!transitionTypes.includes(0)) return 0
  const firstType = transitionTypes[0]
  if (firstType !== undefined && types[firstType]?.isDst) {
    for (let i = firstType - 1; i >= 0; i--) if (!types[i]?.isDst) return i
  }
  const standard = types.findIndex((type) => !type.isDst)
  return standard >= 0 ? standard : 0
}

/**
 * Past the last transition Go evaluates the footer's POSIX TZ rule. We take the names from the
 * rule and let the platform's zone data say whether daylight time is in force.
 */
function extendedZone(location: GoLocation, seconds: number, fallback: ZoneType | undefined): {offset: number; abbreviation: string} {
  const rule = parsePosixTZ(location.extend)
  if (rule === undefined) return fallback ?? UTC_ZONE
  if (rule.dst === undefined) return rule.std
  const actual = platformOffset(seconds)
  return actual === rule.dst.offset && actual !== rule.std.offset ? rule.dst : rule.std
}

function parsePosixTZ(rule: string): {std: {offset: number; abbreviation: string}; dst?: {offset: number; abbreviation: string}} | undefined {
  const match = /^(<[^>]*>|[A-Za-z]{3,})([+-]?\d{1,3}(?::\d{1,2}){0,2})(?:(<[^>]*>|[A-Za-z]{3,})([+-]?\d{1,3}(?::\d{1,2}){0,2})?)?(?:,.*)?$/.exec(rule)
  if (match === null) return undefined
  const [, stdName = '', stdOffset = '', dstName, dstOffset] = match
  // POSIX offsets count west of Greenwich, the opposite of Go's.
  const std = {abbreviation: unquote(stdName), offset: -posixSeconds(stdOffset)}
  if (dstName === undefined) return {std}
  const dst = {abbreviation: unquote(dstName), offset: dstOffset === undefined ? std.offset + 3600 : -posixSeconds(dstOffset)}
  return {std, dst}
}

function unquote(name: string): string {
  return name.startsWith('<') ? name.slice(1, -1) : name
}

function posixSeconds(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1
  const [h = 0, m = 0, s = 0] = text.replace(/^[+-]/, '').split(':').map(Number)
  return sign * (h * 3600 + m * 60 + s)
}

function platformOffset(seconds: number): number {
  const name = new Intl.DateTimeFormat('en-US', {timeZoneName: 'longOffset'})
    .formatToParts(new Date(seconds * 1000))
    .find((part) => part.type === 'timeZoneName')?.value
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '')
  if (match === null) return 0
  const [, sign, hours = '0', minutes = '0'] = match
  return (sign === '-' ? -1 : 1) * (Number(hours) * 3600 + Number(minutes) * 60)
}
