// What docker does with a command line before its builtins see it: config.json aliases, the
// `build` → `buildx build` hand-off, and running a plugin when no builtin command matches.
import type {CommandContext} from '../cli/context.js'
import {CliError} from '../cli/errors.js'
import {resolveContextName} from '../context/context-name.js'
import {type BuilderServerInfo, applyBuilderAlias, checkAliases, chooseBuilder} from './builder-choice.js'
import {isBuiltinCommand} from './builtins.js'
import {findRunnablePlugin, getPlugin} from './discovery.js'
import {runPlugin} from './exec.js'
import type {CommandWords} from './needs-dispatch.js'

export interface CommandLine extends CommandWords {
  /** Everything after the program name, global flags included. */
  argv: string[]
  /** How the CLI was invoked (its argv[0]). */
  cliCommand: string
  /** The root command's name in messages and command paths (`docker` or `whalectl`). */
  rootPath: string
  /**
   * Told, just before the plugin starts, what docker's hooks would see run: the plugin with the
   * command line after aliases, or (`help <plugin>`) cobra's help command.
   */
  onRun?: (ran: {kind: 'plugin'; args: string[]} | {kind: 'help'}) => void
}

/** The context the builder hand-off names in BUILDX_BUILDER. */
function currentContextName(ctx: CommandContext): string {
  return resolveContextName(ctx.globals, ctx.env, () => ctx.config().currentContext)
}

function serverInfoOnce(ctx: CommandContext): () => Promise<BuilderServerInfo> {
  let info: Promise<BuilderServerInfo> | undefined
  // docker's ServerInfo: a failed ping leaves everything empty and the command goes on.
  return () =>
    (info ??= ctx
      .engine()
      .ping()
      .then(
        (ping) => ({builderVersion: ping.builderVersion ?? '', osType: ping.osType ?? ''}),
        () => ({builderVersion: '', osType: ''}),
      ))
}

/**
 * Runs the plugin this command line goes to and resolves to its exit code; resolves to
 * undefined when a builtin (or the unknown-command error) should handle the line. Messages docker
 * prints on the way (the legacy-builder notice) are written to stderr.
 */
export async function dispatchToPlugin(ctx: CommandContext, line: CommandLine): Promise<number | undefined> {
  const config = ctx.config()
  const env = ctx.env
  checkAliases(config)
  const route = await chooseBuilder({
    args: line.args,
    config,
    currentContext: () => currentContextName(ctx),
    env,
    getPlugin: (name) => getPlugin(name, ctx.globals.configDir, config, env),
    osArgs: line.argv,
    rootPath: line.rootPath,
    serverInfo: serverInfoOnce(ctx),
    warn: (text) => ctx.stderr.write(text),
  })
  const forwarded = route.kind === 'plugin' ? route : {...applyBuilderAlias(route.args, line.argv, config), commandPath: undefined, extraEnv: {}}
  const [name = '', topic] = forwarded.args
  // `help <plugin>` runs the plugin with the whole line, and a failure of it is help's own error.
  const asHelp = name === 'help' && topic !== undefined
  if (!asHelp && (line.hasBuiltin(name) || isBuiltinCommand(name))) return undefined
  const plugin = await findRunnablePlugin(asHelp ? topic : name, ctx.globals.configDir, config, env)
  if (plugin === undefined) return undefined
  line.onRun?.(asHelp ? {kind: 'help'} : {args: forwarded.args, kind: 'plugin'})
  const ended = await runPlugin({
    args: forwarded.osArgs,
    cliCommand: line.cliCommand,
    commandPath: forwarded.commandPath ?? `${line.rootPath} ${plugin.Name}`,
    env,
    extraEnv: forwarded.extraEnv,
    file: plugin.Path,
    stderr: ctx.stderr,
    stdoutIsTerminal: ctx.stdout.isTTY === true,
    supervised: !asHelp,
  })
  if (asHelp && ended.exitCode !== 0) throw new CliError(ended.status)
  return ended.exitCode
}
