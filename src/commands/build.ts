// `whalectl build`: docker's classic builder client, `POST /build` with a streamed tar context
// (DOCKER-CLI-BEHAVIOUR.md §5). Whether a line gets here at all (or goes to the buildx plugin),
// and docker's "legacy builder is deprecated" notice, is decided before dispatch
// (lib/plugins/builder-choice.ts); everything on stdout, and the exit codes, match docker.
import {rm, writeFile} from 'node:fs/promises'
import {Readable, type Transform} from 'node:stream'
import {createGzip} from 'node:zlib'

import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext, OutStream} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {contextFromLocalDir, contextFromStdin, countingStream, isLocalDir, uploadProgress} from '../lib/build/context.js'
import {contextFromGitURL} from '../lib/build/git-context.js'
import {BUILD_FLAGS, type BuildOptions, imageBuildOptions, proxiesFor, toBuildOptions} from '../lib/image/build-options.js'
import {downloadContext, isGitURL, isURL} from '../lib/image/build-remote.js'
import {BuildFailedError, renderBuildStream} from '../lib/image/build-stream.js'
import {withInterrupt} from '../lib/cli/interrupt.js'
import {RequestGuard} from '../lib/image/cancel.js'
import {streamFailure} from '../lib/image/stream-errors.js'
import {allRegistryAuths} from '../lib/registry/auth.js'

export type {BuildOptions} from '../lib/image/build-options.js'
export {toBuildOptions} from '../lib/image/build-options.js'

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False'])

/**
 * DOCKER_BUILDKIT, read as docker does: a non-boolean is an error, and asking for BuildKit fails
 * the way docker without the buildx plugin fails, since whalectl has only the classic builder.
 */
export function checkBuilderEnv(env: NodeJS.ProcessEnv): void {
  const value = env.DOCKER_BUILDKIT
  if (value === undefined || value === '') return
  if (FALSE_WORDS.has(value)) return
  if (!TRUE_WORDS.has(value)) {
    throw new CliError(`DOCKER_BUILDKIT environment variable expects boolean value: strconv.ParseBool: parsing "${value}": invalid syntax`)
  }
  throw new CliError(
    'ERROR: BuildKit is enabled but the buildx component is missing or broken.\n' +
      '       Install the buildx component to build images with BuildKit:\n' +
      '       https://docs.docker.com/go/buildx/',
  )
}

/** Collects output that `-q` holds back: printed on stdout on success, on stderr on failure. */
class HeldOutput implements OutStream {
  readonly chunks: Buffer[] = []

  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(Buffer.from(chunk))
    return true
  }

  text(): Buffer {
    return Buffer.concat(this.chunks)
  }
}

function asReadable(stream: NodeJS.ReadableStream): Readable {
  return stream instanceof Readable ? stream : Readable.from(stream as AsyncIterable<Buffer>)
}

/** `source.pipe(stage)`, with an error in the source destroying the stage (pipe alone would not). */
function chain(source: Readable, stage: Transform): Readable {
  source.once('error', (error: Error) => stage.destroy(error))
  return source.pipe(stage)
}

/** A stream that builds its pipeline on the first read; destroying it tears the pipeline down. */
function lazyBody(make: () => Readable): Readable {
  return Readable.from(
    (async function* () {
      yield* make()
    })(),
    {objectMode: false},
  )
}

interface PreparedContext {
  /** The body: a tar (or compressed tar) stream; absent for a context the engine fetches. */
  stream?: Readable
  /** The `dockerfile` query parameter. */
  dockerfile: string
  remote?: string
}

async function prepareContext(ctx: CommandContext, opts: BuildOptions, progress: OutStream): Promise<PreparedContext> {
  const arg = opts.context
  if (arg === '-') return contextFromStdin(asReadable(ctx.stdin), opts.dockerfile)
  if (await isLocalDir(arg)) {
    const local = await contextFromLocalDir(arg, {file: opts.dockerfile, stdin: asReadable(ctx.stdin)})
    return {dockerfile: local.dockerfile, stream: local.stream}
  }
  // Cloned here with the local git, as docker does; the engine never sees the URL.
  if (isGitURL(arg)) return contextFromGitURL(arg, {file: opts.dockerfile, stdin: asReadable(ctx.stdin)})
  if (isURL(arg)) {
    try {
      const download = await downloadContext(arg, progress, () => (ctx.stdin.isTTY === true && ctx.stdout.columns) || 200)
      return await contextFromStdin(download, opts.dockerfile)
    } catch (error) {
      // docker shows the held-back download progress before the error under -q.
      if (opts.quiet && progress instanceof HeldOutput) ctx.stderr.write(Buffer.concat([progress.text(), Buffer.from('\n')]))
      throw error
    }
  }
  throw new CliError(`unable to prepare context: path "${arg}" not found`)
}

export async function runBuild(ctx: CommandContext, opts: BuildOptions, signal?: AbortSignal): Promise<void> {
  checkBuilderEnv(ctx.env)
  if (opts.dockerfile === '-' && opts.context === '-') {
    throw new CliError("invalid argument: can't use stdin for both build context and dockerfile")
  }
  const progress: OutStream = opts.quiet ? new HeldOutput() : ctx.stdout
  const output: OutStream = opts.quiet ? new HeldOutput() : ctx.stdout
  if (opts.imageIdFile !== '') {
    // Never leave the ID of an earlier build behind when this one fails.
    await rm(opts.imageIdFile, {force: true}).catch((error: unknown) => {
      throw new CliError(`Removing image ID file: ${(error as Error).message}`)
    })
  }

  const prepared = await prepareContext(ctx, opts, progress)
  let body: Readable | undefined
  let bodyError: Error | undefined
  if (prepared.stream) {
    // A context that fails while streaming (a file shrinking under us) must fail the request,
    // not end it as if the tar were complete; the first error is the one worth reporting.
    const source = prepared.stream
    source.once('error', (error: Error) => (bodyError ??= error))
    // The tar starts flowing only when the request reads it: like docker's progress reader, the
    // "Sending build context" line counts what was sent, so an unreachable engine (found by the
    // ping before the POST) prints none.
    body = lazyBody(() => {
      let current = source
      if (opts.compress) current = chain(current, createGzip())
      const showProgress = uploadProgress((text) => progress.write(text), ctx.stdout.isTTY === true)
      return chain(current, countingStream(showProgress))
    })
  }

  const auths = await allRegistryAuths(ctx.config())
  const buildOptions = imageBuildOptions(opts, {
    dockerfile: prepared.dockerfile,
    proxies: proxiesFor(ctx.config(), ctx.endpoint().display),
    remote: prepared.remote,
  })

  const send = async (abort: AbortSignal): Promise<string> => {
    const guard = new RequestGuard(abort)
    // Destroying the body aborts an upload still in progress, before the engine has answered.
    if (body) guard.closeOnAbort(body)
    try {
      let response
      try {
        response = await guard.race(ctx.engine().imageBuild(body, {...buildOptions, authConfigs: auths, signal: abort}))
      } catch (error) {
        if (opts.quiet) ctx.stderr.write((progress as HeldOutput).text())
        if (bodyError && !guard.aborted) throw new CliError(bodyError.message)
        throw error
      }
      guard.closeOnAbort(response)
      return await renderBuildStream(response.body, output, (text) => ctx.stderr.write(text))
    } catch (error) {
      const failure = guard.translate(error)
      if (failure instanceof BuildFailedError) {
        if (opts.quiet) ctx.stderr.write(Buffer.concat([(progress as HeldOutput).text(), (output as HeldOutput).text()]))
        throw new CliError(failure.message, failure.code)
      }
      throw streamFailure(failure)
    } finally {
      guard.dispose()
    }
  }
  let imageId = await (signal ? send(signal) : withInterrupt(send))

  if (opts.quiet) {
    // The engine's quiet output is the image ID line; docker prints it and writes it to --iidfile as is.
    const held = (output as HeldOutput).text()
    ctx.stdout.write(held)
    imageId = held.toString('utf8')
  }
  if (opts.imageIdFile !== '') {
    if (imageId === '') throw new CliError(`Server did not provide an image ID. Cannot write ${opts.imageIdFile}`)
    await writeFile(opts.imageIdFile, imageId, {mode: 0o666}).catch((error: unknown) => {
      throw new CliError((error as Error).message)
    })
  }
}

export default class Build extends DockerCommand {
  static override aliases = ['image:build']
  static override argRule = {kind: 'exact', n: 1} as const
  static override description = 'Build an image from a Dockerfile'
  static override flagSpecs = BUILD_FLAGS
  static override flags = toOclifFlags(BUILD_FLAGS)
  static override usageLine = 'build [OPTIONS] PATH | URL | -'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runBuild(ctx, toBuildOptions(parsed, ctx.env))
  }
}
