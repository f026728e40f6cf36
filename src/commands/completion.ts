// `whalectl completion bash|zsh|fish [--no-descriptions]`: prints the script that completes
// whalectl's command lines in that shell through the hidden `__complete` command. Like docker's
// cobra-made `completion`, it is a hidden command with one subcommand per shell.
import {type FlagSpec, parseArgv, type ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {type ArgRule, BIN, DockerCommand} from '../lib/cli/docker-command.js'
import {CliError, FlagError, HelpRequested} from '../lib/cli/errors.js'
import {flagUsages} from '../lib/cli/help/flag-usages.js'
import {renderHelpPage} from '../lib/cli/help/help-page.js'
import {completionScript} from '../lib/completion/scripts/index.js'
import {completionDescription, isShell, type Shell, shellDescription, shellSummary, shellUsage} from '../lib/completion/shell-help.js'
import {SHELLS} from '../lib/completion/value-lists.js'

const NO_DESCRIPTIONS: FlagSpec = {description: 'disable completion descriptions', kind: 'bool', name: 'no-descriptions'}

/** docker wraps help at the terminal width; this page's one flag line fits any of them. */
const HELP_WIDTH = 79

function usageError(message: string, usage: string, path: string): FlagError {
  return new FlagError(`${message}\n\nUsage:  ${usage}\n\nRun '${path} --help' for more information`)
}

export default class Completion extends DockerCommand {
  static override description = completionDescription(BIN)
  static override hidden = true
  static override ownsHelp = true
  static override usageLine = 'completion COMMAND'
  /** For completing `completion bash --<Tab>`: the shell subcommands' one flag. */
  static override flagSpecs = [NO_DESCRIPTIONS]
  static override argRule: ArgRule = {kind: 'max', n: Number.MAX_SAFE_INTEGER}

  static override async run(this: new (argv: string[], id: string, invokedAs?: string) => DockerCommand, argv: string[], id: string, invokedAs?: string): Promise<void> {
    // The words are parsed per level (the group, then the shell's subcommand) in execute.
    await new this(['--', ...argv], id, invokedAs).run()
  }

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    const notices: string[] = []
    const onDeprecated = (notice: string): number => notices.push(`${notice}\n`)
    const groupPage = (): string =>
      renderHelpPage({
        commandPath: `${BIN} completion`,
        commands: SHELLS.map((shell) => ({name: shell, summary: shellSummary(shell)})),
        description: completionDescription(BIN),
        usage: `${BIN} completion COMMAND`,
      })
    let group: ParsedArgs
    try {
      group = parseArgv(parsed.args, [], {interspersed: false, onDeprecated})
    } catch (error) {
      if (error instanceof HelpRequested) return void ctx.stdout.write(notices.join('') + groupPage())
      if (error instanceof FlagError) throw usageError(error.message, `${BIN} completion`, `${BIN} completion`)
      throw error
    }
    const [word, ...rest] = group.args
    // docker shows the group's help for a missing or unknown shell, and succeeds
    if (word === undefined || !isShell(word)) return void ctx.stdout.write(notices.join('') + groupPage())
    this.runShell(word, rest, ctx)
  }

  private runShell(shell: Shell, words: string[], ctx: CommandContext): void {
    const path = `${BIN} completion ${shell}`
    const notices: string[] = []
    let parsed: ParsedArgs
    try {
      parsed = parseArgv(words, [NO_DESCRIPTIONS], {interspersed: true, onDeprecated: (notice) => notices.push(`${notice}\n`)})
    } catch (error) {
      if (error instanceof HelpRequested) {
        const page = renderHelpPage({description: shellDescription(BIN, shell), options: flagUsages([NO_DESCRIPTIONS], HELP_WIDTH), usage: shellUsage(BIN, shell)})
        ctx.stdout.write(notices.join('') + page)
        return
      }
      if (error instanceof FlagError) throw usageError(error.message, shellUsage(BIN, shell), path)
      throw error
    }
    if (parsed.args.length > 0) throw new CliError(`unknown command "${parsed.args[0]}" for "${path}"`)
    ctx.stdout.write(completionScript(shell, BIN, parsed.flags['no-descriptions'] !== true))
  }
}
