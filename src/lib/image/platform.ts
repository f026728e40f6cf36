// The `platform=` value of push, save and load: an OCI platform as Go's encoding/json writes
// ocispec.Platform, after containerd's platforms.Parse has normalised the specifier.
import {parsePlatform, type Platform} from '../container/create-request.js'
import {goJSONString} from '../format/go-json.js'

/** ocispec.Platform's JSON, fields in struct order, empty ones left out. */
export function platformJSON(p: Platform): string {
  const members = [`"architecture":${goJSONString(p.architecture, true)}`, `"os":${goJSONString(p.os, true)}`]
  if (p.osVersion) members.push(`"os.version":${goJSONString(p.osVersion, true)}`)
  if (p.variant) members.push(`"variant":${goJSONString(p.variant, true)}`)
  return `{${members.join(',')}}`
}

/** platforms.Parse then the JSON; throws platforms.Parse's error text. */
export function encodePlatform(specifier: string): string {
  return platformJSON(parsePlatform(specifier))
}
