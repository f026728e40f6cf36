// Waiting for a container's exit on an API below 1.30, where the wait endpoint takes no
// condition: docker's client follows the container's events instead (legacyWaitExitOrRemoved).
// `die` carries the exit code; `destroy` ends a wait for removal; below API 1.25 the engine has
// no AutoRemove, so the client removes the container itself once it died.
import {compareVersions} from '../engine/version.js'
import type {EventMessage} from '../engine/types.js'
import type {ClientContext} from '../io.js'

export interface LegacyWait {
  /** The exit status docker would use: the `die` event's code, 0 on detach, 125 when none came. */
  status: Promise<number>
  abandon(): void
}

/** Subscribes to the container's events; resolves once the engine has accepted the subscription. */
export async function legacyWait(ctx: ClientContext, id: string, waitRemove: boolean, logError: (message: string) => void): Promise<LegacyWait> {
  const engine = ctx.engine()
  const apiVersion = await engine.apiVersion()
  const controller = new AbortController()
  const events = await engine.events({filters: {container: [id], type: ['container']}, signal: controller.signal})
  const status = (async (): Promise<number> => {
    let exitCode = 125
    try {
      for await (const event of events as AsyncIterable<EventMessage>) {
        switch (event.status ?? event.Action) {
          case 'die': {
            const code = Number.parseInt(event.Actor?.Attributes?.exitCode ?? '', 10)
            if (!Number.isNaN(code)) exitCode = code
            if (!waitRemove) return exitCode
            if (compareVersions(apiVersion, '1.25') < 0) {
              engine.containerRemove(id, {removeVolumes: true}).catch((error: unknown) => {
                logError(`error removing container: ${(error as Error).message}`)
                controller.abort()
              })
            }
            break
          }
          case 'detach':
            return 0
          case 'destroy':
            return exitCode
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) logError(`error getting events from daemon: ${(error as Error).message}`)
    }
    return exitCode
  })()
  return {
    abandon() {
      controller.abort()
      events.destroy()
    },
    status: status.finally(() => {
      controller.abort()
      events.destroy()
    }),
  }
}
