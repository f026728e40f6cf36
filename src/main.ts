// The process entry: global options, command dispatch, and the one place that turns an error
// into docker's message and exit code.
import {fileURLToPath} from 'node:url'

import {parseArgv} from './lib/cli/argv.js'
import {COMMANDS, GROUP_ALIASES, GROUPS, loadCommand} from './commands.js'
import {createContext, type GlobalOptions, type OutStream} from './lib/cli/context.js'
import {BIN, setCommandContext} from './lib/cli/docker-command.js'
import {CliError, FlagError, HelpRequested} from './lib/cli/errors.js'
import {GLOBAL_FLAGS, isLogLevel} from './lib/cli/global-flags.js'
import {abortExitCode} from './lib/cli/interrupt.js'
import {defaultConfigDir} from './lib/config/config-file.js'
import {AbortedError} from './lib/engine/errors.js'

export {brokenPipeExit} from './lib/cli/broken-pipe.js'

export const VERSION = '0.1.0'

export interface ProcessIO {
  stdout: OutStream
  stderr: OutStream
  stdin: NodeJS.ReadableStream & {isTTY?: boolean}
  env: NodeJS.ProcessEnv
}

function rootUsage(): string {
  const names = Object.keys(COMMANDS).sort()
  return [
    `Usage:  ${BIN} [OPTIONS] COMMAND`,
    '',
    'A Docker command-line client that speaks the Docker Engine API',
    '',
    'Commands:',
    ...names.map((n) => `  ${n}`),
    '',
    `Run '${BIN} COMMAND --help' for more information on a command.`,
    '',
  ].join('\n')
}

function resolveCommand(args: string[]): {id: string; invokedAs: string; rest: string[]} | undefined {
  const [first, second, ...more] = args
  if (first === undefined) return undefined
  if (first in COMMANDS) return {id: first, invokedAs: first, rest: args.slice(1)}
  const group = GROUPS[first]
  if (group && second !== undefined && second in group) return {id: group[second] as string, invokedAs: `${first} ${GROUP_ALIASES[first]?.[second] ?? second}`, rest: more}
  return undefined
}

async function showCommandHelp(id: string): Promise<void> {
  // oclif is loaded only here: help is the one thing whalectl asks it for.
  const {Config, Help} = await import('@oclif/core')
  const config = await Config.load({root: fileURLToPath(new URL('..', import.meta.url))})
  const command = config.findCommand(id)
  if (!command) return
  // oclif's help writes to the process's stdout itself
  await new Help(config).showCommandHelp(command)
}

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
  let debug = false
  try {
    let global
    try {
      global = parseArgv(argv, GLOBAL_FLAGS, {interspersed: false})
    } catch (error) {
      if (error instanceof HelpRequested) {
        io.stdout.write(rootUsage())
        return 0
      }
      if (error instanceof FlagError) throw new FlagError(`${error.message}\nSee '${BIN} --help'.`)
      throw error
    }
    if (global.flags.version) {
      io.stdout.write(`${BIN} version ${VERSION}\n`)
      return 0
    }
    const globals = globalsFrom(global.flags, global.changed, io.env)
    debug = globals.debug
    if (global.args.length === 0) {
      io.stdout.write(rootUsage())
      return 0
    }
    const resolved = resolveCommand(global.args)
    if (!resolved) {
      const shown = (global.args[0] ?? '') in GROUPS ? global.args.slice(0, 2).join(' ') : global.args[0]
      throw new CliError(`${BIN}: unknown command: ${BIN} ${shown}\n\nRun '${BIN} --help' for more information`)
    }
    setCommandContext(createContext(globals, io))
    const Cmd = await loadCommand(resolved.id)
    if (!Cmd) throw new CliError(`${BIN}: unknown command: ${BIN} ${resolved.id}`)
    try {
      await Cmd.run(resolved.rest, resolved.id, resolved.invokedAs)
    } catch (error) {
      if (error instanceof HelpRequested) {
        await showCommandHelp(resolved.id)
        return 0
      }
      throw error
    }
    return 0
  } catch (error) {
    return report(error, io, debug)
  }
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
