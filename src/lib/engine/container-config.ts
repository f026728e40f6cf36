// The body of `POST /containers/create` (container.Config with HostConfig and NetworkingConfig),
// in the API's casing. Every field but Image may be left out (the engine's defaults apply); the
// CLI's flags are turned into a complete body, field for field as docker sends it, by
// src/lib/container/create-options.ts.

export interface Ulimit {
  Name: string
  Hard: number
  Soft: number
}

/** A --blkio-weight-device entry. */
export interface WeightDevice {
  Path: string
  Weight: number
}

/** A --device-{read,write}-{bps,iops} entry. */
export interface ThrottleDevice {
  Path: string
  Rate: number
}

/** A --mount entry (mount.Mount). */
export interface Mount {
  Type?: string
  Source?: string
  Target?: string
  ReadOnly?: boolean
  Consistency?: string
  BindOptions?: {Propagation?: string; NonRecursive?: boolean; CreateMountpoint?: boolean; ReadOnlyNonRecursive?: boolean; ReadOnlyForceRecursive?: boolean}
  VolumeOptions?: {NoCopy?: boolean; Labels?: Record<string, string>; Subpath?: string; DriverConfig?: {Name?: string; Options?: Record<string, string>}}
  ImageOptions?: {Subpath?: string}
  TmpfsOptions?: {SizeBytes?: number; Mode?: number}
}

/** A --gpus request. */
export interface DeviceRequest {
  Driver: string
  Count: number
  DeviceIDs: string[] | null
  Capabilities: string[][] | null
  Options: Record<string, string> | null
}

/** The health check; durations in nanoseconds. */
export interface HealthConfig {
  Test?: string[]
  Interval?: number
  Timeout?: number
  StartPeriod?: number
  StartInterval?: number
  Retries?: number
}

/** One host side of a published port. */
export interface PortBinding {
  HostIp: string
  HostPort: string
}

/** A --device entry. */
export interface DeviceMapping {
  PathOnHost: string
  PathInContainer: string
  CgroupPermissions: string
}

/** A container's settings on one network (NetworkingConfig.EndpointsConfig). */
export interface EndpointSettings {
  IPAMConfig: {IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[]} | null
  Links: string[] | null
  Aliases: string[] | null
  MacAddress: string
  DriverOpts: Record<string, string> | null
  GwPriority: number
  NetworkID: string
  EndpointID: string
  Gateway: string
  IPAddress: string
  IPPrefixLen: number
  IPv6Gateway: string
  GlobalIPv6Address: string
  GlobalIPv6PrefixLen: number
  DNSNames: string[] | null
}

/** HostConfig of a create body. */
export interface CreateHostConfig {
  Binds?: string[] | null
  ContainerIDFile?: string
  LogConfig?: {Type: string; Config: Record<string, string>}
  NetworkMode?: string
  PortBindings?: Record<string, PortBinding[]>
  RestartPolicy?: {Name: string; MaximumRetryCount: number}
  AutoRemove?: boolean
  VolumeDriver?: string
  VolumesFrom?: string[] | null
  ConsoleSize?: [number, number]
  Annotations?: Record<string, string>
  CapAdd?: string[] | null
  CapDrop?: string[] | null
  CgroupnsMode?: string
  Dns?: string[]
  DnsOptions?: string[]
  DnsSearch?: string[]
  ExtraHosts?: string[] | null
  GroupAdd?: string[] | null
  IpcMode?: string
  Cgroup?: string
  Links?: string[] | null
  OomScoreAdj?: number
  PidMode?: string
  Privileged?: boolean
  PublishAllPorts?: boolean
  ReadonlyRootfs?: boolean
  SecurityOpt?: string[] | null
  StorageOpt?: Record<string, string>
  Tmpfs?: Record<string, string>
  UTSMode?: string
  UsernsMode?: string
  ShmSize?: number
  Sysctls?: Record<string, string>
  Runtime?: string
  Isolation?: string
  CpuShares?: number
  Memory?: number
  NanoCpus?: number
  CgroupParent?: string
  BlkioWeight?: number
  BlkioWeightDevice?: WeightDevice[]
  BlkioDeviceReadBps?: ThrottleDevice[]
  BlkioDeviceWriteBps?: ThrottleDevice[]
  BlkioDeviceReadIOps?: ThrottleDevice[]
  BlkioDeviceWriteIOps?: ThrottleDevice[]
  CpuPeriod?: number
  CpuQuota?: number
  CpuRealtimePeriod?: number
  CpuRealtimeRuntime?: number
  CpusetCpus?: string
  CpusetMems?: string
  Devices?: DeviceMapping[]
  DeviceCgroupRules?: string[] | null
  DeviceRequests?: DeviceRequest[] | null
  KernelMemory?: number
  MemoryReservation?: number
  MemorySwap?: number
  MemorySwappiness?: number
  OomKillDisable?: boolean
  PidsLimit?: number
  Ulimits?: Ulimit[]
  CpuCount?: number
  CpuPercent?: number
  IOMaximumIOps?: number
  IOMaximumBandwidth?: number
  Mounts?: Mount[]
  MaskedPaths?: string[] | null
  ReadonlyPaths?: string[] | null
  Init?: boolean
}

/** POST /containers/create: the body. */
export interface ContainerCreateBody {
  Hostname?: string
  Domainname?: string
  User?: string
  AttachStdin?: boolean
  AttachStdout?: boolean
  AttachStderr?: boolean
  ExposedPorts?: Record<string, Record<string, never>>
  Tty?: boolean
  OpenStdin?: boolean
  StdinOnce?: boolean
  Env?: string[] | null
  Cmd?: string[] | null
  Healthcheck?: HealthConfig
  Image: string
  Volumes?: Record<string, Record<string, never>>
  WorkingDir?: string
  Entrypoint?: string[] | null
  MacAddress?: string
  OnBuild?: null
  Labels?: Record<string, string>
  StopSignal?: string
  StopTimeout?: number
  HostConfig?: CreateHostConfig
  NetworkingConfig?: {EndpointsConfig: Record<string, EndpointSettings>}
}
