// Which values docker 28 completes where: for each command, its positional arguments (cobra's
// ValidArgsFunction) and its flags' values (RegisterFlagCompletionFunc), keyed by whalectl's
// command ids. A command or flag missing here gets cobra's default: nothing, file completion on.
import type {ContainerSummary} from '../engine/types.js'
import type {FlagValue} from '../cli/argv.js'
import type {ContainerFilter, LiveNames} from './live-names.js'
import {type Candidate, type CompletionResult, Directive, values} from './protocol.js'
import {
  ALL_LOG_OPTIONS, CAPABILITIES, EVENT_ACTIONS, EVENT_FILTER_KEYS, EVENT_TYPES, INSPECT_TYPES, LOG_DRIVER_OPTIONS, LOG_LEVELS, PLATFORMS, PULL_POLICIES, RESTART_POLICIES,
  SHELLS, SIGNAL_NAMES, ULIMITS,
} from './value-lists.js'

/** What a completion function is given: cobra's (cmd, args, toComplete), plus where to look things up. */
export interface CompletionRequest {
  /** The positional arguments typed before the word being completed. */
  args: readonly string[]
  toComplete: string
  /** The command's flags as parsed from the line so far. */
  flags: Readonly<Record<string, FlagValue | undefined>>
  names: LiveNames
  contexts(): {names: string[]; current: string}
  env: NodeJS.ProcessEnv
}

export type Completer = (request: CompletionRequest) => CompletionResult | Promise<CompletionResult>

export interface CommandCompletions {
  args?: Completer
  flags?: Readonly<Record<string, Completer>>
  /** For the flags not in `flags` (docker's run/create/inspect register NoComplete for all the rest). */
  otherFlags?: Completer
}

const {Default, Error: ErrorDirective, NoFileComp, NoSpace, FilterDirs} = Directive

const noComplete: Completer = () => values([], NoFileComp)
const fileNames: Completer = () => values([], Default)
const fromList = (list: readonly string[]): Completer => () => values(list, NoFileComp)
const prefixed = (prefix: string, list: readonly string[]): string[] => list.map((value) => `${prefix}${value}`)
const suffixed = (suffix: string, list: readonly string[]): string[] => list.map((value) => `${value}${suffix}`)
const orError = (list: string[] | undefined): CompletionResult => (list === undefined ? values([], ErrorDirective) : values(list, NoFileComp))

const isStopped: ContainerFilter = (c) => c.State === 'exited' || c.State === 'created'
const isPaused: ContainerFilter = (c) => c.State === 'paused'
const notPaused: ContainerFilter = (c) => c.State !== 'paused'
const connectedTo = (network: string): ContainerFilter => (c: ContainerSummary) => c.NetworkSettings?.Networks?.[network] !== undefined

/** completion.ContainerNames: all containers, or only running ones, that pass `keep`. */
const containers = (all: boolean, keep?: ContainerFilter): Completer => async ({names}) => orError(await names.containers(all, keep))

/** completion.ImageNames: image tags, for at most `limit` arguments (-1: any number). */
const images = (limit: number): Completer => async ({args, names}) => (limit > 0 && args.length >= limit ? values([], NoFileComp) : orError(await names.images()))

const networks: Completer = async ({names}) => orError(await names.networks())
const volumes: Completer = async ({names}) => orError(await names.volumes())

/** The context command's completion: unused names, the current one marked, for at most `limit` arguments. */
const contexts = (limit: number, filesAfter: boolean): Completer => ({args, contexts: list}) => {
  if (limit > 0 && args.length >= limit) return values([], filesAfter ? Default : NoFileComp)
  const {current, names} = list()
  const candidates: Candidate[] = names.filter((name) => !args.includes(name)).map((name) => (name === current ? {description: 'current', value: name} : {value: name}))
  return {candidates, directive: NoFileComp}
}

/** Container names, [] when the engine cannot be asked (docker's containerNames helper). */
const containerNamesOrNone = async (names: LiveNames): Promise<string[]> => (await names.containers(true)) ?? []

const envVarNames: Completer = ({env}) => values(Object.keys(env), NoFileComp)
const signals = fromList(SIGNAL_NAMES)
const platforms = fromList(PLATFORMS)
const restartPolicies = fromList(RESTART_POLICIES)

/** `--ipc` and `--pid`: fixed modes, or `container:<name>` once `container` is being typed. */
const namespaceMode = (modes: readonly string[]): Completer => async ({names, toComplete}) => {
  if (toComplete.length > 0 && 'container'.startsWith(toComplete)) return values(['container:'], NoSpace)
  if (toComplete.startsWith('container:')) return values(prefixed('container:', await containerNamesOrNone(names)), NoFileComp)
  return values(['container:', ...modes], NoFileComp)
}

const securityOpt: Completer = ({toComplete}) => {
  if (toComplete.length > 0 && 'apparmor='.startsWith(toComplete)) return values(['apparmor='], NoSpace)
  if (toComplete.length > 0 && 'label'.startsWith(toComplete)) return values(['label='], NoSpace)
  if (toComplete.startsWith('label=')) {
    if (toComplete.startsWith('label=d')) return values(['label=disable'], NoFileComp)
    return values(prefixed('label=', ['disable', 'level:', 'role:', 'type:', 'user:']), NoSpace | NoFileComp)
  }
  // two letters at least, so that `s` alone is not taken for seccomp
  if (toComplete.length > 1 && 'seccomp'.startsWith(toComplete)) return values(['seccomp='], NoSpace)
  if (toComplete.startsWith('seccomp=')) return values(['seccomp=unconfined'], NoFileComp)
  return values(['apparmor=', 'label=', 'no-new-privileges', 'seccomp=', 'systempaths=unconfined'], NoFileComp)
}

const logDriver: Completer = async ({names}) => {
  const plugins = (await names.info())?.Plugins as {Log?: unknown} | undefined
  const drivers = Array.isArray(plugins?.Log) ? plugins.Log.filter((d): d is string => typeof d === 'string') : Object.keys(LOG_DRIVER_OPTIONS)
  return values(drivers, NoFileComp)
}

const logOpt: Completer = ({flags}) => {
  const driver = typeof flags['log-driver'] === 'string' ? flags['log-driver'] : ''
  const options = LOG_DRIVER_OPTIONS[driver]
  return options === undefined ? values(suffixed('=', ALL_LOG_OPTIONS), NoSpace) : values(suffixed('=', options), NoSpace | NoFileComp)
}

const volumeDriver: Completer = async ({names}) => {
  const info = await names.info()
  if (info === undefined) return values(['local'], NoFileComp)
  const plugins = info.Plugins as {Volume?: unknown} | undefined
  return values(Array.isArray(plugins?.Volume) ? plugins.Volume.filter((d): d is string => typeof d === 'string') : [], NoFileComp)
}

const eventFilter: Completer = async ({names, toComplete}) => {
  const eq = toComplete.indexOf('=')
  if (eq === -1) return values(suffixed('=', EVENT_FILTER_KEYS), NoSpace)
  const key = toComplete.slice(0, eq)
  const of = (list: readonly string[] | undefined): CompletionResult => values(prefixed(`${key}=`, list ?? []), NoFileComp)
  switch (key) {
    case 'container':
      return of(await containerNamesOrNone(names))
    case 'daemon': {
      const info = await names.info()
      return of(info === undefined ? [] : [String(info.Name ?? ''), info.ID ?? ''])
    }
    case 'event':
      return of(EVENT_ACTIONS)
    case 'image':
      return of(await names.images())
    case 'label':
      return values([], NoFileComp)
    case 'network':
      return of(await names.networks())
    case 'node':
      // whalectl has no swarm: the node list docker would fetch is always empty here
      return of([])
    case 'scope':
      return of(['local', 'swarm'])
    case 'type':
      return of(EVENT_TYPES)
    case 'volume':
      return of(await names.volumes())
    default:
      return values(suffixed('=', EVENT_FILTER_KEYS), NoSpace | NoFileComp)
  }
}

/** run's and create's flag completions (docker's addCompletions). */
const CONTAINER_CREATE_FLAGS: Readonly<Record<string, Completer>> = {
  attach: fromList(['stderr', 'stdin', 'stdout']),
  'cap-add': fromList(CAPABILITIES),
  'cap-drop': fromList(CAPABILITIES),
  cgroupns: fromList(['host', 'private']),
  env: envVarNames,
  'env-file': fileNames,
  ipc: namespaceMode(['host', 'none', 'private', 'shareable']),
  link: async ({names}) => values(suffixed(':', await containerNamesOrNone(names)), NoSpace),
  'log-driver': logDriver,
  'log-opt': logOpt,
  network: networks,
  pid: namespaceMode(['host']),
  platform: platforms,
  pull: fromList(PULL_POLICIES),
  restart: restartPolicies,
  'security-opt': securityOpt,
  'stop-signal': signals,
  'storage-opt': () => values(['size='], NoSpace),
  ulimit: () => values(suffixed('=', ULIMITS), NoSpace),
  userns: fromList(['host']),
  uts: fromList(['host']),
  'volume-driver': volumeDriver,
  'volumes-from': containers(true),
}

const withPlatform: Readonly<Record<string, Completer>> = {platform: platforms}
const running = containers(false)
const anyContainer = containers(true)

/** `network connect`/`disconnect`: the network first, then the containers (not) on it. */
const networkThenContainers = (connected: boolean): Completer => async (request) => {
  const [network] = request.args
  if (network === undefined) return networks(request)
  const onIt = connectedTo(network)
  return orError(await request.names.containers(true, connected ? onIt : (c) => !onIt(c)))
}

/** `completion`'s subcommands as docker lists them. */
const SHELL_CANDIDATES: Candidate[] = SHELLS.map((shell) => ({description: `Generate the autocompletion script for ${shell}`, value: shell}))

export const COMMAND_COMPLETIONS: Readonly<Record<string, CommandCompletions>> = {
  attach: {args: containers(false, notPaused)},
  build: {args: () => values([], FilterDirs), flags: withPlatform},
  commit: {args: running},
  completion: {args: ({args}) => (args.length === 0 ? {candidates: SHELL_CANDIDATES, directive: NoFileComp} : values([], NoFileComp))},
  'container:inspect': {args: anyContainer},
  'container:prune': {args: noComplete},
  'context:create': {args: noComplete},
  'context:export': {args: contexts(1, true)},
  'context:import': {args: fileNames},
  'context:inspect': {args: contexts(-1, false)},
  'context:ls': {args: noComplete},
  'context:rm': {args: contexts(-1, false)},
  'context:show': {args: noComplete},
  'context:update': {args: contexts(1, false)},
  'context:use': {args: contexts(1, false)},
  create: {args: images(-1), flags: CONTAINER_CREATE_FLAGS, otherFlags: noComplete},
  diff: {args: running},
  events: {args: noComplete, flags: {filter: eventFilter}},
  exec: {args: containers(false, notPaused), flags: {env: envVarNames, 'env-file': fileNames}},
  export: {args: anyContainer},
  history: {args: images(1), flags: withPlatform},
  'image:inspect': {args: images(-1), flags: withPlatform},
  'image:prune': {args: noComplete},
  import: {flags: withPlatform},
  info: {args: noComplete},
  inspect: {args: noComplete, flags: {type: fromList(INSPECT_TYPES)}, otherFlags: noComplete},
  kill: {args: running, flags: {signal: signals}},
  load: {args: noComplete, flags: withPlatform},
  login: {args: noComplete},
  logs: {args: anyContainer},
  'network:connect': {args: networkThenContainers(false)},
  'network:create': {args: noComplete},
  'network:disconnect': {args: networkThenContainers(true)},
  'network:inspect': {args: networks},
  'network:ls': {args: noComplete},
  'network:rm': {args: networks},
  pause: {args: containers(false, notPaused)},
  port: {args: running},
  ps: {args: noComplete},
  pull: {args: noComplete, flags: withPlatform},
  push: {args: images(1), flags: withPlatform},
  rename: {args: anyContainer},
  restart: {args: anyContainer, flags: {signal: signals}},
  rm: {args: (request) => containers(true, (c) => request.flags.force === true || isStopped(c))(request)},
  rmi: {args: images(-1), flags: withPlatform},
  run: {args: images(1), flags: {...CONTAINER_CREATE_FLAGS, 'detach-keys': () => values(['ctrl-'], NoSpace)}, otherFlags: noComplete},
  save: {args: images(-1), flags: withPlatform},
  start: {args: containers(true, isStopped)},
  stats: {args: running},
  stop: {args: running, flags: {signal: signals}},
  'system:df': {args: noComplete},
  'system:dial-stdio': {args: noComplete},
  'system:prune': {args: noComplete},
  tag: {args: images(2)},
  top: {args: running},
  unpause: {args: containers(false, isPaused)},
  update: {args: anyContainer, flags: {restart: restartPolicies}},
  version: {args: noComplete},
  'volume:create': {args: noComplete},
  'volume:inspect': {args: volumes},
  'volume:ls': {args: noComplete},
  'volume:prune': {args: noComplete},
  'volume:rm': {args: volumes},
  'volume:update': {args: volumes},
  wait: {args: running},
}

/** The root command's own flags. */
export const GLOBAL_FLAG_COMPLETIONS: Readonly<Record<string, Completer>> = {
  context: ({contexts: list}) => values(list().names, NoFileComp),
  'log-level': fromList(LOG_LEVELS),
}

