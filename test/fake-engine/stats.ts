// A fake engine's stats endpoints, for `stats` tests that need exact numbers: recorded (and
// hand-made) stats samples served to whalectl and to the reference docker CLI alike, and the
// container list and events `stats` without names follows.
import type {ServerResponse} from 'node:http'

import {type FakeEngine, type RecordedRequest, sendJSON} from './server.js'

/** A sample's JSON text, kept as text so that 64-bit numbers go out exactly as recorded. */
export type StatsSample = string

export interface StatsRoute {
  /** Sent one per `intervalMs` (default 100); a `stream=0` request gets the first only. */
  samples: StatsSample[]
  intervalMs?: number
  /**
   * After the samples: repeat the last one every `intervalMs`, as an engine keeps sampling
   * (default), or end the stream as the engine does for a removed container.
   */
  end?: boolean
}

/** The daemon's OS as the CLIs learn it: the ping's OSType and the `Server` header of stats answers. */
export function serveOS(engine: FakeEngine, os: string): void {
  const ping = (req: RecordedRequest, res: ServerResponse): void => {
    res.writeHead(200, {'Api-Version': '1.41', 'Content-Type': 'text/plain; charset=utf-8', OSType: os})
    res.end(req.method === 'HEAD' ? undefined : 'OK')
  }
  engine.on('HEAD', '/_ping', ping)
  engine.on('GET', '/_ping', ping)
}

/** GET /containers/{name}/stats answering with `route`'s samples. */
export function serveStats(engine: FakeEngine, name: string, route: StatsRoute, os = 'linux'): void {
  engine.on('GET', `/containers/${name}/stats`, (req, res) => {
    res.writeHead(200, {'Api-Version': '1.41', 'Content-Type': 'application/json', Server: `Docker/20.10.24 (${os})`})
    const stream = req.query.get('stream') === '1'
    const samples = stream ? route.samples : route.samples.slice(0, 1)
    let i = 0
    const next = (): void => {
      if (res.destroyed) return
      if (i >= samples.length && (!stream || route.end || samples.length === 0)) {
        res.end()
        return
      }
      res.write(`${samples[Math.min(i++, samples.length - 1)]}\n`)
      setTimeout(next, route.intervalMs ?? 100)
    }
    next()
  })
}

/** GET /containers/{name}/stats answering 404 as the engine does for an unknown container. */
export function serveNoSuchContainer(engine: FakeEngine, name: string): void {
  engine.on('GET', `/containers/${name}/stats`, (_req, res) => sendJSON(res, 404, {message: `No such container: ${name}`}))
}

export interface ListedContainer {
  id: string
  name: string
}

/**
 * GET /containers/json listing `containers`, and GET /events sending `events` (each after its
 * delay from the request) and then staying open.
 */
export function serveListAndEvents(engine: FakeEngine, containers: ListedContainer[], events: Array<{afterMs: number; action: string; id: string}> = []): void {
  engine.on('GET', '/containers/json', (_req, res) =>
    sendJSON(
      res,
      200,
      containers.map((c) => ({Command: 'sleep 60', Created: 1700000000, Id: c.id, Image: 'busybox', Labels: {}, Names: [`/${c.name}`], State: 'running', Status: 'Up'})),
    ),
  )
  engine.on('GET', '/events', (_req, res) => {
    res.writeHead(200, {'Api-Version': '1.41', 'Content-Type': 'application/json'})
    res.write('')
    for (const e of events) {
      setTimeout(() => {
        if (res.destroyed) return
        const message = {Action: e.action, Actor: {Attributes: {}, ID: e.id}, Type: 'container', from: 'busybox', id: e.id, scope: 'local', status: e.action, time: 1700000000, timeNano: 1700000000000000000}
        res.write(`${JSON.stringify(message)}\n`)
      }, e.afterMs)
    }
  })
}

const ZERO_TIME = '0001-01-01T00:00:00Z'

export interface SampleFields {
  name?: string
  id?: string
  read?: string
  preread?: string
  numProcs?: number
  cpu?: {total: number; system?: number; online?: number; percpu?: number[]}
  precpu?: {total: number; system?: number; online?: number}
  memory?: string
  pids?: number
  blkio?: Array<[op: string, value: number]>
  storage?: {read: number; write: number}
  networks?: Record<string, [rx: number, tx: number]>
}

/** A hand-made sample in the engine's shape; `memory` is the memory_stats object's JSON text. */
export function sample(f: SampleFields): StatsSample {
  const cpu = (c: SampleFields['cpu'] | undefined): string => {
    if (c === undefined) return '{"cpu_usage":{"total_usage":0,"usage_in_kernelmode":0,"usage_in_usermode":0},"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}}'
    const percpu = 'percpu' in c && c.percpu ? `,"percpu_usage":[${c.percpu.join(',')}]` : ''
    const system = c.system === undefined ? '' : `,"system_cpu_usage":${c.system}`
    const online = c.online === undefined ? '' : `,"online_cpus":${c.online}`
    return `{"cpu_usage":{"total_usage":${c.total}${percpu},"usage_in_kernelmode":0,"usage_in_usermode":0}${system}${online},"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}}`
  }
  const blkio = (f.blkio ?? []).map(([op, value]) => `{"major":8,"minor":0,"op":"${op}","value":${value}}`).join(',')
  const fields = [
    `"read":"${f.read ?? '2026-12-03T10:38:12.777041544Z'}"`,
    `"preread":"${f.preread ?? ZERO_TIME}"`,
    `"pids_stats":${f.pids === undefined ? '{}' : `{"current":${f.pids}}`}`,
    `"blkio_stats":{"io_service_bytes_recursive":[${blkio}],"io_serviced_recursive":[]}`,
    `"num_procs":${f.numProcs ?? 0}`,
    `"storage_stats":${f.storage ? `{"read_size_bytes":${f.storage.read},"write_size_bytes":${f.storage.write}}` : '{}'}`,
    `"cpu_stats":${cpu(f.cpu)}`,
    `"precpu_stats":${cpu(f.precpu)}`,
    `"memory_stats":${f.memory ?? '{}'}`,
  ]
  if (f.name !== undefined) fields.push(`"name":"${f.name}"`)
  if (f.id !== undefined) fields.push(`"id":"${f.id}"`)
  if (f.networks) {
    const nets = Object.entries(f.networks).map(([n, [rx, tx]]) => `"${n}":{"rx_bytes":${rx},"rx_packets":1,"rx_errors":0,"rx_dropped":0,"tx_bytes":${tx},"tx_packets":1,"tx_errors":0,"tx_dropped":0}`)
    fields.push(`"networks":{${nets.join(',')}}`)
  }
  return `{${fields.join(',')}}`
}

/** Two consecutive samples of a busy container recorded from dockerd 20.10 on cgroup v1. */
export const RECORDED_V1: StatsSample[] = [
  '{"read":"2026-12-03T10:38:11.773535349Z","preread":"0001-01-01T00:00:00Z","pids_stats":{"current":1},"blkio_stats":{"io_service_bytes_recursive":[],"io_serviced_recursive":[],"io_queue_recursive":[],"io_service_time_recursive":[],"io_wait_time_recursive":[],"io_merged_recursive":[],"io_time_recursive":[],"sectors_recursive":[]},"num_procs":0,"storage_stats":{},"cpu_stats":{"cpu_usage":{"total_usage":1200737814,"percpu_usage":[40297728,1160480419],"usage_in_kernelmode":30000000,"usage_in_usermode":1160000000},"system_cpu_usage":7582640000000,"online_cpus":2,"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}},"precpu_stats":{"cpu_usage":{"total_usage":0,"usage_in_kernelmode":0,"usage_in_usermode":0},"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}},"memory_stats":{"usage":21913600,"max_usage":23597056,"stats":{"active_anon":4096,"active_file":20480,"cache":20992000,"dirty":0,"hierarchical_memory_limit":9223372036854771712,"hierarchical_memsw_limit":9223372036854771712,"inactive_anon":57344,"inactive_file":20971520,"mapped_file":0,"pgfault":1494,"pgmajfault":0,"pgpgin":1151,"pgpgout":1111,"rss":61440,"rss_huge":0,"total_active_anon":4096,"total_active_file":20480,"total_cache":20992000,"total_dirty":0,"total_inactive_anon":57344,"total_inactive_file":20971520,"total_mapped_file":0,"total_pgfault":1494,"total_pgmajfault":0,"total_pgpgin":1151,"total_pgpgout":1111,"total_rss":61440,"total_rss_huge":0,"total_unevictable":0,"total_writeback":0,"unevictable":0,"writeback":0},"limit":25276071936},"name":"/busy","id":"f2a93a47e49cedac5ba73e5dd68f91f6c30093d2f9b39d388db245ce702845d3"}',
  '{"read":"2026-12-03T10:38:12.777041544Z","preread":"2026-12-03T10:38:11.773535349Z","pids_stats":{"current":1},"blkio_stats":{"io_service_bytes_recursive":[],"io_serviced_recursive":[],"io_queue_recursive":[],"io_service_time_recursive":[],"io_wait_time_recursive":[],"io_merged_recursive":[],"io_time_recursive":[],"sectors_recursive":[]},"num_procs":0,"storage_stats":{},"cpu_stats":{"cpu_usage":{"total_usage":1775135566,"percpu_usage":[491231325,1283904241],"usage_in_kernelmode":30000000,"usage_in_usermode":1730000000},"system_cpu_usage":7584650000000,"online_cpus":2,"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}},"precpu_stats":{"cpu_usage":{"total_usage":1200737814,"percpu_usage":[40297728,1160480419],"usage_in_kernelmode":30000000,"usage_in_usermode":1160000000},"system_cpu_usage":7582640000000,"online_cpus":2,"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}},"memory_stats":{"usage":21913600,"max_usage":23597056,"stats":{"active_anon":4096,"active_file":20480,"cache":20992000,"dirty":0,"hierarchical_memory_limit":9223372036854771712,"hierarchical_memsw_limit":9223372036854771712,"inactive_anon":57344,"inactive_file":20971520,"mapped_file":0,"pgfault":1494,"pgmajfault":0,"pgpgin":1151,"pgpgout":1111,"rss":61440,"rss_huge":0,"total_active_anon":4096,"total_active_file":20480,"total_cache":20992000,"total_dirty":0,"total_inactive_anon":57344,"total_inactive_file":20971520,"total_mapped_file":0,"total_pgfault":1494,"total_pgmajfault":0,"total_pgpgin":1151,"total_pgpgout":1111,"total_rss":61440,"total_rss_huge":0,"total_unevictable":0,"total_writeback":0,"unevictable":0,"writeback":0},"limit":25276071936},"name":"/busy","id":"f2a93a47e49cedac5ba73e5dd68f91f6c30093d2f9b39d388db245ce702845d3"}',
]

/** What dockerd 20.10 streams for a container that is not running. */
export const STOPPED_SAMPLE: StatsSample =
  '{"read":"0001-01-01T00:00:00Z","preread":"0001-01-01T00:00:00Z","pids_stats":{},"blkio_stats":{"io_service_bytes_recursive":null,"io_serviced_recursive":null,"io_queue_recursive":null,"io_service_time_recursive":null,"io_wait_time_recursive":null,"io_merged_recursive":null,"io_time_recursive":null,"sectors_recursive":null},"num_procs":0,"storage_stats":{},"cpu_stats":{"cpu_usage":{"total_usage":0,"usage_in_kernelmode":0,"usage_in_usermode":0},"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}},"precpu_stats":{"cpu_usage":{"total_usage":0,"usage_in_kernelmode":0,"usage_in_usermode":0},"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}},"memory_stats":{},"name":"/st2","id":"239779a938ca8b5c07d3c10fed9c4f0dd64b7278b6a7f23018b567e2bd8e47de"}'

/** Full IDs for hand-made samples: `fixtureID('a')` is `aaaa…` (64 characters). */
export const fixtureID = (c: string): string => c.repeat(64)

/**
 * Hand-made samples for the formulas' cases, by container name: each is served under that name
 * and names its own container, so one `stats --no-stream A B C…` shows them all.
 */
export const CASES: Record<string, StatsSample> = {
  // cgroup v2: inactive_file only; two networks; block I/O by lower-case op, `total` ignored.
  v2: sample({
    blkio: [['read', 4096000], ['write', 123456789], ['total', 999], ['Read', 1000]],
    cpu: {online: 4, system: 4_000_000_000, total: 250_000_000},
    id: fixtureID('a'),
    memory: '{"usage":104857600,"stats":{"anon":1048576,"file":8388608,"inactive_file":5242880,"active_file":3145728},"limit":2147483648}',
    name: '/v2',
    networks: {eth0: [1_234_567, 89_012], eth1: [1000, 999_999_999]},
    pids: 12,
    precpu: {system: 2_000_000_000, total: 50_000_000},
  }),
  // No previous sample (the first of a stream): the deltas are taken from zero.
  noprecpu: sample({cpu: {online: 2, system: 7_582_640_000_000, total: 1_200_737_814}, id: fixtureID('b'), memory: '{"usage":1048576,"limit":0}', name: '/noprecpu', pids: 3}),
  // online_cpus absent: the per-CPU list's length counts.
  percpu: sample({
    cpu: {percpu: [1, 2, 3, 4], system: 2_000_000_000, total: 600_000_000},
    id: fixtureID('c'),
    memory: '{"usage":5000,"stats":{"total_inactive_file":9000,"inactive_file":1000},"limit":1048576}',
    name: '/percpu',
    precpu: {system: 1_000_000_000, total: 100_000_000},
  }),
  // cgroup v1 with total_inactive_file above the usage: falls back to inactive_file, then usage.
  v1big: sample({
    cpu: {online: 1, system: 10, total: 20},
    id: fixtureID('d'),
    memory: '{"usage":3298534883328,"stats":{"total_inactive_file":4398046511104,"inactive_file":4398046511104},"limit":9223372036854771712}',
    name: '/v1big',
    networks: {eth0: [999_999_999_999, 1_000_000_000_000_000]},
    blkio: [['Read', 1_500_000_000_000], ['Write', 2048], ['Sync', 5], ['Async', 7]],
    precpu: {system: 20, total: 10},
  }),
  // A name of just "/" and no ID: the NAME column shows --.
  noname: sample({cpu: {online: 2, system: 100, total: 50}, memory: '{"usage":0,"limit":100}', name: '/', precpu: {system: 0, total: 0}}),
}

/** A Windows sample: private working set, storage stats, CPU from the read times and processors. */
export const WINDOWS_SAMPLE: StatsSample = sample({
  cpu: {total: 123_456_789},
  id: fixtureID('e'),
  memory: '{"commitbytes":77352960,"commitpeakbytes":105328640,"privateworkingset":59961344}',
  name: '/win',
  networks: {'Ethernet 2': [123_456, 7_890]},
  numProcs: 4,
  precpu: {total: 23_456_789},
  preread: '2026-12-03T10:38:11.5Z',
  read: '2026-12-03T10:38:12.75+00:00',
  storage: {read: 1_000_000, write: 2_500_000},
})
