// `whalectl context export NAME [FILE|-]`: docker context export. The archive (see
// src/lib/context/archive.ts) goes to FILE (default NAME.dockercontext, created new, 0600) or to
// stdout when that is not a terminal. Unlike docker, a context that cannot be read leaves no
// empty FILE behind.
import {lstat, open} from 'node:fs/promises'

import {goPathErrorText} from '../lib/archive/go-fs-errors.js'
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {exportArchive} from '../lib/context/archive.js'
import {DEFAULT_CONTEXT} from '../lib/context/metadata.js'
import {validateContextName} from '../lib/context/names.js'
import {ContextStoreWithDefault} from '../lib/context/store-with-default.js'
import {goQuote} from '../lib/format/go-print.js'

async function createExclusive(dest: string): Promise<Awaited<ReturnType<typeof open>>> {
  try {
    return await open(dest, 'wx', 0o600)
  } catch (error) {
    throw new CliError(goPathErrorText('open', dest, error))
  }
}

export async function runContextExport(ctx: CommandContext, name: string, dest: string): Promise<void> {
  if (name !== DEFAULT_CONTEXT) validateContextName(name)
  if (dest === '-' && ctx.stdout.isTTY) throw new CliError('cowardly refusing to export to a terminal, specify a file path')
  const store = new ContextStoreWithDefault(ctx)
  let archive: Buffer
  try {
    archive = exportArchive(await store.get(name), await store.tlsData(name))
  } catch (error) {
    // docker opens FILE first: an existing one is what it reports.
    if (dest !== '-' && (await lstat(dest).then(() => true, () => false))) throw new CliError(`open ${dest}: file exists`)
    throw new CliError((error as Error).message)
  }
  if (dest === '-') {
    ctx.stdout.write(archive)
    return
  }
  const file = await createExclusive(dest)
  try {
    await file.write(archive)
  } finally {
    await file.close()
  }
  ctx.stderr.write(`Written file ${goQuote(dest)}\n`)
}

export default class ContextExport extends DockerCommand {
  static override argRule = {kind: 'range', max: 2, min: 1} as const
  static override description = 'Export a context to a tar archive FILE or a tar stream on STDOUT.'
  static override usageLine = 'context export [OPTIONS] CONTEXT [FILE|-]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    const name = parsed.args[0] as string
    await runContextExport(ctx, name, parsed.args[1] ?? `${name}.dockercontext`)
  }
}
