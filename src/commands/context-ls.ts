// `whalectl context ls` (alias `context list`): docker context ls. The stored contexts and the
// default one, in natural order, the current one marked; a current context that does not exist
// is listed with the error that finding it gave.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {listFormatFlag} from '../lib/cli/list-flags.js'
import {renderList} from '../lib/cli/list-output.js'
import {dockerHostWarning} from '../lib/context/current.js'
import {type ClientContext, CONTEXT_FORMAT_CONTEXT, contextListFormat, contextRow} from '../lib/context/list-row.js'
import {descriptionOf, dockerEndpointOf} from '../lib/context/metadata.js'
import {ContextStoreWithDefault} from '../lib/context/store-with-default.js'
import {compareNatural} from '../lib/go/sortorder.js'

const FLAGS: FlagSpec[] = [listFormatFlag(), {description: 'Only show context names', kind: 'bool', name: 'quiet', short: 'q'}]

export interface ContextLsOptions {
  format: string
  quiet: boolean
}

export async function runContextLs(ctx: CommandContext, opts: ContextLsOptions): Promise<void> {
  const store = new ContextStoreWithDefault(ctx)
  const current = store.currentName()
  const rows: ClientContext[] = []
  for (const meta of await store.list()) {
    let dockerEndpoint = ''
    let error = ''
    try {
      dockerEndpoint = dockerEndpointOf(meta).host
    } catch (e) {
      error = (e as Error).message
    }
    rows.push({current: meta.name === current, description: descriptionOf(meta), dockerEndpoint, error, name: meta.name})
  }
  if (!rows.some((row) => row.current)) {
    let error = ''
    await store.get(current).catch((e: unknown) => {
      error = (e as Error).message
    })
    rows.push({current: true, description: '', dockerEndpoint: '', error, name: current})
  }
  rows.sort((a, b) => compareNatural(a.name, b.name))
  ctx.stdout.write(renderList(contextListFormat(opts.format, opts.quiet), CONTEXT_FORMAT_CONTEXT, rows.map(contextRow)))
  if (ctx.env.DOCKER_HOST) ctx.stderr.write(dockerHostWarning())
}

export default class ContextLs extends DockerCommand {
  static override aliases = ['context:list']
  static override argRule = {kind: 'none'} as const
  static override description = 'List contexts'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'context ls [OPTIONS]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runContextLs(ctx, {format: (parsed.flags.format as string | undefined) ?? '', quiet: parsed.flags.quiet as boolean})
  }
}
