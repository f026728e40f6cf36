// The library's front door: `Docker` is the typed Engine API client (every endpoint method of
// EngineClient) plus the operations the CLI itself is made of — run, pull, push, build, logs,
// exec — each usable on its own, with plain options, streams and an AbortSignal. Nothing here
// writes to the process's streams, reads process signals or exits.
import {EventEmitter} from 'node:events'
import {Readable} from 'node:stream'

import {contextFromLocalDir} from './build/context.js'
import {type ConfigFile, defaultConfigDir, loadConfigFile} from './config/config-file.js'
import type {CreateRequest, PullPolicy} from './container/create-request.js'
import {execInContainer} from './container/exec-session.js'
import {type ProcessHooks, runContainer} from './container/run-session.js'
import {EngineClient} from './engine/client.js'
import {type Endpoint, resolveEndpoint} from './engine/endpoint.js'
import {AbortedError} from './engine/errors.js'
import {Transport} from './engine/transport.js'
import type {
  AuthConfig,
  ContainerCreateBody,
  ContainerLogsOptions,
  ImageBuildOptions,
  JSONMessage,
} from './engine/types.js'
import {followMessageStream} from './image/messages.js'
import {pullImage} from './image/pull.js'
import {pushImage} from './image/push.js'
import type {ClientContext, InStream, OutStream} from './io.js'
import {allRegistryAuths} from './registry/auth.js'
import {isNameOnly, parseNormalizedNamed, withDefaultTag} from './registry/reference.js'
import {demuxFrames, type FrameStream} from './streams/frames.js'

/** TLS for a `tcp://` host, as docker's --tlscacert/--tlscert/--tlskey/--tlsverify name it: file paths. */
export interface DockerTlsOptions {
  ca?: string
  cert?: string
  key?: string
  /** Verify the engine's certificate against `ca` (docker's --tlsverify). */
  verify?: boolean
}

/** An explicit engine for `new Docker()`. */
export interface DockerOptions {
  /** `unix:///path`, `tcp://host:port`, `host:port`; default `unix:///var/run/docker.sock`. */
  host?: string
  tls?: DockerTlsOptions
  /** Pin the API version (like DOCKER_API_VERSION); negotiated with the engine otherwise. */
  apiVersion?: string
  /** docker's config directory, for registry credentials and detach keys; default `$DOCKER_CONFIG` or `~/.docker`. */
  configDir?: string
}

/** For Docker.fromEnv. */
export interface FromEnvOptions {
  /** The environment to read (default `process.env`): DOCKER_HOST, DOCKER_CONTEXT, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_API_VERSION, DOCKER_CONFIG. */
  env?: NodeJS.ProcessEnv
  /** A context name, as `docker --context` (wins over the environment). */
  context?: string
}

/** Docker.run: a container described in a few fields, plus any create-body field in `config`. */
export interface RunOptions {
  /** The image to run; pulled first when the engine does not have it (see `pull`). */
  image: string
  /** The command; the image's default when left out. */
  cmd?: string[]
  name?: string
  /** `NAME=value` entries. */
  env?: string[]
  /** Allocate a TTY: the output is raw bytes, stdout and stderr merged. */
  tty?: boolean
  /** Create-body fields in the API's casing, merged over what the options above set. */
  config?: Omit<ContainerCreateBody, 'Image'>
  /** Remove the container when it exits (`--rm`). */
  autoRemove?: boolean
  /** `missing` (default): pull on a 404; `always`; `never`. */
  pull?: PullPolicy
  platform?: string
  /** Start it and return without waiting; no streams are attached. */
  detach?: boolean
  /** Attached as the container's stdin; its end is sent as EOF (the connection is half-closed). */
  stdin?: NodeJS.ReadableStream
  /** Where the container's stdout goes; discarded when left out. */
  stdout?: NodeJS.WritableStream
  /** Where its stderr goes; discarded when left out. */
  stderr?: NodeJS.WritableStream
  /** Progress of a pull-on-404. */
  onPullProgress?: (message: JSONMessage) => void
  /** Aborting sends `abortSignal` to the container, as docker's signal proxy forwards Ctrl-C. */
  signal?: AbortSignal
  /** The signal the container gets on abort; default SIGTERM. */
  abortSignal?: NodeJS.Signals
}

/** Docker.run's answer. */
export interface RunResult {
  id: string
  /** The container's exit status (0 when detached). */
  exitCode: number
}

/** Docker.pull */
export interface PullOptions {
  platform?: string
  /** Every tag of the repository. */
  all?: boolean
  /** Credentials to use instead of the config file's and credential helpers'. */
  auth?: AuthConfig
  onProgress?: (message: JSONMessage) => void
  signal?: AbortSignal
}

/** Docker.push */
export interface PushOptions {
  /** `os[/arch[/variant]]`: push only that platform's manifest (API ≥ 1.46). */
  platform?: string
  auth?: AuthConfig
  onProgress?: (message: JSONMessage) => void
  signal?: AbortSignal
}

/** Docker.build: the context and moby's ImageBuildOptions. */
export interface BuildOptions extends Omit<ImageBuildOptions, 'authConfigs' | 'dockerfile' | 'remoteContext'> {
  /** A directory (its `.dockerignore` applies, as with docker) or a tar stream. */
  context: string | NodeJS.ReadableStream
  /** The Dockerfile: for a directory, a path as `docker build -f` takes it; for a tar, its name inside. */
  dockerfile?: string
  onProgress?: (message: JSONMessage) => void
}

/** Docker.build's answer. */
export interface BuildResult {
  /** The image ID the engine reported ('' when it reported none). */
  imageId: string
}

/** Docker.exec */
export interface ExecOptions {
  /** Attached as the command's stdin; its end is sent as EOF. */
  stdin?: NodeJS.ReadableStream
  stdout?: NodeJS.WritableStream
  stderr?: NodeJS.WritableStream
  tty?: boolean
  env?: string[]
  user?: string
  workingDir?: string
  privileged?: boolean
  /** Start it and return at once. */
  detach?: boolean
  /** Aborting closes the streams; the command keeps running (as docker exec's Ctrl-C). */
  signal?: AbortSignal
}

/** Docker.exec's answer. */
export interface ExecResult {
  /** The command's exit code; -1 when the engine could not report it. */
  exitCode: number
}

const discard: OutStream = {write: () => true}

/** A Writable (or nothing) as the OutStream the session copiers write to. */
function outStream(stream: NodeJS.WritableStream | undefined): OutStream {
  return stream ? (stream as unknown as OutStream) : discard
}

/** The process hooks for library sessions: signals only from the caller's AbortSignal, no exit hook. */
function libraryHooks(signal: AbortSignal | undefined, abortWith: NodeJS.Signals): ProcessHooks {
  const signals = new EventEmitter()
  signal?.addEventListener('abort', () => signals.emit(abortWith, abortWith), {once: true})
  return {
    exitHook: new EventEmitter() as unknown as ProcessHooks['exitHook'],
    forceExit: () => {},
    signals: signals as unknown as ProcessHooks['signals'],
  }
}

const EMPTY_STDIN: InStream = Readable.from([])

/**
 * A Docker engine: every typed endpoint method of EngineClient, and the operations the CLI is
 * made of. `Docker.fromEnv()` finds the engine as the docker CLI does; `new Docker({host})` names it.
 */
export class Docker extends EngineClient {
  /** Where the engine is, as resolved from the options or the environment. */
  readonly endpoint: Endpoint
  private readonly configDir: string
  private configFile?: ConfigFile

  /** The engine docker itself would use here: --context, DOCKER_HOST, DOCKER_CONTEXT, config.json's currentContext, the default socket; TLS and API version from the environment. */
  static fromEnv(options: FromEnvOptions = {}): Docker {
    const env = options.env ?? process.env
    const configDir = defaultConfigDir(env)
    const endpoint = resolveEndpoint({configDir, context: options.context, env, tls: false, tlsFlagChanged: false, tlsVerify: false})
    return new Docker({apiVersion: env.DOCKER_API_VERSION || undefined, configDir}, endpoint)
  }

  constructor(options: DockerOptions = {}, endpoint?: Endpoint) {
    const configDir = options.configDir ?? defaultConfigDir(process.env)
    const tls = options.tls
    const resolved =
      endpoint ??
      resolveEndpoint({
        configDir,
        env: {},
        host: options.host ?? 'unix:///var/run/docker.sock',
        tls: tls !== undefined,
        tlsCaCert: tls?.ca,
        tlsCert: tls?.cert,
        tlsFlagChanged: tls !== undefined,
        tlsKey: tls?.key,
        tlsVerify: tls?.verify ?? false,
      })
    super(new Transport(resolved), options.apiVersion)
    this.endpoint = resolved
    this.configDir = configDir
  }

  /** config.json, read once when first needed; a broken file counts as empty. */
  private config(): ConfigFile {
    this.configFile ??= loadConfigFile(this.configDir, () => {})
    return this.configFile
  }

  private context(io: {stdin?: InStream; stdout?: OutStream; stderr?: OutStream}): ClientContext {
    return {
      config: () => this.config(),
      engine: () => this,
      env: {},
      now: () => Date.now(),
      stderr: io.stderr ?? discard,
      stdin: io.stdin ?? EMPTY_STDIN,
      stdout: io.stdout ?? discard,
    }
  }

  /**
   * Runs a container as `docker run` does: create (pulling the image on a 404), attach and wait
   * before start so no output is lost, start, stream, and the exit status. Rejects with the
   * engine's error when it cannot be created or started (ContainerRunError).
   */
  async run(options: RunOptions): Promise<RunResult> {
    const detach = options.detach === true
    const stdin = detach ? undefined : options.stdin
    const tty = options.tty === true
    const body: ContainerCreateBody = {
      AttachStderr: !detach,
      AttachStdin: stdin !== undefined,
      AttachStdout: !detach,
      ...(options.cmd ? {Cmd: options.cmd} : {}),
      ...(options.env ? {Env: options.env} : {}),
      OpenStdin: stdin !== undefined,
      StdinOnce: stdin !== undefined,
      Tty: tty,
      ...options.config,
      HostConfig: {AutoRemove: options.autoRemove === true, ...options.config?.HostConfig},
      Image: options.image,
    }
    const req: CreateRequest = {
      attach: {stderr: !detach, stdin: stdin !== undefined, stdout: !detach},
      autoRemove: options.autoRemove === true,
      body,
      detach,
      interactive: stdin !== undefined,
      name: options.name,
      parseWarnings: [],
      platform: options.platform,
      pull: options.pull ?? 'missing',
      quiet: true,
      sigProxy: true,
      tty,
      useApiSocket: false,
      warnings: [],
      notices: discard,
      ...(options.onPullProgress ? {onPullProgress: options.onPullProgress} : {}),
    }
    const ctx = this.context({stderr: outStream(options.stderr), stdin: stdin as InStream | undefined, stdout: outStream(options.stdout)})
    const hooks = libraryHooks(options.signal, options.abortSignal ?? 'SIGTERM')
    const {id, status} = await runContainer(ctx, req, await this.apiVersion(), hooks)
    return {exitCode: status, id}
  }

  /** Pulls an image (`name[:tag|@digest]`, `latest` by default) with the user's registry credentials. */
  async pull(reference: string, options: PullOptions = {}): Promise<void> {
    const named = parseNormalizedNamed(reference)
    const ref = options.all ? named : withDefaultTag(named)
    await pullImage(this.context({}), ref, {all: options.all, auth: options.auth, onProgress: options.onProgress, platform: options.platform, signal: options.signal})
  }

  /** Pushes an image (`name[:tag]`, every tag when none is given, as `docker push -a`) with the user's registry credentials. */
  async push(reference: string, options: PushOptions = {}): Promise<void> {
    const ref = parseNormalizedNamed(reference)
    await pushImage(this.context({}), ref, {...options, all: isNameOnly(ref)})
  }

  /** Builds an image with the classic builder; resolves with its ID. */
  async build(options: BuildOptions): Promise<BuildResult> {
    const {context, onProgress, ...rest} = options
    let body: Readable
    let dockerfile = options.dockerfile
    if (typeof context === 'string') {
      const local = await contextFromLocalDir(context, {file: options.dockerfile, stdin: EMPTY_STDIN as Readable})
      body = local.stream
      dockerfile = local.dockerfile
    } else body = context instanceof Readable ? context : Readable.from(context as AsyncIterable<Buffer>)
    let imageId = ''
    const authConfigs = await allRegistryAuths(this.config())
    await followMessageStream(() => this.imageBuild(body, {...rest, authConfigs, dockerfile}), {
      onProgress: (message) => {
        const aux = message.aux as {ID?: unknown} | undefined
        if (aux && typeof aux.ID === 'string') imageId = aux.ID
        onProgress?.(message)
      },
      signal: options.signal,
    })
    return {imageId}
  }

  /**
   * A container's log as an object stream (and async iterable) of `{stream: 'stdout' | 'stderr', data}`
   * frames; for a TTY container, raw bytes labelled stdout. stdout and stderr are both on by default.
   */
  async logs(container: string, options: ContainerLogsOptions = {}): Promise<FrameStream> {
    const inspected = await this.containerInspect(container, {signal: options.signal})
    const body = await this.containerLogs(inspected.Id, {stderr: true, stdout: true, ...options})
    return demuxFrames(body, inspected.Config?.Tty === true)
  }

  /** Runs a command in a running container, as `docker exec` does; resolves with its exit code. */
  async exec(container: string, cmd: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const detach = options.detach === true
    const ctx = this.context({stderr: outStream(options.stderr), stdin: options.stdin as InStream | undefined, stdout: outStream(options.stdout)})
    const outcome = await execInContainer(
      ctx,
      {
        body: {
          AttachStderr: !detach,
          AttachStdin: !detach && options.stdin !== undefined,
          AttachStdout: !detach,
          Cmd: cmd,
          Detach: detach,
          DetachKeys: '',
          Env: options.env ?? null,
          Privileged: options.privileged === true,
          Tty: options.tty === true,
          User: options.user ?? '',
          WorkingDir: options.workingDir ?? '',
        },
        container,
        signal: options.signal,
      },
      libraryHooks(undefined, 'SIGTERM'),
    )
    if (outcome.kind === 'cancelled') throw new AbortedError(options.signal?.reason)
    return {exitCode: outcome.kind === 'done' ? outcome.exitCode : 0}
  }
}
