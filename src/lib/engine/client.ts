// The typed Engine API client: one method per endpoint, named after moby's Go client
// (containerList, containerInspect, imageCreate, ...). It is the only code that knows paths,
// query names, headers and body shapes; callers deal in typed options and results, with the
// API's own casing. Streamed answers come back as Node streams: JSON message streams as
// JSONMessageStream objects, byte streams (logs, archives, exports) as the raw body, and
// attach/exec as hijacked connections.
import type {Readable} from 'node:stream'

import {InvalidReferenceError, parseNormalizedNamed, repositoryName, withDefaultTag} from '../registry/reference.js'
import {encodeAuthHeader, encodeRegistryConfigHeader} from './auth-header.js'
import {goPathClean} from '../go/path.js'
import {imageBuildQuery} from './build-query.js'
import {ConnectionError, DecodeError, decodeError, NotFoundError} from './errors.js'
import type {HijackedStream} from './hijack.js'
import {JSONMessageStream} from './json-messages.js'
import {escapePath, trimID} from './path.js'
import type {Query} from './query.js'
import type {BufferedResponse, RequestOptions, StreamResponse, Transport} from './transport.js'
import type {
  AuthConfig,
  AuthResponse,
  CallOptions,
  ContainerAttachOptions,
  ContainerChange,
  ContainerCommitOptions,
  ContainerCreateBody,
  ContainerCreateOptions,
  ContainerCreateResponse,
  ContainerInspect,
  ContainerListOptions,
  ContainerLogsOptions,
  ContainerRemoveOptions,
  ContainerStatsOptions,
  ContainerStopOptions,
  ContainerSummary,
  ContainerTopResponse,
  ContainerUpdateResponse,
  ContainerWaitHandle,
  ContainerWaitResponse,
  CopyToContainerOptions,
  DiskUsage,
  EventMessage,
  EventsOptions,
  ExecCreateBody,
  ExecInspect,
  ExecStartBody,
  Filters,
  ImageBuildOptions,
  ImageCreateOptions,
  ImageDeleteItem,
  ImageHistoryItem,
  ImageInspect,
  ImageListOptions,
  ImageLoadOptions,
  ImagePushOptions,
  ImageRemoveOptions,
  ImageSaveOptions,
  ImageSummary,
  InfoResponse,
  JSONMessage,
  NetworkCreateBody,
  NetworkCreateResponse,
  NetworkSummary,
  Open,
  PathStat,
  PingResult,
  PruneReport,
  VersionResponse,
  Volume,
  VolumeCreateBody,
  VolumeListResponse,
  WaitCondition,
  WithRaw,
} from './types.js'
import {CLIENT_MAX_API_VERSION, compareVersions, negotiateVersion} from './version.js'
import {type ArchiveSink, canReadInto, feedStream, readInto} from './read-into.js'

/** Filters as docker's client encodes them: `{"key":{"value":true}}`, keys and values sorted. */
export function encodeFilters(filters: Filters | undefined): string | undefined {
  if (!filters || Object.keys(filters).length === 0) return undefined
  const out: Record<string, Record<string, boolean>> = {}
  for (const key of Object.keys(filters).sort()) {
    const values: Record<string, boolean> = {}
    for (const v of [...(filters[key] ?? [])].sort()) values[v] = true
    out[key] = values
  }
  return JSON.stringify(out)
}

const flag = (on: boolean | undefined): string | undefined => (on ? '1' : undefined)

/** Go's json decoding of an answer: the error texts docker prints for a body that is not JSON. */
function parseJSON<T>(body: Buffer): T {
  const text = body.toString('utf8')
  try {
    return JSON.parse(text) as T
  } catch {
    throw decodeError(text)
  }
}

/**
 * The Engine API over one Transport. Paths are prefixed with the API version, negotiated once
 * with the engine (the lower of its version and 1.50) unless pinned.
 */
export class EngineClient {
  readonly transport: Transport
  private version?: string
  private negotiating?: Promise<string>

  /** `pinnedVersion` is DOCKER_API_VERSION: used as given, no negotiation. */
  constructor(transport: Transport, pinnedVersion?: string) {
    this.transport = transport
    this.version = pinnedVersion
  }

  // ----------------------------------------------------------------------------------------
  // Plumbing

  /** The API version every path is prefixed with: pinned, or negotiated once with HEAD /_ping. */
  async apiVersion(): Promise<string> {
    try {
      return await this.checkedVersion()
    } catch (error) {
      if (!(error instanceof ConnectionError)) throw error
      // As docker's getAPIPath: a ping that could not connect is ignored, the request goes out
      // at our own version and fails with its own error (which names its own URL).
      return CLIENT_MAX_API_VERSION
    }
  }

  /**
   * moby's checkVersion: the negotiated version, failing when the ping fails. The calls whose
   * options depend on the version (create, exec, wait, image list, network create; stop and
   * restart with a signal, volume rm -f) check it first, so their error is the ping's. A
   * failed ping is retried.
   */
  private async checkedVersion(): Promise<string> {
    if (this.version) return this.version
    this.negotiating ??= this.ping().then(({apiVersion}) => negotiateVersion(apiVersion))
    try {
      this.version = await this.negotiating
    } catch (error) {
      this.negotiating = undefined
      throw error
    }
    return this.version
  }

  private async versioned(path: string): Promise<string> {
    // path.Join in docker's client: `/containers//web/stop` (for `/web`) becomes `/containers/web/stop`.
    return goPathClean(`/v${await this.apiVersion()}${path}`)
  }

  private async request(method: string, path: string, opts: RequestOptions = {}): Promise<BufferedResponse> {
    return this.transport.request(method, await this.versioned(path), opts)
  }

  private async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    return parseJSON<T>((await this.request(method, path, opts)).body)
  }

  private async withRaw<T>(path: string, opts: CallOptions): Promise<WithRaw<T>> {
    const {body} = await this.request('GET', path, {signal: opts.signal})
    return {raw: body, value: parseJSON<T>(body)}
  }

  private async stream(method: string, path: string, opts: RequestOptions = {}): Promise<StreamResponse> {
    // A POST with no body is sent as `Content-Length: 0`, like Go's client: a streamed request
    // without one is left open for writing, and the engine would never answer.
    return this.transport.stream(method, await this.versioned(path), {body: Buffer.alloc(0), ...opts})
  }

  private async messages<T>(method: string, path: string, opts: RequestOptions = {}): Promise<JSONMessageStream<T>> {
    return new JSONMessageStream<T>((await this.stream(method, path, opts)).body)
  }

  /** Closes idle connections; a long-lived program calls this when it is done with the engine. */
  close(): void {
    this.transport.close()
  }

  // ----------------------------------------------------------------------------------------
  // System

  /** HEAD /_ping as docker does first; GET when HEAD is not understood. Unversioned. */
  async ping(opts: CallOptions = {}): Promise<PingResult> {
    let response: BufferedResponse
    try {
      response = await this.transport.request('HEAD', '/_ping', {signal: opts.signal})
    } catch (error) {
      if ((error as {status?: number}).status === undefined) throw error
      response = await this.transport.request('GET', '/_ping', {signal: opts.signal})
    }
    const header = (name: string): string | undefined => {
      const v = response.headers[name]
      return Array.isArray(v) ? v[0] : v
    }
    return {
      apiVersion: header('api-version'),
      builderVersion: header('builder-version'),
      experimental: header('docker-experimental') === 'true',
      osType: header('ostype'),
    }
  }

  /** GET /version */
  async serverVersion(opts: CallOptions = {}): Promise<VersionResponse> {
    return this.json('GET', '/version', opts)
  }

  /** GET /info */
  async info(opts: CallOptions = {}): Promise<InfoResponse> {
    return this.json('GET', '/info', opts)
  }

  /** GET /info with the engine's own bytes, for `info --format '{{json .}}'`. */
  async infoWithRaw(opts: CallOptions = {}): Promise<WithRaw<InfoResponse>> {
    return this.withRaw('/info', opts)
  }

  /** GET /system/df */
  async diskUsage(opts: CallOptions & {types?: string[]} = {}): Promise<DiskUsage> {
    return this.json('GET', '/system/df', {query: {type: opts.types}, signal: opts.signal})
  }

  /** POST /build/prune: removes build cache (all of it with `all`, else what is unused). */
  async buildCachePrune(opts: CallOptions & {all?: boolean; filters?: Filters} = {}): Promise<PruneReport & {CachesDeleted?: string[] | null}> {
    return this.json('POST', '/build/prune', {query: {all: flag(opts.all), filters: encodeFilters(opts.filters)}, signal: opts.signal})
  }

  /** POST /auth: checks credentials with the registry, through the engine. */
  async registryLogin(auth: AuthConfig, opts: CallOptions = {}): Promise<AuthResponse> {
    return this.json('POST', '/auth', {json: auth, signal: opts.signal})
  }

  /** GET /events: the engine's event stream, one EventMessage per event. */
  async events(opts: EventsOptions = {}): Promise<JSONMessageStream<EventMessage>> {
    const query: Query = {filters: encodeFilters(opts.filters), since: opts.since, until: opts.until}
    return this.messages('GET', '/events', {body: undefined, query, signal: opts.signal})
  }

  // ----------------------------------------------------------------------------------------
  // Containers

  /** GET /containers/json: running containers, or all with `all`. */
  async containerList(opts: ContainerListOptions = {}): Promise<ContainerSummary[]> {
    const query: Query = {
      all: flag(opts.all),
      filters: encodeFilters(opts.filters),
      limit: opts.limit !== undefined && opts.limit > 0 ? String(opts.limit) : undefined,
      size: flag(opts.size),
    }
    const list = await this.json<ContainerSummary[] | null>('GET', '/containers/json', {query, signal: opts.signal})
    if (list !== null && !Array.isArray(list)) {
      const kind = typeof list === 'object' ? 'object' : typeof list
      throw new DecodeError(`json: cannot unmarshal ${kind} into Go value of type []container.Summary`)
    }
    return list ?? []
  }

  /** POST /containers/create */
  async containerCreate(body: ContainerCreateBody, opts: ContainerCreateOptions = {}): Promise<ContainerCreateResponse> {
    await this.checkedVersion()
    return this.json('POST', '/containers/create', {json: body, query: {name: opts.name, platform: opts.platform}, signal: opts.signal})
  }

  /** GET /containers/{id}/json */
  async containerInspect(id: string, opts: CallOptions & {size?: boolean} = {}): Promise<ContainerInspect> {
    return (await this.containerInspectWithRaw(id, opts)).value
  }

  /** GET /containers/{id}/json */
  async containerInspectWithRaw(id: string, opts: CallOptions & {size?: boolean} = {}): Promise<WithRaw<ContainerInspect>> {
    const {body} = await this.request('GET', `/containers/${trimID('container', id)}/json`, {query: {size: flag(opts.size)}, signal: opts.signal})
    return {raw: body, value: parseJSON<ContainerInspect>(body)}
  }

  /** POST /containers/{id}/start */
  async containerStart(id: string, opts: CallOptions & {checkpoint?: string; checkpointDir?: string} = {}): Promise<void> {
    const query: Query = {checkpoint: opts.checkpoint || undefined, 'checkpoint-dir': opts.checkpointDir || undefined}
    await this.request('POST', `/containers/${trimID('container', id)}/start`, {query, signal: opts.signal})
  }

  /** POST /containers/{id}/stop */
  async containerStop(id: string, opts: ContainerStopOptions = {}): Promise<void> {
    if (opts.stopSignal) await this.checkedVersion()
    await this.request('POST', `/containers/${trimID('container', id)}/stop`, {query: this.stopQuery(opts), signal: opts.signal})
  }

  /** POST /containers/{id}/restart */
  async containerRestart(id: string, opts: ContainerStopOptions = {}): Promise<void> {
    if (opts.stopSignal) await this.checkedVersion()
    await this.request('POST', `/containers/${trimID('container', id)}/restart`, {query: this.stopQuery(opts), signal: opts.signal})
  }

  private stopQuery(opts: ContainerStopOptions): Query {
    return {signal: opts.stopSignal || undefined, t: opts.timeout === undefined ? undefined : String(opts.timeout)}
  }

  /** POST /containers/{id}/kill */
  async containerKill(id: string, signal = '', opts: CallOptions = {}): Promise<void> {
    await this.request('POST', `/containers/${trimID('container', id)}/kill`, {query: {signal: signal || undefined}, signal: opts.signal})
  }

  /** POST /containers/{id}/pause */
  async containerPause(id: string, opts: CallOptions = {}): Promise<void> {
    await this.request('POST', `/containers/${trimID('container', id)}/pause`, opts)
  }

  /** POST /containers/{id}/unpause */
  async containerUnpause(id: string, opts: CallOptions = {}): Promise<void> {
    await this.request('POST', `/containers/${trimID('container', id)}/unpause`, opts)
  }

  /** POST /containers/{id}/rename */
  async containerRename(id: string, newName: string, opts: CallOptions = {}): Promise<void> {
    await this.request('POST', `/containers/${trimID('container', id)}/rename`, {query: {name: newName}, signal: opts.signal})
  }

  /** POST /containers/{id}/update */
  async containerUpdate(id: string, update: Open, opts: CallOptions = {}): Promise<ContainerUpdateResponse> {
    return this.json('POST', `/containers/${trimID('container', id)}/update`, {json: update, signal: opts.signal})
  }

  /** DELETE /containers/{id} */
  async containerRemove(id: string, opts: ContainerRemoveOptions = {}): Promise<void> {
    const query: Query = {force: flag(opts.force), link: flag(opts.removeLinks), v: flag(opts.removeVolumes)}
    await this.request('DELETE', `/containers/${trimID('container', id)}`, {query, signal: opts.signal})
  }

  /**
   * POST /containers/{id}/wait. Resolves once the engine has answered with headers, which means
   * it will report the next exit (or the removal) even if it happens right away; `result` then
   * settles with the engine's answer.
   */
  async containerWait(id: string, condition: WaitCondition = 'not-running', opts: CallOptions = {}): Promise<ContainerWaitHandle> {
    await this.checkedVersion()
    const {body} = await this.stream('POST', `/containers/${trimID('container', id)}/wait`, {query: {condition}, signal: opts.signal})
    body.on('error', () => {})
    const result = (async (): Promise<ContainerWaitResponse> => {
      const chunks: Buffer[] = []
      let cutShort = false
      try {
        for await (const chunk of body) chunks.push(chunk as Buffer)
      } catch {
        // The connection dropped; whatever arrived may still hold the whole answer.
        cutShort = true
      }
      const text = Buffer.concat(chunks).toString('utf8')
      try {
        const parsed = JSON.parse(text) as ContainerWaitResponse
        return {...parsed, StatusCode: parsed.StatusCode ?? 0}
      } catch {
        // Go's decoder: EOF for nothing at all, the text itself for something that is not JSON.
        throw new DecodeError(text.trim() === '' ? (cutShort ? 'unexpected EOF' : 'EOF') : text)
      }
    })()
    result.catch(() => {})
    return {abandon: () => body.destroy(), result}
  }

  /** POST /containers/{id}/attach, hijacked: the container's stdin one way, its output the other. */
  async containerAttach(id: string, opts: ContainerAttachOptions = {}): Promise<HijackedStream> {
    const query: Query = {
      detachKeys: opts.detachKeys || undefined,
      logs: flag(opts.logs),
      stderr: flag(opts.stderr),
      stdin: flag(opts.stdin),
      stdout: flag(opts.stdout),
      stream: flag(opts.stream),
    }
    return this.transport.hijack(await this.versioned(`/containers/${trimID('container', id)}/attach`), {headers: {'Content-Type': 'text/plain'}, query, signal: opts.signal})
  }

  /** POST /containers/{id}/resize */
  async containerResize(id: string, size: {height: number; width: number}, opts: CallOptions = {}): Promise<void> {
    await this.request('POST', `/containers/${trimID('container', id)}/resize`, {query: {h: String(size.height), w: String(size.width)}, signal: opts.signal})
  }

  /**
   * GET /containers/{id}/logs: the raw body, multiplexed in 8-byte frames unless the container
   * has a TTY (see `demuxFrames` in src/lib/streams/frames.ts).
   */
  async containerLogs(id: string, opts: ContainerLogsOptions = {}): Promise<Readable> {
    const query: Query = {
      details: flag(opts.details),
      follow: flag(opts.follow),
      since: opts.since || undefined,
      stderr: flag(opts.stderr),
      stdout: flag(opts.stdout),
      tail: opts.tail || undefined,
      timestamps: flag(opts.timestamps),
      until: opts.until || undefined,
    }
    return (await this.stream('GET', `/containers/${trimID('container', id)}/logs`, {body: undefined, query, signal: opts.signal})).body
  }

  /** GET /containers/{id}/top */
  async containerTop(id: string, psArgs: string[] = [], opts: CallOptions = {}): Promise<ContainerTopResponse> {
    return this.json('GET', `/containers/${trimID('container', id)}/top`, {query: {ps_args: psArgs.length > 0 ? psArgs.join(' ') : undefined}, signal: opts.signal})
  }

  /** GET /containers/{id}/changes */
  async containerDiff(id: string, opts: CallOptions = {}): Promise<ContainerChange[]> {
    return (await this.json<ContainerChange[] | null>('GET', `/containers/${trimID('container', id)}/changes`, opts)) ?? []
  }

  /** GET /containers/{id}/export: the container's filesystem as a tar stream. */
  async containerExport(id: string, opts: CallOptions = {}): Promise<Readable> {
    return (await this.stream('GET', `/containers/${trimID('container', id)}/export`, {body: undefined, signal: opts.signal})).body
  }

  /** GET /containers/{id}/stats: one StatsJSON per second, or a single one without `stream`. */
  async containerStats(id: string, opts: ContainerStatsOptions = {}): Promise<JSONMessageStream<Open>> {
    const query: Query = {'one-shot': flag(opts.oneShot), stream: opts.stream ? '1' : '0'}
    return this.messages('GET', `/containers/${trimID('container', id)}/stats`, {body: undefined, query, signal: opts.signal})
  }

  /** HEAD /containers/{id}/archive: what is at `path` inside the container. */
  async containerStatPath(id: string, path: string, opts: CallOptions = {}): Promise<PathStat> {
    const {headers} = await this.request('HEAD', `/containers/${trimID('container', id)}/archive`, {query: {path}, signal: opts.signal})
    return decodePathStat(headers['x-docker-container-path-stat'])
  }

  /** GET /containers/{id}/archive: `path` as a tar stream, with its stat. */
  async copyFromContainer(id: string, path: string, opts: CallOptions = {}): Promise<{body: Readable; stat: PathStat}> {
    const response = await this.stream('GET', `/containers/${trimID('container', id)}/archive`, {body: undefined, query: {path}, signal: opts.signal})
    return {body: response.body, stat: decodePathStat(response.headers['x-docker-container-path-stat'])}
  }

  /** PUT /containers/{id}/archive: extracts the tar `content` into the directory `path`. */
  async copyToContainer(id: string, path: string, content: Readable, opts: CopyToContainerOptions = {}): Promise<void> {
    const query: Query = {
      copyUIDGID: flag(opts.copyUIDGID),
      noOverwriteDirNonDir: opts.allowOverwriteDirWithFile ? undefined : 'true',
      path,
    }
    const {body} = await this.stream('PUT', `/containers/${trimID('container', id)}/archive`, {body: content, headers: {'Content-Type': 'application/x-tar'}, query, signal: opts.signal})
    body.resume()
  }

  /**
   * POST /commit. `reference` is checked and normalised here, as docker's client does:
   * `busybox` is sent as repo `docker.io/library/busybox`, tag `latest`; a digest is refused.
   * Every text field goes on the query even when empty, and there is no body without `config`.
   */
  async containerCommit(id: string, opts: ContainerCommitOptions = {}): Promise<{Id: string}> {
    const container = trimID('container', id)
    let repo = ''
    let tag = ''
    if (opts.reference) {
      const ref = parseNormalizedNamed(opts.reference)
      if (ref.digest !== undefined) throw new InvalidReferenceError('refusing to create a tag with a digest reference')
      repo = repositoryName(ref)
      tag = withDefaultTag(ref).tag ?? ''
    }
    const query: Query = {
      author: opts.author ?? '',
      changes: opts.changes,
      comment: opts.comment ?? '',
      container,
      pause: opts.pause === false ? '0' : undefined,
      repo,
      tag,
    }
    return this.json('POST', '/commit', {json: opts.config, query, signal: opts.signal})
  }

  /** POST /containers/prune */
  async containersPrune(opts: CallOptions & {filters?: Filters} = {}): Promise<PruneReport & {ContainersDeleted?: string[] | null}> {
    return this.json('POST', '/containers/prune', {query: {filters: encodeFilters(opts.filters)}, signal: opts.signal})
  }

  /**
   * GET /containers/{id}/archive, the answer handed to `sink` as it arrives: `stat` first, then
   * the tar in slices of one reused read buffer (each valid only during the call), so an archive
   * of any size is written to disk without a buffer per read. Resolves at the body's end.
   */
  async copyFromContainerInto(id: string, path: string, sink: ArchiveSink, opts: CallOptions = {}): Promise<void> {
    const endpointPath = await this.versioned(`/containers/${trimID('container', id)}/archive`)
    if (canReadInto(this.transport.endpoint)) {
      const head = (headers: Record<string, string | string[] | undefined>): void => sink.stat(decodePathStat(headers['x-docker-container-path-stat']))
      return readInto(this.transport, endpointPath, {path}, {data: (chunk) => sink.data(chunk), head}, opts.signal)
    }
    // TLS: node's own stream, chunk by chunk.
    const {body, stat} = await this.copyFromContainer(id, path, opts)
    sink.stat(stat)
    await feedStream(body, sink)
  }

  /** GET /containers/{id}/export, the tar handed to `sink.data` in slices of one reused read buffer (see copyFromContainerInto). */
  async containerExportInto(id: string, sink: {data(chunk: Buffer): void}, opts: CallOptions = {}): Promise<void> {
    if (canReadInto(this.transport.endpoint)) {
      return readInto(this.transport, await this.versioned(`/containers/${trimID('container', id)}/export`), {}, {data: (chunk) => sink.data(chunk), head: () => {}}, opts.signal)
    }
    // TLS: node's own stream, chunk by chunk.
    await feedStream(await this.containerExport(id, opts), sink)
  }

  // ----------------------------------------------------------------------------------------
  // Exec

  /** POST /containers/{id}/exec */
  async execCreate(container: string, config: ExecCreateBody, opts: CallOptions = {}): Promise<{Id: string}> {
    await this.checkedVersion()
    return this.json('POST', `/containers/${trimID('container', container)}/exec`, {json: config, signal: opts.signal})
  }

  /** POST /exec/{id}/start for a detached exec; see execAttach for an attached one. */
  async execStart(id: string, config: ExecStartBody, opts: CallOptions = {}): Promise<void> {
    await this.request('POST', `/exec/${escapePath(id)}/start`, {json: config, signal: opts.signal})
  }

  /** POST /exec/{id}/start, hijacked (moby's ContainerExecAttach). */
  async execAttach(id: string, config: ExecStartBody, opts: CallOptions = {}): Promise<HijackedStream> {
    return this.transport.hijack(await this.versioned(`/exec/${escapePath(id)}/start`), {
      body: JSON.stringify(config),
      headers: {'Content-Type': 'application/json'},
      signal: opts.signal,
    })
  }

  /** GET /exec/{id}/json */
  async execInspect(id: string, opts: CallOptions = {}): Promise<ExecInspect> {
    return this.json('GET', `/exec/${escapePath(id)}/json`, opts)
  }

  /** POST /exec/{id}/resize */
  async execResize(id: string, size: {height: number; width: number}, opts: CallOptions = {}): Promise<void> {
    await this.request('POST', `/exec/${escapePath(id)}/resize`, {query: {h: String(size.height), w: String(size.width)}, signal: opts.signal})
  }

  // ----------------------------------------------------------------------------------------
  // Images

  /** POST /images/create: a pull (fromImage) or an import (fromSrc), as a JSONMessage stream. */
  async imageCreate(opts: ImageCreateOptions): Promise<JSONMessageStream<JSONMessage>> {
    const query: Query = {
      changes: opts.changes && opts.changes.length > 0 ? opts.changes : undefined,
      fromImage: opts.fromImage,
      fromSrc: opts.fromSrc,
      message: opts.message || undefined,
      platform: opts.platform ? opts.platform.toLowerCase() : undefined,
      repo: opts.repo,
      tag: opts.tag || undefined,
    }
    const headers: Record<string, string> = opts.fromImage === undefined ? {} : {'X-Registry-Auth': encodeAuthHeader(opts.auth ?? {})}
    const body = opts.body as Readable | undefined
    return this.messages('POST', '/images/create', {body: body ?? Buffer.alloc(0), headers, query, signal: opts.signal})
  }

  /** POST /images/{name}/push, as a JSONMessage stream. `name` is the repository, without the tag. */
  async imagePush(name: string, opts: ImagePushOptions = {}): Promise<JSONMessageStream<JSONMessage>> {
    const query: Query = {platform: opts.platform || undefined, tag: opts.tag || undefined}
    return this.messages('POST', `/images/${escapePath(name)}/push`, {headers: {'X-Registry-Auth': encodeAuthHeader(opts.auth ?? {})}, query, signal: opts.signal})
  }

  /** POST /build with a tar (or gzip'd tar) context, as a JSONMessage stream (classic builder). */
  async imageBuild(context: Readable | undefined, opts: ImageBuildOptions = {}): Promise<JSONMessageStream<JSONMessage>> {
    const headers = {'Content-Type': 'application/x-tar', 'X-Registry-Config': encodeRegistryConfigHeader(opts.authConfigs ?? {})}
    return this.messages('POST', '/build', {body: context ?? Buffer.alloc(0), headers, query: imageBuildQuery(opts), signal: opts.signal})
  }

  /** GET /images/json */
  async imageList(opts: ImageListOptions = {}): Promise<ImageSummary[]> {
    // As docker's client: options the engine's API version does not know are not sent.
    const version = await this.checkedVersion()
    const query: Query = {
      all: flag(opts.all),
      'shared-size': flag(opts.sharedSize && compareVersions(version, '1.42') >= 0),
      filters: encodeFilters(opts.filters),
      manifests: flag(opts.manifests && compareVersions(version, '1.47') >= 0),
    }
    return goSlice(await this.json<ImageSummary[] | null>('GET', '/images/json', {query, signal: opts.signal}), '[]image.Summary')
  }

  /** GET /images/{name}/json, with the engine's own bytes */
  async imageInspectWithRaw(name: string, opts: CallOptions = {}): Promise<WithRaw<ImageInspect>> {
    return this.withRaw(`/images/${trimID('image', name)}/json`, opts)
  }

  /** DELETE /images/{name} */
  async imageRemove(name: string, opts: ImageRemoveOptions = {}): Promise<ImageDeleteItem[]> {
    const platforms = opts.platforms && opts.platforms.length > 0 ? opts.platforms : undefined
    const query: Query = {force: flag(opts.force), noprune: flag(opts.noPrune), platforms}
    return goSlice(await this.json<ImageDeleteItem[] | null>('DELETE', `/images/${escapePath(name)}`, {query, signal: opts.signal}), '[]image.DeleteResponse')
  }

  /** POST /images/{source}/tag */
  async imageTag(source: string, repo: string, tag: string | undefined, opts: CallOptions = {}): Promise<void> {
    await this.request('POST', `/images/${escapePath(source)}/tag`, {query: {repo, tag: tag || undefined}, signal: opts.signal})
  }

  /** GET /images/{name}/history; `platform` (an ocispec.Platform as JSON, API ≥ 1.48) picks one variant of a multi-platform image. */
  async imageHistory(name: string, opts: CallOptions & {platform?: string} = {}): Promise<ImageHistoryItem[]> {
    const query: Query = {platform: opts.platform || undefined}
    return goSlice(await this.json<ImageHistoryItem[] | null>('GET', `/images/${escapePath(name)}/history`, {query, signal: opts.signal}), '[]image.HistoryResponseItem')
  }

  /** GET /images/get: the named images as one tar stream. */
  async imageSave(names: string[], opts: CallOptions = {}): Promise<Readable> {
    return (await this.stream('GET', '/images/get', {body: undefined, query: {names}, signal: opts.signal})).body
  }

  /** POST /images/load with an image tar; the engine answers with a JSONMessage stream. */
  async imageLoad(input: Readable, opts: ImageLoadOptions = {}): Promise<JSONMessageStream<JSONMessage>> {
    const query: Query = {platform: opts.platform || undefined, quiet: opts.quiet ? '1' : '0'}
    return this.messages('POST', '/images/load', {body: input, headers: {'Content-Type': 'application/x-tar'}, query, signal: opts.signal})
  }

  /** POST /images/prune */
  async imagesPrune(opts: CallOptions & {filters?: Filters} = {}): Promise<PruneReport & {ImagesDeleted?: ImageDeleteItem[] | null}> {
    return this.json('POST', '/images/prune', {query: {filters: encodeFilters(opts.filters)}, signal: opts.signal})
  }

  /** GET /images/get with options (API ≥ 1.48 for `platforms`): the named images as one tar stream. */
  async imageSaveWithOptions(names: string[], opts: ImageSaveOptions = {}): Promise<Readable> {
    const platform = opts.platforms && opts.platforms.length > 0 ? opts.platforms : undefined
    return (await this.stream('GET', '/images/get', {body: undefined, query: {names, platform}, signal: opts.signal})).body
  }

  /**
   * GET /images/get, the archive handed to `sink` as it arrives, in slices of one reused read
   * buffer (each valid only during the call): a save of any size in constant memory, for a
   * caller that writes synchronously (a file). Resolves at the archive's end.
   */
  async imageSaveInto(names: string[], sink: {data(chunk: Buffer): void}, opts: ImageSaveOptions = {}): Promise<void> {
    const platform = opts.platforms && opts.platforms.length > 0 ? opts.platforms : undefined
    if (canReadInto(this.transport.endpoint)) {
      return readInto(this.transport, await this.versioned('/images/get'), {names, platform}, {data: (chunk) => sink.data(chunk), head: () => {}}, opts.signal)
    }
    // TLS: node's own stream, chunk by chunk.
    await feedStream(await this.imageSaveWithOptions(names, opts), sink)
  }

  // ----------------------------------------------------------------------------------------
  // Networks

  /** GET /networks */
  async networkList(opts: CallOptions & {filters?: Filters} = {}): Promise<NetworkSummary[]> {
    return (await this.json<NetworkSummary[] | null>('GET', '/networks', {query: {filters: encodeFilters(opts.filters)}, signal: opts.signal})) ?? []
  }

  /** POST /networks/create */
  async networkCreate(body: NetworkCreateBody, opts: CallOptions = {}): Promise<NetworkCreateResponse> {
    // As moby's client: engines before API 1.44 are asked to refuse a name already taken.
    const checkDuplicate = compareVersions(await this.checkedVersion(), '1.44') < 0 ? {CheckDuplicate: true} : {}
    return this.json('POST', '/networks/create', {json: {...body, ...checkDuplicate}, signal: opts.signal})
  }

  /** GET /networks/{network} */
  async networkInspectWithRaw(id: string, opts: CallOptions & {verbose?: boolean; scope?: string} = {}): Promise<WithRaw<NetworkSummary>> {
    const {body} = await this.request('GET', `/networks/${trimID('network', id)}`, {query: {scope: opts.scope || undefined, verbose: opts.verbose ? 'true' : undefined}, signal: opts.signal})
    return {raw: body, value: parseJSON<NetworkSummary>(body)}
  }

  /** DELETE /networks/{network} */
  async networkRemove(id: string, opts: CallOptions = {}): Promise<void> {
    await this.request('DELETE', `/networks/${trimID('network', id)}`, opts)
  }

  /** POST /networks/{network}/connect */
  async networkConnect(id: string, container: string, endpointConfig: Open | undefined, opts: CallOptions = {}): Promise<void> {
    await this.request('POST', `/networks/${trimID('network', id)}/connect`, {json: {Container: container, EndpointConfig: endpointConfig}, signal: opts.signal})
  }

  /** POST /networks/{network}/disconnect */
  async networkDisconnect(id: string, container: string, force = false, opts: CallOptions = {}): Promise<void> {
    await this.request('POST', `/networks/${trimID('network', id)}/disconnect`, {json: {Container: container, Force: force}, signal: opts.signal})
  }

  /** POST /networks/prune */
  async networksPrune(opts: CallOptions & {filters?: Filters} = {}): Promise<{NetworksDeleted?: string[] | null}> {
    return this.json('POST', '/networks/prune', {query: {filters: encodeFilters(opts.filters)}, signal: opts.signal})
  }

  // ----------------------------------------------------------------------------------------
  // Volumes

  /** GET /volumes */
  async volumeList(opts: CallOptions & {filters?: Filters} = {}): Promise<VolumeListResponse> {
    return this.json('GET', '/volumes', {query: {filters: encodeFilters(opts.filters)}, signal: opts.signal})
  }

  /** POST /volumes/create */
  async volumeCreate(body: VolumeCreateBody, opts: CallOptions = {}): Promise<Volume> {
    return this.json('POST', '/volumes/create', {json: body, signal: opts.signal})
  }

  /** GET /volumes/{name}, with the engine's own bytes */
  async volumeInspectWithRaw(name: string, opts: CallOptions = {}): Promise<WithRaw<Volume>> {
    return this.withRaw(`/volumes/${trimID('volume', name)}`, opts)
  }

  /** DELETE /volumes/{volume} */
  async volumeRemove(name: string, force = false, opts: CallOptions = {}): Promise<void> {
    if (force) await this.checkedVersion()
    await this.request('DELETE', `/volumes/${trimID('volume', name)}`, {query: {force: force ? 'true' : undefined}, signal: opts.signal})
  }

  /** POST /volumes/prune */
  async volumesPrune(opts: CallOptions & {filters?: Filters} = {}): Promise<PruneReport & {VolumesDeleted?: string[] | null}> {
    return this.json('POST', '/volumes/prune', {query: {filters: encodeFilters(opts.filters)}, signal: opts.signal})
  }

  // ----------------------------------------------------------------------------------------
  // Plugins and swarm objects (what `docker inspect` looks through after volumes)

  /** GET /plugins/{name}/json, with the engine's own bytes */
  async pluginInspectWithRaw(name: string, opts: CallOptions = {}): Promise<WithRaw<Open>> {
    return this.withRaw(`/plugins/${trimID('plugin', name)}/json`, opts)
  }

  /** GET /services/{id}, with the engine's own bytes; `insertDefaults` fills unset fields as docker inspect asks. */
  async serviceInspectWithRaw(id: string, opts: CallOptions & {insertDefaults?: boolean} = {}): Promise<WithRaw<Open>> {
    const {body} = await this.request('GET', `/services/${trimID('service', id)}`, {query: {insertDefaults: opts.insertDefaults ? 'true' : 'false'}, signal: opts.signal})
    return {raw: body, value: parseJSON<Open>(body)}
  }

  /** GET /tasks/{id}, with the engine's own bytes */
  async taskInspectWithRaw(id: string, opts: CallOptions = {}): Promise<WithRaw<Open>> {
    return this.withRaw(`/tasks/${trimID('task', id)}`, opts)
  }

  /** GET /nodes/{id}, with the engine's own bytes */
  async nodeInspectWithRaw(id: string, opts: CallOptions = {}): Promise<WithRaw<Open>> {
    return this.withRaw(`/nodes/${trimID('node', id)}`, opts)
  }

  /** GET /secrets/{id}, with the engine's own bytes */
  async secretInspectWithRaw(id: string, opts: CallOptions = {}): Promise<WithRaw<Open>> {
    return this.withRaw(`/secrets/${trimID('secret', id)}`, opts)
  }

  /** GET /configs/{id}, with the engine's own bytes (moby's client names it "contig" in the empty-ID error) */
  async configInspectWithRaw(id: string, opts: CallOptions = {}): Promise<WithRaw<Open>> {
    return this.withRaw(`/configs/${trimID('contig', id)}`, opts)
  }
}

/** The `X-Docker-Container-Path-Stat` header: base64 of a JSON object. */
function decodePathStat(header: string | string[] | undefined): PathStat {
  const value = Array.isArray(header) ? header[0] : header
  if (!value) throw new NotFoundError('Error response from daemon: no path stat in the engine\'s answer', 404)
  let parsed: Partial<PathStat>
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as Partial<PathStat>
  } catch {
    throw new DecodeError(`unable to decode container path stat header: ${value}`)
  }
  return {linkTarget: parsed.linkTarget ?? '', mode: parsed.mode ?? 0, mtime: parsed.mtime ?? '', name: parsed.name ?? '', size: parsed.size ?? 0}
}

/**
 * Go's json decoding of an answer into a slice of structs: null is empty, a null element a zero
 * struct, and anything else that is not an array (of objects) docker's error.
 */
function goSlice<T>(answer: T[] | null, goType: string): T[] {
  const kind = (value: unknown): string =>
    Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value === 'object' ? 'object' : typeof value
  if (answer === null) return []
  if (!Array.isArray(answer)) throw new DecodeError(`json: cannot unmarshal ${kind(answer)} into Go value of type ${goType}`)
  const odd = answer.find((element) => element !== null && kind(element) !== 'object')
  if (odd !== undefined) throw new DecodeError(`json: cannot unmarshal ${kind(odd)} into Go value of type ${goType.slice(2)}`)
  return answer.map((element) => element ?? ({} as T))
}
