// The commands that only ever print help, as docker's cobra tree has them: the root (bare, or
// with --help), `help [command]`, and a management command given no subcommand. The help class
// (and with it oclif) is imported only when a page is printed.
import type {InStream, OutStream} from '../../io.js'
import {parseArgv} from '../argv.js'
import {BIN} from '../docker-command.js'
import {CliError, FlagError, HelpRequested} from '../errors.js'
import {GROUP_USE_ARGS, HELP_COMMAND} from './docker-layout.js'
import {helpWidth} from './terminal-width.js'

export interface HelpIO {
  stdout: OutStream
  stderr: OutStream
  stdin: InStream
  env: NodeJS.ProcessEnv
}

/** Where the package lives (for oclif's Config), and the process streams. */
export interface HelpContext {
  root: string
  io: HelpIO
}

/** Prints the page for `words` (as after `help`) on one of the streams. */
export async function printHelp(ctx: HelpContext, words: readonly string[], to: 'stdout' | 'stderr'): Promise<void> {
  const {createDockerHelp} = await import('./docker-help.js')
  const stream = ctx.io[to]
  const width = helpWidth({columns: ctx.io.stdout.columns ?? ctx.io.stderr.columns, stdinIsTTY: Boolean(ctx.io.stdin.isTTY)})
  const help = await createDockerHelp(ctx.root, {env: ctx.io.env, width, write: (text) => stream.write(text)})
  await help.showHelp([...words])
}

/** cobra's usage block after a flag error of a command that only shows help. */
function flagErrorOf(error: FlagError, usage: string, path: string): FlagError {
  return new FlagError(`${error.message}\n\nUsage:  ${usage}\n\nRun '${path} --help' for more information`)
}

/** Parses the flags of a help-only command (it has none but --help); true when help was asked for. */
function helpAsked(ctx: HelpContext, args: readonly string[], usage: string, path: string): {help: boolean; args: string[]} {
  const notices: string[] = []
  try {
    const parsed = parseArgv(args, [], {interspersed: true, onDeprecated: (notice) => notices.push(`${notice}\n`)})
    return {args: parsed.args, help: false}
  } catch (error) {
    if (error instanceof HelpRequested) {
      // pflag's -h notice comes on the command's stdout, before the page.
      ctx.io.stdout.write(notices.join(''))
      return {args: [], help: true}
    }
    if (error instanceof FlagError) throw flagErrorOf(error, usage, path)
    throw error
  }
}

/** `help [command]`: the page of the command named, or `unknown help topic`. */
export async function runHelpCommand(ctx: HelpContext, args: readonly string[]): Promise<void> {
  const path = `${BIN} help`
  const parsed = helpAsked(ctx, args, `${BIN} ${HELP_COMMAND.usageLine}`, path)
  await printHelp(ctx, parsed.help ? ['help'] : parsed.args, 'stdout')
}

/**
 * A management command (`container`, `network`) with no known subcommand: its page on stderr
 * when given nothing, on stdout with --help, else docker's unknown-command error.
 */
export async function runGroupCommand(ctx: HelpContext, group: string, args: readonly string[]): Promise<void> {
  const path = `${BIN} ${group}`
  const usage = GROUP_USE_ARGS[group] ? `${path} ${GROUP_USE_ARGS[group]}` : path
  const parsed = helpAsked(ctx, args, usage, path)
  if (parsed.help) return printHelp(ctx, [group], 'stdout')
  if (parsed.args.length > 0) {
    throw new CliError(`${BIN}: unknown command: ${path} ${parsed.args[0]}\n\nUsage:  ${usage}\n\nRun '${path} --help' for more information`)
  }
  return printHelp(ctx, [group], 'stderr')
}

/** Whether the words after an unknown command ask for help: docker then shows the root page. */
export function asksForHelp(args: readonly string[]): boolean {
  try {
    parseArgv(args, [], {interspersed: true})
    return false
  } catch (error) {
    return error instanceof HelpRequested
  }
}
