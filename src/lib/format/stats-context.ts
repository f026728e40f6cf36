// The row object `docker stats` templates run against (docker's container.statsContext) and the
// table docker prints: one method per column, each the text docker makes of a StatsEntry.
import {type StatsEntry, WINDOWS} from '../container/stats.js'
import {type FormatContext, prepareFormat} from './formatter.js'
import {goJSONString} from './go-json.js'
import {formatGoFloat} from './go-print.js'
import {goFunc, goTypeName, marshalJSON} from './go-values.js'
import {bytesSize, humanSizeWithPrecision} from './humanize.js'
import {truncateID} from './image-ref.js'

const DEFAULT_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}'
const WINDOWS_DEFAULT_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.NetIO}}\t{{.BlockIO}}'
const NO_VALUE = '--'

/** stats column headers by field name; MemUsage says PRIV WORKING SET on Windows. */
export function statsHeaders(osType: string): Record<string, string> {
  return {
    Container: 'CONTAINER',
    Name: 'NAME',
    ID: 'CONTAINER ID',
    CPUPerc: 'CPU %',
    MemUsage: osType === WINDOWS ? 'PRIV WORKING SET' : 'MEM USAGE / LIMIT',
    MemPerc: 'MEM %',
    NetIO: 'NET I/O',
    BlockIO: 'BLOCK I/O',
    PIDs: 'PIDS',
  }
}

export interface StatsContextRow {
  Container(): string
  Name(): string
  ID(): string
  CPUPerc(): string
  MemUsage(): string
  MemPerc(): string
  NetIO(): string
  BlockIO(): string
  PIDs(): string
  readonly [goTypeName]: string
  readonly [marshalJSON]: () => string
}

/** strconv.FormatFloat(v, 'f', 2, 64) + "%". */
const percentage = (value: number): string => `${formatGoFloat(value, 'f', 2)}%`

const ioPair = (a: number, b: number): string => `${humanSizeWithPrecision(a, 3)} / ${humanSizeWithPrecision(b, 3)}`

export function statsContext(s: StatsEntry, osType: string, trunc: boolean): StatsContextRow {
  const windows = osType === WINDOWS
  const method = (compute: () => string): (() => string) => goFunc(compute, [])
  const row: StatsContextRow = {
    Container: method(() => s.container),
    // The engine's name without its leading '/'.
    Name: method(() => (s.name.length > 1 ? s.name.slice(1) : NO_VALUE)),
    ID: method(() => (trunc ? truncateID(s.id) : s.id)),
    CPUPerc: method(() => (s.invalid ? NO_VALUE : percentage(s.cpuPercentage))),
    MemUsage: method(() => {
      if (s.invalid) return `${NO_VALUE} / ${NO_VALUE}`
      return windows ? bytesSize(s.memory) : `${bytesSize(s.memory)} / ${bytesSize(s.memoryLimit)}`
    }),
    MemPerc: method(() => (s.invalid || windows ? NO_VALUE : percentage(s.memoryPercentage))),
    NetIO: method(() => (s.invalid ? NO_VALUE : ioPair(s.networkRx, s.networkTx))),
    BlockIO: method(() => (s.invalid ? NO_VALUE : ioPair(s.blockRead, s.blockWrite))),
    PIDs: method(() => (s.invalid || windows ? NO_VALUE : String(s.pidsCurrent))),
    [goTypeName]: 'container.statsContext',
    // docker marshals every exported no-argument method into a map: sorted keys, HTML escaped.
    [marshalJSON]: () => {
      const keys = ['BlockIO', 'CPUPerc', 'Container', 'ID', 'MemPerc', 'MemUsage', 'Name', 'NetIO', 'PIDs'] as const
      return `{${keys.map((key) => `"${key}":${goJSONString(row[key](), true)}`).join(',')}}`
    },
  }
  return row
}

/** docker's NewStatsFormat: `table` is the default table of the daemon's platform; the rest is taken as written. */
function statsFormatContext(osType: string): FormatContext {
  return {
    defaultTableFormat: osType === WINDOWS ? WINDOWS_DEFAULT_TABLE : DEFAULT_TABLE,
    headers: statsHeaders(osType),
    typeName: 'container.statsContext',
  }
}

/**
 * docker's statsFormatWrite: the rows rendered with `format` (table, json or a template). A
 * template that does not parse or fails on a row is a FormatError worded as docker's
 * formatter.Context words both: `template parsing error: …`.
 */
export function renderStats(format: string, entries: readonly StatsEntry[], osType: string, trunc: boolean): string {
  const prefix = 'template parsing error'
  const prepared = prepareFormat(format, statsFormatContext(osType), {execErrorPrefix: prefix, parseErrorPrefix: prefix})
  return prepared.render(entries.map((entry) => statsContext(entry, osType, trunc)))
}
