import {describe, expect, it} from 'vitest'

import {type FlagSpec, parseArgv} from '../../../src/lib/cli/argv.js'
import {FlagError} from '../../../src/lib/cli/errors.js'

const SPECS: FlagSpec[] = [
  {deprecated: 'use --timeout instead', description: '', hidden: true, kind: 'int', name: 'time'},
  {description: '', kind: 'int', name: 'timeout', short: 't'},
]

function parse(argv: string[]): {notices: string[]; error?: string; flags?: Record<string, unknown>} {
  const notices: string[] = []
  try {
    const parsed = parseArgv(argv, SPECS, {interspersed: true, onDeprecated: (notice) => notices.push(notice)})
    return {flags: parsed.flags, notices}
  } catch (error) {
    expect(error).toBeInstanceOf(FlagError)
    return {error: (error as Error).message, notices}
  }
}

describe('deprecated flags (pflag MarkDeprecated)', () => {
  it('each successful use reports pflag\'s notice, and the value is taken', () => {
    expect(parse(['--time', '1', '--time=2', 'c'])).toEqual({
      flags: {time: 2, timeout: undefined},
      notices: ['Flag --time has been deprecated, use --timeout instead', 'Flag --time has been deprecated, use --timeout instead'],
    })
  })

  it('a refused value reports no notice; earlier uses already did', () => {
    expect(parse(['--time=x'])).toMatchObject({notices: []})
    const r = parse(['--time', '1', '--time', 'x'])
    expect(r.notices).toHaveLength(1)
    expect(r.error).toBe('invalid argument "x" for "--time" flag: strconv.ParseInt: parsing "x": invalid syntax')
  })

  it('other flags report nothing', () => {
    expect(parse(['-t', '3'])).toEqual({flags: {time: undefined, timeout: 3}, notices: []})
  })
})
