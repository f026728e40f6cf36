// `docker images --tree` (docker 28's experimental view, API 1.47): each image with its names,
// then one line per platform variant, in fixed-width columns fitted to the terminal (80 columns
// elsewhere). Colours only on a terminal, except the column titles, which docker always
// makes bold.
import {infoHeader} from '../cli/note.js'
import type {ImageManifestSummary, ImageSummary} from '../engine/types.js'
import {humanSizeWithPrecision} from './humanize.js'
import {isDanglingImage} from './image-context.js'
import {truncateID} from './image-ref.js'
import {displayWidth} from './tabwriter.js'

const RESET = '\x1b[0m'
const sgr = (...codes: number[]): string => codes.map((code) => `\x1b[${code}m`).join('')
const TITLE = sgr(39, 1)
const TOP_NAME = sgr(34, 1)
const SECONDARY = sgr(39)
const TERTIARY = sgr(39, 2)
const WARNING = sgr(93)
const COLUMN_SPACING = 3
const EXPERIMENTAL = "WARNING: This is an experimental feature. The output may change and shouldn't be depended on."

interface Details {
  id: string
  diskUsage: string
  inUse: boolean
  contentSize: string
}

interface TopImage {
  names: string[]
  details: Details
  children: Array<{platform: string; available: boolean; details: Details}>
  created: number
}

interface Column {
  title: string
  width: number
  align: 'left' | 'right'
  value?: (details: Details) => string
  /** The Extra column keeps its chips' own colours. */
  plain?: boolean
}

/** An aec colour: its escape codes around the text, or nothing off a terminal. */
type Paint = (text: string) => string

const paint =
  (codes: string): Paint =>
  (text) =>
    codes === '' ? text : `${codes}${text}${RESET}`
const noPaint: Paint = (text) => text

/** tui.Ellipsis: counts runes (escapes aside), keeps length-1 of them and adds '…' when longer. */
function ellipsis(s: string, length: number): string {
  let out = ''
  let count = 0
  let inEscape = false
  let tooLong = false
  for (const ch of s) {
    if (ch === '\x1b') {
      out += ch
      inEscape = true
      continue
    }
    if (inEscape) {
      out += ch
      if (ch === 'm') {
        inEscape = false
        if (tooLong) break
      }
      continue
    }
    count++
    if (count === length) tooLong = true
    if (!tooLong) out += ch
  }
  return tooLong ? `${out}…` : out
}

function width(s: string): number {
  return displayWidth(s.replace(/\x1b[^m]*m/g, ''))
}

function cell(column: Column, color: Paint, text: string): string {
  const w = width(text)
  if (w > column.width) return color(ellipsis(text, column.width))
  const fill = ' '.repeat(column.width - w)
  return column.align === 'right' ? fill + color(text) : color(text) + fill
}

/** containerd's platforms.Format: os/arch/variant without empty parts, `unknown` without an OS. */
function formatPlatform(platform: {os?: string; architecture?: string; variant?: string} | undefined): string {
  if (!platform?.os) return 'unknown'
  return [platform.os, platform.architecture, platform.variant].filter((part) => part !== undefined && part !== '').join('/')
}

function topImages(images: readonly ImageSummary[], all: boolean): {images: TopImage[]; spacing: boolean} {
  let spacing = false
  const tops = images
    .filter((image) => all || !isDanglingImage(image))
    .map((image): TopImage => {
      let content = 0
      const children: TopImage['children'] = []
      let inUse = (image.Containers ?? 0) > 0
      for (const manifest of image.Manifests ?? ([] as ImageManifestSummary[])) {
        content += manifest.Size?.Content ?? 0
        if (manifest.Kind !== 'image') continue
        const childInUse = (manifest.ImageData?.Containers ?? []).length > 0
        if (childInUse) inUse = true
        children.push({
          available: manifest.Available === true,
          details: {
            contentSize: humanSizeWithPrecision(manifest.Size?.Content ?? 0, 3),
            diskUsage: humanSizeWithPrecision(manifest.Size?.Total ?? 0, 3),
            id: manifest.ID ?? '',
            inUse: childInUse,
          },
          platform: formatPlatform(manifest.ImageData?.Platform),
        })
        spacing = true
      }
      const details = {contentSize: humanSizeWithPrecision(content, 3), diskUsage: humanSizeWithPrecision(image.Size ?? 0, 3), id: image.Id ?? '', inUse}
      return {children, created: image.Created ?? 0, details, names: image.RepoTags ?? []}
    })
  // Newest first; a stable sort, as Go's is for the few images a tree shows.
  tops.sort((a, b) => b.created - a.created)
  return {images: tops, spacing}
}

export interface ImageTreeOptions {
  all: boolean
  /** Writing to a terminal: colours and chips, and its width. */
  tty: boolean
  columns?: number
}

/** The whole `images --tree` output. */
export function renderImageTree(images: readonly ImageSummary[], opts: ImageTreeOptions): string {
  const tty = opts.tty
  const termWidth = tty ? (opts.columns ?? 0) : 0
  const screenWidth = Math.max(termWidth === 0 ? 80 : termWidth, 20)
  const view = topImages(images, opts.all)
  const color = (codes: string): Paint => (tty ? paint(codes) : noPaint)
  const normal = color(SECONDARY)
  const chip = tty ? `\x1b[38;5;0m\x1b[48;5;14m U ${RESET}` : 'U'
  const placeholder = tty ? '   ' : ' '
  const chipsShown = view.images.some((image) => image.children.some((child) => child.details.inUse))

  const columns: Column[] = [
    {align: 'left', title: 'Image', width: 0},
    {align: 'left', title: 'ID', value: (d) => truncateID(d.id), width: 12},
    {align: 'right', title: 'Disk usage', value: (d) => d.diskUsage, width: 10},
    {align: 'right', title: 'Content size', value: (d) => d.contentSize, width: 12},
    {
      align: 'left',
      plain: true,
      title: 'Extra',
      value: (d) => (chipsShown ? (d.inUse ? chip : placeholder) : ''),
      width: Math.max('Extra'.length, chipsShown ? width(chip) : 0),
    },
  ]
  fitColumns(screenWidth, columns, view.images)

  let out = `${tty ? paint(WARNING)(EXPERIMENTAL) : EXPERIMENTAL}\n`
  const legend = `${infoHeader(tty)} ${chip} In Use `
  out += `${' '.repeat(Math.max(0, screenWidth - width(legend)))}${legend}\n\n`
  // Titles are bold even off a terminal, as docker prints them.
  out += `${columns.map((column) => cell(column, paint(TITLE), column.title.toUpperCase())).join(' '.repeat(COLUMN_SPACING))}\n`

  const details = (clr: Paint, d: Details): string =>
    columns
      .filter((column) => column.value !== undefined)
      .map((column) => ' '.repeat(COLUMN_SPACING) + cell(column, column.plain ? noPaint : clr, column.value?.(d) ?? ''))
      .join('')
  const first = columns[0] as Column
  for (const image of view.images) {
    if (image.names.length === 0) out += cell(first, color(TERTIARY), '<untagged>')
    // Longest first; all but the last on lines of their own, cut only to the terminal's width.
    const names = [...image.names].sort((a, b) => b.length - a.length)
    names.forEach((name, index) => {
      if (index < names.length - 1) out += `${color(TOP_NAME)(ellipsis(name, termWidth))}\n`
      else out += cell(first, color(TOP_NAME), name)
    })
    out += details(normal, image.details)
    if (image.children.length > 0 || view.spacing) out += '\n'
    image.children.forEach((child, index) => {
      const clr = child.available ? normal : color(`${SECONDARY}${sgr(2)}`)
      out += cell(first, clr, `${index === image.children.length - 1 ? '└─' : '├─'} ${child.platform}`)
      out += `${details(clr, child.details)}\n`
    })
    out += '\n'
  }
  return out
}

/** docker's adjustColumns: the name column gets what is left, as narrow as its content allows. */
function fitColumns(screenWidth: number, columns: Column[], images: readonly TopImage[]): void {
  let nameWidth = screenWidth
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index] as Column
    if (column.width === 0) continue
    const needed = column.width + (index > 0 ? COLUMN_SPACING : 0)
    if (nameWidth - needed < 12) {
      columns.splice(index)
      break
    }
    nameWidth -= needed
  }
  // Byte lengths, as Go's len(): "└─ " counts 7.
  let widest = 'Image'.length
  for (const image of images) {
    for (const name of image.names) widest = Math.max(widest, Buffer.byteLength(name))
    for (const child of image.children) widest = Math.max(widest, Buffer.byteLength(child.platform) + Buffer.byteLength('└─ '))
  }
  ;(columns[0] as Column).width = Math.min(nameWidth, widest)
}
