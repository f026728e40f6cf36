// Expectations recorded from the real docker CLI 28.2.2: `docker -H unix://<fake> run …` against a
// fake engine that answered /_ping and recorded the POST /containers/create body (API 1.41 unless
// a case says 1.49). Cases that docker randomises (Go map order of -v binds and -e values) use our
// deterministic order: the order the flags were given.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {parseArgv} from '../../../src/lib/cli/argv.js'
import {CliError, FlagError} from '../../../src/lib/cli/errors.js'
import {CreateRequestError} from '../../../src/lib/container/create-request.js'
import {runFailureExitCode} from '../../../src/lib/container/exit-status.js'
import {
  adaptCreateBody,
  buildCreateRequest,
  type ContainerCreateBody,
  type CreateRequestOptions,
  parsePlatform,
  parsePortSpec,
  parseVolumeSpec,
  readEnvList,
  resolveCreatePlatform,
} from '../../../src/lib/container/create-options.js'
import {readCsvRecord} from '../../../src/lib/go/csv.js'
import {parseGoDuration} from '../../../src/lib/go/duration.js'
import {formatGoIP, parseGoIP} from '../../../src/lib/go/net-ip.js'
import {goParseFloat} from '../../../src/lib/go/strconv.js'
import {ramInBytes} from '../../../src/lib/go/units.js'
import {
  CREATE_FLAGS,
  EXEC_FLAG_REQUIREMENTS,
  EXEC_FLAGS,
  parseNanoCpus,
  RUN_FLAG_REQUIREMENTS,
  RUN_FLAGS,
  unsupportedFlagsError,
} from '../../../src/lib/container/run-flags.js'

const ROOT = mkdtempSync(path.join(os.tmpdir(), 'whalectl-create-'))
const CWD = path.join(ROOT, 'wd')
const PARENT = ROOT
mkdirSync(path.join(CWD, 'sub'), {recursive: true})
mkdirSync(path.join(CWD, 'envdir'))
const fixture = (name: string, content: string | Buffer) => writeFileSync(path.join(CWD, name), content)
fixture('env1', Buffer.from('\ufeffFILEVAR=fromfile\n  # comment\n\nSPACED=x y \nINHERIT\nEMPTY=\nNOTSET\n'))
fixture('envdup', 'A=1\nA=2\n')
fixture('envbad', 'A B=1\n')
fixture('labels1', 'lab1=v1\nBARE\n  lab2 = x\n')
fixture('labels2', 'lab1=v1\nBARE\nlab2=x\r\n')
fixture('badutf', Buffer.from([0x41, 0x3d, 0xff, 0x0a]))
fixture('sec.json', '{ "defaultAction": "SCMP_ACT_ERRNO",\n  "syscalls": [ {"names": ["read"], "action": "SCMP_ACT_ALLOW", "x": 1.0e1} ] }\n')
afterAll(() => rmSync(ROOT, {force: true, recursive: true}))

const DOCKER_RUN_HELP_NAMES = ['add-host', 'annotation', 'attach', 'blkio-weight', 'blkio-weight-device', 'cap-add', 'cap-drop', 'cgroup-parent', 'cgroupns', 'cidfile', 'cpu-count', 'cpu-percent', 'cpu-period', 'cpu-quota', 'cpu-rt-period', 'cpu-rt-runtime', 'cpu-shares', 'cpus', 'cpuset-cpus', 'cpuset-mems', 'detach', 'detach-keys', 'device', 'device-cgroup-rule', 'device-read-bps', 'device-read-iops', 'device-write-bps', 'device-write-iops', 'disable-content-trust', 'dns', 'dns-option', 'dns-search', 'domainname', 'entrypoint', 'env', 'env-file', 'expose', 'gpus', 'group-add', 'health-cmd', 'health-interval', 'health-retries', 'health-start-interval', 'health-start-period', 'health-timeout', 'hostname', 'init', 'interactive', 'io-maxbandwidth', 'io-maxiops', 'ip', 'ip6', 'ipc', 'isolation', 'kernel-memory', 'label', 'label-file', 'link', 'link-local-ip', 'log-driver', 'log-opt', 'mac-address', 'memory', 'memory-reservation', 'memory-swap', 'memory-swappiness', 'mount', 'name', 'network', 'network-alias', 'no-healthcheck', 'oom-kill-disable', 'oom-score-adj', 'pid', 'pids-limit', 'platform', 'privileged', 'publish', 'publish-all', 'pull', 'quiet', 'read-only', 'restart', 'rm', 'runtime', 'security-opt', 'shm-size', 'sig-proxy', 'stop-signal', 'stop-timeout', 'storage-opt', 'sysctl', 'tmpfs', 'tty', 'ulimit', 'use-api-socket', 'user', 'userns', 'uts', 'volume', 'volume-driver', 'volumes-from', 'workdir']

const ENV = {HOME: '/home/u', HOSTVAR: 'hv', INHERIT: 'inh'}
const LINUX_AMD64 = {arch: 'amd64', os: 'linux'}

function build(args: string[], opts: Partial<CreateRequestOptions> = {}, env: NodeJS.ProcessEnv = ENV) {
  const p = parseArgv(args, RUN_FLAGS, {interspersed: false})
  return buildCreateRequest(p.flags, p.changed, p.args, env, {cwd: CWD, ...opts})
}

/** What `docker run` sends (or refuses) for an argv, through every step this module owns. */
function createCall(args: string[], api = '1.41', opts: Partial<CreateRequestOptions> = {}) {
  const req = build(args, opts)
  const platform = resolveCreatePlatform(req.platform, api, LINUX_AMD64)
  const query = new URLSearchParams()
  if (req.name) query.set('name', req.name)
  if (platform) query.set('platform', platform)
  return {body: adaptCreateBody(req.body, api), query: query.toString(), req}
}

function errorOf(fn: () => unknown): CliError {
  try {
    fn()
  } catch (error) {
    if (error instanceof CliError) return error
    // The API client's refusals: run wraps them (toRunStatusError), and their words give 125.
    if (error instanceof CreateRequestError) return new CliError(error.message, runFailureExitCode(error.message))
    throw error
  }
  throw new Error('expected an error')
}

// `docker run busybox`, byte for byte (Go's field order).
const DOCKER_BASE = `{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":null,"Image":"busybox","Volumes":{},"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{},"HostConfig":{"Binds":null,"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","PortBindings":{},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[0,0],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":0,"Ulimits":[],"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":null,"ReadonlyPaths":null},"NetworkingConfig":{"EndpointsConfig":{"default":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}}`

const ABSENT = Symbol('absent')

/** The base body with some fields replaced: `HostConfig.Memory`, `NetworkingConfig.EndpointsConfig.default`... */
function expectedBody(fields: Record<string, unknown>): ContainerCreateBody {
  const body = JSON.parse(DOCKER_BASE) as Record<string, unknown>
  for (const [key, value] of Object.entries(fields)) {
    const parts = key.split('.')
    let target = body
    for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>
    const last = parts.at(-1) as string
    if (value === ABSENT) delete target[last]
    else target[last] = value
  }
  return body as unknown as ContainerCreateBody
}

interface BodyCase {
  args: string[]
  api: string
  query?: string
  fields: Record<string, unknown>
}

// Every case: the fields in which docker's body differed from DOCKER_BASE.
const BODY_CASES: BodyCase[] = [
  {args: ["-i","busybox"], api: '1.41', fields: {"AttachStdin":true,"OpenStdin":true,"StdinOnce":true}},
  {args: ["-d","busybox"], api: '1.41', fields: {"AttachStdout":false,"AttachStderr":false}},
  {args: ["-t","busybox"], api: '1.41', fields: {"Tty":true}},
  {args: ["-a","stdin","-a","STDOUT","busybox"], api: '1.41', fields: {"AttachStdin":true,"AttachStderr":false}},
  {args: ["--env-file","env1","-e","A=1","-e","HOSTVAR","-e","NOTSET2","-e","A=2","busybox"], api: '1.41', fields: {"Env":["FILEVAR=fromfile","SPACED=x y ","INHERIT=inh","EMPTY=","A=2","HOSTVAR=hv","NOTSET2"]}},
  {args: ["--env-file","envdup","-e","A=3","-e","A","busybox"], api: '1.41', fields: {"Env":["A=1","A=2","A"]}},
  {args: ["-l","b","-l","a=1","-l","a=2","busybox"], api: '1.41', fields: {"Labels":{"a":"2","b":""}}},
  {args: ["--label-file","labels2","busybox"], api: '1.41', fields: {"Labels":{"lab1":"v1","lab2":"x"}}},
  {args: ["-v","./sub/../x:/y","-v",".:/z","-v","..:/w","busybox"], api: '1.41', fields: {"HostConfig.Binds":[`${CWD}/x:/y`,`${CWD}:/z`,`${PARENT}:/w`]}},
  {args: ["-v","c:/x","busybox"], api: '1.41', fields: {"Volumes":{"c:/x":{}}}},
  {args: ["-v","a:","busybox"], api: '1.41', fields: {"Volumes":{"a:":{}}}},
  {args: ["-v","/a:/b:ro,z,rshared,nocopy,bogus","busybox"], api: '1.41', fields: {"HostConfig.Binds":["/a:/b:ro,z,rshared,nocopy,bogus"]}},
  {args: ["--tmpfs","/run:rw,size=64m","--tmpfs","/tmp","busybox"], api: '1.41', fields: {"HostConfig.Tmpfs":{"/run":"rw,size=64m","/tmp":""}}},
  {args: ["--tmpfs","/a:x","--tmpfs","/a:y","busybox"], api: '1.41', fields: {"HostConfig.Tmpfs":{"/a":"y"}}},
  {args: ["--mount","type=bind,src=./sub,dst=/m,readonly,bind-propagation=rshared","--mount","type=volume,source=v1,target=/v,volume-opt=type=nfs,volume-label=a=b,volume-nocopy","--mount","type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770","busybox"], api: '1.41', fields: {"HostConfig.Mounts":[{"Type":"bind","Source":`${CWD}/sub`,"Target":"/m","ReadOnly":true,"BindOptions":{"Propagation":"rshared"}},{"Type":"volume","Source":"v1","Target":"/v","VolumeOptions":{"NoCopy":true,"Labels":{"a":"b"},"DriverConfig":{"Options":{"type":"nfs"}}}},{"Type":"tmpfs","Target":"/t","TmpfsOptions":{"SizeBytes":1048576,"Mode":1016}}]}},
  {args: ["--mount","type=volume,dst=/x,volume-nocopy","busybox"], api: '1.41', fields: {"HostConfig.Mounts":[{"Type":"volume","Target":"/x","VolumeOptions":{"NoCopy":true,"DriverConfig":{}}}]}},
  {args: ["--mount","dst=/x,TYPE=BIND,Src=/h","busybox"], api: '1.41', fields: {"HostConfig.Mounts":[{"Type":"bind","Source":"/h","Target":"/x"}]}},
  {args: ["-p","80","-p","8080:80","-p","127.0.0.1:8081:80/udp","-p","[::1]:53:53/udp","-p","8000-8002:9000-9002","-p","7000-7010:70","-p","127.0.0.1::443","-p","published=9999,target=99,protocol=SCTP","busybox"], api: '1.41', fields: {"HostConfig.PortBindings":{"443/tcp":[{"HostIp":"127.0.0.1","HostPort":""}],"53/udp":[{"HostIp":"::1","HostPort":"53"}],"70/tcp":[{"HostIp":"","HostPort":"7000-7010"}],"80/tcp":[{"HostIp":"","HostPort":""},{"HostIp":"","HostPort":"8080"}],"80/udp":[{"HostIp":"127.0.0.1","HostPort":"8081"}],"9000/tcp":[{"HostIp":"","HostPort":"8000"}],"9001/tcp":[{"HostIp":"","HostPort":"8001"}],"9002/tcp":[{"HostIp":"","HostPort":"8002"}],"99/sctp":[{"HostIp":"","HostPort":"9999"}]},"ExposedPorts":{"443/tcp":{},"53/udp":{},"70/tcp":{},"80/tcp":{},"80/udp":{},"9000/tcp":{},"9001/tcp":{},"9002/tcp":{},"99/sctp":{}}}},
  {args: ["-p","80:80","-p","80:80","-p","0.0.0.0:81:81","-p",":82","-p","8080-8081:83","-p","84:84/TCP","busybox"], api: '1.41', fields: {"HostConfig.PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"80"},{"HostIp":"","HostPort":"80"}],"81/tcp":[{"HostIp":"0.0.0.0","HostPort":"81"}],"82/tcp":[{"HostIp":"","HostPort":""}],"83/tcp":[{"HostIp":"","HostPort":"8080-8081"}],"84/tcp":[{"HostIp":"","HostPort":"84"}]},"ExposedPorts":{"80/tcp":{},"81/tcp":{},"82/tcp":{},"83/tcp":{},"84/tcp":{}}}},
  {args: ["--expose","80","--expose","90-92/udp","-p","80:80","busybox"], api: '1.41', fields: {"HostConfig.PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"80"}]},"ExposedPorts":{"80/tcp":{},"90/udp":{},"91/udp":{},"92/udp":{}}}},
  {args: ["--expose","80/tcp","--expose","80","--expose","81/TCP","busybox"], api: '1.41', fields: {"ExposedPorts":{"80/tcp":{},"81/TCP":{}}}},
  {args: ["-m","512m","--memory-reservation","1.5G","--memory-swap","-1","--shm-size","64MiB","--cpus","1.5","-c","512","--cpu-period","100000","--cpu-quota","50000","--cpuset-cpus","0-1","--cpuset-mems","0","--blkio-weight","300","--memory-swappiness","10","--oom-kill-disable","--oom-score-adj","-500","--pids-limit","100","--kernel-memory","4m","busybox"], api: '1.41', fields: {"HostConfig.OomScoreAdj":-500,"HostConfig.ShmSize":67108864,"HostConfig.CpuShares":512,"HostConfig.Memory":536870912,"HostConfig.NanoCpus":1500000000,"HostConfig.BlkioWeight":300,"HostConfig.CpuPeriod":100000,"HostConfig.CpuQuota":50000,"HostConfig.CpusetCpus":"0-1","HostConfig.CpusetMems":"0","HostConfig.MemoryReservation":1610612736,"HostConfig.MemorySwap":-1,"HostConfig.MemorySwappiness":10,"HostConfig.OomKillDisable":true,"HostConfig.PidsLimit":100,"HostConfig.KernelMemory":4194304}},
  {args: ["-m","1 GB","--memory-reservation","1KiB","--shm-size","1kb","--kernel-memory","10","busybox"], api: '1.41', fields: {"HostConfig.ShmSize":1024,"HostConfig.Memory":1073741824,"HostConfig.MemoryReservation":1024,"HostConfig.KernelMemory":10}},
  {args: ["--cpus","3/2","busybox"], api: '1.41', fields: {"HostConfig.NanoCpus":1500000000}},
  {args: ["--cpus","0x10","busybox"], api: '1.41', fields: {"HostConfig.NanoCpus":16000000000}},
  {args: ["--cpus","1e-3","busybox"], api: '1.41', fields: {"HostConfig.NanoCpus":1000000}},
  {args: ["--ulimit","nofile=1024:2048","--ulimit","nproc=10","--ulimit","core=-1","--ulimit","nofile=5","busybox"], api: '1.41', fields: {"HostConfig.Ulimits":[{"Name":"core","Hard":-1,"Soft":-1},{"Name":"nofile","Hard":5,"Soft":5},{"Name":"nproc","Hard":10,"Soft":10}]}},
  {args: ["--restart","on-failure:3","busybox"], api: '1.41', fields: {"HostConfig.RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3}}},
  {args: ["--restart","always:3","busybox"], api: '1.41', fields: {"HostConfig.RestartPolicy":{"Name":"always","MaximumRetryCount":3}}},
  {args: ["--restart","","busybox"], api: '1.41', fields: {"HostConfig.RestartPolicy":{"Name":"","MaximumRetryCount":0}}},
  {args: ["--restart","bogus","busybox"], api: '1.41', fields: {"HostConfig.RestartPolicy":{"Name":"bogus","MaximumRetryCount":0}}},
  {args: ["--add-host","a:1.2.3.4","--add-host","b=::1","--add-host","c:[::2]","--add-host","d:host-gateway","busybox"], api: '1.41', fields: {"HostConfig.ExtraHosts":["a:1.2.3.4","b:::1","c:::2","d:host-gateway"]}},
  {args: ["--dns"," 8.8.8.8","--dns","0:0:0:0:0:0:0:1","--dns","::ffff:1.2.3.4","--dns-search","example.com.","--dns-search",".","busybox"], api: '1.41', fields: {"HostConfig.Dns":["8.8.8.8","::1","1.2.3.4"],"HostConfig.DnsSearch":["example.com","."]}},
  {args: ["--dns","127.0.0.1","--dns","8.8.8.8","--dns-option","ndots:2","--dns-search","example.com","busybox"], api: '1.41', fields: {"HostConfig.Dns":["127.0.0.1","8.8.8.8"],"HostConfig.DnsOptions":["ndots:2"],"HostConfig.DnsSearch":["example.com"]}},
  {args: ["--cap-add","net_admin","--cap-add","CAP_SYS_ADMIN","--cap-add","net_admin","--cap-drop","all","--cap-drop","chown","busybox"], api: '1.41', fields: {"HostConfig.CapAdd":["CAP_NET_ADMIN","CAP_SYS_ADMIN"],"HostConfig.CapDrop":["ALL","CAP_CHOWN"]}},
  {args: ["--health-cmd","curl -f x","--health-interval","1m30s","--health-timeout","500ms","--health-retries","3","--health-start-period","1h","--health-start-interval","2s","busybox"], api: '1.49', fields: {"Healthcheck":{"Test":["CMD-SHELL","curl -f x"],"Interval":90000000000,"Timeout":500000000,"StartPeriod":3600000000000,"StartInterval":2000000000,"Retries":3}}},
  {args: ["--health-retries","2","busybox"], api: '1.49', fields: {"Healthcheck":{"Retries":2}}},
  {args: ["--no-healthcheck","busybox"], api: '1.41', fields: {"Healthcheck":{"Test":["NONE"]}}},
  {args: ["--health-cmd","","--health-timeout","0s","busybox"], api: '1.41', fields: {}},
  {args: ["--stop-timeout","5","--stop-signal","SIGKILL","--entrypoint","/bin/sh","-w","/w","-u","1000:1000","-h","host1","--domainname","d.example","busybox","-c","echo"], api: '1.41', fields: {"Hostname":"host1","Domainname":"d.example","User":"1000:1000","Cmd":["-c","echo"],"WorkingDir":"/w","Entrypoint":["/bin/sh"],"StopSignal":"SIGKILL","StopTimeout":5}},
  {args: ["--entrypoint=","busybox"], api: '1.41', fields: {"Entrypoint":[""]}},
  {args: ["--stop-timeout","0","busybox"], api: '1.41', fields: {"StopTimeout":0}},
  {args: ["--network","host","busybox"], api: '1.41', fields: {"HostConfig.NetworkMode":"host","NetworkingConfig.EndpointsConfig.default":ABSENT}},
  {args: ["--network","container:abc","busybox"], api: '1.41', fields: {"HostConfig.NetworkMode":"container:abc","NetworkingConfig.EndpointsConfig.default":ABSENT}},
  {args: ["--network","name=MyNet","busybox"], api: '1.41', fields: {"HostConfig.NetworkMode":"mynet","NetworkingConfig.EndpointsConfig.default":ABSENT}},
  {args: ["--net","mynet","--network-alias","a1","--ip","10.0.0.2","--ip6","2001:db8::33","--link","other:alias","busybox"], api: '1.41', fields: {"HostConfig.NetworkMode":"mynet","HostConfig.Links":["other:alias"],"NetworkingConfig.EndpointsConfig.default":ABSENT,"NetworkingConfig.EndpointsConfig.mynet":{"IPAMConfig":{"IPv4Address":"10.0.0.2","IPv6Address":"2001:db8::33"},"Links":["other:alias"],"Aliases":["a1"],"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}},
  {args: ["--network","name=n1,alias=x,driver-opt=k=v","--network","n2","busybox"], api: '1.41', fields: {"HostConfig.NetworkMode":"n1","NetworkingConfig.EndpointsConfig.default":ABSENT,"NetworkingConfig.EndpointsConfig.n1":{"IPAMConfig":null,"Links":null,"Aliases":["x"],"MacAddress":"","DriverOpts":{"k":"v"},"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null},"NetworkingConfig.EndpointsConfig.n2":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}},
  {args: ["--link","other:alias","busybox"], api: '1.41', fields: {"HostConfig.Links":["other:alias"]}},
  {args: ["--mac-address","92:d0:c6:0a:29:33","--kernel-memory","4m","busybox"], api: '1.49', fields: {"NetworkingConfig.EndpointsConfig.default":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"92:d0:c6:0a:29:33","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}},
  {args: ["--init","busybox"], api: '1.41', fields: {"HostConfig.Init":true}},
  {args: ["--init=false","--privileged","--read-only","-P","--rm","busybox"], api: '1.41', fields: {"HostConfig.AutoRemove":true,"HostConfig.Privileged":true,"HostConfig.PublishAllPorts":true,"HostConfig.ReadonlyRootfs":true,"HostConfig.Init":false}},
  {args: ["--log-driver","json-file","--log-opt","max-size=10m","--log-opt","max-file=3","busybox"], api: '1.41', fields: {"HostConfig.LogConfig":{"Type":"json-file","Config":{"max-file":"3","max-size":"10m"}}}},
  {args: ["--security-opt","seccomp=unconfined","--security-opt","no-new-privileges","--security-opt","label=disable","--security-opt","systempaths=unconfined","busybox"], api: '1.41', fields: {"HostConfig.SecurityOpt":["seccomp=unconfined","no-new-privileges","label=disable"],"HostConfig.MaskedPaths":[],"HostConfig.ReadonlyPaths":[]}},
  {args: ["--security-opt",`seccomp=${CWD}/sec.json`,"busybox"], api: '1.41', fields: {"HostConfig.SecurityOpt":["seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"x\":1.0e1}]}"]}},
  {args: ["--storage-opt","size=1G","busybox"], api: '1.41', fields: {"HostConfig.StorageOpt":{"size":"1G"}}},
  {args: ["--sysctl","net.ipv4.ip_forward=1","--sysctl","kernel.shmmax=1","busybox"], api: '1.41', fields: {"HostConfig.Sysctls":{"kernel.shmmax":"1","net.ipv4.ip_forward":"1"}}},
  {args: ["--ipc","host","--pid","host","--uts","host","--userns","host","--cgroupns","private","--cgroup-parent","/p","--isolation","default","--runtime","runc","busybox"], api: '1.41', fields: {"HostConfig.CgroupnsMode":"private","HostConfig.IpcMode":"host","HostConfig.PidMode":"host","HostConfig.UTSMode":"host","HostConfig.UsernsMode":"host","HostConfig.Isolation":"default","HostConfig.CgroupParent":"/p","HostConfig.Runtime":"runc"}},
  {args: ["--device","/dev/sda","--device","/dev/sdb:/dev/xvdb","--device","/dev/sdc:rw","--device","/dev/sdd:/dev/x:r","busybox"], api: '1.41', fields: {"HostConfig.Devices":[{"PathOnHost":"/dev/sda","PathInContainer":"/dev/sda","CgroupPermissions":"rwm"},{"PathOnHost":"/dev/sdb","PathInContainer":"/dev/xvdb","CgroupPermissions":"rwm"},{"PathOnHost":"/dev/sdc","PathInContainer":"/dev/sdc","CgroupPermissions":"rw"},{"PathOnHost":"/dev/sdd","PathInContainer":"/dev/x","CgroupPermissions":"r"}]}},
  {args: ["--device","vendor.com/class=name","busybox"], api: '1.41', fields: {"HostConfig.DeviceRequests":[{"Driver":"cdi","Count":0,"DeviceIDs":["vendor.com/class=name"],"Capabilities":null,"Options":null}]}},
  {args: ["--gpus","all","busybox"], api: '1.41', fields: {"HostConfig.DeviceRequests":[{"Driver":"","Count":-1,"DeviceIDs":null,"Capabilities":[["gpu"]],"Options":{}}]}},
  {args: ["--gpus","driver=nvidia,\"device=1,2\",capabilities=compute,options=a=b","busybox"], api: '1.41', fields: {"HostConfig.DeviceRequests":[{"Driver":"nvidia","Count":0,"DeviceIDs":["1","2"],"Capabilities":[["compute","gpu"]],"Options":{"a":"b"}}]}},
  {args: ["--gpus","1","busybox"], api: '1.41', fields: {"HostConfig.DeviceRequests":[{"Driver":"","Count":1,"DeviceIDs":null,"Capabilities":[["gpu"]],"Options":{}}]}},
  {args: ["--group-add","audio","--group-add","10","--volumes-from","c1:ro","--volume-driver","local","--cidfile","/tmp/cap/cidx","busybox"], api: '1.41', fields: {"HostConfig.ContainerIDFile":"/tmp/cap/cidx","HostConfig.VolumeDriver":"local","HostConfig.VolumesFrom":["c1:ro"],"HostConfig.GroupAdd":["audio","10"]}},
  {args: ["--annotation","a=b","--annotation","c","busybox"], api: '1.49', fields: {"HostConfig.Annotations":{"a":"b","c":""}}},
  {args: ["--blkio-weight-device","/dev/sda:200","--device-read-bps","/dev/sda:1mb","--device-write-iops","/dev/sda:100","--device-cgroup-rule","c 1:3 mr","busybox"], api: '1.41', fields: {"HostConfig.BlkioWeightDevice":[{"Path":"/dev/sda","Weight":200}],"HostConfig.BlkioDeviceReadBps":[{"Path":"/dev/sda","Rate":1048576}],"HostConfig.BlkioDeviceWriteIOps":[{"Path":"/dev/sda","Rate":100}],"HostConfig.DeviceCgroupRules":["c 1:3 mr"]}},
  {args: ["--platform","linux/arm64","--name","foo","busybox"], api: '1.41', query: "name=foo&platform=linux%2Farm64", fields: {}},
  {args: ["--platform","arm64","busybox"], api: '1.49', query: "platform=linux%2Farm64", fields: {}},
  {args: ["--platform","linux/arm64/v8","busybox"], api: '1.49', query: "platform=linux%2Farm64%2Fv8", fields: {}},
  {args: ["--platform","Linux/AMD64","busybox"], api: '1.49', query: "platform=linux%2Famd64", fields: {}},
  {args: ["--memory-swap","9223372036854775807","busybox"], api: '1.41', fields: {"HostConfig.MemorySwap":-9223372036854776000}},
  {args: ["--cpus","1_0","busybox"], api: '1.41', fields: {"HostConfig.NanoCpus":10000000000}},
  {args: ["-m","1_000","busybox"], api: '1.41', fields: {"HostConfig.Memory":1000}},
  {args: ["--mount","type=volume,dst=/b,volume-subpath=s,volume-label=x,volume-label==y","busybox"], api: '1.41', fields: {"HostConfig.Mounts":[{"Type":"volume","Target":"/b","VolumeOptions":{"Labels":{"x":""},"Subpath":"s","DriverConfig":{}}}]}},
  {args: ["--mount","\"type=bind\",\"src=/a,b\",dst=/c","busybox"], api: '1.41', fields: {"HostConfig.Mounts":[{"Type":"bind","Source":"/a,b","Target":"/c"}]}},
  {args: ["-p","published=80,target=90,mode=host","busybox"], api: '1.41', fields: {"HostConfig.PortBindings":{"90/tcp":[{"HostIp":"","HostPort":"80"}]},"ExposedPorts":{"90/tcp":{}}}},
  {args: ["-p","[::1]::80","busybox"], api: '1.41', fields: {"HostConfig.PortBindings":{"80/tcp":[{"HostIp":"::1","HostPort":""}]},"ExposedPorts":{"80/tcp":{}}}},
  {args: ["-e","A","-e","HOSTVAR=x","-e","HOSTVAR","busybox"], api: '1.41', fields: {"Env":["A","HOSTVAR=hv"]}},
  {args: ["-p","80","-P","--expose","90","busybox","echo","a"], api: '1.41', fields: {"Cmd":["echo","a"],"HostConfig.PortBindings":{"80/tcp":[{"HostIp":"","HostPort":""}]},"HostConfig.PublishAllPorts":true,"ExposedPorts":{"80/tcp":{},"90/tcp":{}}}},
]

// `invalid argument … flag: …` errors: pflag-time, exit 125 with the usage block.
const FLAG_ERRORS: Array<[string[], string]> = [
  [["-m", "1  GB", "busybox"], "invalid argument \"1  GB\" for \"-m, --memory\" flag: strconv.ParseFloat: parsing \"1 \": invalid syntax"],
  [["--ulimit", "nofile=10:5", "busybox"], "invalid argument \"nofile=10:5\" for \"--ulimit\" flag: ulimit soft limit must be less than or equal to hard limit: 10 > 5"],
  [["--ulimit", "nofile=-1:5", "busybox"], "invalid argument \"nofile=-1:5\" for \"--ulimit\" flag: ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: 5"],
  [["--ulimit", "nofile", "busybox"], "invalid argument \"nofile\" for \"--ulimit\" flag: invalid ulimit argument: nofile"],
  [["--ulimit", "nofile=1:2:3", "busybox"], "invalid argument \"nofile=1:2:3\" for \"--ulimit\" flag: too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`"],
  [["--gpus", "count=2,count=3", "busybox"], "invalid argument \"count=2,count=3\" for \"--gpus\" flag: gpu request key 'count' can be specified only once"],
  [["-e", "A=1", "-e", "=x", "busybox"], "invalid argument \"=x\" for \"-e, --env\" flag: invalid environment variable: =x"],
  [["--blkio-weight", "65536", "busybox"], "invalid argument \"65536\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"65536\": value out of range"],
  [["--blkio-weight", "+1", "busybox"], "invalid argument \"+1\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"+1\": invalid syntax"],
  [["--blkio-weight", "", "busybox"], "invalid argument \"\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"\": invalid syntax"],
  [["--blkio-weight", "1.0", "busybox"], "invalid argument \"1.0\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"1.0\": invalid syntax"],
  [["--blkio-weight", " 1", "busybox"], "invalid argument \" 1\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \" 1\": invalid syntax"],
  [["-m", "1kibb", "busybox"], "invalid argument \"1kibb\" for \"-m, --memory\" flag: invalid suffix: 'kibb'"],
  [["-m", "1e", "busybox"], "invalid argument \"1e\" for \"-m, --memory\" flag: invalid suffix: 'e'"],
  [["-m", "0x10", "busybox"], "invalid argument \"0x10\" for \"-m, --memory\" flag: strconv.ParseFloat: parsing \"0x10\": invalid syntax"],
  [["-m", " 1", "busybox"], "invalid argument \" 1\" for \"-m, --memory\" flag: strconv.ParseFloat: parsing \" 1\": invalid syntax"],
  [["-m", "1x", "busybox"], "invalid argument \"1x\" for \"-m, --memory\" flag: invalid suffix: 'x'"],
  [["-m", "k", "busybox"], "invalid argument \"k\" for \"-m, --memory\" flag: invalid size: 'k'"],
  [["-m", "1.2.3", "busybox"], "invalid argument \"1.2.3\" for \"-m, --memory\" flag: strconv.ParseFloat: parsing \"1.2.3\": invalid syntax"],
  [["-m", "1e400", "busybox"], "invalid argument \"1e400\" for \"-m, --memory\" flag: strconv.ParseFloat: parsing \"1e400\": value out of range"],
  [["-m", "", "busybox"], "invalid argument \"\" for \"-m, --memory\" flag: invalid size: ''"],
  [["--health-interval", "1", "busybox"], "invalid argument \"1\" for \"--health-interval\" flag: time: missing unit in duration \"1\""],
  [["--health-interval", "-1", "busybox"], "invalid argument \"-1\" for \"--health-interval\" flag: time: missing unit in duration \"-1\""],
  [["--health-interval", "1s1", "busybox"], "invalid argument \"1s1\" for \"--health-interval\" flag: time: missing unit in duration \"1s1\""],
  [["--health-interval", "s", "busybox"], "invalid argument \"s\" for \"--health-interval\" flag: time: invalid duration \"s\""],
  [["--health-interval", ".s", "busybox"], "invalid argument \".s\" for \"--health-interval\" flag: time: invalid duration \".s\""],
  [["--health-interval", "-", "busybox"], "invalid argument \"-\" for \"--health-interval\" flag: time: invalid duration \"-\""],
  [["--health-interval", "1.0.0s", "busybox"], "invalid argument \"1.0.0s\" for \"--health-interval\" flag: time: missing unit in duration \"1.0.0s\""],
  [["--health-interval", "9223372036854775808ns", "busybox"], "invalid argument \"9223372036854775808ns\" for \"--health-interval\" flag: time: invalid duration \"9223372036854775808ns\""],
  [["--health-interval", "2562048h", "busybox"], "invalid argument \"2562048h\" for \"--health-interval\" flag: time: invalid duration \"2562048h\""],
  [["--health-interval", "1d", "busybox"], "invalid argument \"1d\" for \"--health-interval\" flag: time: unknown unit \"d\" in duration \"1d\""],
  [["--cpus", "1/3", "busybox"], "invalid argument \"1/3\" for \"--cpus\" flag: value is too precise"],
  [["--cpus", "1/0", "busybox"], "invalid argument \"1/0\" for \"--cpus\" flag: failed to parse 1/0 as a rational number"],
  [["--cpus", "1e-10", "busybox"], "invalid argument \"1e-10\" for \"--cpus\" flag: value is too precise"],
  [["--cpus", "abc", "busybox"], "invalid argument \"abc\" for \"--cpus\" flag: failed to parse abc as a rational number"],
  [["--cpus", "", "busybox"], "invalid argument \"\" for \"--cpus\" flag: failed to parse  as a rational number"],
  [["--add-host", "a:01.2.3.4", "busybox"], "invalid argument \"a:01.2.3.4\" for \"--add-host\" flag: invalid IP address in add-host: \"01.2.3.4\""],
  [["--add-host", "a:fe80::1%eth0", "busybox"], "invalid argument \"a:fe80::1%eth0\" for \"--add-host\" flag: invalid IP address in add-host: \"fe80::1%eth0\""],
  [["--add-host", "a:1::2::3", "busybox"], "invalid argument \"a:1::2::3\" for \"--add-host\" flag: invalid IP address in add-host: \"1::2::3\""],
  [["--add-host", "a:1:2:3:4:5:6:7:1.2.3.4", "busybox"], "invalid argument \"a:1:2:3:4:5:6:7:1.2.3.4\" for \"--add-host\" flag: invalid IP address in add-host: \"1:2:3:4:5:6:7:1.2.3.4\""],
  [["--add-host", "a:12345::", "busybox"], "invalid argument \"a:12345::\" for \"--add-host\" flag: invalid IP address in add-host: \"12345::\""],
  [["--add-host", "=1.2.3.4", "busybox"], "invalid argument \"=1.2.3.4\" for \"--add-host\" flag: bad format for add-host: \"=1.2.3.4\""],
  [["--add-host", "a=b:1.2.3.4", "busybox"], "invalid argument \"a=b:1.2.3.4\" for \"--add-host\" flag: invalid IP address in add-host: \"b:1.2.3.4\""],
  [["--add-host", "a:[]", "busybox"], "invalid argument \"a:[]\" for \"--add-host\" flag: invalid IP address in add-host: \"[]\""],
  [["--add-host", "a:[::1", "busybox"], "invalid argument \"a:[::1\" for \"--add-host\" flag: invalid IP address in add-host: \"[::1\""],
  [["--dns", "a", "busybox"], "invalid argument \"a\" for \"--dns\" flag: IP address is not correctly formatted: a"],
  [["--dns", "1.2.3.256", "busybox"], "invalid argument \"1.2.3.256\" for \"--dns\" flag: IP address is not correctly formatted: 1.2.3.256"],
  [["--dns-search", "-a.com", "busybox"], "invalid argument \"-a.com\" for \"--dns-search\" flag: -a.com is not a valid domain"],
  [["--dns-search", "a-.com", "busybox"], "invalid argument \"a-.com\" for \"--dns-search\" flag: a-.com is not a valid domain"],
  [["--dns-search", "a..com", "busybox"], "invalid argument \"a..com\" for \"--dns-search\" flag: a..com is not a valid domain"],
  [["--dns-search", "123", "busybox"], "invalid argument \"123\" for \"--dns-search\" flag: 123 is not a valid domain"],
  [["--dns-search", "a_b.com", "busybox"], "invalid argument \"a_b.com\" for \"--dns-search\" flag: a_b.com is not a valid domain"],
  [["--dns-search", "a.com..", "busybox"], "invalid argument \"a.com..\" for \"--dns-search\" flag: a.com.. is not a valid domain"],
  [["--mount", "type=bind,src=/a,dst=/b,bind-recursive=readonly", "busybox"], "invalid argument \"type=bind,src=/a,dst=/b,bind-recursive=readonly\" for \"--mount\" flag: option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction"],
  [["--mount", "type=bind,src=/a,dst=/b,bind-recursive=writable", "busybox"], "invalid argument \"type=bind,src=/a,dst=/b,bind-recursive=writable\" for \"--mount\" flag: option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction"],
  [["--mount", "type=bind,src=/a,dst=/b,bind-recursive=x", "busybox"], "invalid argument \"type=bind,src=/a,dst=/b,bind-recursive=x\" for \"--mount\" flag: invalid value for bind-recursive: x (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")"],
  [["--mount", "type=volume,dst=/b,image-subpath=x", "busybox"], "invalid argument \"type=volume,dst=/b,image-subpath=x\" for \"--mount\" flag: cannot mix 'image-*' options with mount type 'volume'"],
  [["--mount", "type=tmpfs,dst=/t,tmpfs-mode=8", "busybox"], "invalid argument \"type=tmpfs,dst=/t,tmpfs-mode=8\" for \"--mount\" flag: invalid value for tmpfs-mode: 8"],
  [["--mount", "type=volume,target=/x,volume-nocopy=maybe", "busybox"], "invalid argument \"type=volume,target=/x,volume-nocopy=maybe\" for \"--mount\" flag: invalid value for volume-nocopy: maybe"],
  [["--mount", "x\"y", "busybox"], "invalid argument \"x\\\"y\" for \"--mount\" flag: parse error on line 1, column 2: bare \" in non-quoted-field"],
  [["--mount", "\"ab\"c\"", "busybox"], "invalid argument \"\\\"ab\\\"c\\\"\" for \"--mount\" flag: parse error on line 1, column 4: extraneous or missing \" in quoted-field"],
  [["--gpus", "device=0,device=1", "busybox"], "invalid argument \"device=0,device=1\" for \"--gpus\" flag: gpu request key 'device' can be specified only once"],
  [["--gpus", "capabilities=a,\"capabilities=b\"", "busybox"], "invalid argument \"capabilities=a,\\\"capabilities=b\\\"\" for \"--gpus\" flag: gpu request key 'capabilities' can be specified only once"],
  [["--gpus", "options=\"a=b,c\"", "busybox"], "invalid argument \"options=\\\"a=b,c\\\"\" for \"--gpus\" flag: parse error on line 1, column 9: bare \" in non-quoted-field"],
  [["--gpus", "x=y", "busybox"], "invalid argument \"x=y\" for \"--gpus\" flag: unexpected key 'x' in 'x=y'"],
  [["--ulimit", "nofile=1:1:1", "busybox"], "invalid argument \"nofile=1:1:1\" for \"--ulimit\" flag: too many limit value arguments - 1:1:1, can only have up to two, `soft[:hard]`"],
  [["--ulimit", "nofile=0x10", "busybox"], "invalid argument \"nofile=0x10\" for \"--ulimit\" flag: strconv.ParseInt: parsing \"0x10\": invalid syntax"],
  [["--ulimit", "nofile=9223372036854775808", "busybox"], "invalid argument \"nofile=9223372036854775808\" for \"--ulimit\" flag: strconv.ParseInt: parsing \"9223372036854775808\": value out of range"],
  [["--ulimit", "nofile=:1", "busybox"], "invalid argument \"nofile=:1\" for \"--ulimit\" flag: strconv.ParseInt: parsing \"\": invalid syntax"],
  [["--ulimit", "as=1", "busybox"], "invalid argument \"as=1\" for \"--ulimit\" flag: invalid ulimit type: as"],
  [["--ulimit", "nofile=", "busybox"], "invalid argument \"nofile=\" for \"--ulimit\" flag: strconv.ParseInt: parsing \"\": invalid syntax"],
  [["--network", "name=n1,driver-opt=x", "busybox"], "invalid argument \"name=n1,driver-opt=x\" for \"--network\" flag: invalid key value pair format in driver options"],
  [["--network", "name=n1,driver-opt==y", "busybox"], "invalid argument \"name=n1,driver-opt==y\" for \"--network\" flag: invalid key value pair format in driver options"],
  [["--network", "a=b", "busybox"], "invalid argument \"a=b\" for \"--network\" flag: invalid field key a"],
  [["--network", "x=y,name=n", "busybox"], "invalid argument \"x=y,name=n\" for \"--network\" flag: invalid field key x"],
  [["--network", "host,a=b", "busybox"], "invalid argument \"host,a=b\" for \"--network\" flag: invalid field host"],
  [["--network", "name=n1,gw-priority=99999999999999999999", "busybox"], "invalid argument \"name=n1,gw-priority=99999999999999999999\" for \"--network\" flag: invalid gw-priority (99999999999999999999): value out of range"],
  [["--blkio-weight-device", "/dev/sda:5", "busybox"], "invalid argument \"/dev/sda:5\" for \"--blkio-weight-device\" flag: invalid weight for device: /dev/sda:5"],
  [["--blkio-weight-device", "/dev/sda:1001", "busybox"], "invalid argument \"/dev/sda:1001\" for \"--blkio-weight-device\" flag: invalid weight for device: /dev/sda:1001"],
  [["--blkio-weight-device", "/dev/sda:x", "busybox"], "invalid argument \"/dev/sda:x\" for \"--blkio-weight-device\" flag: invalid weight for device: /dev/sda:x"],
  [["--blkio-weight-device", "sda:10", "busybox"], "invalid argument \"sda:10\" for \"--blkio-weight-device\" flag: bad format for device path: sda:10"],
  [["--blkio-weight-device", ":10", "busybox"], "invalid argument \":10\" for \"--blkio-weight-device\" flag: bad format: :10"],
  [["--blkio-weight-device", "/dev/sda", "busybox"], "invalid argument \"/dev/sda\" for \"--blkio-weight-device\" flag: bad format: /dev/sda"],
  [["--device-write-bps", "/dev/sda:-1", "busybox"], "invalid argument \"/dev/sda:-1\" for \"--device-write-bps\" flag: invalid rate for device: /dev/sda:-1. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb"],
  [["--device-read-iops", "/dev/sda:1.5", "busybox"], "invalid argument \"/dev/sda:1.5\" for \"--device-read-iops\" flag: invalid rate for device: /dev/sda:1.5. The correct format is <device-path>:<number>. Number must be a positive integer"],
  [["--device-read-iops", "/dev/sda:+5", "busybox"], "invalid argument \"/dev/sda:+5\" for \"--device-read-iops\" flag: invalid rate for device: /dev/sda:+5. The correct format is <device-path>:<number>. Number must be a positive integer"],
  [["--device-cgroup-rule", "b 1:2 rwmr", "busybox"], "invalid argument \"b 1:2 rwmr\" for \"--device-cgroup-rule\" flag: invalid device cgroup format 'b 1:2 rwmr'"],
  [["--device-cgroup-rule", "c 1:2", "busybox"], "invalid argument \"c 1:2\" for \"--device-cgroup-rule\" flag: invalid device cgroup format 'c 1:2'"],
  [["--sysctl", "net=1", "busybox"], "invalid argument \"net=1\" for \"--sysctl\" flag: sysctl 'net=1' is not allowed"],
  [["--sysctl", "=1", "busybox"], "invalid argument \"=1\" for \"--sysctl\" flag: sysctl '=1' is not allowed"],
  [["--sysctl", "net.x", "busybox"], "invalid argument \"net.x\" for \"--sysctl\" flag: sysctl 'net.x' is not allowed"],
  [["--link", "a:b:c", "busybox"], "invalid argument \"a:b:c\" for \"--link\" flag: bad format for links: a:b:c"],
  [["--link", "", "busybox"], "invalid argument \"\" for \"--link\" flag: empty string specified for links"],
  [["-l", "a\tb=c", "busybox"], "invalid argument \"a\\tb=c\" for \"-l, --label\" flag: label 'a\tb' contains whitespaces"],
  [["--memory-swap", "-2", "busybox"], "invalid argument \"-2\" for \"--memory-swap\" flag: invalid size: '-2'"],
  [["--memory-swap", "0x10", "busybox"], "invalid argument \"0x10\" for \"--memory-swap\" flag: strconv.ParseFloat: parsing \"0x10\": invalid syntax"],
  [["--cpus", "1__0", "busybox"], "invalid argument \"1__0\" for \"--cpus\" flag: failed to parse 1__0 as a rational number"],
  [["--cpus", "_1", "busybox"], "invalid argument \"_1\" for \"--cpus\" flag: failed to parse _1 as a rational number"],
  [["--cpus", "1_", "busybox"], "invalid argument \"1_\" for \"--cpus\" flag: failed to parse 1_ as a rational number"],
  [["--cpus", "1.5e", "busybox"], "invalid argument \"1.5e\" for \"--cpus\" flag: failed to parse 1.5e as a rational number"],
  [["--cpus", "1/-2", "busybox"], "invalid argument \"1/-2\" for \"--cpus\" flag: failed to parse 1/-2 as a rational number"],
  [["--cpus", "1/+2", "busybox"], "invalid argument \"1/+2\" for \"--cpus\" flag: failed to parse 1/+2 as a rational number"],
  [["--cpus", "0x", "busybox"], "invalid argument \"0x\" for \"--cpus\" flag: failed to parse 0x as a rational number"],
  [["-m", "1__0", "busybox"], "invalid argument \"1__0\" for \"-m, --memory\" flag: strconv.ParseFloat: parsing \"1__0\": invalid syntax"],
  [["-m", "_1", "busybox"], "invalid argument \"_1\" for \"-m, --memory\" flag: strconv.ParseFloat: parsing \"_1\": invalid syntax"],
  [["-m", "1_e3", "busybox"], "invalid argument \"1_e3\" for \"-m, --memory\" flag: strconv.ParseFloat: parsing \"1_e3\": invalid syntax"],
  [["--mount", "type=bind,src=/a,dst=\"/b\nc\"", "busybox"], "invalid argument \"type=bind,src=/a,dst=\\\"/b\\nc\\\"\" for \"--mount\" flag: parse error on line 1, column 22: bare \" in non-quoted-field"],
  [["--mount", "type=tmpfs,dst=\"/y\n", "busybox"], "invalid argument \"type=tmpfs,dst=\\\"/y\\n\" for \"--mount\" flag: parse error on line 1, column 16: bare \" in non-quoted-field"],
  [["--mount", "\"a\nb\"x", "busybox"], "invalid argument \"\\\"a\\nb\\\"x\" for \"--mount\" flag: record on line 1; parse error on line 2, column 2: extraneous or missing \" in quoted-field"],
  [["--mount", "é\"x", "busybox"], "invalid argument \"é\\\"x\" for \"--mount\" flag: parse error on line 1, column 3: bare \" in non-quoted-field"],
]

// Errors docker finds after parsing flags: `docker: <message>` + hint, exit 125.
const LATER_ERRORS: Array<[string[], string]> = [
  [["--env-file", "envbad", "busybox"], "invalid env file (envbad): variable 'A B' contains whitespaces"],
  [["--env-file", "nonexist", "busybox"], "open nonexist: no such file or directory"],
  [["-l", "a=1", "-l", "b", "--label-file", "labels1", "busybox"], "invalid env file (labels1): variable 'lab2 ' contains whitespaces"],
  [["-v", "/a:/b:zz:q", "busybox"], "invalid spec: /a:/b:zz:q: too many colons"],
  [["-v", ":/b", "busybox"], "invalid spec: :/b: empty section between colons"],
  [["-v", "", "busybox"], "invalid empty volume spec"],
  [["-p", "99999:80", "busybox"], "invalid hostPort: 99999"],
  [["-p", "x", "busybox"], "invalid containerPort: x"],
  [["-p", "80/foo", "busybox"], "invalid proto: foo"],
  [["-p", "1.2.3:80:80", "busybox"], "invalid IP address: 1.2.3"],
  [["-p", "8000-8002:9000-9001", "busybox"], "invalid ranges specified for container and host Ports: 9000-9001 and 8000-8002"],
  [["-p", "published=1", "busybox"], "no port specified: 1:/tcp<empty>"],
  [["-p", "a=b,c", "busybox"], "invalid publish opts format (should be name=value but got 'c')"],
  [["--expose", "1:2", "busybox"], "invalid port format for --expose: 1:2"],
  [["--expose", "x", "busybox"], "invalid range format for --expose: x, error: strconv.ParseUint: parsing \"x\": invalid syntax"],
  [["--memory-swappiness", "101", "busybox"], "invalid value: 101. Valid memory swappiness range is 0-100"],
  [["--restart", "always", "--rm", "busybox"], "conflicting options: cannot specify both --restart and --rm"],
  [["--restart", ":3", "busybox"], "invalid restart policy format: no policy provided before colon"],
  [["--restart", "on-failure:x", "busybox"], "invalid restart policy format: maximum retry count must be an integer"],
  [["--no-healthcheck", "--health-retries", "1", "busybox"], "--no-healthcheck conflicts with --health-* options"],
  [["--health-interval", "-1s", "busybox"], "--health-interval cannot be negative"],
  [["--network-alias", "a1", "busybox"], "network-scoped aliases are only supported for user-defined networks"],
  [["--network", "host", "--network", "n2", "busybox"], "conflicting options: cannot attach both user-defined and non-user-defined network-modes"],
  [["--mac-address", "92:d0:c6:0a:29:33", "busybox"], "\"specify mac-address per network\" requires API version 1.44, but the Docker daemon API version is 1.41"],
  [["--mac-address", "zz", "busybox"], "zz is not a valid mac address"],
  [["--log-driver", "none", "--log-opt", "a=b", "busybox"], "invalid logging opts for driver none"],
  [["--security-opt", "foo", "busybox"], "Invalid --security-opt: \"foo\""],
  [["--storage-opt", "size", "busybox"], "invalid storage option"],
  [["--pid", "bogus", "busybox"], "--pid: invalid PID mode"],
  [["--pid", "container:", "busybox"], "--pid: invalid PID mode"],
  [["--uts", "x", "busybox"], "--uts: invalid UTS mode"],
  [["--userns", "x", "busybox"], "--userns: invalid USER mode"],
  [["--cgroupns", "x", "busybox"], "--cgroupns: invalid CGROUP mode"],
  [["--device", "/dev/sda:x:y:z", "busybox"], "bad format for path: /dev/sda:x:y:z"],
  [["--device", "/dev/sda:/x:q", "busybox"], "bad mode specified: q"],
  [["--device", "sda:x", "busybox"], "x is not an absolute path"],
  [["--pull", "sometimes", "busybox"], "invalid pull option: 'sometimes': must be one of \"always\", \"missing\" or \"never\""],
  [["--platform", "bad/x/y/z", "busybox"], "error parsing specified platform: \"bad/x/y/z\": cannot parse platform specifier: invalid argument"],
  [["--expose", "80-78", "busybox"], "invalid range format for --expose: 80-78, error: invalid range specified for port: 80-78"],
  [["--env-file", "envdir", "busybox"], "invalid env file (envdir): read envdir: is a directory"],
  [["--env-file", "badutf", "busybox"], "invalid env file (badutf): invalid utf8 bytes at line 1: [65 61 255]"],
  [["--label-file", "badutf", "busybox"], "invalid env file (badutf): invalid utf8 bytes at line 1: [65 61 255]"],
  [["--network", "n1", "--network", "n1", "busybox"], "network \"n1\" is specified multiple times"],
  [["--restart", "on-failure:-1", "--rm", "busybox"], "conflicting options: cannot specify both --restart and --rm"],
  [["--network", "", "busybox"], "no name set for network"],
  [["--network", " ", "busybox"], "no name set for network"],
  [["--rm", "--restart=on-failure:0", "busybox"], "conflicting options: cannot specify both --restart and --rm"],
  [["--health-interval", "-1.5h", "busybox"], "--health-interval cannot be negative"],
  [["--mount", "type=bind,src=/a,dst=/b,bind-recursive=readonly,ro,bind-propagation=rprivate", "busybox"], "bind-recursive=readonly requires API v1.44 or later"],
  [["--network", "name=n1,mac-address=zz", "busybox"], "zz is not a valid mac address"],
  [["--network", "name=host,alias=a", "busybox"], "network-scoped aliases are only supported for user-defined networks"],
  [["--device", "/dev/sda:rw:/x", "busybox"], "bad mode specified: /x"],
  [["--device", "/dev/sda:/x:rr", "busybox"], "bad mode specified: rr"],
  [["--device", "/dev/sda:mm", "busybox"], "mm is not an absolute path"],
  [["--device", "/dev/sda:rwm:rw", "busybox"], "rwm is not an absolute path"],
  [["--device", "vendor.com/class=", "busybox"], "vendor.com/class= is not an absolute path"],
  [["--expose", "80-", "busybox"], "invalid range format for --expose: 80-, error: strconv.ParseUint: parsing \"\": invalid syntax"],
  [["--expose", "-80", "busybox"], "invalid range format for --expose: -80, error: strconv.ParseUint: parsing \"\": invalid syntax"],
  [["--expose", "/tcp", "busybox"], "invalid range format for --expose: /tcp, error: empty string specified for ports"],
  [["--expose", "65536", "busybox"], "invalid range format for --expose: 65536, error: strconv.ParseUint: parsing \"65536\": value out of range"],
  [["--expose", "80-79", "busybox"], "invalid range format for --expose: 80-79, error: invalid range specified for port: 80-79"],
  [["-p", "[::1:80:80", "busybox"], "invalid IP address [::1: address [::1:: missing ']' in address"],
  [["-p", "[::1]x:80:80", "busybox"], "invalid IP address [::1]x: address [::1]x:: missing port in address"],
  [["-p", "a=b", "busybox"], "no port specified: :/tcp<empty>"],
  [["-p", "80:80/tcp,", "busybox"], "invalid proto: tcp,"],
  [["-p", "[fe80::1%eth0]:80:80", "busybox"], "invalid IP address: fe80::1%eth0"],
  [["-p", "[[::1]]:80:80", "busybox"], "invalid IP address [[::1]]: address [[::1]]:: missing port in address"],
  [["-p", "80:65536-65537", "busybox"], "invalid containerPort: 65536-65537"],
  [["-p", "80:8080-8079", "busybox"], "invalid containerPort: 8080-8079"],
  [["-v", "ab:", "busybox"], "invalid spec: ab:: empty section between colons"],
  [["--security-opt", "seccomp", "busybox"], "Invalid --security-opt: \"seccomp\""],
  [["--security-opt", "seccomp=", "busybox"], "Invalid --security-opt: \"seccomp=\""],
  [["--security-opt", "seccomp=/nonexist", "busybox"], "opening seccomp profile (/nonexist) failed: open /nonexist: no such file or directory"],
  [["--platform", "foo", "busybox"], "error parsing specified platform: \"foo\": unknown operating system or architecture: invalid argument"],
  [["--platform", "linux/!", "busybox"], "error parsing specified platform: \"!\" is an invalid component of \"linux/!\": platform specifier component must match \"^[A-Za-z0-9_.-]+$\": invalid argument"],
  [["--platform", "a b", "busybox"], "error parsing specified platform: \"a b\" is an invalid OS component of \"a b\": OSAndVersion specifier component must match \"^([A-Za-z0-9_-]+)(?:\\\\(([A-Za-z0-9_.-]*)\\\\))?$\": invalid argument"],
  [["--platform", "linux/*", "busybox"], "error parsing specified platform: \"linux/*\": wildcards not yet supported: invalid argument"],
  [["--memory-swappiness", "-2", "busybox"], "invalid value: -2. Valid memory swappiness range is 0-100"],
  [["--no-healthcheck", "--health-cmd", "x", "busybox"], "--no-healthcheck conflicts with --health-* options"],
  [["--health-timeout", "-1s", "--health-interval", "-1s", "busybox"], "--health-interval cannot be negative"],
  [["--health-retries", "-1", "busybox"], "--health-retries cannot be negative"],
  [["--health-start-period", "-1s", "busybox"], "--health-start-period cannot be negative"],
  [["--restart", "unless-stopped", "--rm", "busybox"], "conflicting options: cannot specify both --restart and --rm"],
  [["--restart", "on-failure:3:4", "busybox"], "invalid restart policy format: maximum retry count must be an integer"],
  [["--restart", "a:b:c", "busybox"], "invalid restart policy format: maximum retry count must be an integer"],
  [["--mac-address", "02-42-ac-11-00-02", "busybox"], "\"specify mac-address per network\" requires API version 1.44, but the Docker daemon API version is 1.41"],
  [["--mac-address", "0242.ac11.0002", "busybox"], "\"specify mac-address per network\" requires API version 1.44, but the Docker daemon API version is 1.41"],
  [["--mac-address", "02:42:ac:11:00:02:00:00", "busybox"], "\"specify mac-address per network\" requires API version 1.44, but the Docker daemon API version is 1.41"],
  [["--network", "none", "--mac-address", "02:42:ac:11:00:02", "busybox"], "\"specify mac-address per network\" requires API version 1.44, but the Docker daemon API version is 1.41"],
  [["--network", "n1", "--network", "name=n1,alias=x", "busybox"], "network \"n1\" is specified multiple times"],
  [["--network", "name=n1,alias=x", "--network-alias", "y", "busybox"], "conflicting options: cannot specify both --network-alias and per-network alias"],
]

describe('RUN_FLAGS', () => {
  it('has every docker run flag, sorted as `docker run --help` lists them', () => {
    const names = RUN_FLAGS.map((f) => f.name)
    expect(names).toEqual([...names].sort())
    // The flag names `docker run --help` prints (28.2.2), in its order.
    expect(RUN_FLAGS.filter((f) => !f.hidden).map((f) => f.name)).toEqual(DOCKER_RUN_HELP_NAMES)
    const shorts = Object.fromEntries(RUN_FLAGS.filter((f) => f.short).map((f) => [f.short, f.name]))
    expect(shorts).toEqual({P: 'publish-all', a: 'attach', c: 'cpu-shares', d: 'detach', e: 'env', h: 'hostname', i: 'interactive', l: 'label', m: 'memory', p: 'publish', q: 'quiet', t: 'tty', u: 'user', v: 'volume', w: 'workdir'})
    expect(RUN_FLAGS.filter((f) => f.hidden).map((f) => f.name)).toEqual(['dns-opt', 'net', 'net-alias'])
    const defaults = Object.fromEntries(RUN_FLAGS.filter((f) => f.default !== undefined).map((f) => [f.name, f.default]))
    expect(defaults).toEqual({
      annotation: 'map[]',
      'blkio-weight-device': '[]',
      'device-read-bps': '[]',
      'device-read-iops': '[]',
      'device-write-bps': '[]',
      'device-write-iops': '[]',
      'disable-content-trust': true,
      'memory-swappiness': -1,
      pull: 'missing',
      restart: 'no',
      'sig-proxy': true,
      sysctl: 'map[]',
      ulimit: '[]',
    })
    // pflag value types, as help shows them.
    const types = Object.fromEntries(RUN_FLAGS.filter((f) => f.valueName && !['string', 'list', 'int'].includes(f.valueName)).map((f) => [f.name, f.valueName]))
    expect(types).toEqual({
      annotation: 'map',
      'blkio-weight': 'uint16',
      cpus: 'decimal',
      gpus: 'gpu-request',
      'health-interval': 'duration',
      'health-start-interval': 'duration',
      'health-start-period': 'duration',
      'health-timeout': 'duration',
      'io-maxbandwidth': 'bytes',
      'io-maxiops': 'uint',
      'kernel-memory': 'bytes',
      memory: 'bytes',
      'memory-reservation': 'bytes',
      'memory-swap': 'bytes',
      mount: 'mount',
      net: 'network',
      network: 'network',
      'shm-size': 'bytes',
      sysctl: 'map',
      ulimit: 'ulimit',
    })
  })

  it('drops the attach flags for create and keeps its --pull wording', () => {
    const names = CREATE_FLAGS.map((f) => f.name)
    expect(names).not.toContain('detach')
    expect(names).not.toContain('sig-proxy')
    expect(names).not.toContain('detach-keys')
    expect(CREATE_FLAGS.find((f) => f.name === 'pull')?.description).toBe('Pull image before creating ("always", "|missing", "never")')
  })

  it('lists docker exec flags', () => {
    expect(EXEC_FLAGS.map((f) => `${f.short ?? ''}:${f.name}:${f.kind}`)).toEqual([
      'd:detach:bool',
      ':detach-keys:string',
      'e:env:stringArray',
      ':env-file:stringArray',
      'i:interactive:bool',
      ':privileged:bool',
      't:tty:bool',
      'u:user:string',
      'w:workdir:string',
    ])
    expect(() => parseArgv(['-e', '=x', 'c', 'ls'], EXEC_FLAGS, {interspersed: false})).toThrow('invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x')
  })
})

describe('flag-time errors (pflag, exit 125)', () => {
  it.each(FLAG_ERRORS)('%j', (args, message) => {
    const error = errorOf(() => build(args))
    expect(error).toBeInstanceOf(FlagError)
    expect(error.exitCode).toBe(125)
    expect(error.message).toBe(message)
  })
})

describe('errors after flag parsing (exit 125)', () => {
  it.each(LATER_ERRORS)('%j', (args, message) => {
    const error = errorOf(() => createCall(args))
    expect(error).not.toBeInstanceOf(FlagError)
    expect(error.exitCode).toBe(125)
    expect(error.message).toBe(message)
  })

  it('reports a missing env file with Go wording and an unreadable seccomp profile', () => {
    expect(errorOf(() => build(['--label-file', 'nope', 'busybox'])).message).toBe('open nope: no such file or directory')
    expect(errorOf(() => build(['--security-opt', 'seccomp=/nonexist', 'busybox'])).message).toBe('opening seccomp profile (/nonexist) failed: open /nonexist: no such file or directory')
  })
})

describe('errors docker returns bare (exit 1)', () => {
  it('refuses -t with attached stdin when stdin is not a terminal', () => {
    const error = errorOf(() => build(['-it', 'busybox', 'sh'], {stdinIsTTY: false}))
    expect([error.message, error.exitCode]).toEqual(['the input device is not a TTY', 1])
    expect(build(['-it', 'busybox'], {stdinIsTTY: true}).tty).toBe(true)
    expect(build(['-t', 'busybox'], {stdinIsTTY: false}).tty).toBe(true)
    expect(build(['-it', 'busybox']).interactive).toBe(true)
    expect(build(['-dit', 'busybox'], {stdinIsTTY: false}).detach).toBe(true)
  })

  it('refuses --attach with --detach', () => {
    const error = errorOf(() => build(['-d', '-a', 'stdout', 'busybox']))
    expect([error.message, error.exitCode]).toEqual(['conflicting options: cannot specify both --attach and --detach', 1])
  })

  it('checks flags against the engine like docker before running', () => {
    const changed = new Set(['health-start-interval', 'annotation', 'name'])
    expect(unsupportedFlagsError(RUN_FLAG_REQUIREMENTS, changed, {apiVersion: '1.41', osType: 'linux'})).toBe(
      '"--annotation" requires API version 1.43, but the Docker daemon API version is 1.41\n"--health-start-interval" requires API version 1.44, but the Docker daemon API version is 1.41',
    )
    expect(unsupportedFlagsError(RUN_FLAG_REQUIREMENTS, new Set(['io-maxiops', 'cpu-count', 'cpu-percent', 'cpu-rt-period']), {apiVersion: '1.41', osType: 'linux'})).toBe(
      '"--cpu-count" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux\n"--cpu-percent" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux\n"--io-maxiops" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux',
    )
    expect(unsupportedFlagsError(RUN_FLAG_REQUIREMENTS, changed, {apiVersion: '1.49', osType: 'linux'})).toBeUndefined()
    expect(unsupportedFlagsError(EXEC_FLAG_REQUIREMENTS, new Set(['workdir']), {apiVersion: '1.30'})).toBe('"--workdir" requires API version 1.35, but the Docker daemon API version is 1.30')
  })
})

describe('create body (recorded from docker 28.2.2)', () => {
  it('matches docker byte for byte with no options', () => {
    expect(JSON.stringify(createCall(['busybox']).body)).toBe(DOCKER_BASE)
  })

  it('keeps Go field order when optional fields appear', () => {
    expect(JSON.stringify(createCall(['-p', '80', '-P', '--expose', '90', 'busybox', 'echo', 'a']).body)).toBe(`{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"ExposedPorts":{"80/tcp":{},"90/tcp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["echo","a"],"Image":"busybox","Volumes":{},"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{},"HostConfig":{"Binds":null,"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","PortBindings":{"80/tcp":[{"HostIp":"","HostPort":""}]},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[0,0],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":true,"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":0,"Ulimits":[],"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":null,"ReadonlyPaths":null},"NetworkingConfig":{"EndpointsConfig":{"default":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}}`)
  })

  it.each(BODY_CASES)('$args (API $api)', ({args, api, query, fields}) => {
    const call = createCall(args, api)
    expect(call.body).toEqual(expectedBody(fields))
    expect(call.query).toBe(query ?? '')
  })
})

describe('run-time settings', () => {
  it('derives attach, detach and pull settings', () => {
    const req = build(['--rm', '-i', '--sig-proxy=false', '--detach-keys', 'ctrl-x,y', '--pull', 'always', '-q', '--cidfile', '/tmp/cid', '--name', 'web', 'busybox'])
    expect(req).toMatchObject({
      attach: {stderr: true, stdin: true, stdout: true},
      autoRemove: true,
      cidfile: '/tmp/cid',
      detach: false,
      detachKeys: 'ctrl-x,y',
      interactive: true,
      name: 'web',
      pull: 'always',
      quiet: true,
      sigProxy: false,
      tty: false,
      useApiSocket: false,
    })
    expect(build(['busybox'])).toMatchObject({pull: 'missing', sigProxy: true, warnings: []})
    expect(build(['--pull', '', 'busybox']).pull).toBe('never')
    expect(build(['-d', 'busybox']).attach).toEqual({stderr: false, stdin: false, stdout: false})
    expect(build(['busybox'], {consoleSize: [24, 80]}).body.HostConfig.ConsoleSize).toEqual([24, 80])
  })

  it('takes --platform from DOCKER_DEFAULT_PLATFORM unless given', () => {
    expect(build(['busybox'], {}, {DOCKER_DEFAULT_PLATFORM: 'linux/arm64'}).platform).toBe('linux/arm64')
    expect(build(['--platform', 'linux/amd64', 'busybox'], {}, {DOCKER_DEFAULT_PLATFORM: 'linux/arm64'}).platform).toBe('linux/amd64')
    expect(build(['--platform', '', 'busybox'], {}, {DOCKER_DEFAULT_PLATFORM: 'linux/arm64'}).platform).toBeUndefined()
  })

  it('warns about a loopback DNS server (the first one only)', () => {
    expect(build(['--dns', '8.8.8.8', '--dns', '127.0.0.11', '--dns', '::1', 'busybox']).warnings).toEqual(['Localhost DNS (127.0.0.11) may fail in containers.'])
    expect(build(['--dns', '::1', 'busybox']).warnings).toEqual(['Localhost DNS (::1) may fail in containers.'])
  })

  it('reports the deprecated bind-nonrecursive option', () => {
    expect(build(['--mount', 'type=bind,src=/a,dst=/b,bind-nonrecursive', 'busybox']).parseWarnings).toEqual([])
    const req = build(['--mount', 'type=bind,src=/a,dst=/b,bind-nonrecursive=true', 'busybox'])
    expect(req.parseWarnings).toEqual(['bind-nonrecursive is deprecated, use bind-recursive=disabled instead'])
    expect(req.body.HostConfig.Mounts).toEqual([{BindOptions: {NonRecursive: true}, Source: '/a', Target: '/b', Type: 'bind'}])
  })

  it('adds proxy settings from config.json unless -e sets them', () => {
    const req = build(['-e', 'http_proxy=mine', 'busybox'], {proxies: {httpProxy: 'http://p:3128', noProxy: 'localhost'}})
    expect(req.body.Env).toEqual(['http_proxy=mine', 'HTTP_PROXY=http://p:3128', 'NO_PROXY=localhost', 'no_proxy=localhost'])
  })

  it('reads --device the Windows way for a Windows engine', () => {
    expect(build(['--device', 'class/x', 'busybox'], {serverOS: 'windows'}).body.HostConfig.Devices).toEqual([{CgroupPermissions: '', PathInContainer: '', PathOnHost: 'class/x'}])
    expect(errorOf(() => build(['--device', '/dev/sda', 'busybox'], {serverOS: ''})).message).toBe('unknown server OS: ')
  })
})

describe('adaptCreateBody (API client rules)', () => {
  it('refuses features older engines lack', () => {
    expect(errorOf(() => adaptCreateBody(build(['--stop-timeout', '3', 'busybox']).body, '1.24')).message).toBe('"stop timeout" requires API version 1.25, but the Docker daemon API version is 1.24')
    expect(errorOf(() => adaptCreateBody(build(['--health-start-interval', '1s', 'busybox']).body, '1.43')).message).toBe(
      '"specify health-check start interval" requires API version 1.44, but the Docker daemon API version is 1.43',
    )
  })

  it('drops what the engine version does not take', () => {
    const body = build(['--kernel-memory', '4m', '--rm', 'busybox'], {consoleSize: [24, 80]}).body
    expect(adaptCreateBody(body, '1.41').HostConfig.KernelMemory).toBe(4_194_304)
    expect(adaptCreateBody(body, '1.42').HostConfig.KernelMemory).toBeUndefined()
    expect(adaptCreateBody(body, '1.39').HostConfig.KernelMemory).toBeUndefined()
    expect(adaptCreateBody(body, '1.24').HostConfig.AutoRemove).toBe(false)
    // Older engines read the MAC address from Config; 1.44+ only from the endpoint.
    const withMac = build(['--mac-address', '92:d0:c6:0a:29:33', 'busybox']).body
    expect(withMac.MacAddress).toBe('92:d0:c6:0a:29:33')
    expect(withMac.NetworkingConfig.EndpointsConfig.default?.MacAddress).toBe('92:d0:c6:0a:29:33')
    expect(adaptCreateBody(withMac, '1.44').MacAddress).toBeUndefined()
    expect(errorOf(() => adaptCreateBody(withMac, '1.43')).message).toBe('"specify mac-address per network" requires API version 1.44, but the Docker daemon API version is 1.43')
    expect(adaptCreateBody(build(['busybox'], {consoleSize: [24, 80]}).body, '1.41', 'linux').HostConfig.ConsoleSize).toEqual([0, 0])
    expect(body.HostConfig.KernelMemory).toBe(4_194_304)
  })

  it('resolves ?platform= only for API 1.41 and later', () => {
    expect(resolveCreatePlatform('linux/arm64', '1.40', LINUX_AMD64)).toBeUndefined()
    expect(resolveCreatePlatform('linux/aarch64', '1.41', LINUX_AMD64)).toBe('linux/arm64')
    expect(resolveCreatePlatform('windows', '1.41', LINUX_AMD64)).toBe('windows/amd64')
    expect(resolveCreatePlatform('arm64', '1.41', {arch: 'amd64', os: 'darwin'})).toBe('darwin/arm64')
    expect(resolveCreatePlatform(undefined, '1.49', LINUX_AMD64)).toBeUndefined()
  })
})

describe('value parsers', () => {
  it('reads sizes like go-units RAMInBytes', () => {
    const cases: Array<[string, number]> = [['512', 512], ['512b', 512], ['1k', 1024], ['1KB', 1024], ['1KiB', 1024], ['1.5g', 1_610_612_736], ['1 GB', 1_073_741_824], ['.5m', 524_288], ['1e3k', 1_024_000], ['1t', 1024 ** 4], ['1p', 1024 ** 5], ['1_000', 1000]]
    for (const [input, bytes] of cases) expect(ramInBytes(input)).toBe(bytes)
    expect(() => ramInBytes('1kibb')).toThrow("invalid suffix: 'kibb'")
    expect(() => ramInBytes('-1')).toThrow("invalid size: '-1'")
    expect(goParseFloat('0x1p4')).toBe(16)
  })

  it('reads Go durations in nanoseconds', () => {
    const cases: Array<[string, number]> = [['0', 0], ['1s', 1e9], ['1.5s', 1.5e9], ['1m30s', 90e9], ['500ms', 5e8], ['1h2m3s4ms5us6ns', 3_723_004_005_006], ['1µs', 1000], ['1μs', 1000], ['-1.5h', -5.4e12], ['.5s', 5e8]]
    for (const [input, ns] of cases) expect(parseGoDuration(input)).toBe(ns)
    expect(() => parseGoDuration('1')).toThrow('time: missing unit in duration "1"')
    expect(() => parseGoDuration('1d')).toThrow('time: unknown unit "d" in duration "1d"')
    expect(() => parseGoDuration('1é')).toThrow('time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"')
  })

  it('reads --cpus like big.Rat', () => {
    const cases: Array<[string, number]> = [['1.5', 1.5e9], ['.5', 5e8], ['3/2', 1.5e9], ['1e-3', 1e6], ['0x10', 16e9], ['0b11', 3e9], ['-1', -1e9], ['1p1', 2e9], ['0x1.8p1', 3e9], ['010/2', 4e9]]
    for (const [input, nano] of cases) expect(parseNanoCpus(input)).toBe(nano)
    expect(() => parseNanoCpus('1/3')).toThrow('value is too precise')
    expect(() => parseNanoCpus('x')).toThrow('failed to parse x as a rational number')
  })

  it('parses and prints IP addresses as Go does', () => {
    const text = (s: string) => {
      const ip = parseGoIP(s)
      return ip ? formatGoIP(ip) : undefined
    }
    expect(text('0:0:0:0:0:0:0:1')).toBe('::1')
    expect(text('1:0:0:1:0:0:0:1')).toBe('1:0:0:1::1')
    expect(text('1:0:0:0:1:0:0:1')).toBe('1::1:0:0:1')
    expect(text('2001:DB8::1')).toBe('2001:db8::1')
    expect(text('::ffff:1.2.3.4')).toBe('1.2.3.4')
    expect(text('::1.2.3.4')).toBe('::102:304')
    expect(text('1:2:3:4:5:6:1.2.3.4')).toBe('1:2:3:4:5:6:102:304')
    for (const bad of ['01.2.3.4', '1.2.3', 'fe80::1%eth0', '1::2::3', '12345::', '[::1]', '1:2:3:4:5:6:7:8:9', ':1', '1:']) expect(text(bad)).toBeUndefined()
  })

  it('splits csv values like encoding/csv', () => {
    expect(readCsvRecord('type=bind,"src=/a,b",dst=/c')).toEqual(['type=bind', 'src=/a,b', 'dst=/c'])
    expect(readCsvRecord('"a""b",c')).toEqual(['a"b', 'c'])
    expect(readCsvRecord('\n\na,b\nc,d')).toEqual(['a', 'b'])
    expect(readCsvRecord('"a\nb",c')).toEqual(['a\nb', 'c'])
    expect(readCsvRecord('a,')).toEqual(['a', ''])
    expect(() => readCsvRecord('')).toThrow('EOF')
    expect(() => readCsvRecord('"a')).toThrow('parse error on line 1, column 3: extraneous or missing " in quoted-field')
  })

  it('parses port specs like nat.ParsePortSpec', () => {
    expect(parsePortSpec('127.0.0.1:8000-8001:80-81/UDP')).toEqual([
      {binding: {HostIp: '127.0.0.1', HostPort: '8000'}, port: '80/udp'},
      {binding: {HostIp: '127.0.0.1', HostPort: '8001'}, port: '81/udp'},
    ])
    expect(parsePortSpec('[::1]::53')).toEqual([{binding: {HostIp: '::1', HostPort: ''}, port: '53/tcp'}])
    expect(parsePortSpec('7000-7010:70')).toEqual([{binding: {HostIp: '', HostPort: '7000-7010'}, port: '70/tcp'}])
  })

  it('parses volume specs like the compose loader', () => {
    expect(parseVolumeSpec('/a:/b:ro')).toEqual({source: '/a', target: '/b', type: 'bind'})
    expect(parseVolumeSpec('name:/b')).toEqual({source: 'name', target: '/b', type: 'volume'})
    expect(parseVolumeSpec('/b')).toEqual({source: '', target: '/b', type: 'volume'})
    expect(parseVolumeSpec('c:/x')).toEqual({source: '', target: 'c:/x', type: 'volume'})
    expect(parseVolumeSpec('C:\\x:/y')).toEqual({source: 'C:\\x', target: '/y', type: 'bind'})
    expect(parseVolumeSpec('~/x:/y')).toEqual({source: '~/x', target: '/y', type: 'bind'})
  })

  it('parses platforms like containerd', () => {
    expect(parsePlatform('linux/arm/v7', LINUX_AMD64)).toEqual({architecture: 'arm', os: 'linux', variant: 'v7'})
    expect(parsePlatform('linux/arm', LINUX_AMD64)).toEqual({architecture: 'arm', os: 'linux'})
    expect(parsePlatform('linux/armhf', LINUX_AMD64)).toEqual({architecture: 'arm', os: 'linux'})
    expect(parsePlatform('linux/armel', LINUX_AMD64)).toEqual({architecture: 'arm', os: 'linux', variant: 'v6'})
    expect(parsePlatform('linux/arm64/v8', LINUX_AMD64)).toEqual({architecture: 'arm64', os: 'linux', variant: 'v8'})
    expect(parsePlatform('windows(10.0.1)', LINUX_AMD64)).toEqual({architecture: 'amd64', os: 'windows', osVersion: '10.0.1'})
    expect(parsePlatform('macos', LINUX_AMD64)).toEqual({architecture: 'amd64', os: 'darwin'})
    expect(parsePlatform('i386', LINUX_AMD64)).toEqual({architecture: '386', os: 'linux'})
  })

  it('reads env files and -e values in docker exec order', () => {
    expect(readEnvList(['env1'], ['A=1', 'HOSTVAR', 'NOTSET', 'A=2'], ENV, CWD)).toEqual(['FILEVAR=fromfile', 'SPACED=x y ', 'INHERIT=inh', 'EMPTY=', 'A=1', 'HOSTVAR=hv', 'NOTSET', 'A=2'])
  })
})
