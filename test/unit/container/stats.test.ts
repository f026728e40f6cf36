// docker's stats formulas (stats_helpers.go) and the stats table (formatter_stats.go), on
// recorded and hand-made samples; the same samples are compared with docker itself in
// test/e2e/stats-commit.e2e.test.ts.
import {describe, expect, it} from 'vitest'

import {redrawFrame} from '../../../src/commands/stats.js'
import {
  blockIO,
  cpuPercentUnix,
  cpuPercentWindows,
  emptyStatsEntry,
  memUsageUnixNoCache,
  parseGoTime,
  resetStatsEntry,
  statsEntryFrom,
} from '../../../src/lib/container/stats.js'
import type {StatsResponse} from '../../../src/lib/engine/types.js'
import {bytesSize} from '../../../src/lib/format/humanize.js'
import {renderStats} from '../../../src/lib/format/stats-context.js'
import {CASES, RECORDED_V1, WINDOWS_SAMPLE} from '../../fake-engine/stats.js'

const parse = (text: string | undefined): StatsResponse => JSON.parse(text ?? '') as StatsResponse
const busy = parse(RECORDED_V1[1])

describe('CPU %', () => {
  it('the container share of the host CPU time since the previous sample, times the CPUs online', () => {
    expect(cpuPercentUnix(busy)).toBeCloseTo(((1775135566 - 1200737814) / (7584650000000 - 7582640000000)) * 2 * 100, 10)
  })

  it('without a previous sample the deltas are taken from zero', () => {
    expect(cpuPercentUnix(parse(CASES['noprecpu']))).toBeCloseTo((1200737814 / 7582640000000) * 2 * 100, 12)
  })

  it('counts the per-CPU list when online_cpus is absent', () => {
    expect(cpuPercentUnix(parse(CASES['percpu']))).toBe(200)
  })

  it('is 0 unless both deltas are positive', () => {
    expect(cpuPercentUnix({})).toBe(0)
    expect(cpuPercentUnix({cpu_stats: {cpu_usage: {total_usage: 5}, online_cpus: 1, system_cpu_usage: 10}, precpu_stats: {cpu_usage: {total_usage: 9}, system_cpu_usage: 5}})).toBe(0)
  })

  it('on Windows: 100 ns intervals used over those between the reads on every processor', () => {
    // 1.25 s = 12,500,000 intervals × 4 processors; 100,000,000 used
    expect(cpuPercentWindows(parse(WINDOWS_SAMPLE))).toBe(200)
    // No previous read: Go's Sub saturates, so the share is tiny but not zero.
    const first = cpuPercentWindows({cpu_stats: {cpu_usage: {total_usage: 1e9}}, num_procs: 1, read: '2026-12-03T10:38:12Z'})
    expect(first).toBeGreaterThan(0)
    expect(first).toBeLessThan(1e-5)
    expect(cpuPercentWindows({num_procs: 0, read: '2026-12-03T10:38:12Z', preread: '2026-12-03T10:38:11Z'})).toBe(0)
  })

  it('reads RFC 3339 times as Go does, from year 1 on', () => {
    expect(parseGoTime('1970-01-01T00:00:00Z')).toBe(0n)
    expect(parseGoTime('0001-01-01T00:00:00Z')).toBe(-719162n * 86400n * 1_000_000_000n)
    expect(parseGoTime(undefined)).toBe(parseGoTime('0001-01-01T00:00:00Z'))
    expect(parseGoTime('not a time')).toBe(parseGoTime('0001-01-01T00:00:00Z'))
    expect(parseGoTime('1970-01-01T01:00:00.5+01:00')).toBe(parseGoTime('1970-01-01T00:00:00.500000000Z'))
    expect(parseGoTime('2026-12-03T10:38:12.777041544Z') - parseGoTime('2026-12-03T10:38:11.773535349Z')).toBe(1_003_506_195n)
  })
})

describe('memory without cache', () => {
  it('cgroup v1: usage minus total_inactive_file', () => {
    expect(memUsageUnixNoCache(busy.memory_stats)).toBe(21913600 - 20971520)
  })

  it('cgroup v2: usage minus inactive_file', () => {
    expect(memUsageUnixNoCache({stats: {inactive_file: 100}, usage: 1000})).toBe(900)
  })

  it('falls back to inactive_file, then to the usage, when the counter is not below the usage', () => {
    expect(memUsageUnixNoCache({stats: {inactive_file: 10, total_inactive_file: 5000}, usage: 1000})).toBe(990)
    expect(memUsageUnixNoCache({stats: {inactive_file: 1000}, usage: 1000})).toBe(1000)
    expect(memUsageUnixNoCache({})).toBe(0)
  })
})

describe('block and network I/O', () => {
  it('sums bytes by the op first letter, read or write, any case', () => {
    expect(blockIO([{op: 'Read', value: 1}, {op: 'read', value: 2}, {op: 'Write', value: 4}, {op: 'w', value: 8}, {op: 'Total', value: 99}, {op: '', value: 99}, {value: 99}])).toEqual([3, 12])
    expect(blockIO(null)).toEqual([0, 0])
  })

  it('adds every network interface', () => {
    const entry = statsEntryFrom('v2', parse(CASES['v2']), 'linux')
    expect([entry.networkRx, entry.networkTx]).toEqual([1_234_567 + 1000, 89_012 + 999_999_999])
  })

  it('on Windows: storage stats and the private working set, no PIDs', () => {
    const entry = statsEntryFrom('win', parse(WINDOWS_SAMPLE), 'windows')
    expect([entry.blockRead, entry.blockWrite, entry.memory, entry.pidsCurrent]).toEqual([1_000_000, 2_500_000, 59961344, 0])
  })
})

describe('bytesSize (go-units BytesSize)', () => {
  it.each([
    [0, '0B'],
    [1023, '1023B'],
    [1024, '1KiB'],
    [942080, '920KiB'],
    [25276071936, '23.54GiB'],
    [3298534883328, '3TiB'],
    [9223372036854771712, '8EiB'],
    [1.5 * 1024 ** 8, '1.5YiB'],
    [2048 * 1024 ** 8, '2048YiB'],
  ])('%d → %s', (bytes, text) => {
    expect(bytesSize(bytes)).toBe(text)
  })
})

describe('the stats table', () => {
  const header = 'CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\n'

  it('docker default columns, header and figures', () => {
    const entry = statsEntryFrom('busy', busy, 'linux')
    expect(renderStats('table', [entry], 'linux', true)).toBe(`${header}f2a93a47e49c   busy      57.15%    920KiB / 23.54GiB   0.00%     0B / 0B   0B / 0B     1\n`)
  })

  it('no rows: the header alone; json: nothing', () => {
    expect(renderStats('table', [], 'linux', true)).toBe(header)
    expect(renderStats('json', [], 'linux', true)).toBe('')
  })

  it('an invalid row prints --, a reset one keeps its names', () => {
    const entry = resetStatsEntry(statsEntryFrom('busy', busy, 'linux'))
    expect(renderStats('{{.Container}}|{{.Name}}|{{.ID}}|{{.CPUPerc}}|{{.MemUsage}}|{{.MemPerc}}|{{.NetIO}}|{{.BlockIO}}|{{.PIDs}}', [entry], 'linux', true)).toBe(
      'busy|busy|f2a93a47e49c|--|-- / --|--|--|--|--\n',
    )
  })

  it('a row with nothing yet: no name, no ID, zeros', () => {
    expect(renderStats('{{.Name}}|{{.ID}}|{{.CPUPerc}}|{{.MemUsage}}|{{.PIDs}}', [emptyStatsEntry('x')], 'linux', true)).toBe('--||0.00%|0B / 0B|0\n')
  })

  it('json: every column, keys sorted', () => {
    expect(renderStats('json', [statsEntryFrom('busy', busy, 'linux')], 'linux', false)).toBe(
      '{"BlockIO":"0B / 0B","CPUPerc":"57.15%","Container":"busy","ID":"f2a93a47e49cedac5ba73e5dd68f91f6c30093d2f9b39d388db245ce702845d3","MemPerc":"0.00%","MemUsage":"920KiB / 23.54GiB","Name":"busy","NetIO":"0B / 0B","PIDs":"1"}\n',
    )
  })

  it('Windows: its own table and header, no MEM % or PIDS', () => {
    const entry = statsEntryFrom('win', parse(WINDOWS_SAMPLE), 'windows')
    expect(renderStats('table', [entry], 'windows', true)).toBe(
      'CONTAINER ID   NAME      CPU %     PRIV WORKING SET   NET I/O          BLOCK I/O\neeeeeeeeeeee   win       200.00%   57.18MiB           123kB / 7.89kB   1MB / 2.5MB\n',
    )
    expect(renderStats('{{.MemPerc}} {{.PIDs}}', [entry], 'windows', true)).toBe('-- --\n')
  })

  it('template errors are worded as docker formatter words them', () => {
    expect(() => renderStats('{{.Nope}}', [emptyStatsEntry('x')], 'linux', true)).toThrow(
      'template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *container.statsContext',
    )
    expect(() => renderStats('{{.Name', [], 'linux', true)).toThrow('template parsing error: template: :1: unclosed action')
  })
})

describe('redrawFrame', () => {
  it('docker 28: cursor home and the table, then the table again with erase-line, then erase-below', () => {
    expect(redrawFrame('A\nB\n')).toBe('\x1b[HA\nB\n\x1b[HA \x1b[K\nB \x1b[K\n \x1b[K\n\x1b[J')
    expect(redrawFrame('')).toBe('\x1b[H\x1b[H \x1b[K\n\x1b[J')
  })
})
