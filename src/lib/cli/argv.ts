// A flag parser with pflag's rules, because scripts rely on them and oclif's parser differs:
// oclif consumes flags anywhere on the line, refuses `--size=false`, treats a value that looks
// like a flag as missing, and words its errors differently.
import {FlagError, HelpRequested} from './errors.js'

export type FlagKind = 'bool' | 'string' | 'int' | 'stringArray'

export interface FlagSpec {
  name: string
  short?: string
  kind: FlagKind
  description: string
  /** Shown in help as the value's type, like pflag's `--last int`. */
  valueName?: string
  default?: string | number | boolean
  hidden?: boolean
  /** Docker-style validation of each value; throw an Error whose message follows `invalid argument "v" for "-f, --flag" flag: `. */
  validate?: (value: string) => void
}

export type FlagValue = boolean | string | number | string[]

export interface ParsedArgs {
  flags: Record<string, FlagValue | undefined>
  /** Names of the flags that appeared on the command line (pflag's `Changed`). */
  changed: Set<string>
  args: string[]
}

export interface ParseOptions {
  /** false = stop at the first positional argument (cobra's SetInterspersed(false)), as run/exec do. */
  interspersed: boolean
}

export function flagLabel(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`
}

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False'])

function parseBool(spec: FlagSpec, raw: string): boolean {
  if (TRUE_WORDS.has(raw)) return true
  if (FALSE_WORDS.has(raw)) return false
  throw new FlagError(`invalid argument "${raw}" for "${flagLabel(spec)}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`)
}

function parseInt64(spec: FlagSpec, raw: string): number {
  // strconv.ParseInt(s, 0, 64): optional sign, then decimal, 0x, 0o, 0b or a leading-0 octal.
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(raw)
  if (!m) {
    throw new FlagError(`invalid argument "${raw}" for "${flagLabel(spec)}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`)
  }
  const body = (m[2] ?? '').replaceAll('_', '')
  let value: number
  if (/^0[xX]/.test(body)) value = Number.parseInt(body.slice(2), 16)
  else if (/^0[oO]/.test(body)) value = Number.parseInt(body.slice(2), 8)
  else if (/^0[bB]/.test(body)) value = Number.parseInt(body.slice(2), 2)
  else if (body.length > 1 && body.startsWith('0')) value = Number.parseInt(body.slice(1), 8)
  else value = Number.parseInt(body, 10)
  if (m[1] === '-') value = -value
  if (!Number.isSafeInteger(value)) {
    throw new FlagError(`invalid argument "${raw}" for "${flagLabel(spec)}" flag: strconv.ParseInt: parsing "${raw}": value out of range`)
  }
  return value
}

function defaults(specs: readonly FlagSpec[]): Record<string, FlagValue | undefined> {
  const flags: Record<string, FlagValue | undefined> = {}
  for (const spec of specs) {
    if (spec.kind === 'stringArray') flags[spec.name] = []
    else if (spec.kind === 'bool') flags[spec.name] = spec.default ?? false
    else flags[spec.name] = spec.default
  }
  return flags
}

export function parseArgv(argv: readonly string[], specs: readonly FlagSpec[], options: ParseOptions): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]))
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]))
  const helpShort = !byShort.has('h')
  const flags = defaults(specs)
  const changed = new Set<string>()
  const args: string[] = []

  const validate = (spec: FlagSpec, raw: string): void => {
    try {
      spec.validate?.(raw)
    } catch (error) {
      throw new FlagError((error as Error).message)
    }
  }

  const assign = (spec: FlagSpec, raw: string): void => {
    changed.add(spec.name)
    switch (spec.kind) {
      case 'bool': {
        flags[spec.name] = parseBool(spec, raw)
        break
      }
      case 'int': {
        flags[spec.name] = parseInt64(spec, raw)
        break
      }
      case 'string': {
        validate(spec, raw)
        flags[spec.name] = raw
        break
      }
      case 'stringArray': {
        validate(spec, raw)
        ;(flags[spec.name] as string[]).push(raw)
        break
      }
    }
  }

  let i = 0
  while (i < argv.length) {
    const token = argv[i] as string
    i++
    if (token === '--') {
      args.push(...argv.slice(i))
      break
    }
    if (!token.startsWith('-') || token === '-') {
      args.push(token)
      if (!options.interspersed) {
        args.push(...argv.slice(i))
        break
      }
      continue
    }
    if (token.startsWith('--')) {
      const body = token.slice(2)
      if (body.startsWith('-') || body.startsWith('=')) throw new FlagError(`bad flag syntax: ${token}`)
      const eq = body.indexOf('=')
      const name = eq === -1 ? body : body.slice(0, eq)
      const spec = byName.get(name)
      if (!spec) {
        if (name === 'help') throw new HelpRequested()
        throw new FlagError(`unknown flag: --${name}`)
      }
      if (eq !== -1) assign(spec, body.slice(eq + 1))
      else if (spec.kind === 'bool') assign(spec, 'true')
      else if (i < argv.length) assign(spec, argv[i++] as string)
      else throw new FlagError(`flag needs an argument: --${name}`)
      continue
    }
    // One or more shorthand flags: -a, -aq, -n5, -n 5, -n=5, -a=false.
    const shorts = token.slice(1)
    for (let j = 0; j < shorts.length; j++) {
      const c = shorts[j] as string
      const spec = byShort.get(c)
      if (!spec) {
        if (c === 'h' && helpShort) throw new HelpRequested()
        throw new FlagError(`unknown shorthand flag: '${c}' in ${token}`)
      }
      const rest = shorts.slice(j + 1)
      if (rest.startsWith('=')) {
        assign(spec, rest.slice(1))
        break
      }
      if (spec.kind === 'bool') {
        assign(spec, 'true')
        continue
      }
      if (rest.length > 0) assign(spec, rest)
      else if (i < argv.length) assign(spec, argv[i++] as string)
      else throw new FlagError(`flag needs an argument: '${c}' in -${c}`)
      break
    }
  }
  return {args, changed, flags}
}
