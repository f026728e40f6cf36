// config.json's currentContext, written as docker's ConfigFile.Save writes the whole file (through
// a temporary file and a rename, the file's mode kept): only when the value changes.
import type {CommandContext} from '../cli/context.js'
import {loadAuths, saveConfigFile} from '../config/config-write.js'

/** Sets currentContext ('' removes it) when it changes, as `context use` does. */
export async function saveCurrentContext(ctx: CommandContext, value: string): Promise<void> {
  if ((ctx.config().currentContext ?? '') !== value) await writeCurrentContext(ctx, value)
}

/** Writes config.json with currentContext set ('' removes it); the in-memory config follows only once the file is written. */
export async function writeCurrentContext(ctx: CommandContext, value: string): Promise<void> {
  const config = ctx.config()
  const next: Record<string, unknown> = {...config}
  if (value === '') delete next.currentContext
  else next.currentContext = value
  await saveConfigFile(ctx.globals.configDir, next, loadAuths(config.auths))
  if (value === '') delete config.currentContext
  else config.currentContext = value
}
