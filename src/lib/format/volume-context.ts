// The rows `docker volume ls` prints (docker's formatter.volumeContext): the format keywords and
// one Go method per template field, returning docker's display string.
import type {Volume} from '../engine/types.js'
import {goJSONString} from './go-json.js'
import {goFunc, goTypeName, marshalJSON} from './go-values.js'
import {humanSize} from './humanize.js'

const TYPE_NAME = 'formatter.volumeContext'
const DEFAULT_TABLE = 'table {{.Driver}}\t{{.Name}}'
const NOT_AVAILABLE = 'N/A'

/** What `prepareFormat` needs for volume rows; the keywords are resolved by volumeFormat. */
export const VOLUME_FORMAT_CONTEXT = {
  defaultTableFormat: DEFAULT_TABLE,
  headers: {
    ID: 'ID',
    Name: 'VOLUME NAME',
    Group: 'GROUP',
    Driver: 'DRIVER',
    Scope: 'SCOPE',
    Availability: 'AVAILABILITY',
    Mountpoint: 'MOUNTPOINT',
    Labels: 'LABELS',
    Links: 'LINKS',
    Size: 'SIZE',
    Status: 'STATUS',
  },
  typeName: TYPE_NAME,
}

/** docker's NewVolumeFormat: `table` and `raw` become the default layouts (names only with -q); anything else is used as given. */
export function volumeFormat(source: string, quiet: boolean): string {
  if (source === 'table') return quiet ? '{{.Name}}' : DEFAULT_TABLE
  if (source === 'raw') return quiet ? 'name: {{.Name}}' : 'name: {{.Name}}\\ndriver: {{.Driver}}\\n'
  return source
}

export interface VolumeContextRow {
  Name(): string
  Driver(): string
  Scope(): string
  Mountpoint(): string
  Labels(): string
  Label(name: string): string
  Links(): string
  Size(): string
  Group(): string
  Availability(): string
  Status(): string
  readonly [goTypeName]: string
  readonly [marshalJSON]: () => string
}

/** The fields `{{json .}}` shows, in the sorted order docker's map marshalling gives them. */
const JSON_FIELDS = ['Availability', 'Driver', 'Group', 'Labels', 'Links', 'Mountpoint', 'Name', 'Scope', 'Size', 'Status'] as const

/** The parts of a cluster volume (swarm's CSI volumes) the list shows. */
interface ClusterVolume {
  Spec?: {Group?: string; Availability?: string}
  Info?: {VolumeID?: string} | null
  PublishStatus?: unknown[] | null
}

interface UsageData {
  RefCount?: number
  Size?: number
}

function method(compute: () => string): () => string {
  return goFunc(compute, [])
}

/** How far a cluster volume got: docker's volumeContext.Status. */
function clusterStatus(cluster: ClusterVolume): string {
  if (!cluster.Info?.VolumeID) return 'pending creation'
  const nodes = cluster.PublishStatus?.length ?? 0
  if (nodes === 0) return 'created'
  return nodes === 1 ? 'in use (1 node)' : `in use (${nodes} nodes)`
}

/**
 * One volume's row. Labels are joined in the engine's order: docker walks a Go map, so its
 * order for several labels differs from run to run.
 */
export function volumeRow(volume: Volume): VolumeContextRow {
  const labels = volume.Labels ?? {}
  const usage = (volume.UsageData ?? undefined) as UsageData | undefined
  const cluster = (volume.ClusterVolume ?? undefined) as ClusterVolume | undefined
  const row: VolumeContextRow = {
    Name: method(() => volume.Name ?? ''),
    Driver: method(() => volume.Driver ?? ''),
    Scope: method(() => volume.Scope ?? ''),
    Mountpoint: method(() => volume.Mountpoint ?? ''),
    Labels: method(() =>
      Object.entries(labels)
        .map(([key, value]) => `${key}=${value}`)
        .join(','),
    ),
    Label: goFunc((name: string) => labels[name] ?? '', ['string']),
    Links: method(() => (usage === undefined ? NOT_AVAILABLE : String(usage.RefCount ?? 0))),
    Size: method(() => (usage === undefined ? NOT_AVAILABLE : humanSize(usage.Size ?? 0))),
    Group: method(() => (cluster === undefined ? NOT_AVAILABLE : (cluster.Spec?.Group ?? ''))),
    Availability: method(() => (cluster === undefined ? NOT_AVAILABLE : (cluster.Spec?.Availability ?? ''))),
    Status: method(() => (cluster === undefined ? NOT_AVAILABLE : clusterStatus(cluster))),
    [goTypeName]: TYPE_NAME,
    [marshalJSON]: () => `{${JSON_FIELDS.map((key) => `"${key}":${goJSONString(row[key](), true)}`).join(',')}}`,
  }
  return row
}
