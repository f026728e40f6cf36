// What `docker context inspect` shows for one context (contextWithTLSListing): the stored
// metadata with its Name, Metadata and Endpoints promoted, the TLS files by endpoint and where
// the store keeps them. docker has no raw bytes for it: the JSON is its Go value marshalled.
import {embed, goAny, goBool, goDecode, goString, mapOf, OMIT, sliceOf, structType} from '../format/go-decode.js'
import {goJSON, goJSONString} from '../format/go-json.js'
import {goHeldInInterface, marshalJSON} from '../format/go-values.js'
import type {InspectTarget} from '../format/inspect.js'
import {JSONObject, type JSONValue} from '../format/json-raw.js'
import {type ContextMetadata, encodeMetadata} from './metadata.js'
import type {StorageInfo, TLSListing} from './store.js'

const METADATA_TYPE = structType('store.Metadata', [
  ['Name', goString, OMIT],
  ['Metadata', goAny, OMIT],
  ['Endpoints', mapOf(goAny), OMIT],
])

const CONTEXT_INSPECT_TYPE = structType('context.contextWithTLSListing', [
  embed(METADATA_TYPE),
  ['TLSMaterial', mapOf(sliceOf(goString, 'store.EndpointFiles'))],
  ['Storage', structType('store.StorageInfo', [
    ['MetadataPath', goString],
    ['TLSPath', goString],
  ])],
])

// What docker's store decodes into (store.NewConfig in docker's cli): the metadata as a
// command.DockerContext, the docker endpoint as docker.EndpointMeta (context.EndpointMetaBase).
// Templates print them as structs: `{{.Metadata}}` is `{desc map[]}`, not a map.
const DOCKER_CONTEXT_TYPE = structType('command.DockerContext', [
  ['Description', goString],
  ['AdditionalFields', mapOf(goAny)],
])

const ENDPOINT_META_TYPE = structType('context.EndpointMetaBase', [
  ['Host', goString, OMIT],
  ['SkipTLSVerify', goBool],
])

const memberOf = (json: JSONValue, key: string): JSONValue | undefined =>
  json instanceof JSONObject ? json.entries.find(([k]) => k === key)?.[1] : undefined

/** DockerContext.UnmarshalJSON: Description apart, every other member in AdditionalFields (nil when none). */
function dockerContext(json: JSONObject): unknown {
  const description = memberOf(json, 'Description')
  const others = json.entries.filter(([k]) => k !== 'Description')
  const value = goDecode(
    new JSONObject([
      ['Description', typeof description === 'string' ? description : ''],
      ['AdditionalFields', others.length > 0 ? new JSONObject(others) : null],
    ]),
    DOCKER_CONTEXT_TYPE,
  ) as object
  // DockerContext.MarshalJSON writes the members flat again, as a map (keys sorted).
  const flat = goJSON(goDecode(json, mapOf(goAny)))
  return heldInInterface(Object.defineProperty(value, marshalJSON, {value: () => flat}))
}

// Both sit in `interface {}` slots (store.Metadata.Metadata, map[string]interface {}).
const heldInInterface = (value: object): object => Object.defineProperty(value, goHeldInInterface, {value: true})

/** The embedded store.Metadata (Go field name `Metadata`, its members promoted in JSON) gets the typed values. */
function refineTypes(value: unknown, json: JSONValue): unknown {
  const stored = (value as {Metadata: {Metadata?: unknown; Endpoints?: Record<string, unknown> | null}}).Metadata
  const metadata = memberOf(json, 'Metadata')
  if (metadata instanceof JSONObject) stored.Metadata = dockerContext(metadata)
  const docker = memberOf(memberOf(json, 'Endpoints') ?? null, 'docker')
  if (docker instanceof JSONObject && stored.Endpoints) stored.Endpoints.docker = heldInInterface(goDecode(docker, ENDPOINT_META_TYPE) as object)
  return value
}

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))

export function contextInspectTarget(meta: ContextMetadata, tls: TLSListing, storage: StorageInfo): InspectTarget {
  const metadata = encodeMetadata(meta).slice(1, -1)
  const listing = [...tls.keys()]
    .sort(byteOrder)
    .map((endpoint) => {
      const files = tls.get(endpoint)
      return `${goJSONString(endpoint, true)}:${files ? `[${files.map((f) => goJSONString(f, true)).join(',')}]` : 'null'}`
    })
    .join(',')
  const storageJSON = `{"MetadataPath":${goJSONString(storage.MetadataPath, true)},"TLSPath":${goJSONString(storage.TLSPath, true)}}`
  const raw = `{${metadata}${metadata === '' ? '' : ','}"TLSMaterial":{${listing}},"Storage":${storageJSON}}`
  return {raw: Buffer.from(raw), refine: refineTypes, type: CONTEXT_INSPECT_TYPE, typedOnly: true}
}
