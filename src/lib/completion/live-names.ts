// Names of the engine's objects for completion, as docker's completion functions list them.
// Every lookup answers `undefined` when the engine cannot be asked (down, refused, too slow):
// the caller turns that into cobra's error directive, which shells take as "no candidates".
import type {EngineClient} from '../engine/client.js'
import type {ContainerSummary, InfoResponse} from '../engine/types.js'

export type ContainerFilter = (container: ContainerSummary) => boolean

/** What the completion functions may ask of the engine. */
export interface LiveNames {
  /** Container names (and IDs with DOCKER_COMPLETION_SHOW_CONTAINER_IDS=yes), running only unless `all`. */
  containers(all: boolean, keep?: ContainerFilter): Promise<string[] | undefined>
  /** Every tag of every local image. */
  images(): Promise<string[] | undefined>
  networks(): Promise<string[] | undefined>
  volumes(): Promise<string[] | undefined>
  info(): Promise<InfoResponse | undefined>
}

/** A Tab press must come back: docker waits forever, but a shell that hangs is worse than no names. */
const LOOKUP_TIMEOUT_MS = 5000

export function engineNames(engine: () => EngineClient, env: NodeJS.ProcessEnv): LiveNames {
  const ask = async <T>(call: (client: EngineClient, signal: AbortSignal) => Promise<T>): Promise<T | undefined> => {
    try {
      // engine() itself throws for an endpoint that cannot be resolved (bad DOCKER_HOST, unknown context)
      return await call(engine(), AbortSignal.timeout(LOOKUP_TIMEOUT_MS))
    } catch {
      return undefined
    }
  }
  return {
    async containers(all, keep) {
      const list = await ask((client, signal) => client.containerList({all, signal}))
      if (list === undefined) return undefined
      const showIds = env.DOCKER_COMPLETION_SHOW_CONTAINER_IDS === 'yes'
      return list
        .filter((container) => keep === undefined || keep(container))
        .flatMap((container) => [...(showIds ? [container.Id] : []), ...(container.Names ?? []).map((name) => name.replace(/^\//, ''))])
    },
    async images() {
      const list = await ask((client, signal) => client.imageList({signal}))
      return list?.flatMap((image) => image.RepoTags ?? [])
    },
    info: () => ask((client, signal) => client.info({signal})),
    async networks() {
      const list = await ask((client, signal) => client.networkList({signal}))
      return list?.map((network) => network.Name)
    },
    async volumes() {
      const list = await ask((client, signal) => client.volumeList({signal}))
      return list === undefined ? undefined : (list.Volumes ?? []).map((volume) => volume.Name)
    },
  }
}
