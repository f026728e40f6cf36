// docker 28's processAliases/processBuilder: whether `build`, `image build`, `builder …` and
// `bake` go to the buildx plugin (or the plugin `aliases.builder` names) or to the classic
// builder, with docker's deprecation warning, its errors, and its checks of config.json aliases.
import type {ConfigFile} from '../config/config-file.js'
import {CliError} from '../cli/errors.js'
import {goQuote} from '../format/go-print.js'
import {goParseBool} from '../go/strconv.js'
import {isBuiltinCommand} from './builtins.js'
import type {PluginInfo} from './plugin.js'

const DEFAULT_BUILDER = 'buildx'
const BUILDER_ALIAS = 'builder'

const BUILDX_MISSING_WARNING = `DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            Install the buildx component to build images with BuildKit:
            https://docs.docker.com/go/buildx/`

const BUILDKIT_DISABLED_WARNING = `DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0
            environment-variable.`

const BUILDX_MISSING_ERROR = `ERROR: BuildKit is enabled but the buildx component is missing or broken.
       Install the buildx component to build images with BuildKit:
       https://docs.docker.com/go/buildx/`

/** Names the program, as docker names itself there. */
const bakeMissingError = (program: string): string => `ERROR: ${program} bake requires the buildx component but it is missing or broken.
       Install the buildx component to use bake:
       https://docs.docker.com/go/buildx/`

/** What the daemon's ping says, as far as the builder choice needs it ('' when unreachable). */
export interface BuilderServerInfo {
  osType: string
  builderVersion: string
}

export interface BuilderInputs {
  /** The command line after the global flags. */
  args: string[]
  /** The whole command line after the program name (global flags included), as given to a plugin. */
  osArgs: string[]
  env: NodeJS.ProcessEnv
  config: ConfigFile
  /** The root command's path, `docker` (or whalectl's own name). */
  rootPath: string
  getPlugin(name: string): Promise<PluginInfo | undefined>
  serverInfo(): Promise<BuilderServerInfo>
  currentContext(): string
  warn(text: string): void
}

/** Where the command line goes: the builtin command as it was, or a plugin. */
export type BuilderRoute =
  | {kind: 'builtin'; args: string[]}
  | {kind: 'plugin'; args: string[]; osArgs: string[]; extraEnv: Record<string, string>; commandPath: string}

/** docker's `stringSliceIndex` (which restarts a partial match without re-testing the element). */
function sliceIndex(s: readonly string[], find: readonly string[]): number {
  let j = 0
  for (let i = 0; i < s.length; i++) {
    if (s[i] === find[j]) j++
    else j = 0
    if (j === find.length) return i + 1 - j
  }
  return -1
}

function replaceAt(s: string[], find: readonly string[], replace: readonly string[], requireIndex: number): string[] | undefined {
  const at = sliceIndex(s, find)
  if (at === -1 || (requireIndex !== -1 && requireIndex !== at)) return undefined
  return [...s.slice(0, at), ...replace, ...s.slice(at + find.length)]
}

/** The command forms handed to the builder plugin: what is replaced, by what, and the command path docker reports. */
function forwardingRules(alias: string): Array<{find: string[]; replace: string[]; pathTail: string[]}> {
  return [
    {find: ['bake'], pathTail: [], replace: [alias, 'bake']},
    {find: ['builder'], pathTail: ['builder'], replace: [alias]},
    {find: ['build'], pathTail: [], replace: [alias, 'build']},
    {find: ['image', 'build'], pathTail: ['image'], replace: [alias, 'build']},
  ]
}

/**
 * Whether a builder is named: `--builder NAME` as a pflag set knowing only that flag parses it
 * (so it stops at the first other flag, as docker's check does), or BUILDX_BUILDER.
 */
function namesBuilder(args: readonly string[], env: NodeJS.ProcessEnv): boolean {
  let builder = ''
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--') break
    if (!arg.startsWith('-') || arg === '-') continue
    if (arg === '--builder') {
      if (i + 1 >= args.length) break
      builder = args[++i] as string
    } else if (arg.startsWith('--builder=')) {
      builder = arg.slice('--builder='.length)
    } else {
      break
    }
  }
  return builder !== '' || (env.BUILDX_BUILDER ?? '') !== ''
}

/** docker's check of config.json `aliases`, which fails every command when it does not pass. */
export function checkAliases(config: ConfigFile): void {
  for (const [key, target] of Object.entries(config.aliases ?? {})) {
    if (key !== BUILDER_ALIAS) throw new CliError(`not allowed to alias ${goQuote(key)} (allowed: map[string]struct {}{"builder":struct {}{}})`)
    if (isBuiltinCommand(target.split(' ')[0] ?? '')) throw new CliError(`not allowed to alias with builtin ${goQuote(target)} as target`)
  }
}

function builderError(message: string, plugin: PluginInfo | undefined): string {
  return plugin?.Err === undefined ? message : `${plugin.Err}\n\n${message}`
}

export async function chooseBuilder(input: BuilderInputs): Promise<BuilderRoute> {
  const {args, env} = input
  let buildkitDisabled = false
  let useBuilder = false
  const setting = env.DOCKER_BUILDKIT ?? ''
  if (setting !== '') {
    let enabled: boolean
    try {
      enabled = goParseBool(setting)
    } catch (error) {
      throw new CliError(`DOCKER_BUILDKIT environment variable expects boolean value: ${(error as Error).message}`)
    }
    if (enabled) useBuilder = true
    else buildkitDisabled = true
  }
  const bake = args[0] === 'bake'
  // bake always needs BuildKit.
  if (bake) buildkitDisabled = false

  const alias = input.config.aliases?.[BUILDER_ALIAS]
  const useAlias = alias !== undefined
  if (useAlias) useBuilder = true
  const builder = alias ?? DEFAULT_BUILDER

  const rule = forwardingRules(builder)
    .map((r) => ({...r, args: replaceAt(args, r.find, r.replace, 0)}))
    .find((r) => r.args !== undefined)
  if (rule?.args === undefined) return {args, kind: 'builtin'}

  if (!useBuilder) {
    // A Windows daemon that does not ask for BuildKit keeps the classic builder, silently.
    const info = await input.serverInfo()
    if (info.builderVersion !== '2' && info.osType === 'windows') return {args, kind: 'builtin'}
  }
  if (buildkitDisabled) {
    if ((await input.serverInfo()).osType !== 'windows') input.warn(`${BUILDKIT_DISABLED_WARNING}\n\n`)
    return {args, kind: 'builtin'}
  }

  const plugin = await input.getPlugin(builder)
  if (plugin === undefined || plugin.Err !== undefined) {
    if (bake) throw new CliError(builderError(bakeMissingError(input.rootPath), plugin))
    if (useBuilder) throw new CliError(builderError(BUILDX_MISSING_ERROR, plugin))
    input.warn(`${builderError(BUILDX_MISSING_WARNING, plugin)}\n\n`)
    return {args, kind: 'builtin'}
  }

  const extraEnv: Record<string, string> = {}
  // `docker build` is expected to make a local image: the current context's builder, unless the
  // user chose a builder (flag, variable, or an alias installed by `buildx install`).
  if (!useAlias && !namesBuilder(args, env)) extraEnv.BUILDX_BUILDER = input.currentContext()
  return {
    args: rule.args,
    commandPath: [input.rootPath, ...rule.pathTail].join(' '),
    extraEnv,
    kind: 'plugin',
    osArgs: replaceAt(input.osArgs, rule.find, rule.replace, -1) ?? input.osArgs,
  }
}

/** The plain `aliases.builder` replacement docker applies after the builder step (`builder …` → `<alias> …`). */
export function applyBuilderAlias(args: string[], osArgs: string[], config: ConfigFile): {args: string[]; osArgs: string[]} {
  const alias = config.aliases?.[BUILDER_ALIAS]
  if (alias === undefined) return {args, osArgs}
  const replaced = replaceAt(args, [BUILDER_ALIAS], [alias], 0)
  if (replaced === undefined) return {args, osArgs}
  return {args: replaced, osArgs: replaceAt(osArgs, [BUILDER_ALIAS], [alias], -1) ?? osArgs}
}
