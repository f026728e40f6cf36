// The rows `docker images` prints (docker's formatter.ImageContext): which rows an image makes
// (one per repository:tag, per digest with --digests, a single <none> row when dangling), the
// format keywords, and one method per template field returning docker's display string.
import type {ImageSummary} from '../engine/types.js'
import {familiarName, InvalidReferenceError, parseNormalizedNamed} from '../registry/reference.js'
import {type GoLocation, goTimeString, localLocation} from './container-context.js'
import {goJSONString} from './go-json.js'
import {goFunc, goTypeName, marshalJSON} from './go-values.js'
import {humanDuration, humanSize, humanSizeWithPrecision} from './humanize.js'
import {truncateID} from './image-ref.js'

const NONE = '<none>'
const CREATED_SINCE = '{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}'
const DEFAULT_TABLE = `table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t${CREATED_SINCE}\t{{.Size}}`
const DIGEST_TABLE = `table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t${CREATED_SINCE}\t{{.Size}}`
const RAW_FORMAT = 'repository: {{ .Repository }}\ntag: {{.Tag}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n'
const DIGEST_RAW_FORMAT = 'repository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n'

/** Column headers by field name. */
export const imageHeaders: Record<string, string> = {
  ID: 'IMAGE ID',
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  Digest: 'DIGEST',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
  Containers: 'CONTAINERS',
  VirtualSize: 'SIZE',
  SharedSize: 'SHARED SIZE',
  UniqueSize: 'UNIQUE SIZE',
}

/** What `prepareFormat` needs for image rows; the keywords are already resolved by imageFormat. */
export const IMAGE_FORMAT_CONTEXT = {
  defaultTableFormat: DEFAULT_TABLE,
  headers: imageHeaders,
  typeName: 'formatter.imageContext',
}

/**
 * docker's NewImageFormat: `table` and `raw` become the default layouts (IDs only with -q, a
 * DIGEST column with --digests); a custom table gains a Digest column with --digests unless it
 * already shows one. Any other format is used as given, -q or not.
 */
export function imageFormat(source: string, quiet: boolean, digest: boolean): string {
  if (source === 'table') return quiet ? '{{.ID}}' : digest ? DIGEST_TABLE : DEFAULT_TABLE
  if (source === 'raw') return quiet ? 'image_id: {{.ID}}' : digest ? DIGEST_RAW_FORMAT : RAW_FORMAT
  if (source.startsWith('table') && digest && !source.includes('{{.Digest}}')) return `${source}\t{{.Digest}}`
  return source
}

export interface ImageContextRow {
  ID(): string
  Repository(): string
  Tag(): string
  Digest(): string
  CreatedSince(): string
  CreatedAt(): string
  Size(): string
  Containers(): string
  VirtualSize(): string
  SharedSize(): string
  UniqueSize(): string
  readonly [goTypeName]: string
  readonly [marshalJSON]: () => string
}

export interface ImageRowsOptions {
  trunc: boolean
  /** --digests: a row per digest, and digest-only repositories show theirs. */
  digest: boolean
  /** The final format; one that mentions `{{.Digest}}` needs digests even without --digests. */
  format: string
  /** The client's clock, ms since the epoch: CREATED is computed on the client. */
  now: number
  /** The zone CREATED AT is shown in; defaults to Go's local zone. */
  location?: GoLocation
}

/** docker's isDangling: no references at all, or the `<none>` placeholders old engines send. */
export function isDanglingImage(image: ImageSummary): boolean {
  const tags = image.RepoTags ?? []
  const digests = image.RepoDigests ?? []
  if (tags.length === 0 && digests.length === 0) return true
  return tags.length === 1 && tags[0] === '<none>:<none>' && digests.length === 1 && digests[0] === '<none>@<none>'
}

/** The rows of every image, in the engine's order. */
export function imageRows(images: readonly ImageSummary[], opts: ImageRowsOptions): ImageContextRow[] {
  return images.flatMap((image) =>
    isDanglingImage(image) ? [imageContext(image, NONE, NONE, NONE, opts)] : taggedAndDigestRows(image, opts),
  )
}

/**
 * docker's imageFormatTaggedAndDigest. docker walks Go maps keyed by repository, so an image in
 * several repositories lists them in random order; we keep the order the engine sent.
 */
function taggedAndDigestRows(image: ImageSummary, opts: ImageRowsOptions): ImageContextRow[] {
  const repoTags = new Map<string, string[]>()
  const repoDigests = new Map<string, string[]>()
  for (const text of image.RepoTags ?? []) {
    const ref = parseOrUndefined(text)
    if (ref?.tag === undefined) continue
    push(repoTags, familiarName(ref), ref.tag)
  }
  for (const text of image.RepoDigests ?? []) {
    const ref = parseOrUndefined(text)
    if (ref?.digest === undefined) continue
    push(repoDigests, familiarName(ref), ref.digest)
  }
  const needDigest = opts.digest || opts.format.includes('{{.Digest}}')
  const rows: ImageContextRow[] = []
  for (const [repo, tags] of repoTags) {
    const digests = needDigest ? (repoDigests.get(repo) ?? []) : []
    repoDigests.delete(repo)
    for (const tag of tags) {
      if (digests.length === 0) rows.push(imageContext(image, repo, tag, NONE, opts))
      for (const digest of digests) rows.push(imageContext(image, repo, tag, digest, opts))
    }
  }
  // Repositories known only by digest: one row per digest with --digests, else one row.
  for (const [repo, digests] of repoDigests) {
    if (!opts.digest) rows.push(imageContext(image, repo, NONE, '', opts))
    else for (const digest of digests) rows.push(imageContext(image, repo, NONE, digest, opts))
  }
  return rows
}

function parseOrUndefined(text: string): ReturnType<typeof parseNormalizedNamed> | undefined {
  try {
    return parseNormalizedNamed(text)
  } catch (error) {
    if (error instanceof InvalidReferenceError) return undefined
    throw error
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const values = map.get(key)
  if (values === undefined) map.set(key, [value])
  else values.push(value)
}

/** Each field a Go method without arguments, so templates check calls as Go does. */
function method(compute: () => string): () => string {
  return goFunc(compute, [])
}

export function imageContext(image: ImageSummary, repo: string, tag: string, digest: string, opts: ImageRowsOptions): ImageContextRow {
  const size = image.Size ?? 0
  const shared = image.SharedSize ?? 0
  const created = image.Created ?? 0
  const row: ImageContextRow = {
    ID: method(() => (opts.trunc ? truncateID(image.Id ?? '') : (image.Id ?? ''))),
    Repository: method(() => repo),
    Tag: method(() => tag),
    Digest: method(() => digest),
    // Against the client's clock, as docker computes it.
    CreatedSince: method(() => `${humanDuration(opts.now - created * 1000)} ago`),
    CreatedAt: method(() => goTimeString(created, opts.location ?? localLocation())),
    Size: method(() => humanSizeWithPrecision(size, 3)),
    Containers: method(() => ((image.Containers ?? 0) === -1 ? 'N/A' : String(image.Containers ?? 0))),
    // Deprecated in docker: the same size, with go-units' default precision.
    VirtualSize: method(() => humanSize(size)),
    SharedSize: method(() => (shared === -1 ? 'N/A' : humanSize(shared))),
    UniqueSize: method(() => (size === -1 || shared === -1 ? 'N/A' : humanSize(size - shared))),
    [goTypeName]: 'formatter.imageContext',
    [marshalJSON]: () => marshalRow(row),
  }
  return row
}

// docker marshals every exported no-argument method into a map: sorted keys, HTML escaping.
function marshalRow(row: ImageContextRow): string {
  const keys = ['Containers', 'CreatedAt', 'CreatedSince', 'Digest', 'ID', 'Repository', 'SharedSize', 'Size', 'Tag', 'UniqueSize', 'VirtualSize'] as const
  return `{${keys.map((key) => `"${key}":${goJSONString(row[key](), true)}`).join(',')}}`
}
