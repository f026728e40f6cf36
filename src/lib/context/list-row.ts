// The rows `docker context ls` prints (formatter.ClientContext behind clientContextContext): one
// Go method per template field, the error cut to 45 cells as docker's Ellipsis cuts it.
import {goJSONString} from '../format/go-json.js'
import {goFunc, goTypeName, marshalJSON} from '../format/go-values.js'
import {truncateToWidth} from '../format/tabwriter.js'

const MAX_ERROR_WIDTH = 45

export const CONTEXT_FORMAT_CONTEXT = {
  defaultTableFormat: 'table {{.Name}}{{if .Current}} *{{end}}\t{{.Description}}\t{{.DockerEndpoint}}\t{{.Error}}',
  headers: {Description: 'DESCRIPTION', DockerEndpoint: 'DOCKER ENDPOINT', Error: 'ERROR', Name: 'NAME'},
  typeName: 'formatter.clientContextContext',
}

/** NewClientContextFormat: -q prints names whatever --format says. */
export function contextListFormat(format: string, quiet: boolean): string {
  if (quiet) return '{{.Name}}'
  return format === '' ? 'table' : format
}

export interface ClientContext {
  name: string
  description: string
  dockerEndpoint: string
  current: boolean
  error: string
}

export function contextRow(c: ClientContext): object {
  const error = truncateToWidth(c.error, MAX_ERROR_WIDTH)
  return {
    Current: goFunc(() => c.current, []),
    Description: goFunc(() => c.description, []),
    DockerEndpoint: goFunc(() => c.dockerEndpoint, []),
    Error: goFunc(() => error, []),
    Name: goFunc(() => c.name, []),
    [goTypeName]: CONTEXT_FORMAT_CONTEXT.typeName,
    [marshalJSON]: () =>
      `{"Current":${c.current},"Description":${goJSONString(c.description, true)},"DockerEndpoint":${goJSONString(c.dockerEndpoint, true)},` +
      `"Error":${goJSONString(error, true)},"Name":${goJSONString(c.name, true)}}`,
  }
}
