// `whalectl context inspect [NAME...]`: docker context inspect, the current context when none is
// named. Each context's metadata, TLS file names and storage paths, through docker's inspector.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {contextInspectTarget} from '../lib/context/inspect-view.js'
import {ContextStoreWithDefault} from '../lib/context/store-with-default.js'
import {INSPECT_FORMAT_FLAG, writeInspection} from './inspect.js'

const FLAGS: FlagSpec[] = [INSPECT_FORMAT_FLAG]

export async function runContextInspect(ctx: CommandContext, refs: readonly string[], format: string): Promise<void> {
  const store = new ContextStoreWithDefault(ctx)
  const names = refs.length > 0 ? refs : [store.currentName()]
  await writeInspection(ctx, names, format, async (name) => contextInspectTarget(await store.get(name), await store.listTLS(name), store.storageInfo(name)))
}

export default class ContextInspect extends DockerCommand {
  static override argRule = {kind: 'min', n: 0} as const
  static override description = 'Display detailed information on one or more contexts'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'context inspect [OPTIONS] [CONTEXT] [CONTEXT...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runContextInspect(ctx, parsed.args, (parsed.flags.format as string | undefined) ?? '')
  }
}
