// `whalectl context import NAME FILE|-`: docker context import, from a file or stdin. The whole
// archive is read and checked before anything is stored, so a bad one leaves the store as it was.
import {readFile} from 'node:fs/promises'

import {goPathErrorText} from '../lib/archive/go-fs-errors.js'
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {importTarArchive, isZip} from '../lib/context/archive.js'
import {checkNameForCreation} from '../lib/context/names.js'
import {ContextStore} from '../lib/context/store.js'
import {storeNewContext} from '../lib/context/write-context.js'
import {goQuote} from '../lib/format/go-print.js'
import type {InStream} from '../lib/io.js'

async function readAll(input: InStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of input as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks)
}

async function readSource(ctx: CommandContext, source: string): Promise<Buffer> {
  if (source === '-') return readAll(ctx.stdin)
  try {
    return await readFile(source)
  } catch (error) {
    throw new CliError(goPathErrorText('open', source, error))
  }
}

export async function runContextImport(ctx: CommandContext, name: string, source: string): Promise<void> {
  const store = new ContextStore(ctx.globals.configDir)
  await checkNameForCreation(store, name)
  const input = await readSource(ctx, source)
  if (isZip(input)) throw new CliError('importing a context from a zip archive is not supported by whalectl')
  let imported
  try {
    imported = importTarArchive(name, input)
  } catch (error) {
    throw new CliError((error as Error).message)
  }
  await storeNewContext(store, imported.meta, imported.tls)
  ctx.stdout.write(`${name}\n`)
  ctx.stderr.write(`Successfully imported context ${goQuote(name)}\n`)
}

export default class ContextImport extends DockerCommand {
  static override argRule = {kind: 'exact', n: 2} as const
  static override description = 'Import a context from a tar or zip file'
  static override usageLine = 'context import CONTEXT FILE|-'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runContextImport(ctx, parsed.args[0] as string, parsed.args[1] as string)
  }
}
