// `whalectl __complete WORDS…` (and `__completeNoDesc`): the hidden command the completion
// scripts run on each Tab press, answering in cobra's protocol (src/lib/completion/protocol.ts).
// Its words are a command line, not its own flags, so none of them is parsed as one.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {type ArgRule, BIN, DockerCommand} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {completeLine} from '../lib/completion/complete-line.js'
import {renderCandidates, renderNotes} from '../lib/completion/protocol.js'
import {whalectlSources} from '../lib/completion/sources.js'
import {goParseBool} from '../lib/go/strconv.js'

export const COMPLETE_NO_DESC = '__completeNoDesc'

/** cobra's <PROGRAM>_COMPLETION_DESCRIPTIONS, else COBRA_COMPLETION_DESCRIPTIONS: a false value turns descriptions off. */
function descriptionsWanted(env: NodeJS.ProcessEnv): boolean {
  const setting = env[`${BIN.toUpperCase()}_COMPLETION_DESCRIPTIONS`] || env.COBRA_COMPLETION_DESCRIPTIONS
  if (!setting) return true
  try {
    return goParseBool(setting)
  } catch {
    return true
  }
}

export default class Complete extends DockerCommand {
  static override description = 'Request shell completion choices for the specified command-line'
  static override hidden = true
  static override usageLine = '__complete [command-line]'
  static override flagSpecs = []
  static override interspersed = false
  static override argRule: ArgRule = {kind: 'max', n: Number.MAX_SAFE_INTEGER}

  static override async run(this: new (argv: string[], id: string, invokedAs?: string) => DockerCommand, argv: string[], id: string, invokedAs?: string): Promise<void> {
    // `--` first: every word after it is an argument, even `--help` or `-H`.
    await new this(['--', ...argv], id, invokedAs).run()
  }

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    if (parsed.args.length === 0) throw new CliError(`requires at least 1 arg(s), only received 0`)
    const result = await completeLine(parsed.args, whalectlSources(ctx.env, ctx.stdin))
    ctx.stdout.write(renderCandidates(result, this.id !== COMPLETE_NO_DESC && descriptionsWanted(ctx.env)))
    ctx.stderr.write(renderNotes(result))
  }
}
