// `whalectl context show`: docker context show, the name of the current context (not checked).
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand} from '../lib/cli/docker-command.js'
import {currentContextName} from '../lib/context/current.js'

export default class ContextShow extends DockerCommand {
  static override argRule = {kind: 'none'} as const
  static override description = 'Print the name of the current context'
  static override usageLine = 'context show'

  protected async execute(_parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    ctx.stdout.write(`${currentContextName(ctx.globals, ctx.env, ctx.config())}\n`)
  }
}
