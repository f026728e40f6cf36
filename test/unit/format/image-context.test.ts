import {describe, expect, it} from 'vitest'

import type {ImageSummary} from '../../../src/lib/engine/types.js'
import {UTC_LOCATION} from '../../../src/lib/format/container-context.js'
import {prepareFormat} from '../../../src/lib/format/formatter.js'
import {IMAGE_FORMAT_CONTEXT, imageFormat, imageRows, isDanglingImage, type ImageRowsOptions} from '../../../src/lib/format/image-context.js'
import {marshalJSON} from '../../../src/lib/format/go-values.js'

const CREATED = Date.UTC(2026, 11, 3, 10, 16, 7) / 1000
const ID = `sha256:cf5048d0fa7d${'4'.repeat(52)}`
const DIGEST = `sha256:${'d'.repeat(64)}`
const OTHER_DIGEST = `sha256:${'e'.repeat(64)}`

function image(overrides: Partial<ImageSummary> = {}): ImageSummary {
  return {
    Containers: -1,
    Created: CREATED,
    Id: ID,
    Labels: null,
    ParentId: '',
    RepoDigests: [],
    RepoTags: ['busybox:latest'],
    SharedSize: -1,
    Size: 1984287,
    VirtualSize: 1984287,
    ...overrides,
  }
}

const base: ImageRowsOptions = {digest: false, format: imageFormat('table', false, false), location: UTC_LOCATION, now: (CREATED + 90) * 1000, trunc: true}

function cells(images: ImageSummary[], opts: Partial<ImageRowsOptions> = {}): string[][] {
  return imageRows(images, {...base, ...opts}).map((row) => [row.Repository(), row.Tag(), row.Digest()])
}

function render(images: ImageSummary[], source: string, opts: {quiet?: boolean; digest?: boolean; trunc?: boolean} = {}): string {
  const format = imageFormat(source, opts.quiet ?? false, opts.digest ?? false)
  const rows = imageRows(images, {...base, digest: opts.digest ?? false, format, trunc: opts.trunc ?? true})
  return prepareFormat(format, IMAGE_FORMAT_CONTEXT).render(rows)
}

describe('imageFormat (NewImageFormat)', () => {
  it('resolves table and raw by -q and --digests', () => {
    expect(imageFormat('table', true, true)).toBe('{{.ID}}')
    expect(imageFormat('table', false, true)).toContain('{{.Digest}}\t{{.ID}}')
    expect(imageFormat('raw', true, false)).toBe('image_id: {{.ID}}')
    expect(imageFormat('raw', false, true)).toContain('digest: {{.Digest}}')
  })

  it('adds a Digest column to a custom table only with --digests and only once', () => {
    expect(imageFormat('table {{.ID}}', false, true)).toBe('table {{.ID}}\t{{.Digest}}')
    expect(imageFormat('table {{.ID}}\t{{.Digest}}', false, true)).toBe('table {{.ID}}\t{{.Digest}}')
    expect(imageFormat('table {{.ID}}', false, false)).toBe('table {{.ID}}')
  })

  it('keeps a custom template even with -q', () => {
    expect(imageFormat('{{.Repository}}', true, false)).toBe('{{.Repository}}')
    expect(imageFormat('json', true, false)).toBe('json')
  })
})

describe('imageRows', () => {
  it('makes one <none> row for a dangling image', () => {
    expect(isDanglingImage(image({RepoTags: null, RepoDigests: null}))).toBe(true)
    expect(isDanglingImage(image({RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>']}))).toBe(true)
    expect(cells([image({RepoTags: [], RepoDigests: []})])).toEqual([['<none>', '<none>', '<none>']])
  })

  it('makes a row per tag, grouped by repository in the order the engine sent them', () => {
    const img = image({RepoTags: ['b:1', '127.0.0.1:5000/a:v1', 'b:2', 'docker.io/library/c:x']})
    expect(cells([img])).toEqual([
      ['b', '1', '<none>'],
      ['b', '2', '<none>'],
      ['127.0.0.1:5000/a', 'v1', '<none>'],
      ['c', 'x', '<none>'],
    ])
  })

  it('shows digests per tag only when asked, by --digests or a {{.Digest}} format', () => {
    const img = image({RepoDigests: [`busybox@${DIGEST}`, `busybox@${OTHER_DIGEST}`], RepoTags: ['busybox:latest']})
    expect(cells([img])).toEqual([['busybox', 'latest', '<none>']])
    expect(cells([img], {digest: true})).toEqual([
      ['busybox', 'latest', DIGEST],
      ['busybox', 'latest', OTHER_DIGEST],
    ])
    expect(cells([img], {format: '{{.Digest}}'})).toEqual(cells([img], {digest: true}))
  })

  it('lists repositories known only by digest: one row, or one per digest with --digests', () => {
    const img = image({RepoDigests: [`other@${DIGEST}`, `other@${OTHER_DIGEST}`], RepoTags: ['busybox:latest']})
    expect(cells([img])).toEqual([
      ['busybox', 'latest', '<none>'],
      ['other', '<none>', ''],
    ])
    expect(cells([img], {digest: true})).toEqual([
      ['busybox', 'latest', '<none>'],
      ['other', '<none>', DIGEST],
      ['other', '<none>', OTHER_DIGEST],
    ])
  })

  it('skips references that do not parse, and an image left with none makes no row', () => {
    expect(cells([image({RepoTags: ['Bad:1', 'ok:2']})])).toEqual([['ok', '2', '<none>']])
    expect(cells([image({RepoTags: ['Bad:1']})])).toEqual([])
  })

  it('computes every field as docker does', () => {
    const [row] = imageRows([image({Containers: 2, SharedSize: 1000, Size: 1984287})], base)
    expect(row?.ID()).toBe('cf5048d0fa7d')
    expect(row?.CreatedSince()).toBe('About a minute ago')
    expect(row?.CreatedAt()).toBe('2026-12-03 10:16:07 +0000 UTC')
    expect(row?.Size()).toBe('1.98MB')
    expect(row?.VirtualSize()).toBe('1.984MB')
    expect(row?.Containers()).toBe('2')
    expect(row?.SharedSize()).toBe('1kB')
    expect(row?.UniqueSize()).toBe('1.983MB')
    const [unknown] = imageRows([image()], {...base, trunc: false})
    expect(unknown?.ID()).toBe(ID)
    expect([unknown?.Containers(), unknown?.SharedSize(), unknown?.UniqueSize()]).toEqual(['N/A', 'N/A', 'N/A'])
  })

  it('marshals every field, keys sorted, HTML escaped', () => {
    const [row] = imageRows([image()], base)
    expect(row?.[marshalJSON]()).toBe(
      '{"Containers":"N/A","CreatedAt":"2026-12-03 10:16:07 +0000 UTC","CreatedSince":"About a minute ago","Digest":"\\u003cnone\\u003e","ID":"cf5048d0fa7d","Repository":"busybox","SharedSize":"N/A","Size":"1.98MB","Tag":"latest","UniqueSize":"N/A","VirtualSize":"1.984MB"}',
    )
  })
})

describe('the images table', () => {
  it('renders the default table, aligned as docker does', () => {
    expect(render([image(), image({Id: `sha256:${'a'.repeat(64)}`, RepoTags: []})], 'table')).toBe(
      'REPOSITORY   TAG       IMAGE ID       CREATED              SIZE\n' +
        'busybox      latest    cf5048d0fa7d   About a minute ago   1.98MB\n' +
        '<none>       <none>    aaaaaaaaaaaa   About a minute ago   1.98MB\n',
    )
  })

  it('prints only the header without images, and nothing for other formats', () => {
    expect(render([], 'table')).toBe('REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n')
    expect(render([], 'table', {quiet: true})).toBe('')
  })

  it('prints one ID per row with -q, repeated for each tag', () => {
    expect(render([image({RepoTags: ['a:1', 'a:2']})], 'table', {quiet: true})).toBe('cf5048d0fa7d\ncf5048d0fa7d\n')
  })

  it('renders raw with a blank line after each image', () => {
    expect(render([image()], 'raw')).toBe(
      'repository: busybox\ntag: latest\nimage_id: cf5048d0fa7d\ncreated_at: 2026-12-03 10:16:07 +0000 UTC\nvirtual_size: 1.98MB\n\n',
    )
  })
})
