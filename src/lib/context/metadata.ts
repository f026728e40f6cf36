// A context's meta.json (docker's store.Metadata): its name, its metadata (a DockerContext: the
// description and any other fields) and its endpoints, the `docker` one being {Host,
// SkipTLSVerify}. Read as docker's store reads it (typed: a malformed field is an error, fields
// of the docker endpoint it does not know are dropped) or as `context import` reads an archive
// (untyped: everything kept), and written as json.Marshal writes it.
import {goJSONString} from '../format/go-json.js'
import {type GoAny, goJSONKind, type GoMap, isGoMap, marshalGoAny, parseGoAny} from './go-any.js'

import {DEFAULT_CONTEXT} from './context-name.js'

export {DEFAULT_CONTEXT}
export const DOCKER_ENDPOINT = 'docker'
/** What GetDockerContext always reports for the default context. */
export const DEFAULT_DESCRIPTION = 'Current DOCKER_HOST based configuration'

export interface ContextMetadata {
  name: string
  /** store.Metadata.Metadata; undefined is Go's nil, left out of meta.json. */
  metadata?: GoAny
  /** Endpoint name → its metadata (null for one stored as `null`). */
  endpoints: GoMap
}

/** A meta.json that does not decode; the text is Go's, without docker's `parsing <file>: ` prefix. */
export class MetadataDecodeError extends Error {}

const typeError = (value: GoAny, target: string): MetadataDecodeError =>
  new MetadataDecodeError(`json: cannot unmarshal ${goJSONKind(value)} into Go ${target}`)

/** An object's member by Go's rule: the exact key, else one equal under case folding; the last such wins. */
function member(object: GoMap, key: string): GoAny | undefined {
  if (object.has(key)) return object.get(key)
  let found: GoAny | undefined
  for (const [k, v] of object) if (k.toLowerCase() === key.toLowerCase()) found = v
  return found
}

interface TopLevel {
  name: string
  metadata?: GoAny
  endpoints: GoMap
}

function decodeTopLevel(bytes: Buffer, typeName: string, nameField: string, endpointsType: string): TopLevel {
  const value = parseGoAny(bytes)
  if (value === null) return {endpoints: new Map(), name: ''}
  if (!isGoMap(value)) throw typeError(value, `value of type ${typeName}`)
  const name = member(value, 'Name') ?? null
  if (name !== null && typeof name !== 'string') throw typeError(name, `struct field ${nameField} of type string`)
  const endpoints = member(value, 'Endpoints') ?? null
  if (endpoints !== null && !isGoMap(endpoints)) throw typeError(endpoints, `struct field ${endpointsType}`)
  const metadata = member(value, 'Metadata') ?? null
  return {endpoints: endpoints ?? new Map(), metadata: metadata === null ? undefined : metadata, name: name ?? ''}
}

/** EndpointMeta as encoding/json fills it and json.Marshal writes it: Host (left out when empty), SkipTLSVerify. */
export function dockerEndpointValue(host: string, skipTLSVerify: boolean): GoMap {
  const out: GoMap = new Map()
  if (host !== '') out.set('Host', host)
  out.set('SkipTLSVerify', skipTLSVerify)
  return out
}

function decodeDockerEndpoint(value: GoAny): GoAny {
  if (value === null) return null
  if (!isGoMap(value)) throw typeError(value, 'value of type context.EndpointMetaBase')
  const host = member(value, 'Host') ?? null
  if (host !== null && typeof host !== 'string') throw typeError(host, 'struct field EndpointMetaBase.Host of type string')
  const skip = member(value, 'SkipTLSVerify') ?? null
  if (skip !== null && typeof skip !== 'boolean') throw typeError(skip, 'struct field EndpointMetaBase.SkipTLSVerify of type bool')
  return dockerEndpointValue(host ?? '', skip ?? false)
}

/** DockerContext as its MarshalJSON writes it: the description only when set, then the other fields. */
function decodeDockerContext(value: GoAny): GoMap {
  if (!isGoMap(value)) throw typeError(value, 'value of type map[string]interface {}')
  const out: GoMap = new Map(value)
  if (out.get('Description') === '') out.delete('Description')
  return out
}

/** metadataStore.getByID: meta.json read into docker's own types. */
export function decodeStoredMetadata(bytes: Buffer): ContextMetadata {
  const top = decodeTopLevel(bytes, 'store.untypedContextMetadata', 'untypedContextMetadata.name', 'untypedContextMetadata.endpoints of type map[string]json.RawMessage')
  const endpoints: GoMap = new Map()
  for (const [name, value] of top.endpoints) {
    if (name === DOCKER_ENDPOINT) endpoints.set(name, decodeDockerEndpoint(value))
    else if (value === null || isGoMap(value)) endpoints.set(name, value)
    else throw typeError(value, 'value of type map[string]interface {}')
  }
  const meta: ContextMetadata = {endpoints, name: top.name}
  if (top.metadata !== undefined) meta.metadata = decodeDockerContext(top.metadata)
  return meta
}

/** store.parseMetadata: an archive's meta.json, kept whole, under the name it is imported as. */
export function decodeImportedMetadata(bytes: Buffer, name: string): ContextMetadata {
  const top = decodeTopLevel(bytes, 'store.Metadata', 'Metadata.Name', 'Metadata.Endpoints of type map[string]interface {}')
  const meta: ContextMetadata = {endpoints: top.endpoints, name}
  if (top.metadata !== undefined) meta.metadata = top.metadata
  return meta
}

/** json.Marshal(store.Metadata): every field omitempty. */
export function encodeMetadata(meta: ContextMetadata): string {
  const parts: string[] = []
  if (meta.name !== '') parts.push(`"Name":${goJSONString(meta.name, true)}`)
  if (meta.metadata !== undefined && meta.metadata !== null) parts.push(`"Metadata":${marshalGoAny(meta.metadata)}`)
  if (meta.endpoints.size > 0) parts.push(`"Endpoints":${marshalGoAny(meta.endpoints)}`)
  return `{${parts.join(',')}}`
}

/** GetDockerContext's description: the default context always has docker's fixed one. */
export function descriptionOf(meta: ContextMetadata): string {
  if (meta.name === DEFAULT_CONTEXT) return DEFAULT_DESCRIPTION
  const metadata = meta.metadata
  if (!isGoMap(metadata)) return ''
  const description = metadata.get('Description')
  return typeof description === 'string' ? description : ''
}

/** The DockerContext with `description` set (an empty one leaves the old), as `update` and `create --from` make it. */
export function withDescription(meta: ContextMetadata, description: string): GoMap {
  const out: GoMap = isGoMap(meta.metadata) ? new Map(meta.metadata) : new Map()
  if (meta.name === DEFAULT_CONTEXT) out.set('Description', DEFAULT_DESCRIPTION)
  if (description !== '') out.set('Description', description)
  return out
}

export interface DockerEndpoint {
  host: string
  skipTLSVerify: boolean
}

/** docker.EndpointFromContext. */
export function dockerEndpointOf(meta: ContextMetadata): DockerEndpoint {
  if (!meta.endpoints.has(DOCKER_ENDPOINT)) throw new Error('cannot find docker endpoint in context')
  const value = meta.endpoints.get(DOCKER_ENDPOINT) ?? null
  if (!isGoMap(value)) throw new Error(`endpoint "${DOCKER_ENDPOINT}" is not of type EndpointMeta`)
  const host = value.get('Host')
  return {host: typeof host === 'string' ? host : '', skipTLSVerify: value.get('SkipTLSVerify') === true}
}
