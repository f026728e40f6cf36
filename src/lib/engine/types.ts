// Wire types of the Engine API, in the API's own casing. The fields whalectl reads are typed; an
// index signature keeps the rest, so nothing the engine sends is dropped on the way to a caller.

import type {Ulimit} from './container-config.js'

export type {Ulimit}

/** A JSON object whose other fields are kept as the engine sent them. */
export interface Open {
  [field: string]: unknown
}

/** `--filter` values by key: `{status: ['running'], label: ['a=b']}`. */
export type Filters = Record<string, string[]>

/** Every method takes an AbortSignal: aborting closes the connection, and the call rejects. */
export interface CallOptions {
  signal?: AbortSignal
}

// ------------------------------------------------------------------------------------------
// System

export interface PingResult {
  apiVersion?: string
  osType?: string
  experimental?: boolean
  builderVersion?: string
}

/** GET /version */
export interface VersionResponse extends Open {
  Version?: string
  ApiVersion?: string
  MinAPIVersion?: string
  GitCommit?: string
  GoVersion?: string
  Os?: string
  Arch?: string
  KernelVersion?: string
  BuildTime?: string
}

/** GET /info */
export interface InfoResponse extends Open {
  ID?: string
  Containers?: number
  Images?: number
  ServerVersion?: string
  OSType?: string
  Architecture?: string
}

/** Registry credentials (registry.AuthConfig); the field order is the order on the wire. */
export interface AuthConfig {
  username?: string
  password?: string
  auth?: string
  email?: string
  serveraddress?: string
  identitytoken?: string
  registrytoken?: string
}

/** POST /auth */
export interface AuthResponse extends Open {
  Status: string
  IdentityToken?: string
}

/** One event of GET /events. */
export interface EventMessage extends Open {
  Type?: string
  Action?: string
  Actor?: {ID?: string; Attributes?: Record<string, string>}
  scope?: string
  time?: number
  timeNano?: number
  /** Deprecated duplicates the engine still sends. */
  status?: string
  id?: string
  from?: string
}

/** GET /events: since/until in Unix seconds, filters by type, event, container… */
export interface EventsOptions extends CallOptions {
  /** Unix seconds (with an optional fraction), as docker's client sends them. */
  since?: string
  until?: string
  filters?: Filters
}

/** GET /system/df */
export interface DiskUsage extends Open {
  LayersSize?: number
  Images?: ImageSummary[] | null
  Containers?: ContainerSummary[] | null
  Volumes?: Volume[] | null
  BuildCache?: Open[] | null
}

/** The progress part of a JSONMessage. */
export interface JSONProgress {
  current?: number
  total?: number
  /** Unix seconds when the operation started; enables the time-left estimate. */
  start?: number
  hidecounts?: boolean
  /** Counted units; empty means bytes. */
  units?: string
}

/** A failure inside a message stream; build's `code` is the failing step's status. */
export interface JSONErrorDetail {
  code?: number
  message?: string
}

/** One message of a pull, push, build, load or import stream. */
export interface JSONMessage {
  stream?: string
  status?: string
  progressDetail?: JSONProgress | null
  /** Preformatted progress bar (deprecated by the API, still sent). */
  progress?: string
  id?: string
  from?: string
  time?: number
  /** Nanoseconds; a bigint keeps full precision where the JSON parser allows it. */
  timeNano?: number | bigint
  errorDetail?: JSONErrorDetail | null
  /** Deprecated duplicate of errorDetail.message; docker itself ignores it. */
  error?: string
  aux?: unknown
}

// ------------------------------------------------------------------------------------------
// Containers

export interface PortSummary {
  IP?: string
  PrivatePort: number
  PublicPort?: number
  Type: string
}

/** A mount as a container list shows it. */
export interface MountPoint {
  Type?: string
  Name?: string
  Source?: string
  Destination?: string
  Driver?: string
}

/** One entry of GET /containers/json. */
export interface ContainerSummary {
  Id: string
  Names: string[]
  Image: string
  ImageID: string
  Command: string
  Created: number
  Ports: PortSummary[]
  SizeRw?: number
  SizeRootFs?: number
  Labels: Record<string, string> | null
  State: string
  Status: string
  HostConfig?: {NetworkMode?: string}
  NetworkSettings?: {Networks?: Record<string, unknown>} | null
  Mounts: MountPoint[] | null
}

/** GET /containers/json */
export interface ContainerListOptions extends CallOptions {
  all?: boolean
  limit?: number
  size?: boolean
  filters?: Filters
}

/** ContainerInspect.State */
export interface ContainerState extends Open {
  Status?: string
  Running?: boolean
  Paused?: boolean
  Restarting?: boolean
  ExitCode?: number
  Pid?: number
  Health?: {Status?: string} & Open
}

/** GET /containers/{id}/json */
export interface ContainerInspect extends Open {
  Id: string
  Name?: string
  Image?: string
  State?: ContainerState | null
  Config?: ({Tty?: boolean; OpenStdin?: boolean; Image?: string; Env?: string[] | null} & Open) | null
  HostConfig?: ({AutoRemove?: boolean; NetworkMode?: string} & Open) | null
  NetworkSettings?: Open | null
}

/** An inspect result with the engine's own bytes, for output that must keep its key order and numbers. */
export interface WithRaw<T> {
  value: T
  raw: Buffer
}

export type {ContainerCreateBody} from './container-config.js'

/** POST /containers/create: the query. */
export interface ContainerCreateOptions extends CallOptions {
  name?: string
  /** `os[/arch[/variant]]`, sent from API 1.41 on. */
  platform?: string
}

/** POST /containers/create: the answer. */
export interface ContainerCreateResponse {
  Id: string
  Warnings?: string[] | null
}

/** POST /containers/{id}/stop and /restart */
export interface ContainerStopOptions extends CallOptions {
  /** Seconds before the engine kills the container; undefined is the engine's default. */
  timeout?: number
  /** A signal name or number to stop with (API 1.42+). */
  stopSignal?: string
}

/** DELETE /containers/{id} */
export interface ContainerRemoveOptions extends CallOptions {
  force?: boolean
  removeVolumes?: boolean
  removeLinks?: boolean
}

/** What POST /containers/{id}/wait waits for. */
export type WaitCondition = 'not-running' | 'next-exit' | 'removed'

/** POST /containers/{id}/wait: the answer. */
export interface ContainerWaitResponse {
  StatusCode: number
  Error?: {Message?: string} | null
}

/** A wait the engine has accepted: it will report the next exit even if it happens at once. */
export interface ContainerWaitHandle {
  /**
   * The engine's answer. Rejects with DecodeError (`EOF`, `unexpected EOF`, or the text) when
   * the answer is missing or not JSON, as Go's decoder words it.
   */
  result: Promise<ContainerWaitResponse>
  /** Stops listening and closes the connection. */
  abandon(): void
}

/** POST /containers/{id}/attach */
export interface ContainerAttachOptions extends CallOptions {
  stream?: boolean
  stdin?: boolean
  stdout?: boolean
  stderr?: boolean
  logs?: boolean
  detachKeys?: string
}

/** GET /containers/{id}/logs; since/until in Unix seconds. */
export interface ContainerLogsOptions extends CallOptions {
  stdout?: boolean
  stderr?: boolean
  /** Unix seconds (with an optional fraction), as docker's client sends them. */
  since?: string
  until?: string
  timestamps?: boolean
  follow?: boolean
  tail?: string
  details?: boolean
}

/** POST /containers/{id}/update: the answer. */
export interface ContainerUpdateResponse {
  Warnings?: string[] | null
}

/** GET /containers/{id}/top */
export interface ContainerTopResponse {
  Titles: string[]
  Processes: string[][]
}

/** One entry of GET /containers/{id}/changes: Kind 0 modified, 1 added, 2 deleted. */
export interface ContainerChange {
  Kind: number
  Path: string
}

/** The `X-Docker-Container-Path-Stat` header, decoded. */
export interface PathStat {
  name: string
  size: number
  mode: number
  mtime: string
  linkTarget: string
}

/** PUT /containers/{id}/archive */
export interface CopyToContainerOptions extends CallOptions {
  allowOverwriteDirWithFile?: boolean
  copyUIDGID?: boolean
}

/** POST /commit; `reference` is `repo[:tag]`. */
export interface ContainerCommitOptions extends CallOptions {
  reference?: string
  comment?: string
  author?: string
  changes?: string[]
  pause?: boolean
  config?: Open
}

/** What a prune removed and the space it gave back. */
export interface PruneReport extends Open {
  SpaceReclaimed?: number
}

/** GET /containers/{id}/stats */
export interface ContainerStatsOptions extends CallOptions {
  stream?: boolean
  oneShot?: boolean
}

/** CPU counters of one stats sample (nanoseconds; on Windows, 100 ns intervals). */
export interface CPUStats extends Open {
  cpu_usage?: {total_usage?: number; percpu_usage?: number[] | null; usage_in_kernelmode?: number; usage_in_usermode?: number}
  system_cpu_usage?: number
  online_cpus?: number
}

/** One entry of blkio_stats.io_service_bytes_recursive: `Op` is `read`, `write`, `Read`, `Total`… */
export interface BlkioStatEntry extends Open {
  major?: number
  minor?: number
  op?: string
  value?: number
}

/** One object of GET /containers/{id}/stats (moby's container.StatsResponse); what the engine omits is absent. */
export interface StatsResponse extends Open {
  name?: string
  id?: string
  /** RFC 3339 times of this sample and of the previous one (`0001-01-01T00:00:00Z` when there is none). */
  read?: string
  preread?: string
  num_procs?: number
  pids_stats?: {current?: number; limit?: number}
  blkio_stats?: {io_service_bytes_recursive?: BlkioStatEntry[] | null} & Open
  storage_stats?: {read_size_bytes?: number; write_size_bytes?: number} & Open
  cpu_stats?: CPUStats
  precpu_stats?: CPUStats
  /** cgroup v1 and v2 counters in `stats` (`total_inactive_file`, `inactive_file`…); Windows sets privateworkingset. */
  memory_stats?: {usage?: number; limit?: number; stats?: Record<string, number> | null; privateworkingset?: number} & Open
  networks?: Record<string, {rx_bytes?: number; tx_bytes?: number} & Open> | null
}

// ------------------------------------------------------------------------------------------
// Exec

/** The body of POST /containers/{id}/exec, field for field in the API's order (Go's encoder keeps it). */
export interface ExecCreateBody {
  User: string
  Privileged: boolean
  Tty: boolean
  ConsoleSize?: [number, number]
  AttachStdin: boolean
  AttachStderr: boolean
  AttachStdout: boolean
  Detach: boolean
  DetachKeys: string
  Env: string[] | null
  WorkingDir: string
  Cmd: string[]
}

/** POST /exec/{id}/start: the body. */
export interface ExecStartBody extends Open {
  Detach?: boolean
  Tty?: boolean
  ConsoleSize?: [number, number] | null
}

/** GET /exec/{id}/json */
export interface ExecInspect extends Open {
  ID?: string
  Running?: boolean
  ExitCode?: number | null
  Pid?: number
}

// ------------------------------------------------------------------------------------------
// Images

/** One entry of GET /images/json. */
export interface ImageSummary extends Open {
  Id: string
  ParentId?: string
  RepoTags?: string[] | null
  RepoDigests?: string[] | null
  Created?: number
  Size?: number
  SharedSize?: number
  VirtualSize?: number
  Labels?: Record<string, string> | null
  Containers?: number
  /** With `manifests` (API 1.47). */
  Manifests?: ImageManifestSummary[] | null
}

/** GET /images/json */
export interface ImageListOptions extends CallOptions {
  all?: boolean
  filters?: Filters
  sharedSize?: boolean
  containerCount?: boolean
  /** Each image's manifests (`Manifests`), from API 1.47: what `images --tree` shows. */
  manifests?: boolean
}

/** GET /images/{name}/json */
export interface ImageInspect extends Open {
  Id: string
  RepoTags?: string[] | null
  RepoDigests?: string[] | null
  Size?: number
}

/** POST /images/create: a pull (fromImage) or an import (fromSrc). */
export interface ImageCreateOptions extends CallOptions {
  /** The repository (with the registry) to pull, or `-` to import from the request body. */
  fromImage?: string
  fromSrc?: string
  repo?: string
  tag?: string
  platform?: string
  message?: string
  changes?: string[]
  /** The X-Registry-Auth header's credentials. */
  auth?: AuthConfig
  /** For an import: the archive. */
  body?: NodeJS.ReadableStream
}

/** POST /images/{name}/push */
export interface ImagePushOptions extends CallOptions {
  tag?: string
  platform?: string
  auth?: AuthConfig
}

/** DELETE /images/{name} */
export interface ImageRemoveOptions extends CallOptions {
  force?: boolean
  noPrune?: boolean
  /** Only these platform variants of a multi-platform image, each an ocispec.Platform as JSON (API ≥ 1.50). */
  platforms?: string[]
}

/** One entry of an image's `Manifests` in GET /images/json?manifests=1 (API 1.47). */
export interface ImageManifestSummary extends Open {
  ID: string
  Available?: boolean
  Size?: {Total?: number; Content?: number}
  /** `image`, `attestation` or `unknown`. */
  Kind?: string
  ImageData?: {Platform?: {architecture?: string; os?: string; variant?: string} & Open; Containers?: string[] | null} & Open
  AttestationData?: {For?: string} & Open
}

/** One line of an image removal: an untagged reference or a deleted layer/image. */
export interface ImageDeleteItem {
  Untagged?: string
  Deleted?: string
}

/** One entry of GET /images/{name}/history. */
export interface ImageHistoryItem extends Open {
  Id: string
  Created: number
  CreatedBy: string
  Tags?: string[] | null
  Size: number
  Comment: string
}

/** moby's ImageBuildOptions for the classic builder (`POST /build`), in docker's names. */
export interface ImageBuildOptions extends CallOptions {
  tags?: string[]
  suppressOutput?: boolean
  /** A context the engine fetches itself. */
  remoteContext?: string
  noCache?: boolean
  /** `--rm`: true by default, as in docker. */
  remove?: boolean
  forceRemove?: boolean
  pullParent?: boolean
  isolation?: string
  cpuSetCpus?: string
  cpuSetMems?: string
  cpuShares?: number
  cpuQuota?: number
  cpuPeriod?: number
  memory?: number
  memorySwap?: number
  cgroupParent?: string
  networkMode?: string
  shmSize?: number
  dockerfile?: string
  ulimits?: Ulimit[]
  /** A null value is a build arg named without a value (`--build-arg NAME`). */
  buildArgs?: ReadonlyMap<string, string | null>
  labels?: ReadonlyMap<string, string>
  squash?: boolean
  cacheFrom?: string[]
  securityOpt?: string[]
  extraHosts?: string[]
  target?: string
  platform?: string
  /** The X-Registry-Config header: credentials for every registry the build may pull from. */
  authConfigs?: Record<string, AuthConfig>
}

/** POST /images/load */
export interface ImageLoadOptions extends CallOptions {
  quiet?: boolean
  platform?: string
}

/** GET /images/get */
export interface ImageSaveOptions extends CallOptions {
  /** Each an ocispec.Platform as JSON (`{"architecture":"amd64","os":"linux"}`); API ≥ 1.48. */
  platforms?: string[]
}

// ------------------------------------------------------------------------------------------
// Networks and volumes

/** One entry of GET /networks, or GET /networks/{id}. */
export interface NetworkSummary extends Open {
  Name: string
  Id: string
  Driver?: string
  Scope?: string
  Internal?: boolean
  Labels?: Record<string, string> | null
  Created?: string
}

/** POST /networks/create: the body. */
export interface NetworkCreateBody extends Open {
  Name: string
}

/** POST /networks/create: the answer. */
export interface NetworkCreateResponse {
  Id: string
  Warning?: string
}

/** A volume, as GET /volumes lists it and GET /volumes/{name} shows it. */
export interface Volume extends Open {
  Name: string
  Driver?: string
  Mountpoint?: string
  Labels?: Record<string, string> | null
  Scope?: string
}

/** GET /volumes */
export interface VolumeListResponse {
  Volumes: Volume[] | null
  Warnings: string[] | null
}

/** POST /volumes/create: the body. */
export interface VolumeCreateBody extends Open {
  Name?: string
  Driver?: string
  DriverOpts?: Record<string, string>
  Labels?: Record<string, string>
}
