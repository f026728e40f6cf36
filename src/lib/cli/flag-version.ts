// docker's check, before a command runs, that the engine's API version knows a flag given on the
// command line (cobra's "version" annotation). The table and its wording live with run's flags;
// they are loaded only when such a flag was given, to keep them off every start-up.
import type {CommandContext} from './context.js'
import {CliError} from './errors.js'

/** Refuses `--<flag>` when it was given and the engine's API is older than `minApiVersion`. */
export async function requireFlagApiVersion(ctx: CommandContext, changed: ReadonlySet<string>, flag: string, minApiVersion: string): Promise<void> {
  if (!changed.has(flag)) return
  const apiVersion = await ctx.engine().apiVersion()
  const {unsupportedFlagsError} = await import('../container/run-flags.js')
  const unsupported = unsupportedFlagsError({[flag]: {minApiVersion}}, changed, {apiVersion})
  if (unsupported !== undefined) throw new CliError(unsupported)
}
