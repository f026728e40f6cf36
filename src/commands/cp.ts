// `whalectl cp`: docker cp, between a container and the local file system, as docker 28 does it
// (cli/command/container/cp.go with moby/go-archive's copy rules in src/lib/archive/).
//
// Out of a container: the archive the engine sends is unpacked as it arrives, into a staging
// directory beside the destination that is moved into place only when the whole archive is in
// (src/lib/archive/unpack.ts), and never outside the destination. Into a container: the source
// is walked and written as a tar while the engine reads it. `-` is a tar on stdout or stdin.
// Neither direction holds an archive in memory.
import {Readable, Transform} from 'node:stream'

import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {cancelledBy, withInterrupt} from '../lib/cli/interrupt.js'
import type {PathStat} from '../lib/engine/types.js'
import {humanSizeWithPrecision} from '../lib/format/humanize.js'
import {
  type CopyInfo,
  copyInfoDestinationPath,
  copyInfoSourcePath,
  fileModeProblem,
  isGoDir,
  isGoSymlink,
  prepareArchiveCopy,
  validateOutputPath,
} from '../lib/archive/copy-info.js'
import {getRebaseName, goJoin, resolveLocalPath, splitPathDirEntry} from '../lib/archive/paths.js'
import {copyContainerOutput} from '../lib/streams/demux.js'

const FLAGS: FlagSpec[] = [
  {description: 'Archive mode (copy all uid/gid information)', kind: 'bool', name: 'archive', short: 'a'},
  {description: 'Always follow symbol link in SRC_PATH', kind: 'bool', name: 'follow-link', short: 'L'},
  {
    description: 'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached',
    kind: 'bool',
    name: 'quiet',
    short: 'q',
  },
]

export interface CpOptions {
  source: string
  destination: string
  followLink: boolean
  copyUIDGID: boolean
  /** -q as given; undefined when absent (then quiet unless stdout is a terminal). */
  quiet?: boolean
}

export function toCpOptions(parsed: ParsedArgs): CpOptions {
  const f = parsed.flags
  return {
    copyUIDGID: f.archive as boolean,
    destination: parsed.args[1] ?? '',
    followLink: f['follow-link'] as boolean,
    quiet: parsed.changed.has('quiet') ? (f.quiet as boolean) : undefined,
    source: parsed.args[0] ?? '',
  }
}

/**
 * splitCpArg: `CONTAINER:PATH`, or a local path. An absolute path is local, and so is one whose
 * part before the first `:` starts with `.` (`./file:name`).
 */
export function splitCpArg(arg: string): {container: string; path: string} {
  if (arg.startsWith('/')) return {container: '', path: arg}
  const colon = arg.indexOf(':')
  if (colon < 0 || arg.startsWith('.')) return {container: '', path: arg}
  return {container: arg.slice(0, colon), path: arg.slice(colon + 1)}
}

interface CopyConfig {
  container: string
  sourcePath: string
  destPath: string
  followLink: boolean
  copyUIDGID: boolean
  quiet: boolean
  cwd: string
}

export async function runCp(ctx: CommandContext, opts: CpOptions, signal?: AbortSignal, cwd = process.cwd()): Promise<void> {
  if (opts.source === '') throw new CliError('source can not be empty')
  if (opts.destination === '') throw new CliError('destination can not be empty')
  const src = splitCpArg(opts.source)
  const dst = splitCpArg(opts.destination)
  const config = {
    copyUIDGID: opts.copyUIDGID,
    cwd,
    destPath: dst.path,
    followLink: opts.followLink,
    quiet: opts.quiet ?? ctx.stdout.isTTY !== true,
    sourcePath: src.path,
  }
  if (src.container !== '' && dst.container !== '') throw new CliError('copying between containers is not supported')
  if (src.container !== '') return copyFromContainer(ctx, {...config, container: src.container}, signal)
  if (dst.container !== '') return copyToContainer(ctx, {...config, container: dst.container}, signal)
  throw new CliError('must specify at least one container source')
}

// ---------------------------------------------------------------------------------------------
// What docker says: unless quiet (the default when stdout is no terminal), one line at the end,
// even after a failure once the copy had started. docker 28 means to draw progress on a terminal
// stderr too, but its check looks at a wrapper that is never a terminal, so it never does.

function reportCopied(ctx: CommandContext, copied: number, destination: string): void {
  ctx.stderr.write(`Successfully copied ${humanSizeWithPrecision(copied, 3)} to ${destination}\n`)
}

// ---------------------------------------------------------------------------------------------
// Container → local

async function copyFromContainer(ctx: CommandContext, config: CopyConfig, signal?: AbortSignal): Promise<void> {
  let dstPath = config.destPath
  if (dstPath !== '-') dstPath = resolveLocalPath(dstPath, config.cwd)
  validateOutputPath(dstPath)

  const engine = ctx.engine()
  let srcPath = config.sourcePath
  let rebaseName = ''
  if (config.followLink) {
    // A failed stat is left for the copy itself to report, as docker does.
    const stat = await engine.containerStatPath(config.container, srcPath, {signal}).catch(() => undefined)
    if (stat && isGoSymlink(stat.mode)) {
      let target = stat.linkTarget
      if (!target.startsWith('/')) target = goJoin(splitPathDirEntry(srcPath)[0], target)
      ;[srcPath, rebaseName] = getRebaseName(srcPath, target)
    }
  }
  if (dstPath === '-') {
    const {body} = await engine.copyFromContainer(config.container, srcPath, {signal})
    try {
      await copyContainerOutput(body, true, ctx.stdout, ctx.stderr)
    } catch (error) {
      if (signal?.aborted) throw cancelledBy(signal)
      throw error
    }
    return
  }

  // Loaded while the engine's version is negotiated, rather than after.
  const [{Unpack}] = await Promise.all([import('../lib/archive/unpack.js'), engine.apiVersion()])
  let unpack: InstanceType<typeof Unpack> | undefined
  let started = false
  let copied = 0
  let failure: unknown
  try {
    await engine.copyFromContainerInto(
      config.container,
      srcPath,
      {
        data(chunk) {
          if (!unpack || unpack.done) return
          copied += chunk.length
          unpack.write(chunk)
        },
        // CopyTo, once the engine said what the source is: an error here ends the request.
        stat(stat) {
          started = true
          const srcInfo: CopyInfo = {exists: true, isDir: isGoDir(stat.mode), path: srcPath, rebaseName}
          const prepared = prepareArchiveCopy(srcInfo, copyInfoDestinationPath(dstPath))
          const rebases: Array<readonly [string, string]> = []
          if (rebaseName !== '') rebases.push([splitPathDirEntry(srcPath)[1], rebaseName])
          if (prepared.rename) rebases.push(prepared.rename)
          unpack = new Unpack({dest: prepared.dstDir, rebases})
        },
      },
      {signal},
    )
    unpack?.finish()
  } catch (error) {
    unpack?.abort()
    failure = error
  }
  if (started && !config.quiet) reportCopied(ctx, copied, dstPath)
  if (signal?.aborted) throw cancelledBy(signal)
  if (failure !== undefined) throw failure
}

// ---------------------------------------------------------------------------------------------
// Local → container

async function copyToContainer(ctx: CommandContext, config: CopyConfig, signal?: AbortSignal): Promise<void> {
  let srcPath = config.sourcePath
  if (srcPath !== '-') srcPath = resolveLocalPath(srcPath, config.cwd)
  const {container, destPath} = config
  const engine = ctx.engine()

  // The destination as the container sees it; a failed stat means "does not exist" here, and the
  // copy itself reports what is wrong.
  const dstInfo: CopyInfo = {exists: false, isDir: false, path: destPath, rebaseName: ''}
  const statOf = (p: string): Promise<PathStat | undefined> => engine.containerStatPath(container, p, {signal}).catch(() => undefined)
  let dstStat = await statOf(destPath)
  if (dstStat && isGoSymlink(dstStat.mode)) {
    let target = dstStat.linkTarget
    if (!target.startsWith('/')) target = goJoin(splitPathDirEntry(destPath)[0], target)
    dstInfo.path = target
    dstStat = await statOf(target)
  }
  const problem = dstStat ? fileModeProblem(dstStat.mode) : undefined
  if (problem) throw new CliError(`destination "${container}:${destPath}" must be a directory or a regular file: ${problem}`)
  if (dstStat) {
    dstInfo.exists = true
    dstInfo.isDir = isGoDir(dstStat.mode)
  }

  let content: Readable
  let resolvedDstPath: string
  let copied = 0
  // Entries the walk left out, logged as docker's tar writer logs them.
  const skipped: string[] = []
  if (srcPath === '-') {
    resolvedDstPath = dstInfo.path
    if (!dstInfo.isDir) throw new CliError(`destination "${container}:${destPath}" must be a directory`)
    content = ctx.stdin instanceof Readable ? ctx.stdin : new Readable().wrap(ctx.stdin)
  } else {
    const srcInfo = await copyInfoSourcePath(srcPath, config.followLink)
    const {sourceArchive} = await import('../lib/archive/tar-source.js')
    // docker's tar writer has started by now, and may log that its reader went away when this
    // fails (`Can't add file … to tar: io: read/write on closed pipe`), or not: a race we leave out.
    const prepared = prepareArchiveCopy(srcInfo, dstInfo)
    resolvedDstPath = prepared.dstDir
    content = sourceArchive({onSkip: (message) => skipped.push(message), path: srcInfo.path, rebaseName: srcInfo.rebaseName, rename: prepared.rename})
    if (!config.quiet) {
      content = content.pipe(
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            copied += chunk.length
            callback(null, chunk)
          },
        }),
      )
    }
  }

  // Ended by us when the engine refuses before reading everything: nothing else closes the upload.
  const upload = new AbortController()
  const onAbort = (): void => upload.abort(signal?.reason)
  signal?.addEventListener('abort', onAbort, {once: true})
  let failure: unknown
  try {
    await engine.copyToContainer(container, resolvedDstPath, content, {copyUIDGID: config.copyUIDGID, signal: upload.signal})
  } catch (error) {
    failure = error
    upload.abort()
    content.destroy()
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
  await logErrors(ctx, skipped)
  if (!config.quiet) reportCopied(ctx, copied, `${container}:${dstInfo.path}`)
  if (signal?.aborted) throw cancelledBy(signal)
  if (failure !== undefined) throw failure
}

async function logErrors(ctx: CommandContext, messages: readonly string[]): Promise<void> {
  if (messages.length === 0) return
  const {logrusLine} = await import('../lib/container/run-session.js')
  for (const message of messages) ctx.stderr.write(logrusLine('error', message, new Date(ctx.now())))
}

export default class Cp extends DockerCommand {
  static override aliases = ['container:cp']
  static override argRule = {kind: 'exact', n: 2} as const
  static override description = `Copy files/folders between a container and the local filesystem

Use '-' as the source to read a tar archive from stdin
and extract it to a directory destination in a container.
Use '-' as the destination to stream a tar archive of a
container source to stdout.`
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    const opts = toCpOptions(parsed)
    await withInterrupt((signal) => runCp(ctx, opts, signal))
  }
}
