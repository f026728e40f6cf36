import {describe, expect, it} from 'vitest'

import {type FlagSpec, parseArgv} from '../../../src/lib/cli/argv.js'
import {FlagError, HelpRequested} from '../../../src/lib/cli/errors.js'

const SPECS: FlagSpec[] = [
  {description: '', kind: 'bool', name: 'all', short: 'a'},
  {description: '', kind: 'bool', name: 'quiet', short: 'q'},
  {default: -1, description: '', kind: 'int', name: 'last', short: 'n'},
  {description: '', kind: 'stringArray', name: 'filter', short: 'f'},
  {description: '', kind: 'string', name: 'format'},
]

const parse = (argv: string[], interspersed = true) => parseArgv(argv, SPECS, {interspersed})

function flagError(argv: string[]): string {
  try {
    parse(argv)
  } catch (error) {
    expect(error).toBeInstanceOf(FlagError)
    return (error as Error).message
  }
  throw new Error('expected a flag error')
}

describe('parseArgv (pflag rules)', () => {
  it('reads long, short, combined and attached forms', () => {
    const p = parse(['-aq', '-n5', '--filter', 'a=b', '-f=c=d', '--format={{.ID}}'])
    expect(p.flags).toMatchObject({all: true, filter: ['a=b', 'c=d'], format: '{{.ID}}', last: 5, quiet: true})
    expect([...p.changed].sort()).toEqual(['all', 'filter', 'format', 'last', 'quiet'])
  })

  it('keeps defaults for flags not given', () => {
    const p = parse([])
    expect(p.flags).toMatchObject({all: false, filter: [], last: -1})
    expect(p.changed.size).toBe(0)
  })

  it('accepts explicit booleans and a value that looks like a flag', () => {
    const p = parse(['--all=false', '-q=true', '--format', '--all'])
    expect(p.flags.all).toBe(false)
    expect(p.flags.quiet).toBe(true)
    expect(p.flags.format).toBe('--all')
    expect(p.changed.has('all')).toBe(true)
  })

  it('parses Go integer syntax', () => {
    expect(parse(['-n', '0x10']).flags.last).toBe(16)
    expect(parse(['-n', '-3']).flags.last).toBe(-3)
    expect(parse(['--last=010']).flags.last).toBe(8)
  })

  it('stops at the first positional when not interspersed, and at --', () => {
    expect(parse(['-a', 'busybox', 'ls', '-a'], false)).toMatchObject({args: ['busybox', 'ls', '-a']})
    expect(parse(['-a', 'x', '-q'], true).flags.quiet).toBe(true)
    expect(parse(['--', '-a']).args).toEqual(['-a'])
  })

  it('words errors as pflag does', () => {
    expect(flagError(['--foo'])).toBe('unknown flag: --foo')
    expect(flagError(['-ax'])).toBe("unknown shorthand flag: 'x' in -ax")
    expect(flagError(['-n', 'abc'])).toBe('invalid argument "abc" for "-n, --last" flag: strconv.ParseInt: parsing "abc": invalid syntax')
    expect(flagError(['--all=maybe'])).toBe('invalid argument "maybe" for "-a, --all" flag: strconv.ParseBool: parsing "maybe": invalid syntax')
    expect(flagError(['--format'])).toBe('flag needs an argument: --format')
    expect(flagError(['-n'])).toBe("flag needs an argument: 'n' in -n")
    expect(flagError(['---x'])).toBe('bad flag syntax: ---x')
  })

  it('recognises help', () => {
    expect(() => parse(['--help'])).toThrow(HelpRequested)
    expect(() => parse(['-h'])).toThrow(HelpRequested)
    expect(() => parse(['-qh'])).toThrow(HelpRequested)
    expect(() => parse(['--help=true', 'x'])).toThrow(HelpRequested)
    expect(() => parse(['--help=false', '--help'])).toThrow(HelpRequested)
  })

  // cobra's help is a bool flag like the others (docker's `ps --help=false -q -n1` prints an ID).
  it('treats --help=false as the flag being off', () => {
    expect(parse(['--help=false', '-q', '-n1'])).toMatchObject({args: [], flags: {last: 1, quiet: true}})
    expect(parse(['-h=false', '-a'])).toMatchObject({flags: {all: true}})
    expect(parse(['-qh=0']).flags.quiet).toBe(true)
    expect(parse(['--help', '--help=false', '-q']).flags.quiet).toBe(true)
    // A bool takes no separate value: `false` is an argument.
    expect(() => parse(['--help', 'false'])).toThrow(HelpRequested)
  })

  it('reports flag errors before help, as pflag parses everything first', () => {
    expect(flagError(['--help', '--nope'])).toBe('unknown flag: --nope')
    expect(flagError(['-n', 'x', '--help'])).toBe('invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x": invalid syntax')
    expect(flagError(['--help=foo'])).toBe('invalid argument "foo" for "--help" flag: strconv.ParseBool: parsing "foo": invalid syntax')
    expect(flagError(['-h=maybe'])).toBe('invalid argument "maybe" for "--help" flag: strconv.ParseBool: parsing "maybe": invalid syntax')
  })

  it('runs a flag validator and reports its message as a flag error', () => {
    const specs: FlagSpec[] = [{description: '', kind: 'stringArray', name: 'filter', short: 'f', validate: (v) => {
      if (!v.includes('=')) throw new Error(`invalid argument "${v}" for "-f, --filter" flag: bad format of filter (expected name=value)`)
    }}]
    expect(() => parseArgv(['-f', 'nokey'], specs, {interspersed: true})).toThrow('invalid argument "nokey" for "-f, --filter" flag: bad format of filter (expected name=value)')
  })
})
