// `whalectl context use NAME`: docker context use. Records NAME as config.json's currentContext
// (`default` removes the key) after checking that it exists, and says so on stderr; with
// DOCKER_HOST set it warns that the variable still wins.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {dockerHostWarning} from '../lib/context/current.js'
import {saveCurrentContext} from '../lib/context/current-config.js'
import {DEFAULT_CONTEXT} from '../lib/context/metadata.js'
import {validateContextName} from '../lib/context/names.js'
import {ContextStore} from '../lib/context/store.js'
import {goQuote} from '../lib/format/go-print.js'

export async function runContextUse(ctx: CommandContext, name: string): Promise<void> {
  let value = ''
  if (name !== DEFAULT_CONTEXT) {
    validateContextName(name)
    await new ContextStore(ctx.globals.configDir).get(name).catch((error: unknown) => {
      throw new CliError((error as Error).message)
    })
    value = name
  }
  await saveCurrentContext(ctx, value)
  ctx.stdout.write(`${name}\n`)
  ctx.stderr.write(`Current context is now ${goQuote(name)}\n`)
  if (name !== DEFAULT_CONTEXT && ctx.env.DOCKER_HOST) ctx.stderr.write(dockerHostWarning(name))
}

export default class ContextUse extends DockerCommand {
  // docker's `use` checks its arguments with cobra's plain ExactArgs: no usage block, exit 1.
  static override argRule = {kind: 'min', n: 0} as const
  static override description = 'Set the current docker context'
  static override usageLine = 'context use CONTEXT'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    if (parsed.args.length !== 1) throw new CliError(`accepts 1 arg(s), received ${parsed.args.length}`)
    await runContextUse(ctx, parsed.args[0] as string)
  }
}
