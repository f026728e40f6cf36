// docker's areFlagsSupported for a single flag that needs a newer engine than the one answering.
import type {CommandContext} from './context.js'
import {CliError} from './errors.js'

/**
 * When `flag` was given (even as `--flag=false`) and the engine's API version is below
 * `minApiVersion`: docker's `"--flag" requires API version …` error, exit 1.
 */
export async function requireFlagApiVersion(ctx: CommandContext, changed: ReadonlySet<string>, flag: string, minApiVersion: string): Promise<void> {
  if (!changed.has(flag)) return
  // Loaded only then: the run-flags module is large, and these commands start often.
  const {unsupportedFlagsError} = await import('../container/run-flags.js')
  const unsupported = unsupportedFlagsError({[flag]: {minApiVersion}}, changed, {apiVersion: await ctx.engine().apiVersion()})
  if (unsupported !== undefined) throw new CliError(unsupported)
}

/** The same check for several flags at once, each with its own minimum API version (errors joined as docker joins them). */
export async function requireFlagsApiVersions(ctx: CommandContext, changed: ReadonlySet<string>, minApiVersions: Readonly<Record<string, string>>): Promise<void> {
  if (!Object.keys(minApiVersions).some((flag) => changed.has(flag))) return
  const {unsupportedFlagsError} = await import('../container/run-flags.js')
  const requirements = Object.fromEntries(Object.entries(minApiVersions).map(([flag, minApiVersion]) => [flag, {minApiVersion}]))
  const unsupported = unsupportedFlagsError(requirements, changed, {apiVersion: await ctx.engine().apiVersion()})
  if (unsupported !== undefined) throw new CliError(unsupported)
}
