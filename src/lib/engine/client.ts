// The typed Engine API client commands use. Methods are named after moby's client
// (containerList, containerInspect, ...); bodies keep the API's casing.
import {DecodeError, decodeError} from './errors.js'
import type {Query} from './query.js'
import type {RequestOptions, StreamResponse, Transport} from './transport.js'
import type {ContainerListOptions, ContainerSummary, Filters} from './types.js'
import {negotiateVersion} from './version.js'

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

export class EngineClient {
  readonly transport: Transport
  private version?: string
  private negotiating?: Promise<string>

  /** `pinnedVersion` is DOCKER_API_VERSION: used as given, no negotiation. */
  constructor(transport: Transport, pinnedVersion?: string) {
    this.transport = transport
    this.version = pinnedVersion
  }

  /** HEAD /_ping as docker does first; GET when HEAD is not understood. */
  async ping(): Promise<{apiVersion?: string; osType?: string}> {
    let response
    try {
      response = await this.transport.request('HEAD', '/_ping')
    } catch (error) {
      if ((error as {status?: number}).status === undefined) throw error
      response = await this.transport.request('GET', '/_ping')
    }
    const header = (name: string): string | undefined => {
      const v = response.headers[name]
      return Array.isArray(v) ? v[0] : v
    }
    return {apiVersion: header('api-version'), osType: header('ostype')}
  }

  async apiVersion(): Promise<string> {
    if (this.version) return this.version
    this.negotiating ??= this.ping().then(({apiVersion}) => negotiateVersion(apiVersion))
    this.version = await this.negotiating
    return this.version
  }

  private async versioned(path: string): Promise<string> {
    return `/v${await this.apiVersion()}${path}`
  }

  async getJSON<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const response = await this.transport.request(method, await this.versioned(path), opts)
    const text = response.body.toString('utf8')
    try {
      return JSON.parse(text) as T
    } catch {
      throw decodeError(text)
    }
  }

  async call(method: string, path: string, opts: RequestOptions = {}): Promise<void> {
    await this.transport.request(method, await this.versioned(path), opts)
  }

  async stream(method: string, path: string, opts: RequestOptions = {}): Promise<StreamResponse> {
    return this.transport.stream(method, await this.versioned(path), opts)
  }

  async containerList(opts: ContainerListOptions): Promise<ContainerSummary[]> {
    const query: Query = {
      all: opts.all ? '1' : undefined,
      filters: encodeFilters(opts.filters),
      limit: opts.limit !== undefined && opts.limit > 0 ? String(opts.limit) : undefined,
      size: opts.size ? '1' : undefined,
    }
    const list = await this.getJSON<ContainerSummary[] | null>('GET', '/containers/json', {query})
    if (list !== null && !Array.isArray(list)) {
      const kind = typeof list === 'object' ? 'object' : typeof list
      throw new DecodeError(`json: cannot unmarshal ${kind} into Go value of type []container.Summary`)
    }
    return list ?? []
  }
}
