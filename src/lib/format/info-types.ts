// The Go types `docker info --format` runs against (cli/command/system/info.go and system.Info of
// docker 28.2.2), as GoType schemas: field order, Go names (`HTTPProxy` for `HttpProxy`), zero
// values of what the engine did not send, and JSON's omitempty tags are docker's. Swarm's cluster
// details and CLI plugins have no schema here: they keep the members in the order sent.
import {
  arrayOf,
  decodeGeneric,
  embed,
  goAny,
  goBool,
  goDecode,
  goZero,
  goInt,
  goInt64,
  goString,
  type GoType,
  mapOf,
  OMIT,
  orderedStruct,
  ptrTo,
  sliceOf,
  structType,
} from './go-decode.js'
import {goJSON} from './go-json.js'
import {marshalJSON} from './go-values.js'
import {type JSONValue, parseJSONLiteral} from './json-raw.js'
import {ClientVersionType} from './version-types.js'

const strings = sliceOf(goString)
const pairs = sliceOf(arrayOf(goString, 2))
const named = (name: string): GoType => ({kind: 'string', name})

const PluginsInfo = structType('system.PluginsInfo', [
  ['Volume', strings],
  ['Network', strings],
  ['Authorization', strings],
  ['Log', strings],
])

const IndexInfo = structType('registry.IndexInfo', [
  ['Name', goString],
  ['Mirrors', strings],
  ['Secure', goBool],
  ['Official', goBool],
])

// registry.NetIPNet encodes as its CIDR text and prints through String(), so a string serves.
const netIPNets = sliceOf(named('*registry.NetIPNet'), '[]*registry.NetIPNet')

const ServiceConfig = structType('registry.ServiceConfig', [
  ['AllowNondistributableArtifactsCIDRs', netIPNets, OMIT],
  ['AllowNondistributableArtifactsHostnames', strings, OMIT],
  ['InsecureRegistryCIDRs', netIPNets],
  ['IndexConfigs', mapOf(ptrTo(IndexInfo))],
  ['Mirrors', strings],
  // json:"-": only for the engine's own use, never sent, so always empty here.
  ['ExtraFields', mapOf(goAny), {json: '-', omitEmpty: true}],
])

const GenericResource = structType('swarm.GenericResource', [
  ['NamedResourceSpec', ptrTo(structType('swarm.NamedGenericResource', [['Kind', goString, OMIT], ['Value', goString, OMIT]])), OMIT],
  ['DiscreteResourceSpec', ptrTo(structType('swarm.DiscreteGenericResource', [['Kind', goString, OMIT], ['Value', goInt64, OMIT]])), OMIT],
])

const Runtime = structType('system.Runtime', [
  ['Path', goString, {json: 'path', omitEmpty: true}],
  ['Args', strings, {json: 'runtimeArgs', omitEmpty: true}],
  ['Type', goString, {json: 'runtimeType', omitEmpty: true}],
  ['Options', mapOf(goAny), {json: 'options', omitEmpty: true}],
])

const RuntimeWithStatus = structType('system.RuntimeWithStatus', [embed(Runtime), ['Status', mapOf(goString), {json: 'status', omitEmpty: true}]])

const SwarmInfo = structType('swarm.Info', [
  ['NodeID', goString],
  ['NodeAddr', goString],
  ['LocalNodeState', named('swarm.LocalNodeState')],
  ['ControlAvailable', goBool],
  ['Error', goString],
  ['RemoteManagers', sliceOf(structType('swarm.Peer', [['NodeID', goString], ['Addr', goString]]))],
  ['Nodes', goInt, OMIT],
  ['Managers', goInt, OMIT],
  ['Cluster', ptrTo(orderedStruct('swarm.ClusterInfo')), OMIT],
  ['Warnings', strings, OMIT],
])

const Commit = structType('system.Commit', [['ID', goString], ['Expected', goString, OMIT]])

/** system.Info: the engine's GET /info answer. */
export const SystemInfoType = structType('system.Info', [
  ['ID', goString],
  ['Containers', goInt],
  ['ContainersRunning', goInt],
  ['ContainersPaused', goInt],
  ['ContainersStopped', goInt],
  ['Images', goInt],
  ['Driver', goString],
  ['DriverStatus', pairs],
  ['SystemStatus', pairs, OMIT],
  ['Plugins', PluginsInfo],
  ['MemoryLimit', goBool],
  ['SwapLimit', goBool],
  ['KernelMemory', goBool, OMIT],
  ['KernelMemoryTCP', goBool, OMIT],
  ['CPUCfsPeriod', goBool, {json: 'CpuCfsPeriod'}],
  ['CPUCfsQuota', goBool, {json: 'CpuCfsQuota'}],
  ['CPUShares', goBool],
  ['CPUSet', goBool],
  ['PidsLimit', goBool],
  ['IPv4Forwarding', goBool],
  ['Debug', goBool],
  ['NFd', goInt],
  ['OomKillDisable', goBool],
  ['NGoroutines', goInt],
  ['SystemTime', goString],
  ['LoggingDriver', goString],
  ['CgroupDriver', goString],
  ['CgroupVersion', goString, OMIT],
  ['NEventsListener', goInt],
  ['KernelVersion', goString],
  ['OperatingSystem', goString],
  ['OSVersion', goString],
  ['OSType', goString],
  ['Architecture', goString],
  ['IndexServerAddress', goString],
  ['RegistryConfig', ptrTo(ServiceConfig)],
  ['NCPU', goInt],
  ['MemTotal', goInt64],
  ['GenericResources', sliceOf(GenericResource)],
  ['DockerRootDir', goString],
  ['HTTPProxy', goString, {json: 'HttpProxy'}],
  ['HTTPSProxy', goString, {json: 'HttpsProxy'}],
  ['NoProxy', goString],
  ['Name', goString],
  ['Labels', strings],
  ['ExperimentalBuild', goBool],
  ['ServerVersion', goString],
  ['Runtimes', mapOf(RuntimeWithStatus)],
  ['DefaultRuntime', goString],
  ['Swarm', SwarmInfo],
  ['LiveRestoreEnabled', goBool],
  ['Isolation', named('container.Isolation')],
  ['InitBinary', goString],
  ['ContainerdCommit', Commit],
  ['RuncCommit', Commit],
  ['InitCommit', Commit],
  ['SecurityOptions', strings],
  ['ProductLicense', goString, OMIT],
  ['DefaultAddressPools', sliceOf(structType('system.NetworkAddressPool', [['Base', goString], ['Size', goInt]])), OMIT],
  ['FirewallBackend', ptrTo(structType('system.FirewallInfo', [['Driver', goString], ['Info', pairs, OMIT]])), OMIT],
  ['CDISpecDirs', strings],
  ['DiscoveredDevices', sliceOf(structType('system.DeviceInfo', [['Source', goString], ['ID', goString]])), OMIT],
  [
    'Containerd',
    ptrTo(structType('system.ContainerdInfo', [['Address', goString, OMIT], ['Namespaces', structType('system.ContainerdNamespaces', [['Containers', goString], ['Plugins', goString]])]])),
    OMIT,
  ],
  ['Warnings', strings],
])

/** system.clientInfo: whalectl's part of `info`. */
const ClientInfoType = structType('system.clientInfo', [
  ['Debug', goBool],
  embed(ClientVersionType),
  ['Plugins', sliceOf(orderedStruct('manager.Plugin'))],
  ['Warnings', strings],
])

/** system.dockerInfo: the engine's Info promoted to the top, then the client's part. */
export const DockerInfoType = structType('system.dockerInfo', [
  {...embed(ptrTo(SystemInfoType)), omitEmpty: true},
  ['ServerErrors', strings, OMIT],
  // json:"-" in docker; only the default output sets it, so it is never encoded here.
  ['UserName', goString, {json: '-', omitEmpty: true}],
  ['ClientInfo', ptrTo(ClientInfoType), OMIT],
  ['ClientErrors', strings, OMIT],
])

/** The client-only view docker uses to see whether a template needs the engine at all. */
export const SparseInfoType = structType('system.sparseInfo', [
  ['ClientInfo', ptrTo(ClientInfoType), OMIT],
  ['ClientErrors', strings, OMIT],
])

/**
 * registry.ServiceConfig's own MarshalJSON: encoded, decoded into map[string]any and encoded
 * again, so its members (and its IndexInfo members) come out sorted by name.
 */
function sortedServiceConfigJSON(this: object): string {
  const plain = (Object.getPrototypeOf(this) as {[marshalJSON]: (this: object) => string})[marshalJSON].call(this)
  return goJSON(decodeGeneric(parseJSONLiteral(plain)))
}

/** The engine's info answer and whalectl's client part decoded into system.dockerInfo, as docker's templates see it. */
export function decodeDockerInfo(json: JSONValue, type: GoType = DockerInfoType): Record<string, unknown> {
  const info = goDecode(json, type) as Record<string, unknown>
  // docker's format path starts from an empty system.Info, so the struct is there even without an engine.
  if (type === DockerInfoType && info.Info === null) info.Info = goZero(SystemInfoType, true)
  const config = (info.Info as Record<string, unknown> | null | undefined)?.RegistryConfig
  if (config !== null && typeof config === 'object') Object.defineProperty(config, marshalJSON, {value: sortedServiceConfigJSON})
  return info
}
