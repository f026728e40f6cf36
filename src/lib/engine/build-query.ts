// The query string of `POST /build` (docker 28's imageBuildOptionsToQuery, builder version 1): a
// parameter is sent only when it differs from the engine's default, JSON values are encoded the
// way Go's encoding/json writes them.
import {goJSONString} from '../format/go-json.js'
import type {Query} from './query.js'
import type {ImageBuildOptions, Ulimit} from './types.js'

// Go's json.Marshal of a map: keys sorted bytewise, HTML characters escaped.
function goMapJSON(map: ReadonlyMap<string, string | null>): string {
  const keys = [...map.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  const members = keys.map((k) => {
    const v = map.get(k)
    return `${goJSONString(k, true)}:${v === null || v === undefined ? 'null' : goJSONString(v, true)}`
  })
  return `{${members.join(',')}}`
}

function goStringsJSON(values: readonly string[]): string {
  return `[${values.map((v) => goJSONString(v, true)).join(',')}]`
}

function ulimitsJSON(ulimits: readonly Ulimit[]): string {
  return `[${ulimits.map((u) => `{"Name":${goJSONString(u.Name, true)},"Hard":${u.Hard},"Soft":${u.Soft}}`).join(',')}]`
}

const nonZero = (n: number | undefined): string | undefined => (n === undefined || n === 0 ? undefined : String(n))
const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s === '' ? undefined : s)
const nonEmptyList = (values: readonly string[] | undefined): readonly string[] | undefined => (values && values.length > 0 ? values : undefined)

export function imageBuildQuery(o: ImageBuildOptions): Query {
  const isolation = (o.isolation ?? '').toLowerCase()
  return {
    buildargs: o.buildArgs && o.buildArgs.size > 0 ? goMapJSON(o.buildArgs) : undefined,
    cachefrom: o.cacheFrom && o.cacheFrom.length > 0 ? goStringsJSON(o.cacheFrom) : undefined,
    cgroupparent: nonEmpty(o.cgroupParent),
    cpuperiod: nonZero(o.cpuPeriod),
    cpuquota: nonZero(o.cpuQuota),
    cpusetcpus: nonEmpty(o.cpuSetCpus),
    cpusetmems: nonEmpty(o.cpuSetMems),
    cpushares: nonZero(o.cpuShares),
    dockerfile: nonEmpty(o.dockerfile),
    extrahosts: nonEmptyList(o.extraHosts),
    forcerm: o.forceRemove ? '1' : undefined,
    // container.Isolation.IsDefault: empty or "default", case-insensitively.
    isolation: isolation === '' || isolation === 'default' ? undefined : o.isolation,
    labels: o.labels && o.labels.size > 0 ? goMapJSON(o.labels) : undefined,
    memory: nonZero(o.memory),
    memswap: nonZero(o.memorySwap),
    networkmode: o.networkMode === undefined || o.networkMode === '' || o.networkMode === 'default' ? undefined : o.networkMode,
    nocache: o.noCache ? '1' : undefined,
    platform: nonEmpty(o.platform?.toLowerCase()),
    pull: o.pullParent ? '1' : undefined,
    q: o.suppressOutput ? '1' : undefined,
    remote: nonEmpty(o.remoteContext),
    rm: o.remove === false ? '0' : undefined,
    securityopt: nonEmptyList(o.securityOpt),
    shmsize: nonZero(o.shmSize),
    squash: o.squash ? '1' : undefined,
    t: nonEmptyList(o.tags),
    target: nonEmpty(o.target),
    ulimits: o.ulimits && o.ulimits.length > 0 ? ulimitsJSON(o.ulimits) : undefined,
    version: '1',
  }
}
