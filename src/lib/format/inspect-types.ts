// The Go types docker 28.2.2 decodes inspect answers into (github.com/docker/docker/api/types
// v28.2.2 and the specs it embeds), as GoType schemas: templates run against these, so field
// order, Go field names (`ID` for the member `Id`), zero values of fields the engine did not send
// and omitempty tags are docker's. Swarm objects and plugins have no schema here and are read as
// structs in the order the engine sent their members.

import {
  arrayOf,
  embed,
  goAny,
  goBool,
  goDuration,
  goEmptyStruct,
  goInt,
  goInt64,
  goString,
  goTime,
  type GoType,
  goUint,
  goUint16,
  goUint32,
  goUint64,
  mapOf,
  OMIT,
  orderedStruct,
  ptrTo,
  sliceOf,
  structType,
} from './go-decode.js'

const strings = sliceOf(goString)
const stringMap = mapOf(goString)
const set = (name: string, key = 'string'): GoType => mapOf(goEmptyStruct, {key, name})
const rename = (json: string, omitEmpty = false): {json: string; omitEmpty: boolean} => ({json, omitEmpty})

// --- github.com/opencontainers/image-spec/specs-go/v1

const Platform = structType('v1.Platform', [
  ['Architecture', goString, rename('architecture')],
  ['OS', goString, rename('os')],
  ['OSVersion', goString, rename('os.version', true)],
  ['OSFeatures', strings, rename('os.features', true)],
  ['Variant', goString, rename('variant', true)],
])

const Descriptor = structType('v1.Descriptor', [
  ['MediaType', goString, rename('mediaType')],
  ['Digest', goString, rename('digest')],
  ['Size', goInt64, rename('size')],
  ['URLs', strings, rename('urls', true)],
  ['Annotations', stringMap, rename('annotations', true)],
  ['Data', goString, rename('data', true)],
  ['Platform', ptrTo(Platform), rename('platform', true)],
  ['ArtifactType', goString, rename('artifactType', true)],
])

// --- github.com/docker/go-connections/nat

const PortBinding = structType('nat.PortBinding', [
  ['HostIP', goString, rename('HostIp')],
  ['HostPort', goString],
])
const PortMap = mapOf(sliceOf(PortBinding), {key: 'nat.Port', name: 'nat.PortMap'})
const PortSet = set('nat.PortSet', 'nat.Port')

// --- api/types/container, mount, network, storage, blkiodev, go-units

const HealthConfig = structType('v1.HealthcheckConfig', [
  ['Test', strings, OMIT],
  ['Interval', goDuration, OMIT],
  ['Timeout', goDuration, OMIT],
  ['StartPeriod', goDuration, OMIT],
  ['StartInterval', goDuration, OMIT],
  ['Retries', goInt, OMIT],
])

const HealthcheckResult = structType('container.HealthcheckResult', [
  ['Start', goTime],
  ['End', goTime],
  ['ExitCode', goInt],
  ['Output', goString],
])

const Health = structType('container.Health', [
  ['Status', goString],
  ['FailingStreak', goInt],
  ['Log', sliceOf(ptrTo(HealthcheckResult))],
])

const State = structType('container.State', [
  ['Status', goString],
  ['Running', goBool],
  ['Paused', goBool],
  ['Restarting', goBool],
  ['OOMKilled', goBool],
  ['Dead', goBool],
  ['Pid', goInt],
  ['ExitCode', goInt],
  ['Error', goString],
  ['StartedAt', goString],
  ['FinishedAt', goString],
  ['Health', ptrTo(Health), OMIT],
])

const DriverData = structType('storage.DriverData', [
  ['Data', stringMap],
  ['Name', goString],
])

const MountDriver = structType('mount.Driver', [
  ['Name', goString, OMIT],
  ['Options', stringMap, OMIT],
])

const Mount = structType('mount.Mount', [
  ['Type', goString, OMIT],
  ['Source', goString, OMIT],
  ['Target', goString, OMIT],
  ['ReadOnly', goBool, OMIT],
  ['Consistency', goString, OMIT],
  [
    'BindOptions',
    ptrTo(
      structType('mount.BindOptions', [
        ['Propagation', goString, OMIT],
        ['NonRecursive', goBool, OMIT],
        ['CreateMountpoint', goBool, OMIT],
        ['ReadOnlyNonRecursive', goBool, OMIT],
        ['ReadOnlyForceRecursive', goBool, OMIT],
      ]),
    ),
    OMIT,
  ],
  [
    'VolumeOptions',
    ptrTo(
      structType('mount.VolumeOptions', [
        ['NoCopy', goBool, OMIT],
        ['Labels', stringMap, OMIT],
        ['Subpath', goString, OMIT],
        ['DriverConfig', ptrTo(MountDriver), OMIT],
      ]),
    ),
    OMIT,
  ],
  ['ImageOptions', ptrTo(structType('mount.ImageOptions', [['Subpath', goString, OMIT]])), OMIT],
  [
    'TmpfsOptions',
    ptrTo(
      structType('mount.TmpfsOptions', [
        ['SizeBytes', goInt64, OMIT],
        ['Mode', goUint32, OMIT],
        ['Options', sliceOf(strings), OMIT],
      ]),
    ),
    OMIT,
  ],
  ['ClusterOptions', ptrTo(structType('mount.ClusterOptions', [])), OMIT],
])

const MountPoint = structType('container.MountPoint', [
  ['Type', goString, OMIT],
  ['Name', goString, OMIT],
  ['Source', goString],
  ['Destination', goString],
  ['Driver', goString, OMIT],
  ['Mode', goString],
  ['RW', goBool],
  ['Propagation', goString],
])

const deviceString = (field: string) =>
  function (this: Record<string, unknown>): string {
    return `${String(this.Path)}:${String(this[field])}`
  }
const WeightDevice = structType('blkiodev.WeightDevice', [['Path', goString], ['Weight', goUint16]], {String: deviceString('Weight')})
const ThrottleDevice = structType('blkiodev.ThrottleDevice', [['Path', goString], ['Rate', goUint64]], {String: deviceString('Rate')})

const Ulimit = structType('units.Ulimit', [
  ['Name', goString],
  ['Hard', goInt64],
  ['Soft', goInt64],
])

const Resources = structType('container.Resources', [
  ['CPUShares', goInt64, rename('CpuShares')],
  ['Memory', goInt64],
  ['NanoCPUs', goInt64, rename('NanoCpus')],
  ['CgroupParent', goString],
  ['BlkioWeight', goUint16],
  ['BlkioWeightDevice', sliceOf(ptrTo(WeightDevice))],
  ['BlkioDeviceReadBps', sliceOf(ptrTo(ThrottleDevice))],
  ['BlkioDeviceWriteBps', sliceOf(ptrTo(ThrottleDevice))],
  ['BlkioDeviceReadIOps', sliceOf(ptrTo(ThrottleDevice))],
  ['BlkioDeviceWriteIOps', sliceOf(ptrTo(ThrottleDevice))],
  ['CPUPeriod', goInt64, rename('CpuPeriod')],
  ['CPUQuota', goInt64, rename('CpuQuota')],
  ['CPURealtimePeriod', goInt64, rename('CpuRealtimePeriod')],
  ['CPURealtimeRuntime', goInt64, rename('CpuRealtimeRuntime')],
  ['CpusetCpus', goString],
  ['CpusetMems', goString],
  [
    'Devices',
    sliceOf(
      structType('container.DeviceMapping', [
        ['PathOnHost', goString],
        ['PathInContainer', goString],
        ['CgroupPermissions', goString],
      ]),
    ),
  ],
  ['DeviceCgroupRules', strings],
  [
    'DeviceRequests',
    sliceOf(
      structType('container.DeviceRequest', [
        ['Driver', goString],
        ['Count', goInt],
        ['DeviceIDs', strings],
        ['Capabilities', sliceOf(strings)],
        ['Options', stringMap],
      ]),
    ),
  ],
  ['KernelMemory', goInt64, OMIT],
  ['KernelMemoryTCP', goInt64, OMIT],
  ['MemoryReservation', goInt64],
  ['MemorySwap', goInt64],
  ['MemorySwappiness', ptrTo(goInt64)],
  ['OomKillDisable', ptrTo(goBool)],
  ['PidsLimit', ptrTo(goInt64)],
  ['Ulimits', sliceOf(ptrTo(Ulimit))],
  ['CPUCount', goInt64, rename('CpuCount')],
  ['CPUPercent', goInt64, rename('CpuPercent')],
  ['IOMaximumIOps', goUint64],
  ['IOMaximumBandwidth', goUint64],
])

const HostConfig = structType('container.HostConfig', [
  ['Binds', strings],
  ['ContainerIDFile', goString],
  ['LogConfig', structType('container.LogConfig', [['Type', goString], ['Config', stringMap]])],
  ['NetworkMode', goString],
  ['PortBindings', PortMap],
  ['RestartPolicy', structType('container.RestartPolicy', [['Name', goString], ['MaximumRetryCount', goInt]])],
  ['AutoRemove', goBool],
  ['VolumeDriver', goString],
  ['VolumesFrom', strings],
  ['ConsoleSize', arrayOf(goUint, 2)],
  ['Annotations', stringMap, OMIT],
  ['CapAdd', strings],
  ['CapDrop', strings],
  ['CgroupnsMode', goString],
  ['DNS', strings, rename('Dns')],
  ['DNSOptions', strings, rename('DnsOptions')],
  ['DNSSearch', strings, rename('DnsSearch')],
  ['ExtraHosts', strings],
  ['GroupAdd', strings],
  ['IpcMode', goString],
  ['Cgroup', goString],
  ['Links', strings],
  ['OomScoreAdj', goInt],
  ['PidMode', goString],
  ['Privileged', goBool],
  ['PublishAllPorts', goBool],
  ['ReadonlyRootfs', goBool],
  ['SecurityOpt', strings],
  ['StorageOpt', stringMap, OMIT],
  ['Tmpfs', stringMap, OMIT],
  ['UTSMode', goString],
  ['UsernsMode', goString],
  ['ShmSize', goInt64],
  ['Sysctls', stringMap, OMIT],
  ['Runtime', goString, OMIT],
  ['Isolation', goString],
  embed(Resources),
  ['Mounts', sliceOf(Mount), OMIT],
  ['MaskedPaths', strings],
  ['ReadonlyPaths', strings],
  ['Init', ptrTo(goBool), OMIT],
])

const ContainerConfig = structType('container.Config', [
  ['Hostname', goString],
  ['Domainname', goString],
  ['User', goString],
  ['AttachStdin', goBool],
  ['AttachStdout', goBool],
  ['AttachStderr', goBool],
  ['ExposedPorts', PortSet, OMIT],
  ['Tty', goBool],
  ['OpenStdin', goBool],
  ['StdinOnce', goBool],
  ['Env', strings],
  // strslice.StrSlice: typed as []string so that `join .Config.Cmd " "` works as in Go.
  ['Cmd', strings],
  ['Healthcheck', ptrTo(HealthConfig), OMIT],
  ['ArgsEscaped', goBool, OMIT],
  ['Image', goString],
  ['Volumes', mapOf(goEmptyStruct)],
  ['WorkingDir', goString],
  ['Entrypoint', strings],
  ['NetworkDisabled', goBool, OMIT],
  ['MacAddress', goString, OMIT],
  ['OnBuild', strings],
  ['Labels', stringMap],
  ['StopSignal', goString, OMIT],
  ['StopTimeout', ptrTo(goInt), OMIT],
  ['Shell', strings, OMIT],
])

const Address = structType('network.Address', [
  ['Addr', goString],
  ['PrefixLen', goInt],
])

const EndpointSettings = structType('network.EndpointSettings', [
  [
    'IPAMConfig',
    ptrTo(
      structType('network.EndpointIPAMConfig', [
        ['IPv4Address', goString, OMIT],
        ['IPv6Address', goString, OMIT],
        ['LinkLocalIPs', strings, OMIT],
      ]),
    ),
  ],
  ['Links', strings],
  ['Aliases', strings],
  ['MacAddress', goString],
  ['DriverOpts', stringMap],
  ['GwPriority', goInt],
  ['NetworkID', goString],
  ['EndpointID', goString],
  ['Gateway', goString],
  ['IPAddress', goString],
  ['IPPrefixLen', goInt],
  ['IPv6Gateway', goString],
  ['GlobalIPv6Address', goString],
  ['GlobalIPv6PrefixLen', goInt],
  ['DNSNames', strings],
])

const NetworkSettingsBase = structType('container.NetworkSettingsBase', [
  ['Bridge', goString],
  ['SandboxID', goString],
  ['SandboxKey', goString],
  ['Ports', PortMap],
  ['HairpinMode', goBool],
  ['LinkLocalIPv6Address', goString],
  ['LinkLocalIPv6PrefixLen', goInt],
  ['SecondaryIPAddresses', sliceOf(Address)],
  ['SecondaryIPv6Addresses', sliceOf(Address)],
])

const DefaultNetworkSettings = structType('container.DefaultNetworkSettings', [
  ['EndpointID', goString],
  ['Gateway', goString],
  ['GlobalIPv6Address', goString],
  ['GlobalIPv6PrefixLen', goInt],
  ['IPAddress', goString],
  ['IPPrefixLen', goInt],
  ['IPv6Gateway', goString],
  ['MacAddress', goString],
])

const NetworkSettings = structType('container.NetworkSettings', [
  embed(NetworkSettingsBase),
  embed(DefaultNetworkSettings),
  ['Networks', mapOf(ptrTo(EndpointSettings))],
])

const ContainerJSONBase = structType('container.ContainerJSONBase', [
  ['ID', goString, rename('Id')],
  ['Created', goString],
  ['Path', goString],
  ['Args', strings],
  ['State', ptrTo(State)],
  ['Image', goString],
  ['ResolvConfPath', goString],
  ['HostnamePath', goString],
  ['HostsPath', goString],
  ['LogPath', goString],
  ['Name', goString],
  ['RestartCount', goInt],
  ['Driver', goString],
  ['Platform', goString],
  ['MountLabel', goString],
  ['ProcessLabel', goString],
  ['AppArmorProfile', goString],
  ['ExecIDs', strings],
  ['HostConfig', ptrTo(HostConfig)],
  ['GraphDriver', DriverData],
  ['SizeRw', ptrTo(goInt64), OMIT],
  ['SizeRootFs', ptrTo(goInt64), OMIT],
])

/** container.InspectResponse */
export const ContainerInspectType = structType('container.InspectResponse', [
  embed(ptrTo(ContainerJSONBase)),
  ['Mounts', sliceOf(MountPoint)],
  ['Config', ptrTo(ContainerConfig)],
  ['NetworkSettings', ptrTo(NetworkSettings)],
  ['ImageManifestDescriptor', ptrTo(Descriptor), OMIT],
])

// --- api/types/image and github.com/moby/docker-image-spec

const ImageConfig = structType('v1.ImageConfig', [
  ['User', goString, OMIT],
  ['ExposedPorts', set('map[string]struct {}'), OMIT],
  ['Env', strings, OMIT],
  ['Entrypoint', strings, OMIT],
  ['Cmd', strings, OMIT],
  ['Volumes', set('map[string]struct {}'), OMIT],
  ['WorkingDir', goString, OMIT],
  ['Labels', stringMap, OMIT],
  ['StopSignal', goString, OMIT],
  ['ArgsEscaped', goBool, OMIT],
])

const DockerOCIImageConfigExt = structType('v1.DockerOCIImageConfigExt', [
  ['Healthcheck', ptrTo(HealthConfig), OMIT],
  ['OnBuild', strings, OMIT],
  ['Shell', strings, OMIT],
])

const DockerOCIImageConfig = structType('v1.DockerOCIImageConfig', [embed(ImageConfig), embed(DockerOCIImageConfigExt)])

/** image.InspectResponse */
export const ImageInspectType = structType('image.InspectResponse', [
  ['ID', goString, rename('Id')],
  ['RepoTags', strings],
  ['RepoDigests', strings],
  ['Parent', goString],
  ['Comment', goString],
  ['Created', goString, OMIT],
  ['Container', goString, OMIT],
  ['ContainerConfig', ptrTo(ContainerConfig), OMIT],
  ['DockerVersion', goString],
  ['Author', goString],
  ['Config', ptrTo(DockerOCIImageConfig)],
  ['Architecture', goString],
  ['Variant', goString, OMIT],
  ['Os', goString],
  ['OsVersion', goString, OMIT],
  ['Size', goInt64],
  ['VirtualSize', goInt64, OMIT],
  ['GraphDriver', DriverData],
  ['RootFS', structType('image.RootFS', [['Type', goString, OMIT], ['Layers', strings, OMIT]])],
  ['Metadata', structType('image.Metadata', [['LastTagTime', goTime, OMIT]])],
  ['Descriptor', ptrTo(Descriptor), OMIT],
  ['Manifests', sliceOf(goAny, '[]image.ManifestSummary'), OMIT],
])

// --- api/types/network

/** network.Inspect */
export const NetworkInspectType = structType('network.Inspect', [
  ['Name', goString],
  ['ID', goString, rename('Id')],
  ['Created', goTime],
  ['Scope', goString],
  ['Driver', goString],
  ['EnableIPv4', goBool],
  ['EnableIPv6', goBool],
  [
    'IPAM',
    structType('network.IPAM', [
      ['Driver', goString],
      ['Options', stringMap],
      [
        'Config',
        sliceOf(
          structType('network.IPAMConfig', [
            ['Subnet', goString, OMIT],
            ['IPRange', goString, OMIT],
            ['Gateway', goString, OMIT],
            ['AuxAddress', stringMap, rename('AuxiliaryAddresses', true)],
          ]),
        ),
      ],
    ]),
  ],
  ['Internal', goBool],
  ['Attachable', goBool],
  ['Ingress', goBool],
  ['ConfigFrom', structType('network.ConfigReference', [['Network', goString]])],
  ['ConfigOnly', goBool],
  [
    'Containers',
    mapOf(
      structType('network.EndpointResource', [
        ['Name', goString],
        ['EndpointID', goString],
        ['MacAddress', goString],
        ['IPv4Address', goString],
        ['IPv6Address', goString],
      ]),
    ),
  ],
  ['Options', stringMap],
  ['Labels', stringMap],
  ['Peers', sliceOf(structType('network.PeerInfo', [['Name', goString], ['IP', goString]])), OMIT],
  [
    'Services',
    mapOf(
      structType('network.ServiceInfo', [
        ['VIP', goString],
        ['Ports', strings],
        ['LocalLBIndex', goInt],
        [
          'Tasks',
          sliceOf(
            structType('network.Task', [
              ['Name', goString],
              ['EndpointID', goString],
              ['EndpointIP', goString],
              ['Info', stringMap],
            ]),
          ),
        ],
      ]),
    ),
    OMIT,
  ],
])

// --- api/types/volume

/** volume.Volume */
export const VolumeInspectType = structType('volume.Volume', [
  ['ClusterVolume', goAny, OMIT],
  ['CreatedAt', goString, OMIT],
  ['Driver', goString],
  ['Labels', stringMap],
  ['Mountpoint', goString],
  ['Name', goString],
  ['Options', stringMap],
  ['Scope', goString],
  ['Status', mapOf(goAny), OMIT],
  ['UsageData', ptrTo(structType('volume.UsageData', [['RefCount', goInt64], ['Size', goInt64]])), OMIT],
])

// --- objects read in the order sent

export const PluginInspectType = orderedStruct('types.Plugin')
export const ServiceInspectType = orderedStruct('swarm.Service')
export const TaskInspectType = orderedStruct('swarm.Task')
export const NodeInspectType = orderedStruct('swarm.Node')
export const SecretInspectType = orderedStruct('swarm.Secret')
export const ConfigInspectType = orderedStruct('swarm.Config')
