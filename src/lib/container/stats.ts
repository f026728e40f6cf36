// The numbers `docker stats` shows, computed from the engine's stats samples with docker's own
// formulas (cli/command/container/stats_helpers.go): CPU % from the deltas against the previous
// sample, memory without the page cache, and the network and block I/O totals.
import type {BlkioStatEntry, StatsResponse} from '../engine/types.js'
import {daysFromCivil} from '../format/time-args.js'

/** One container's row of figures (docker's StatsEntry); `invalid` rows print `--`. */
export interface StatsEntry {
  /** The container as the user named it, or the short ID when stats lists every container. */
  container: string
  /** The engine's name (`/web`) and full ID. */
  name: string
  id: string
  cpuPercentage: number
  /** Memory without cache; on Windows the private working set. */
  memory: number
  memoryLimit: number
  memoryPercentage: number
  networkRx: number
  networkTx: number
  blockRead: number
  blockWrite: number
  pidsCurrent: number
  invalid: boolean
}

export const WINDOWS = 'windows'

/** A row with nothing known yet but the container's name, as docker's NewStats makes it. */
export function emptyStatsEntry(container: string): StatsEntry {
  return {
    blockRead: 0,
    blockWrite: 0,
    container,
    cpuPercentage: 0,
    id: '',
    invalid: false,
    memory: 0,
    memoryLimit: 0,
    memoryPercentage: 0,
    name: '',
    networkRx: 0,
    networkTx: 0,
    pidsCurrent: 0,
  }
}

/** docker's SetErrorAndReset: the figures zeroed and the row marked invalid; the names stay. */
export function resetStatsEntry(entry: StatsEntry): StatsEntry {
  return {...emptyStatsEntry(entry.container), id: entry.id, invalid: true, name: entry.name}
}

const num = (value: number | undefined | null): number => value ?? 0

/** The row for one stats sample; `osType` is the daemon's (`windows` switches formulas). */
export function statsEntryFrom(container: string, v: StatsResponse, osType: string): StatsEntry {
  const entry = emptyStatsEntry(container)
  entry.name = v.name ?? ''
  entry.id = v.id ?? ''
  if (osType !== WINDOWS) {
    entry.cpuPercentage = cpuPercentUnix(v)
    ;[entry.blockRead, entry.blockWrite] = blockIO(v.blkio_stats?.io_service_bytes_recursive)
    entry.memory = memUsageUnixNoCache(v.memory_stats)
    entry.memoryLimit = num(v.memory_stats?.limit)
    entry.memoryPercentage = entry.memoryLimit !== 0 ? (entry.memory / entry.memoryLimit) * 100 : 0
    entry.pidsCurrent = num(v.pids_stats?.current)
  } else {
    entry.cpuPercentage = cpuPercentWindows(v)
    entry.blockRead = num(v.storage_stats?.read_size_bytes)
    entry.blockWrite = num(v.storage_stats?.write_size_bytes)
    entry.memory = num(v.memory_stats?.privateworkingset)
  }
  for (const network of Object.values(v.networks ?? {})) {
    entry.networkRx += num(network.rx_bytes)
    entry.networkTx += num(network.tx_bytes)
  }
  return entry
}

/**
 * calculateCPUPercentUnix: the container's share of the host's CPU time since the previous
 * sample, times the CPUs online (the per-CPU list's length on engines that do not say). With no
 * previous sample the deltas are taken from zero, which is what docker does too.
 */
export function cpuPercentUnix(v: StatsResponse): number {
  const cpuDelta = num(v.cpu_stats?.cpu_usage?.total_usage) - num(v.precpu_stats?.cpu_usage?.total_usage)
  const systemDelta = num(v.cpu_stats?.system_cpu_usage) - num(v.precpu_stats?.system_cpu_usage)
  let onlineCPUs = num(v.cpu_stats?.online_cpus)
  if (onlineCPUs === 0) onlineCPUs = v.cpu_stats?.cpu_usage?.percpu_usage?.length ?? 0
  return systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * onlineCPUs * 100 : 0
}

const MAX_DURATION = (1n << 63n) - 1n
const MIN_DURATION = -(1n << 63n)

/** An integer JSON value as Go's uint64 holds it (wrapping as uint64 arithmetic does). */
const u64 = (value: number | undefined): bigint => BigInt.asUintN(64, BigInt(Math.trunc(num(value))))

/**
 * calculateCPUPercentWindows: 100 ns intervals used over those available between the two reads
 * on every processor, in Go's uint64 arithmetic (a missing previous read makes the span huge).
 */
export function cpuPercentWindows(v: StatsResponse): number {
  const span = goTimeSub(parseGoTime(v.read), parseGoTime(v.preread))
  const possIntervals = BigInt.asUintN(64, BigInt.asUintN(64, span) / 100n * u64(v.num_procs))
  const intervalsUsed = BigInt.asUintN(64, u64(v.cpu_stats?.cpu_usage?.total_usage) - u64(v.precpu_stats?.cpu_usage?.total_usage))
  return possIntervals > 0n ? (Number(intervalsUsed) / Number(possIntervals)) * 100 : 0
}

/** calculateBlockIO: bytes read and written over every device, by the first letter of the op. */
export function blockIO(entries: readonly BlkioStatEntry[] | null | undefined): [number, number] {
  let read = 0
  let write = 0
  for (const entry of entries ?? []) {
    const op = (entry.op ?? '')[0]
    if (op === 'r' || op === 'R') read += num(entry.value)
    else if (op === 'w' || op === 'W') write += num(entry.value)
  }
  return [read, write]
}

/**
 * calculateMemUsageUnixNoCache: usage minus the inactive page cache, `total_inactive_file` on
 * cgroup v1 and `inactive_file` on v2, each only when smaller than the usage.
 */
export function memUsageUnixNoCache(mem: StatsResponse['memory_stats']): number {
  const usage = num(mem?.usage)
  const stats = mem?.stats ?? {}
  const v1 = stats['total_inactive_file']
  if (v1 !== undefined && v1 < usage) return usage - v1
  const v2 = num(stats['inactive_file'])
  return v2 < usage ? usage - v2 : usage
}

// --- Go's time.Time for the Windows formula -------------------------------------------------

const TIME = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d\d):(\d\d))$/

/** Go's zero time, 0001-01-01 UTC, in nanoseconds since the Unix epoch. */
const ZERO_TIME = BigInt(daysFromCivil(1, 1, 1)) * 86400n * 1_000_000_000n

/** An RFC 3339 time as nanoseconds since the Unix epoch; absent or unreadable is Go's zero time. */
export function parseGoTime(text: string | undefined): bigint {
  const m = TIME.exec(text ?? '')
  if (!m) return ZERO_TIME
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const offset = m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10]) * 60)
  const seconds = BigInt(daysFromCivil(year, month, day)) * 86400n + BigInt(hour * 3600 + minute * 60 + second - offset)
  return seconds * 1_000_000_000n + BigInt((m[7] ?? '').padEnd(9, '0'))
}

/** Go's t.Sub(u): the duration in nanoseconds, saturated to the int64 range. */
function goTimeSub(t: bigint, u: bigint): bigint {
  const d = t - u
  return d > MAX_DURATION ? MAX_DURATION : d < MIN_DURATION ? MIN_DURATION : d
}
