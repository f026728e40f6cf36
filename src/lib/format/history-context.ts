// The rows `docker history` prints (docker's image.historyContext): one per layer the engine
// lists, with -H (the default) choosing human sizes and ages over byte counts and RFC 3339 dates.
import type {ImageHistoryItem} from '../engine/types.js'
import {type GoLocation, goTimeString, localLocation} from './container-context.js'
import {goJSONString} from './go-json.js'
import {goFunc, goTypeName, marshalJSON} from './go-values.js'
import {humanDuration, humanSizeWithPrecision} from './humanize.js'
import {truncateID} from './image-ref.js'
import {truncateToWidth} from './tabwriter.js'

const DEFAULT_TABLE = 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}'
const NON_HUMAN_TABLE = 'table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}'
const CREATED_BY_WIDTH = 45
/** 2000-01-01T00:00:00Z: layers older than this have no meaningful age ("N/A"). */
const EPOCH = Date.UTC(2000, 0, 1) / 1000

export const historyHeaders: Record<string, string> = {
  ID: 'IMAGE',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  CreatedBy: 'CREATED BY',
  Size: 'SIZE',
  Comment: 'COMMENT',
}

/** What `prepareFormat` needs for history rows (history has no `raw` keyword). */
export const HISTORY_FORMAT_CONTEXT = {
  defaultTableFormat: DEFAULT_TABLE,
  headers: historyHeaders,
  typeName: 'image.historyContext',
}

/** docker's NewHistoryFormat: `table` is IDs only with -q, dates and byte counts with -H=false. */
export function historyFormat(source: string, quiet: boolean, human: boolean): string {
  if (source !== 'table') return source
  if (quiet) return '{{.ID}}'
  return human ? DEFAULT_TABLE : NON_HUMAN_TABLE
}

export interface HistoryContextRow {
  ID(): string
  CreatedSince(): string
  CreatedAt(): string
  CreatedBy(): string
  Size(): string
  Comment(): string
  readonly [goTypeName]: string
  readonly [marshalJSON]: () => string
}

export interface HistoryContextOptions {
  trunc: boolean
  human: boolean
  /** The client's clock, ms since the epoch. */
  now: number
  /** The zone dates are shown in; defaults to Go's local zone. */
  location?: GoLocation
}

/** Go's `time.Unix(s, 0).Format(time.RFC3339)`: the wall clock and offset goTimeString shows. */
export function goRFC3339(unixSeconds: number, location: GoLocation): string {
  const [date = '', time = '', offset = ''] = goTimeString(unixSeconds, location).split(' ')
  return `${date}T${time}${offset === '+0000' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(3)}`}`
}

export function historyContext(item: ImageHistoryItem, opts: HistoryContextOptions): HistoryContextRow {
  const method = (compute: () => string): (() => string) => goFunc(compute, [])
  const created = item.Created ?? 0
  const createdAt = (): string => goRFC3339(created, opts.location ?? localLocation())
  const row: HistoryContextRow = {
    ID: method(() => (opts.trunc ? truncateID(item.Id ?? '') : (item.Id ?? ''))),
    CreatedAt: method(createdAt),
    CreatedSince: method(() => {
      if (!opts.human) return createdAt()
      if (created <= EPOCH) return 'N/A'
      return `${humanDuration(opts.now - created * 1000)} ago`
    }),
    CreatedBy: method(() => {
      const createdBy = (item.CreatedBy ?? '').replaceAll('\t', ' ')
      return opts.trunc ? truncateToWidth(createdBy, CREATED_BY_WIDTH) : createdBy
    }),
    Size: method(() => (opts.human ? humanSizeWithPrecision(item.Size ?? 0, 3) : String(item.Size ?? 0))),
    Comment: method(() => item.Comment ?? ''),
    [goTypeName]: 'image.historyContext',
    [marshalJSON]: () => {
      const keys = ['Comment', 'CreatedAt', 'CreatedBy', 'CreatedSince', 'ID', 'Size'] as const
      return `{${keys.map((key) => `"${key}":${goJSONString(row[key](), true)}`).join(',')}}`
    },
  }
  return row
}
