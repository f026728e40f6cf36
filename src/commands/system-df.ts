// `whalectl system df`: docker system df. One GET /system/df; without -v the four summary rows
// (src/lib/format/df-context.ts), with -v the images, containers, local volumes and build cache
// one by one, each as its own table, as docker lays them out.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {listFormatFlag} from '../lib/cli/list-flags.js'
import type {DiskUsage, ImageSummary} from '../lib/engine/types.js'
import {containerContext, containerHeaders} from '../lib/format/container-context.js'
import {BUILD_CACHE_HEADERS, buildCacheRow, builderSize, dfSummaryRows, DF_SUMMARY_FORMAT_CONTEXT, sortBuildCache} from '../lib/format/df-context.js'
import {FormatError, prepareFormat} from '../lib/format/formatter.js'
import {goJSON} from '../lib/format/go-json.js'
import {goKind, goTypeName, marshalJSON} from '../lib/format/go-values.js'
import {humanSize} from '../lib/format/humanize.js'
import {imageContext, imageFormat, imageHeaders, isDanglingImage} from '../lib/format/image-context.js'
import {dockerTemplateFuncs, parseTemplate, TemplateExecError, TemplateParseError} from '../lib/format/template.js'
import {volumeRow, VOLUME_FORMAT_CONTEXT} from '../lib/format/volume-context.js'
import {familiarName, InvalidReferenceError, parseNormalizedNamed} from '../lib/registry/reference.js'

const FLAGS: FlagSpec[] = [listFormatFlag(), {description: 'Show detailed information on space usage', kind: 'bool', name: 'verbose', short: 'v'}]

const IMAGE_TABLE = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}'
const CONTAINER_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}'
const VOLUME_TABLE = 'table {{.Name}}\t{{.Links}}\t{{.Size}}'
const BUILD_CACHE_TABLE = 'table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}'

// docker's raw layouts of each kind, as the verbose `raw` format strings them together.
const CONTAINER_RAW =
  'container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\nsize: {{.Size}}\\n'
const VOLUME_RAW = 'name: {{.Name}}\\ndriver: {{.Driver}}\\n'
const BUILD_CACHE_RAW =
  'build_cache_id: {{.ID}}\nparent_id: {{.Parent}}\nbuild_cache_type: {{.CacheType}}\ndescription: {{.Description}}\ncreated_at: {{.CreatedAt}}\ncreated_since: {{.CreatedSince}}\nlast_used_at: {{.LastUsedAt}}\nlast_used_since: {{.LastUsedSince}}\nusage_count: {{.UsageCount}}\nin_use: {{.InUse}}\nshared: {{.Shared}}\n'
const VERBOSE_RAW = `{{range .Images}}type: Image\n${imageFormat('raw', false, true)}\n{{end -}}\n{{range .Containers}}type: Container\n${CONTAINER_RAW}\n{{end -}}\n{{range .Volumes}}type: Volume\n${VOLUME_RAW}\n{{end -}}\n{{range .BuildCache}}type: Build Cache\n${BUILD_CACHE_RAW}\n{{end -}}`

export interface SystemDfOptions {
  format: string
  verbose: boolean
}

/** The rows of the verbose view: one per image (its first tag only), container, volume and cache record. */
function verboseRows(du: DiskUsage, opts: {trunc: boolean; now: number}): {Images: object[]; Containers: object[]; Volumes: object[]; BuildCache: object[]} {
  const images = (du.Images ?? []).flatMap((image: ImageSummary) => {
    let repo = '<none>'
    let tag = '<none>'
    const first = image.RepoTags?.[0]
    if (first !== undefined && !isDanglingImage(image)) {
      let ref
      try {
        ref = parseNormalizedNamed(first)
      } catch (error) {
        if (error instanceof InvalidReferenceError) return []
        throw error
      }
      if (ref.tag !== undefined) {
        repo = familiarName(ref)
        tag = ref.tag
      }
    }
    return [imageContext(image, repo, tag, '', {digest: false, format: '', now: opts.now, trunc: opts.trunc})]
  })
  // docker leaves the virtual size out of this view.
  const containers = (du.Containers ?? []).map((c) => containerContext({...c, SizeRootFs: 0}, opts))
  const volumes = (du.Volumes ?? []).map(volumeRow)
  const cache = sortBuildCache(du.BuildCache ?? []).map((bc) => buildCacheRow(bc, opts))
  return {BuildCache: cache, Containers: containers, Images: images, Volumes: volumes}
}

function section(rows: readonly object[], format: string, headers: Readonly<Record<string, string>>, typeName: string): string {
  return prepareFormat(format, {defaultTableFormat: format, headers, typeName}).render(rows)
}

function verboseTable(du: DiskUsage, now: number): string {
  const rows = verboseRows(du, {now, trunc: true})
  return [
    'Images space usage:\n\n',
    section(rows.Images, IMAGE_TABLE, imageHeaders, 'formatter.imageContext'),
    '\nContainers space usage:\n\n',
    section(rows.Containers, CONTAINER_TABLE, containerHeaders, 'formatter.ContainerContext'),
    '\nLocal Volumes space usage:\n\n',
    section(rows.Volumes, VOLUME_TABLE, VOLUME_FORMAT_CONTEXT.headers, VOLUME_FORMAT_CONTEXT.typeName),
    `\nBuild cache usage: ${humanSize(builderSize(du))}\n\n`,
    section(rows.BuildCache, BUILD_CACHE_TABLE, BUILD_CACHE_HEADERS, 'formatter.buildCacheContext'),
  ].join('')
}

/** -v with a format other than `table`: the template runs once, against all four lists. */
function verboseTemplate(du: DiskUsage, format: string, now: number): string {
  let text = format === 'raw' ? VERBOSE_RAW : format
  if (text.startsWith('table')) text = text.slice('table'.length)
  else if (text === 'json') text = '{{json .}}'
  text = text.replace(/^ +| +$/g, '').replace(/\\([tn])/g, (_, c: string) => (c === 't' ? '\t' : '\n'))
  let template
  try {
    template = parseTemplate(text, dockerTemplateFuncs())
  } catch (error) {
    if (error instanceof TemplateParseError) throw new CliError(`template parsing error: ${error.message}`)
    throw error
  }
  const rows = verboseRows(du, {now, trunc: false})
  const fields = [['Images', rows.Images], ['Containers', rows.Containers], ['Volumes', rows.Volumes], ['BuildCache', rows.BuildCache]] as const
  // A Go struct: its fields encode in declaration order.
  const encode = (): string => `{${fields.map(([name, list]) => `"${name}":${goJSON(list)}`).join(',')}}`
  const data = {...rows, [goKind]: 'ptr', [goTypeName]: 'formatter.diskUsageContext', [marshalJSON]: encode}
  try {
    return template.execute(data)
  } catch (error) {
    if (error instanceof TemplateExecError) throw new CliError(`template: ${error.message.replace(/^template: /, '')}`)
    throw error
  }
}

export async function runSystemDf(ctx: CommandContext, opts: SystemDfOptions): Promise<void> {
  const du = await ctx.engine().diskUsage()
  const format = opts.format || 'table'
  try {
    if (opts.verbose) {
      ctx.stdout.write(format === 'table' ? verboseTable(du, ctx.now()) : verboseTemplate(du, format, ctx.now()))
      return
    }
    const prepared = prepareFormat(format, DF_SUMMARY_FORMAT_CONTEXT, {execErrorPrefix: 'template parsing error', parseErrorPrefix: 'template parsing error'})
    ctx.stdout.write(prepared.render(dfSummaryRows(du)))
  } catch (error) {
    throw error instanceof FormatError ? new CliError(error.message) : error
  }
}

export default class SystemDf extends DockerCommand {
  static override argRule = {kind: 'none'} as const
  static override description = 'Show docker disk usage'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'system df [OPTIONS]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runSystemDf(ctx, {format: (parsed.flags.format as string | undefined) ?? '', verbose: parsed.flags.verbose as boolean})
  }
}
