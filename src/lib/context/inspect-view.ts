// What `docker context inspect` shows for one context (contextWithTLSListing): the stored
// metadata with its Name, Metadata and Endpoints promoted, the TLS files by endpoint and where
// the store keeps them. docker has no raw bytes for it: the JSON is its Go value marshalled.
import {goJSONString} from '../format/go-json.js'
import {embed, goAny, goString, mapOf, OMIT, sliceOf, structType} from '../format/go-decode.js'
import type {InspectTarget} from '../format/inspect.js'
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
  return {raw: Buffer.from(raw), type: CONTEXT_INSPECT_TYPE, typedOnly: true}
}
