// `docker version`'s output: its Go template run against system.versionInfo (version-types.ts),
// through a tabwriter with docker's settings for this command (minwidth 20, padding 1). The
// default layout is docker's own template, so `--format` and the default share one path.
import {goDecode} from './go-decode.js'
import {parseJSONLiteral} from './json-raw.js'
import {TabWriter} from './tabwriter.js'
import {dockerTemplateFuncs, goFunc, parseTemplate, type Template, TemplateExecError, type TemplateFunc, TemplateParseError} from './template.js'
import type {ClientVersion} from './version-client.js'
import {reformatDate} from './version-client.js'
import {VersionInfoType} from './version-types.js'

const DEFAULT_VERSION_TEMPLATE = `{{with .Client -}}
Client:{{if ne .Platform nil}}{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}{{end}}
 Version:	{{.Version}}
 API version:	{{.APIVersion}}{{if ne .APIVersion .DefaultAPIVersion}} (downgraded from {{.DefaultAPIVersion}}){{end}}
 Node version:	{{.GoVersion}}
 Git commit:	{{.GitCommit}}
 Built:	{{.BuildTime}}
 OS/Arch:	{{.Os}}/{{.Arch}}
 Context:	{{.Context}}
{{- end}}

{{- if ne .Server nil}}{{with .Server}}

Server:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
 {{- range $component := .Components}}
 {{$component.Name}}:
  {{- if eq $component.Name "Engine" }}
  Version:	{{.Version}}
  API version:	{{index .Details "ApiVersion"}} (minimum version {{index .Details "MinAPIVersion"}})
  Go version:	{{index .Details "GoVersion"}}
  Git commit:	{{index .Details "GitCommit"}}
  Built:	{{index .Details "BuildTime"}}
  OS/Arch:	{{index .Details "Os"}}/{{index .Details "Arch"}}
  Experimental:	{{index .Details "Experimental"}}
  {{- else }}
  Version:	{{$component.Version}}
  {{- $detailsOrder := getDetailsOrder $component}}
  {{- range $key := $detailsOrder}}
  {{$key}}:	{{index $component.Details $key}}
   {{- end}}
  {{- end}}
 {{- end}}
 {{- end}}{{- end}}`

/** The template's parse error, as docker reports it: `template parsing error: …`, exit 64. */
export class VersionFormatError extends Error {
  override name = 'VersionFormatError'
  readonly exitCode = 64
}

/** docker names this template "version", and Go's messages name the template they come from. */
function namedTemplate(message: string): string {
  return message.replace(/^template: :/, 'template: version:').replace(/^(template: version:\d+:\d+: executing )""/, '$1"version"')
}

/** getDetailsOrder: a component's Details keys, sorted. */
function detailsOrder(component: {Details?: Record<string, string> | null}): string[] {
  return Object.keys(component.Details ?? {}).sort()
}

/** docker's newVersionTemplate: '' is the default layout, `json` is `{{json .}}`. */
export function newVersionTemplate(format: string): Template {
  const source = format === '' ? DEFAULT_VERSION_TEMPLATE : format === 'json' ? '{{json .}}' : format
  try {
    return parseTemplate(source, {...dockerTemplateFuncs(), getDetailsOrder: goFunc(detailsOrder, ['types.ComponentVersion']) as unknown as TemplateFunc})
  } catch (error) {
    if (error instanceof TemplateParseError) throw new VersionFormatError(`template parsing error: ${namedTemplate(error.message)}`)
    throw error
  }
}

type ServerJSON = Record<string, unknown> & {Components?: Array<{Name?: string; Version?: string; Details?: Record<string, string> | null}> | null}

/**
 * The engine's /version answer as docker hands it to the template: the Engine component's build
 * time in ANSIC, and an Engine component made from the top-level fields when the engine sent none.
 */
export function serverVersionView(answer: ServerJSON): ServerJSON {
  const components = (answer.Components ?? []).map((c) => ({...c, Details: c.Details ? {...c.Details} : c.Details}))
  const engine = components.find((c) => c.Name === 'Engine')
  if (engine) {
    if (engine.Details && engine.Details.BuildTime !== undefined) engine.Details.BuildTime = reformatDate(engine.Details.BuildTime)
  } else {
    const text = (key: string): string => (typeof answer[key] === 'string' ? (answer[key] as string) : '')
    components.push({
      Details: {
        ApiVersion: text('ApiVersion'),
        Arch: text('Arch'),
        BuildTime: reformatDate(text('BuildTime')),
        Experimental: String(answer.Experimental === true),
        GitCommit: text('GitCommit'),
        GoVersion: text('GoVersion'),
        MinAPIVersion: text('MinAPIVersion'),
        Os: text('Os'),
      },
      Name: 'Engine',
      Version: text('Version'),
    })
  }
  return {...answer, Components: components}
}

export interface VersionRender {
  readonly text: string
  /** The template's execution error, if any: docker still prints what was written before it. */
  readonly error?: Error
}

/** Runs the template against versionInfo{Client, Server} and aligns it as docker's tabwriter does. */
export function renderVersion(template: Template, client: ClientVersion, server: ServerJSON | undefined): VersionRender {
  const data = goDecode(parseJSONLiteral(JSON.stringify({Client: client, Server: server ? serverVersionView(server) : null})), VersionInfoType)
  const writer = new TabWriter({minWidth: 20, padChar: ' ', padding: 1, tabWidth: 1})
  let error: Error | undefined
  try {
    writer.write(template.execute(data))
  } catch (e) {
    if (!(e instanceof TemplateExecError)) throw e
    writer.write(e.partialOutput)
    error = new Error(namedTemplate(e.message))
  }
  writer.write('\n')
  return {error, text: writer.flush()}
}
