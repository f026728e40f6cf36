// The flags of the classic `docker build` and the `POST /build` query they turn into
// (DOCKER-CLI-BEHAVIOUR.md §5.2). Values docker checks while parsing flags are checked here too,
// so a bad `-t`, `--build-arg` or `-m` fails with pflag's wording and exit 125 before any request.
// The engine client (src/lib/engine/build-query.ts) turns the options into the query.
import {type FlagSpec, flagSpec as spec, type FlagValue, type ParsedArgs} from '../cli/argv.js'
import {memSwapBytes, parseEnvFlag, parseExtraHost, parseUlimit, type Ulimit, validateLabel} from '../container/run-flags.js'
import type {ImageBuildOptions} from '../engine/types.js'
import {readCsvRecord} from '../go/csv.js'
import {ramInBytes} from '../go/units.js'
import {parseNormalizedNamed} from '../registry/reference.js'

/** pflag's StringSlice: one CSV record per occurrence, empty meaning none. */
export function readStringSlice(value: string): string[] {
  return value === '' ? [] : readCsvRecord(value)
}

/** `-t` is checked as a normalized name but sent as typed. */
function validateTag(value: string): string {
  parseNormalizedNamed(value)
  return value
}

/** opts.ValidateEnv without the environment lookup: only an empty name is refused. */
function validateBuildArg(value: string): string {
  return parseEnvFlag(value, {})
}

/** docker build's flags, as `docker build --help` lists them (the classic builder's set). */
export const BUILD_FLAGS: FlagSpec[] = [
  spec('add-host', 'stringArray', 'list', 'Add a custom host-to-IP mapping ("host:ip")', {parse: parseExtraHost}),
  spec('build-arg', 'stringArray', 'list', 'Set build-time variables', {parse: validateBuildArg}),
  spec('cache-from', 'stringArray', 'strings', 'Images to consider as cache sources', {parse: readStringSlice}),
  spec('cgroup-parent', 'string', 'string', 'Set the parent cgroup for the "RUN" instructions during build'),
  spec('compress', 'bool', undefined, 'Compress the build context using gzip'),
  spec('cpu-period', 'int', 'int', 'Limit the CPU CFS (Completely Fair Scheduler) period'),
  spec('cpu-quota', 'int', 'int', 'Limit the CPU CFS (Completely Fair Scheduler) quota'),
  spec('cpu-shares', 'int', 'int', 'CPU shares (relative weight)', {short: 'c'}),
  spec('cpuset-cpus', 'string', 'string', 'CPUs in which to allow execution (0-3, 0,1)'),
  spec('cpuset-mems', 'string', 'string', 'MEMs in which to allow execution (0-3, 0,1)'),
  // Content trust (notary) is not implemented: the flag is accepted, and FROM is never rewritten.
  spec('disable-content-trust', 'bool', undefined, 'Skip image verification', {default: true}),
  spec('file', 'string', 'string', 'Name of the Dockerfile (Default is "PATH/Dockerfile")', {short: 'f'}),
  spec('force-rm', 'bool', undefined, 'Always remove intermediate containers'),
  spec('iidfile', 'string', 'string', 'Write the image ID to the file'),
  spec('isolation', 'string', 'string', 'Container isolation technology'),
  spec('label', 'stringArray', 'list', 'Set metadata for an image', {parse: validateLabel}),
  spec('memory', 'string', 'bytes', 'Memory limit', {parse: ramInBytes, short: 'm'}),
  spec('memory-swap', 'string', 'bytes', 'Swap limit equal to memory plus swap: -1 to enable unlimited swap', {parse: memSwapBytes}),
  spec('network', 'string', 'string', 'Set the networking mode for the RUN instructions during build', {default: 'default'}),
  spec('no-cache', 'bool', undefined, 'Do not use cache when building the image'),
  spec('platform', 'string', 'string', 'Set platform if server is multi-platform capable'),
  spec('pull', 'bool', undefined, 'Always attempt to pull a newer version of the image'),
  spec('quiet', 'bool', undefined, 'Suppress the build output and print image ID on success', {short: 'q'}),
  spec('rm', 'bool', undefined, 'Remove intermediate containers after a successful build', {default: true}),
  spec('security-opt', 'stringArray', 'strings', 'Security options', {parse: readStringSlice}),
  spec('shm-size', 'string', 'bytes', 'Size of "/dev/shm"', {parse: ramInBytes}),
  spec('squash', 'bool', undefined, 'Squash newly built layers into a single new layer'),
  spec('tag', 'stringArray', 'list', 'Name and optionally a tag in the "name:tag" format', {parse: validateTag, short: 't'}),
  spec('target', 'string', 'string', 'Set the target build stage to build.'),
  spec('ulimit', 'stringArray', 'ulimit', 'Ulimit options', {default: '[]', parse: parseUlimit}),
]

export interface BuildOptions {
  /** PATH, URL or `-`. */
  context: string
  /** `-f`; '' when not given. */
  dockerfile: string
  tags: string[]
  /** `--build-arg` values after docker's parse: `K=V`, or a bare `K` that was not in the environment. */
  buildArgs: string[]
  labels: string[]
  /** `host:ip`, as the API wants them. */
  extraHosts: string[]
  ulimits: Ulimit[]
  securityOpt: string[]
  cacheFrom: string[]
  memory: number
  memorySwap: number
  shmSize: number
  cpuShares: number
  cpuPeriod: number
  cpuQuota: number
  cpusetCpus: string
  cpusetMems: string
  cgroupParent: string
  isolation: string
  networkMode: string
  target: string
  platform: string
  imageIdFile: string
  quiet: boolean
  noCache: boolean
  rm: boolean
  forceRm: boolean
  pull: boolean
  compress: boolean
  squash: boolean
}

const str = (v: FlagValue | undefined): string => (typeof v === 'string' ? v : '')
const num = (v: FlagValue | undefined): number => (typeof v === 'number' ? v : 0)
const list = (v: FlagValue | undefined): string[] => (Array.isArray(v) ? v : [])

/** Flag values → BuildOptions, applying the rewrites docker's option types make as they parse. */
export function toBuildOptions(parsed: ParsedArgs, env: NodeJS.ProcessEnv): BuildOptions {
  const f = parsed.flags
  // A repeated --ulimit replaces the earlier value for the same name (docker keeps a map).
  const ulimits = new Map<string, Ulimit>()
  for (const value of list(f.ulimit)) {
    const ulimit = parseUlimit(value)
    ulimits.set(ulimit.Name, ulimit)
  }
  const memory = str(f.memory)
  const memorySwap = str(f['memory-swap'])
  const shmSize = str(f['shm-size'])
  return {
    buildArgs: list(f['build-arg']).map((v) => parseEnvFlag(v, env)),
    cacheFrom: list(f['cache-from']).flatMap(readStringSlice),
    cgroupParent: str(f['cgroup-parent']),
    compress: f.compress === true,
    context: parsed.args[0] ?? '',
    cpuPeriod: num(f['cpu-period']),
    cpuQuota: num(f['cpu-quota']),
    cpuShares: num(f['cpu-shares']),
    cpusetCpus: str(f['cpuset-cpus']),
    cpusetMems: str(f['cpuset-mems']),
    dockerfile: str(f.file),
    extraHosts: list(f['add-host']).map(parseExtraHost),
    forceRm: f['force-rm'] === true,
    imageIdFile: str(f.iidfile),
    isolation: str(f.isolation),
    labels: list(f.label),
    memory: memory === '' ? 0 : ramInBytes(memory),
    memorySwap: memorySwap === '' ? 0 : memSwapBytes(memorySwap),
    networkMode: str(f.network),
    noCache: f['no-cache'] === true,
    platform: parsed.changed.has('platform') ? str(f.platform) : (env.DOCKER_DEFAULT_PLATFORM ?? ''),
    pull: f.pull === true,
    quiet: f.quiet === true,
    rm: f.rm !== false,
    securityOpt: list(f['security-opt']).flatMap(readStringSlice),
    shmSize: shmSize === '' ? 0 : ramInBytes(shmSize),
    squash: f.squash === true,
    tags: list(f.tag),
    target: str(f.target),
    ulimits: [...ulimits.values()],
  }
}

/** config.json `proxies`: the entry for this daemon host, else `default`. */
export interface ProxySettings {
  httpProxy?: string
  httpsProxy?: string
  noProxy?: string
  ftpProxy?: string
  allProxy?: string
}

export function proxiesFor(config: unknown, daemonHost: string): ProxySettings {
  const proxies = isRecord(config) ? config.proxies : undefined
  if (!isRecord(proxies)) return {}
  const entry = Object.hasOwn(proxies, daemonHost) ? proxies[daemonHost] : proxies.default
  if (!isRecord(entry)) return {}
  const out: ProxySettings = {}
  for (const key of ['httpProxy', 'httpsProxy', 'noProxy', 'ftpProxy', 'allProxy'] as const) {
    const value = entry[key]
    if (typeof value === 'string') out[key] = value
  }
  return out
}

/**
 * ConvertKVStringsToMapWithNil + ParseProxyConfig: `K=V` → "V", a bare `K` → null, then each
 * configured proxy as both FOO_PROXY and foo_proxy unless the user set that name.
 */
export function buildArgsMap(buildArgs: readonly string[], proxies: ProxySettings): Map<string, string | null> {
  const args = new Map<string, string | null>()
  for (const value of buildArgs) {
    const eq = value.indexOf('=')
    if (eq === -1) args.set(value, null)
    else args.set(value.slice(0, eq), value.slice(eq + 1))
  }
  const permitted: Array<[string, string | undefined]> = [
    ['HTTP_PROXY', proxies.httpProxy],
    ['HTTPS_PROXY', proxies.httpsProxy],
    ['NO_PROXY', proxies.noProxy],
    ['FTP_PROXY', proxies.ftpProxy],
    ['ALL_PROXY', proxies.allProxy],
  ]
  for (const [name, value] of permitted) {
    if (value === undefined || value === '') continue
    if (!args.has(name)) args.set(name, value)
    if (!args.has(name.toLowerCase())) args.set(name.toLowerCase(), value)
  }
  return args
}

/** ConvertKVStringsToMap: `K=V` → V, a bare `K` → "". */
export function labelsMap(labels: readonly string[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const value of labels) {
    const eq = value.indexOf('=')
    out.set(eq === -1 ? value : value.slice(0, eq), eq === -1 ? '' : value.slice(eq + 1))
  }
  return out
}

export interface BuildQueryInputs {
  /** The `dockerfile` parameter: the path inside the context ('' = the engine's default). */
  dockerfile: string
  /** `remote=`: a context the engine fetches itself (git URLs). */
  remote?: string
  /** config.json `proxies` for this daemon, turned into build args. */
  proxies?: ProxySettings
}

/** The engine's build options for these flags (docker 28's runBuild, classic builder). */
export function imageBuildOptions(opts: BuildOptions, inputs: BuildQueryInputs): ImageBuildOptions {
  return {
    buildArgs: buildArgsMap(opts.buildArgs, inputs.proxies ?? {}),
    cacheFrom: opts.cacheFrom,
    cgroupParent: opts.cgroupParent,
    cpuPeriod: opts.cpuPeriod,
    cpuQuota: opts.cpuQuota,
    cpuSetCpus: opts.cpusetCpus,
    cpuSetMems: opts.cpusetMems,
    cpuShares: opts.cpuShares,
    dockerfile: inputs.dockerfile,
    extraHosts: opts.extraHosts,
    forceRemove: opts.forceRm,
    isolation: opts.isolation,
    labels: labelsMap(opts.labels),
    memory: opts.memory,
    memorySwap: opts.memorySwap,
    networkMode: opts.networkMode,
    noCache: opts.noCache,
    platform: opts.platform,
    pullParent: opts.pull,
    remoteContext: inputs.remote,
    remove: opts.rm,
    securityOpt: opts.securityOpt,
    shmSize: opts.shmSize,
    squash: opts.squash,
    suppressOutput: opts.quiet,
    tags: opts.tags,
    target: opts.target,
    ulimits: opts.ulimits,
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
