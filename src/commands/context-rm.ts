// `whalectl context rm NAME...` (alias `context remove`): docker context rm. Each context is
// removed in turn and named on stdout; the current one only with -f (which also clears
// config.json's currentContext), `default` never. The failures are reported together (exit 1).
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {currentContextName} from '../lib/context/current.js'
import {writeCurrentContext} from '../lib/context/current-config.js'
import {DEFAULT_CONTEXT} from '../lib/context/metadata.js'
import {ContextStore} from '../lib/context/store.js'
import {goQuote} from '../lib/format/go-print.js'

const FLAGS: FlagSpec[] = [{description: 'Force the removal of a context in use', kind: 'bool', name: 'force', short: 'f'}]

export interface ContextRmOptions {
  names: string[]
  force: boolean
}

async function removeOne(ctx: CommandContext, store: ContextStore, name: string, isCurrent: boolean, force: boolean): Promise<void> {
  if (isCurrent) {
    if (!force) throw new Error(`context ${goQuote(name)} is in use, set -f flag to force remove`)
    await writeCurrentContext(ctx, '')
  }
  if (!force && !(await store.exists(name))) throw new Error(`context ${goQuote(name)} does not exist`)
  await store.remove(name)
}

export async function runContextRm(ctx: CommandContext, opts: ContextRmOptions): Promise<void> {
  const store = new ContextStore(ctx.globals.configDir)
  const current = currentContextName(ctx.globals, ctx.env, ctx.config())
  const errors: string[] = []
  for (const name of opts.names) {
    if (name === DEFAULT_CONTEXT) {
      errors.push('context "default" cannot be removed')
      continue
    }
    try {
      await removeOne(ctx, store, name, name === current, opts.force)
      ctx.stdout.write(`${name}\n`)
    } catch (error) {
      errors.push((error as Error).message)
    }
  }
  if (errors.length > 0) throw new CliError(errors.join('\n'))
}

export default class ContextRm extends DockerCommand {
  static override aliases = ['context:remove']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Remove one or more contexts'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'context rm CONTEXT [CONTEXT...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runContextRm(ctx, {force: parsed.flags.force as boolean, names: parsed.args})
  }
}
