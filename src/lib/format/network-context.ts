// The rows `docker network ls` prints (docker's network.networkContext): the format keywords and
// one Go method per template field, returning docker's display string.
import type {NetworkSummary} from '../engine/types.js'
import {GoTime} from './go-decode.js'
import {goJSONString} from './go-json.js'
import {goFunc, goTypeName, marshalJSON} from './go-values.js'
import {truncateID} from './image-ref.js'

const TYPE_NAME = 'network.networkContext'
const DEFAULT_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}'

/** What `prepareFormat` needs for network rows; the keywords are resolved by networkFormat. */
export const NETWORK_FORMAT_CONTEXT = {
  defaultTableFormat: DEFAULT_TABLE,
  headers: {
    ID: 'NETWORK ID',
    Name: 'NAME',
    Driver: 'DRIVER',
    Scope: 'SCOPE',
    IPv4: 'IPV4',
    IPv6: 'IPV6',
    Internal: 'INTERNAL',
    Labels: 'LABELS',
    CreatedAt: 'CREATED AT',
  },
  typeName: TYPE_NAME,
}

/** docker's network NewFormat: `table` and `raw` become the default layouts (IDs only with -q); anything else is used as given. */
export function networkFormat(source: string, quiet: boolean): string {
  if (source === 'table') return quiet ? '{{.ID}}' : DEFAULT_TABLE
  if (source === 'raw') return quiet ? 'network_id: {{.ID}}' : 'network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n'
  return source
}

export interface NetworkContextRow {
  ID(): string
  Name(): string
  Driver(): string
  Scope(): string
  IPv4(): string
  IPv6(): string
  Internal(): string
  Labels(): string
  Label(name: string): string
  CreatedAt(): string
  readonly [goTypeName]: string
  readonly [marshalJSON]: () => string
}

/** The fields `{{json .}}` shows, in the sorted order docker's map marshalling gives them. */
const JSON_FIELDS = ['CreatedAt', 'Driver', 'ID', 'IPv4', 'IPv6', 'Internal', 'Labels', 'Name', 'Scope'] as const

function method(compute: () => string): () => string {
  return goFunc(compute, [])
}

/**
 * One network's row. Labels are joined in the engine's order: docker walks a Go map, so its
 * order for several labels differs from run to run.
 */
export function networkRow(network: NetworkSummary, trunc: boolean): NetworkContextRow {
  const labels = network.Labels ?? {}
  const row: NetworkContextRow = {
    ID: method(() => (trunc ? truncateID(network.Id ?? '') : (network.Id ?? ''))),
    Name: method(() => network.Name ?? ''),
    Driver: method(() => network.Driver ?? ''),
    Scope: method(() => network.Scope ?? ''),
    IPv4: method(() => String(network.EnableIPv4 === true)),
    IPv6: method(() => String(network.EnableIPv6 === true)),
    Internal: method(() => String(network.Internal === true)),
    Labels: method(() =>
      Object.entries(labels)
        .map(([key, value]) => `${key}=${value}`)
        .join(','),
    ),
    Label: goFunc((name: string) => labels[name] ?? '', ['string']),
    // time.Time's String() of the creation time, as Go decoded it (the zero time when absent).
    CreatedAt: method(() => new GoTime(network.Created || '0001-01-01T00:00:00Z').String()),
    [goTypeName]: TYPE_NAME,
    [marshalJSON]: () => `{${JSON_FIELDS.map((key) => `"${key}":${goJSONString(row[key](), true)}`).join(',')}}`,
  }
  return row
}
