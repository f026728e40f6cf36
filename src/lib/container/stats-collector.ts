// Collecting `docker stats` figures as docker's collect() and RunStats do: one stats request per
// container, the latest sample kept as a row, a row that hears nothing for two seconds zeroed and
// marked invalid, and (when no container is named) the set of containers kept current from the
// engine's container events.
import type {EngineClient} from '../engine/client.js'
import type {StatsResponse} from '../engine/types.js'
import {emptyStatsEntry, resetStatsEntry, type StatsEntry, statsEntryFrom} from './stats.js'

/** How long a container may stay silent before its row is reset (docker: 2 s). */
export const STATS_TIMEOUT_MS = 2000

type StatsEngine = Pick<EngineClient, 'containerStats' | 'containerList' | 'events'>

/** One container's stats request and its latest row (docker's Stats). */
export class ContainerStatsCollector {
  readonly container: string
  entry: StatsEntry
  /** The last error (docker's Stats.err): the request's, the stream's, or the timeout. */
  error: Error | undefined
  /** Settles once the first sample, an error or the timeout came: docker's waitFirst. */
  readonly first: Promise<void>
  private releaseFirst!: () => void
  private readonly controller = new AbortController()
  private timer: NodeJS.Timeout | undefined

  constructor(container: string) {
    this.container = container
    this.entry = emptyStatsEntry(container)
    this.first = new Promise((resolve) => (this.releaseFirst = resolve))
  }

  /** Starts the request; `stream` false takes one sample and ends. */
  start(engine: StatsEngine, stream: boolean, osType: string): void {
    void this.collect(engine, stream, osType)
  }

  /**
   * Stops collecting (the container went away, or the command ends). With `reason` (the command
   * was interrupted) the row also turns invalid, as a cancelled request leaves docker's.
   */
  stop(reason?: Error): void {
    clearTimeout(this.timer)
    if (reason !== undefined && !this.controller.signal.aborted) this.setError(reason)
    this.controller.abort()
    this.releaseFirst()
  }

  private setError(error: Error): void {
    this.error = error
    this.entry = {...this.entry, invalid: true}
  }

  /** Restarts the two-second watch; when it fires the row is zeroed (docker's SetErrorAndReset). */
  private watch(stream: boolean): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.error = new Error('timeout waiting for stats')
      this.entry = resetStatsEntry(this.entry)
      this.releaseFirst()
      // A single sample that did not come in time is given up, as docker closes the body then.
      if (!stream) this.controller.abort()
    }, STATS_TIMEOUT_MS)
  }

  private async collect(engine: StatsEngine, stream: boolean, osType: string): Promise<void> {
    const {signal} = this.controller
    let messages
    try {
      messages = await engine.containerStats(this.container, {signal, stream})
    } catch (error) {
      if (!signal.aborted) this.setError(error as Error)
      this.releaseFirst()
      return
    }
    this.watch(stream)
    try {
      for await (const sample of messages) {
        this.entry = statsEntryFrom(this.container, sample as StatsResponse, osType)
        this.error = undefined
        this.releaseFirst()
        if (!stream) {
          clearTimeout(this.timer)
          return
        }
        this.watch(stream)
      }
      // The end of the body is Go's io.EOF: the row turns invalid. A streamed row waits for its
      // timeout as docker's does; a single sample ends here.
      this.setError(new Error('EOF'))
      if (!stream) {
        clearTimeout(this.timer)
        this.releaseFirst()
      }
    } catch (error) {
      if (signal.aborted) return
      // docker retries a broken stream forever; its row shows `--` either way.
      this.setError(error as Error)
      this.releaseFirst()
    } finally {
      messages.destroy()
    }
  }
}

/** The rows `docker stats` shows, in the order containers were added (docker's stats list). */
export class StatsSet {
  readonly collectors: ContainerStatsCollector[] = []
  private readonly engine: StatsEngine
  private readonly stream: boolean
  private readonly osType: string

  constructor(engine: StatsEngine, stream: boolean, osType: string) {
    this.engine = engine
    this.stream = stream
    this.osType = osType
  }

  /** Adds a container not yet in the set and starts collecting; false when it was there. */
  add(container: string): boolean {
    if (this.collectors.some((c) => c.container === container)) return false
    const collector = new ContainerStatsCollector(container)
    this.collectors.push(collector)
    collector.start(this.engine, this.stream, this.osType)
    return true
  }

  remove(container: string): void {
    const i = this.collectors.findIndex((c) => c.container === container)
    if (i < 0) return
    this.collectors[i]?.stop()
    this.collectors.splice(i, 1)
  }

  /** docker's waitFirst.Wait(): every container added so far has its first sample, error or timeout. */
  async waitFirst(): Promise<void> {
    let waited = 0
    // Containers added while waiting (from events) are waited for too.
    while (waited < this.collectors.length) {
      const pending = this.collectors.slice(waited)
      waited = this.collectors.length
      await Promise.all(pending.map((c) => c.first))
    }
  }

  entries(): StatsEntry[] {
    return this.collectors.map((c) => c.entry)
  }

  /** The errors of the rows, in order (docker joins them for named containers). */
  errors(): Error[] {
    return this.collectors.flatMap((c) => (c.error ? [c.error] : []))
  }

  /** Stops every request; `reason` marks the rows invalid (see ContainerStatsCollector.stop). */
  close(reason?: Error): void {
    for (const c of this.collectors) c.stop(reason)
  }
}

/** What ends a `stats` of every container early: the events stream failing or ending. */
export interface EventsWatch {
  /** Set once the events stream fails or ends: Go's io.EOF for a clean end. */
  error: Error | undefined
  stop(): void
}

/**
 * For `stats` without names: follows container events so that started containers (created ones
 * too with -a) join and, without -a, dead ones leave; then lists the current containers. The
 * events request goes out first so that no start is missed between the two.
 */
export async function watchAllContainers(engine: StatsEngine, set: StatsSet, all: boolean, signal: AbortSignal): Promise<EventsWatch> {
  const controller = new AbortController()
  const abort = (): void => controller.abort()
  signal.addEventListener('abort', abort, {once: true})
  const watch: EventsWatch = {
    error: undefined,
    stop: () => {
      signal.removeEventListener('abort', abort)
      controller.abort()
    },
  }
  const shortID = (id: string | undefined): string | undefined => (id && id.length >= 12 ? id.slice(0, 12) : undefined)
  const follow = async (): Promise<void> => {
    const events = await engine.events({filters: {type: ['container']}, signal: controller.signal})
    for await (const event of events) {
      const id = shortID(event.Actor?.ID)
      if (id === undefined) continue
      if (event.Action === 'start' || (all && event.Action === 'create')) set.add(id)
      else if (!all && event.Action === 'die') set.remove(id)
    }
    throw new Error('EOF')
  }
  follow().catch((error: unknown) => {
    watch.error = error as Error
  })
  let containers
  try {
    containers = await engine.containerList({all, signal})
  } catch (error) {
    watch.stop()
    throw error
  }
  for (const c of containers) {
    const id = shortID(c.Id)
    if (id !== undefined) set.add(id)
  }
  return watch
}
