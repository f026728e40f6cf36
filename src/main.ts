// The process entry: global options, command dispatch, and the one place that turns an error
// into docker's message and exit code.
import {fileURLToPath} from 'node:url'

import {parseArgv} from './lib/cli/argv.js'
import {COMMANDS, GROUP_ALIASES, GROUPS, loadCommand} from './commands.js'
import {createContext, type GlobalOptions, type OutStream} from './lib/cli/context.js'
import {BIN, setCommandContext, setProgramName} from './lib/cli/docker-command.js'
import {CliError, FlagError, HelpRequested} from './lib/cli/errors.js'
import {GLOBAL_FLAGS, isLogLevel} from './lib/cli/global-flags.js'
import {programNameFrom} from './lib/cli/help/program-name.js'
import {setPluginHelpSource} from './lib/cli/help/plugin-entries.js'
import {asksForHelp, type HelpContext, printHelp, runGroupCommand, runHelpCommand} from './lib/cli/help/show-help.js'
import {readBuildInfo, versionLine} from './lib/cli/help/version-line.js'
import {abortExitCode} from './lib/cli/interrupt.js'
import {defaultConfigDir} from './lib/config/config-file.js'
import {AbortedError} from './lib/engine/errors.js'
import type {HookedCommand, HookSite} from './lib/plugins/hooks/site.js'
import {needsPluginDispatch} from './lib/plugins/needs-dispatch.js'

export {brokenPipeExit} from './lib/cli/broken-pipe.js'

export const VERSION = '0.1.0'

export interface ProcessIO {
  stdout: OutStream
  stderr: OutStream
  stdin: NodeJS.ReadableStream & {isTTY?: boolean}
  env: NodeJS.ProcessEnv
}

function resolveCommand(args: string[]): {id: string; invokedAs: string; rest: string[]} | undefined {
  const [first, second, ...more] = args
  if (first === undefined) return undefined
  if (first in COMMANDS) return {id: first, invokedAs: first, rest: args.slice(1)}
  const group = GROUPS[first]
  if (group && second !== undefined && second in group) return {id: group[second] as string, invokedAs: `${first} ${GROUP_ALIASES[first]?.[second] ?? second}`, rest: more}
  return undefined
}

/** oclif's Config reads the package at the root (package.json `oclif`) to render help. */
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url))

function globalsFrom(flags: Record<string, unknown>, changed: Set<string>, env: NodeJS.ProcessEnv): GlobalOptions {
  const hosts = flags.host as string[]
  if (hosts.length > 1) throw new CliError('Specify only one -H')
  const level = flags['log-level'] as string
  if (!isLogLevel(level)) throw new CliError(`Unable to parse logging level: ${level}`)
  return {
    changed,
    configDir: (flags.config as string | undefined) ?? defaultConfigDir(env),
    context: flags.context as string | undefined,
    debug: Boolean(flags.debug) || Boolean(env.DEBUG && env.DEBUG !== ''),
    host: hosts[0],
    tls: Boolean(flags.tls),
    tlsCaCert: flags.tlscacert as string | undefined,
    tlsCert: flags.tlscert as string | undefined,
    tlsFlagChanged: ['tls', 'tlsverify', 'tlscacert', 'tlscert', 'tlskey'].some((f) => changed.has(f)),
    tlsKey: flags.tlskey as string | undefined,
    tlsVerify: Boolean(flags.tlsverify),
  }
}

/** Runs one command line; resolves to the process exit code. */
export async function main(argv: string[], io: ProcessIO): Promise<number> {
  // Invoked as `docker` (a symlink or copy on PATH), every message says `docker`.
  setProgramName(programNameFrom(process.argv[1]))
  const help: HelpContext = {io, root: PACKAGE_ROOT}
  // The root help lists plugins; the scan runs only when that help is printed.
  let pluginConfigDir = defaultConfigDir(io.env)
  setPluginHelpSource(async () => (await import('./lib/plugins/help-entries.js')).pluginHelpEntries(pluginConfigDir, io.env))
  let debug = false
  // What docker's plugin hooks would be told about the command, once one has been chosen.
  let hookSite: HookSite | undefined
  try {
    let global
    try {
      // The root's -h notice is pflag's, printed as it parses, on stderr.
      global = parseArgv(argv, GLOBAL_FLAGS, {interspersed: false, onDeprecated: (notice) => io.stderr.write(`${notice}\n`)})
    } catch (error) {
      if (error instanceof HelpRequested) {
        await printHelp(help, [], 'stdout')
        return 0
      }
      if (error instanceof FlagError) throw new FlagError(`${error.message}\n\nUsage:  ${BIN} [OPTIONS] COMMAND [ARG...]\n\nRun '${BIN} --help' for more information`)
      throw error
    }
    if (global.flags.version) {
      io.stdout.write(versionLine(readBuildInfo(VERSION)))
      return 0
    }
    const globals = globalsFrom(global.flags, global.changed, io.env)
    debug = globals.debug
    pluginConfigDir = globals.configDir
    if (global.args.length === 0) {
      // docker with nothing to do prints its help on stderr, and succeeds.
      await printHelp(help, [], 'stderr')
      return 0
    }
    const ctx = createContext(globals, io)
    const hooked = (command: HookedCommand): HookSite => ({cliCommand: process.argv[1] ?? BIN, command, ctx, global})
    // docker's aliases, the build → buildx hand-off and CLI plugins, for the lines that may need them.
    const words = {args: global.args, hasBuiltin: (name: string) => name in COMMANDS || name in GROUPS || name === 'help'}
    if (needsPluginDispatch(words)) {
      const {dispatchToPlugin} = await import('./lib/plugins/dispatch.js')
      let pluginArgs: string[] | undefined
      const onRun: Parameters<typeof dispatchToPlugin>[1]['onRun'] = (ran) => {
        if (ran.kind === 'help') hookSite = hooked({args: ['help'], kind: 'root'})
        else pluginArgs = ran.args
      }
      const exitCode = await dispatchToPlugin(ctx, {...words, argv, cliCommand: process.argv[1] ?? BIN, onRun, rootPath: BIN})
      // Hooks follow a plugin only when it succeeded.
      if (exitCode === 0 && pluginArgs !== undefined) hookSite = hooked({args: pluginArgs, kind: 'plugin'})
      if (exitCode !== undefined) return exitCode
    }
    hookSite = hooked({args: global.args, kind: 'root'})
    const resolved = resolveCommand(global.args)
    if (!resolved) {
      const [first = '', ...rest] = global.args
      if (first === 'help') {
        // A command that renders its own pages (completion and its shells) is asked for them.
        const [topic = '', ...more] = rest
        const Owner = topic in COMMANDS ? await loadCommand(topic) : undefined
        if (Owner?.ownsHelp) {
          setCommandContext(ctx)
          await Owner.run([...more, '--help'], topic, topic)
          return 0
        }
        await runHelpCommand(help, rest)
        return 0
      }
      const group = GROUPS[first]
      // A management command whalectl has some subcommand of, given none it knows.
      if (group && Object.values(group).some((id) => id in COMMANDS) && (rest[0] === undefined || !(rest[0] in group))) {
        hookSite = hooked({args: rest, kind: 'group', name: first})
        await runGroupCommand(help, first, rest)
        return 0
      }
      if (asksForHelp(rest)) {
        await printHelp(help, [], 'stdout')
        return 0
      }
      const shown = (global.args[0] ?? '') in GROUPS ? global.args.slice(0, 2).join(' ') : global.args[0]
      throw new CliError(`${BIN}: unknown command: ${BIN} ${shown}\n\nRun '${BIN} --help' for more information`)
    }
    setCommandContext(ctx)
    const Cmd = await loadCommand(resolved.id)
    if (!Cmd) throw new CliError(`${BIN}: unknown command: ${BIN} ${resolved.id}`)
    hookSite = hooked({argv: resolved.rest, command: Cmd, kind: 'command', path: resolved.invokedAs})
    try {
      await Cmd.run(resolved.rest, resolved.id, resolved.invokedAs)
    } catch (error) {
      if (error instanceof HelpRequested) {
        await printHelp(help, resolved.invokedAs.split(' '), 'stdout')
        return 0
      }
      throw error
    }
    return 0
  } catch (error) {
    // docker's hooks print before the command's error does.
    const site = hookSite
    hookSite = undefined
    if (site) await runHooks(site, error)
    return report(error, io, debug)
  } finally {
    if (hookSite) await runHooks(hookSite)
  }
}

/** Plugin hooks ("What's next:"), which docker runs only when stdout is a terminal: the module loads only then. */
async function runHooks(site: HookSite, error?: unknown): Promise<void> {
  if (site.ctx.stdout.isTTY !== true) return
  const {runHooksAfter} = await import('./lib/plugins/hooks/after-command.js')
  await runHooksAfter(site, error)
}

function report(error: unknown, io: ProcessIO, debug: boolean): number {
  // A command cancelled by SIGINT/SIGTERM prints nothing, as docker's cancelled context.
  if (error instanceof AbortedError) return abortExitCode(error)
  if (error instanceof CliError) {
    if (error.message !== '') io.stderr.write(`${error.message}\n`)
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`)
    return error.exitCode
  }
  const err = error as Error
  io.stderr.write(`${err?.message ?? String(error)}\n`)
  if (debug && err?.stack) io.stderr.write(`${err.stack}\n`)
  return 1
}
