// The Go types `docker version` runs its template against (cli/command/system/version.go and
// types.Version of docker 28.2.2), as GoType schemas: `--format` sees docker's field names,
// zero values and JSON field order and omitempty tags.
import {goBool, goString, type GoType, mapOf, OMIT, ptrTo, sliceOf, structType} from './go-decode.js'

/** types.ComponentVersion */
export const ComponentVersionType = structType('types.ComponentVersion', [
  ['Name', goString],
  ['Version', goString],
  ['Details', mapOf(goString), OMIT],
])

/** types.Version: the engine's GET /version answer. */
export const ServerVersionType = structType('types.Version', [
  ['Platform', structType('struct { Name string }', [['Name', goString]]), OMIT],
  ['Components', sliceOf(ComponentVersionType), OMIT],
  ['Version', goString],
  ['APIVersion', goString, {json: 'ApiVersion'}],
  ['MinAPIVersion', goString, OMIT],
  ['GitCommit', goString],
  ['GoVersion', goString],
  ['Os', goString],
  ['Arch', goString],
  ['KernelVersion', goString, OMIT],
  ['Experimental', goBool, OMIT],
  ['BuildTime', goString, OMIT],
])

const PlatformInfoType = structType('system.platformInfo', [['Name', goString, OMIT]])

/** system.clientVersion: what the CLI says about itself. */
export const ClientVersionType = structType('system.clientVersion', [
  ['Platform', ptrTo(PlatformInfoType), OMIT],
  ['Version', goString, OMIT],
  ['APIVersion', goString, {json: 'ApiVersion', omitEmpty: true}],
  ['DefaultAPIVersion', goString, OMIT],
  ['GitCommit', goString, OMIT],
  ['GoVersion', goString, OMIT],
  ['Os', goString, OMIT],
  ['Arch', goString, OMIT],
  ['BuildTime', goString, OMIT],
  ['Context', goString],
])

/** system.versionInfo: `.Client` and `.Server` (nil when the engine could not be asked). */
export const VersionInfoType: GoType = structType('system.versionInfo', [
  ['Client', ClientVersionType],
  ['Server', ptrTo(ServerVersionType)],
])
