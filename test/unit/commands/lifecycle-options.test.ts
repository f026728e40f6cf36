// The pure steps of the per-container verbs: flags → options, the update body, the prune report.
import {describe, expect, it} from 'vitest'

import {parseArgv} from '../../../src/lib/cli/argv.js'
import {CliError} from '../../../src/lib/cli/errors.js'
import ContainerPrune, {pruneReport} from '../../../src/commands/container-prune.js'
import Rm, {removalTarget, toRmOptions} from '../../../src/commands/rm.js'
import Update, {toUpdateOptions} from '../../../src/commands/update.js'
import {STOP_FLAGS, toStopOptions} from '../../../src/lib/container/stop-options.js'

const stop = (argv: string[]) => toStopOptions(parseArgv(argv, STOP_FLAGS, {interspersed: true}))

describe('stop/restart options', () => {
  it('no -t leaves the timeout to the container; -t, --timeout and --time set it', () => {
    expect(stop(['a', 'b'])).toEqual({containers: ['a', 'b'], signal: '', timeout: undefined})
    expect(stop(['-t', '0', 'a']).timeout).toBe(0)
    expect(stop(['--timeout=-1', 'a']).timeout).toBe(-1)
    expect(stop(['--time', '7', 'a']).timeout).toBe(7)
    expect(stop(['-s', 'SIGUSR1', 'a']).signal).toBe('SIGUSR1')
  })

  it('--time with --timeout is docker\'s conflict error (exit 1)', () => {
    expect(() => stop(['--time', '1', '-t', '1', 'a'])).toThrow(new CliError('conflicting options: cannot specify both --timeout and --time'))
  })

  it('--time is hidden and deprecated, as pflag marks it', () => {
    expect(STOP_FLAGS.find((f) => f.name === 'time')).toMatchObject({deprecated: 'use --timeout instead', hidden: true})
  })
})

describe('rm', () => {
  it('slashes around a name are trimmed; nothing left is refused', () => {
    expect(removalTarget('/web/')).toBe('web')
    expect(removalTarget('a/b')).toBe('a/b')
    expect(() => removalTarget('//')).toThrow('container name cannot be empty')
    expect(() => removalTarget('')).toThrow('container name cannot be empty')
  })

  it('flags', () => {
    expect(toRmOptions(parseArgv(['-fvl', 'x'], Rm.flagSpecs, {interspersed: true}))).toEqual({containers: ['x'], force: true, link: true, volumes: true})
  })
})

describe('update', () => {
  const update = (argv: string[]) => toUpdateOptions(parseArgv(argv, Update.flagSpecs, {interspersed: true}))

  it('fills the resources as docker does: zero for what is not given, PidsLimit only when set and not 0', () => {
    const opts = update(['-m', '64m', '--memory-swap', '-1', '--cpus', '1.5', '--blkio-weight', '0x1f4', '-c', '512', '--pids-limit', '0', 'a'])
    expect(opts).toEqual({
      containers: ['a'],
      flagCount: 6,
      resources: {
        BlkioWeight: 500,
        CpuPeriod: 0,
        CpuQuota: 0,
        CpuRealtimePeriod: 0,
        CpuRealtimeRuntime: 0,
        CpuShares: 512,
        CpusetCpus: '',
        CpusetMems: '',
        KernelMemory: 0,
        Memory: 64 * 1024 * 1024,
        MemoryReservation: 0,
        MemorySwap: -1,
        NanoCpus: 1_500_000_000,
      },
      restart: '',
    })
    expect(update(['--pids-limit', '-1', 'a']).resources.PidsLimit).toBe(-1)
  })

  it('counts the flags given, as pflag\'s NFlag (an empty --restart counts)', () => {
    expect(update(['a']).flagCount).toBe(0)
    expect(update(['--restart=', 'a'])).toMatchObject({flagCount: 1, restart: ''})
  })

  it('run\'s value parsers, so run\'s pflag errors', () => {
    expect(() => update(['--blkio-weight', '70000', 'a'])).toThrow('invalid argument "70000" for "--blkio-weight" flag: strconv.ParseUint: parsing "70000": value out of range')
    expect(() => update(['-m', '10x', 'a'])).toThrow(`invalid argument "10x" for "-m, --memory" flag: invalid suffix: 'x'`)
  })

  it('--kernel-memory is hidden; --restart has no default', () => {
    expect(Update.flagSpecs.find((f) => f.name === 'kernel-memory')?.hidden).toBe(true)
    expect(Update.flagSpecs.find((f) => f.name === 'restart')?.default).toBeUndefined()
  })
})

describe('container prune', () => {
  it('the report: the IDs, a blank line, the space in go-units; only the total when nothing went', () => {
    expect(pruneReport(['a', 'b'], 3000)).toBe('Deleted Containers:\na\nb\n\nTotal reclaimed space: 3kB\n')
    expect(pruneReport(['a'], 0)).toBe('Deleted Containers:\na\n\nTotal reclaimed space: 0B\n')
    expect(pruneReport(null, 5000)).toBe('Total reclaimed space: 0B\n')
    expect(pruneReport([], undefined)).toBe('Total reclaimed space: 0B\n')
    expect(pruneReport(['a'], 1_234_567)).toBe('Deleted Containers:\na\n\nTotal reclaimed space: 1.235MB\n')
  })

  it('names itself as docker does in its messages', () => {
    expect(new ContainerPrune([], 'container:prune').id).toBe('container prune')
  })
})
