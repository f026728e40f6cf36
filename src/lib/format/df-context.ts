// `docker system df`'s rows (docker's formatter.DiskUsageContext): the summary rows (one per kind:
// images, containers, local volumes, build cache) with docker's size and reclaimable arithmetic,
// and the build cache rows of the verbose view. Image, container and volume rows of the verbose
// view are the list commands' own (image-context, container-context, volume-context).
import type {ContainerSummary, DiskUsage, ImageSummary, Open, Volume} from '../engine/types.js'
import {goJSONString} from './go-json.js'
import {goFunc, goTypeName, marshalJSON} from './go-values.js'
import {humanDuration, humanSize, humanSizeWithPrecision} from './humanize.js'
import {truncateID} from './image-ref.js'

export const DF_SUMMARY_FORMAT_CONTEXT = {
  defaultTableFormat: 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}',
  headers: {Active: 'ACTIVE', Reclaimable: 'RECLAIMABLE', Size: 'SIZE', TotalCount: 'TOTAL', Type: 'TYPE'},
  rawFormat: 'type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n',
  typeName: 'formatter.diskUsageContainersContext',
}

export interface DfSummaryRow {
  Type(): string
  TotalCount(): string
  Active(): string
  Size(): string
  Reclaimable(): string
  readonly [goTypeName]: string
  readonly [marshalJSON]: () => string
}

const SUMMARY_JSON_FIELDS = ['Active', 'Reclaimable', 'Size', 'TotalCount', 'Type'] as const

function method(compute: () => string): () => string {
  return goFunc(compute, [])
}

/** `1.984MB (100%)`: the percentage is integer division, as docker's int64 arithmetic. */
function withPercent(reclaimable: number, total: number): string {
  return total > 0 ? `${humanSize(reclaimable)} (${Math.trunc((reclaimable * 100) / total)}%)` : humanSize(reclaimable)
}

function summaryRow(typeName: string, type: string, total: number, active: number, size: string, reclaimable: () => string): DfSummaryRow {
  const row: DfSummaryRow = {
    Type: method(() => type),
    TotalCount: method(() => String(total)),
    Active: method(() => String(active)),
    Size: method(() => size),
    Reclaimable: method(reclaimable),
    [goTypeName]: typeName,
    [marshalJSON]: () => `{${SUMMARY_JSON_FIELDS.map((key) => `"${key}":${goJSONString(row[key](), true)}`).join(',')}}`,
  }
  return row
}

const ACTIVE_STATES = new Set(['running', 'paused', 'restarting'])

interface BuildCacheRecord {
  ID?: string
  Parent?: string
  Parents?: string[] | null
  Type?: string
  Description?: string
  InUse?: boolean
  Shared?: boolean
  Size?: number
  CreatedAt?: string
  LastUsedAt?: string | null
  UsageCount?: number
}

const records = (du: DiskUsage): BuildCacheRecord[] => (du.BuildCache ?? []) as BuildCacheRecord[]

/** The build cache's size as docker counts it: records not shared with others. */
export function builderSize(du: DiskUsage): number {
  return records(du).reduce((sum, bc) => sum + (bc.Shared ? 0 : (bc.Size ?? 0)), 0)
}

/** The four summary rows, in docker's order. */
export function dfSummaryRows(du: DiskUsage): DfSummaryRow[] {
  const images: ImageSummary[] = du.Images ?? []
  const containers: ContainerSummary[] = du.Containers ?? []
  const volumes: Volume[] = du.Volumes ?? []
  const cache = records(du)
  const layers = du.LayersSize ?? 0
  const imageReclaimable = (): string => {
    const used = images.reduce((sum, i) => {
      const size = i.Size ?? 0
      const shared = i.SharedSize ?? 0
      return (i.Containers ?? 0) !== 0 && size !== -1 && shared !== -1 ? sum + size - shared : sum
    }, 0)
    return withPercent(layers - used, layers)
  }
  const activeContainer = (c: ContainerSummary): boolean => ACTIVE_STATES.has(c.State)
  const containerSize = containers.reduce((sum, c) => sum + (c.SizeRw ?? 0), 0)
  const containerReclaimable = containers.reduce((sum, c) => sum + (activeContainer(c) ? 0 : (c.SizeRw ?? 0)), 0)
  const usage = (v: Volume): {RefCount?: number; Size?: number} => (v.UsageData ?? {}) as {RefCount?: number; Size?: number}
  const volumeSize = volumes.reduce((sum, v) => sum + ((usage(v).Size ?? 0) !== -1 ? (usage(v).Size ?? 0) : 0), 0)
  const volumeReclaimable = volumes.reduce((sum, v) => {
    const {RefCount: refs = 0, Size: size = 0} = usage(v)
    return size !== -1 && refs === 0 ? sum + size : sum
  }, 0)
  const cacheSize = builderSize(du)
  const cacheInUse = cache.reduce((sum, bc) => sum + (bc.InUse && !bc.Shared ? (bc.Size ?? 0) : 0), 0)
  return [
    summaryRow('formatter.diskUsageImagesContext', 'Images', images.length, images.filter((i) => (i.Containers ?? 0) > 0).length, humanSize(layers), imageReclaimable),
    summaryRow('formatter.diskUsageContainersContext', 'Containers', containers.length, containers.filter(activeContainer).length, humanSize(containerSize), () =>
      withPercent(containerReclaimable, containerSize),
    ),
    summaryRow('formatter.diskUsageVolumesContext', 'Local Volumes', volumes.length, volumes.filter((v) => (usage(v).RefCount ?? 0) > 0).length, humanSize(volumeSize), () =>
      withPercent(volumeReclaimable, volumeSize),
    ),
    summaryRow('formatter.diskUsageBuilderContext', 'Build Cache', cache.length, cache.filter((bc) => bc.InUse).length, humanSize(cacheSize), () => humanSize(cacheSize - cacheInUse)),
  ]
}

// --- build cache rows (formatter.buildCacheContext) ---

export const BUILD_CACHE_HEADERS: Readonly<Record<string, string>> = {
  CacheType: 'CACHE TYPE',
  CreatedSince: 'CREATED',
  Description: 'DESCRIPTION',
  ID: 'CACHE ID',
  InUse: 'IN USE',
  LastUsedSince: 'LAST USED',
  Parent: 'PARENT',
  Shared: 'SHARED',
  Size: 'SIZE',
  UsageCount: 'USAGE',
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

/** time.Time.String() of an RFC 3339 time as the engine sends it (`2024-01-02 03:04:05.5 +0000 UTC`). */
export function goTimeText(text: string | null | undefined): string {
  const m = RFC3339.exec(text ?? '')
  if (!m) return '0001-01-01 00:00:00 +0000 UTC'
  const fraction = (m[3] ?? '').replace(/0+$/, '')
  const zone = m[4] === 'Z' ? '+0000 UTC' : `${m[4]!.replace(':', '')} ${m[4]!.replace(':', '')}`
  return `${m[1]} ${m[2]}${fraction === '.' ? '' : fraction} ${zone}`
}

/** build cache records sorted as docker's buildCacheSort: never used first, then by last use, then ID. */
export function sortBuildCache(cache: readonly Open[]): BuildCacheRecord[] {
  const time = (bc: BuildCacheRecord): number | undefined => (bc.LastUsedAt ? Date.parse(bc.LastUsedAt) : undefined)
  return [...(cache as unknown as BuildCacheRecord[])].sort((a, b) => {
    const ta = time(a)
    const tb = time(b)
    if (ta === undefined && tb === undefined) return (a.ID ?? '') < (b.ID ?? '') ? -1 : (a.ID ?? '') > (b.ID ?? '') ? 1 : 0
    if (ta === undefined) return -1
    if (tb === undefined) return 1
    if (ta === tb) return (a.ID ?? '') < (b.ID ?? '') ? -1 : (a.ID ?? '') > (b.ID ?? '') ? 1 : 0
    return ta - tb
  })
}

const BUILD_CACHE_JSON_FIELDS = ['CacheType', 'CreatedAt', 'CreatedSince', 'Description', 'ID', 'InUse', 'LastUsedAt', 'LastUsedSince', 'Parent', 'Shared', 'Size', 'UsageCount'] as const

export type BuildCacheRow = Record<(typeof BUILD_CACHE_JSON_FIELDS)[number], () => string> & {readonly [goTypeName]: string; readonly [marshalJSON]: () => string}

export function buildCacheRow(bc: BuildCacheRecord, opts: {trunc: boolean; now: number}): BuildCacheRow {
  const since = (at: string | null | undefined): string => (at ? `${humanDuration(opts.now - Date.parse(at))} ago` : '')
  const row: BuildCacheRow = {
    ID: method(() => {
      const id = opts.trunc ? truncateID(bc.ID ?? '') : (bc.ID ?? '')
      return bc.InUse ? `${id}*` : id
    }),
    Parent: method(() => {
      const parent = bc.Parents && bc.Parents.length > 0 ? bc.Parents.join(', ') : (bc.Parent ?? '')
      return opts.trunc ? truncateID(parent) : parent
    }),
    CacheType: method(() => bc.Type ?? ''),
    Description: method(() => bc.Description ?? ''),
    Size: method(() => humanSizeWithPrecision(bc.Size ?? 0, 3)),
    CreatedAt: method(() => goTimeText(bc.CreatedAt)),
    CreatedSince: method(() => since(bc.CreatedAt ?? '0001-01-01T00:00:00Z')),
    LastUsedAt: method(() => (bc.LastUsedAt ? goTimeText(bc.LastUsedAt) : '')),
    LastUsedSince: method(() => since(bc.LastUsedAt)),
    UsageCount: method(() => String(bc.UsageCount ?? 0)),
    InUse: method(() => String(bc.InUse === true)),
    Shared: method(() => String(bc.Shared === true)),
    [goTypeName]: 'formatter.buildCacheContext',
    [marshalJSON]: () => `{${BUILD_CACHE_JSON_FIELDS.map((key) => `"${key}":${goJSONString(row[key](), true)}`).join(',')}}`,
  }
  return row
}
