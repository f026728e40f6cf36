// A flag parser with pflag's rules, because scripts rely on them and oclif's parser differs:
// oclif consumes flags anywhere on the line, refuses `--size=false`, treats a value that looks
// like a flag as missing, and words its errors differently.
import {goQuote} from '../format/go-print.js'
import {goParseBool, goParseInt, GoNumError} from '../go/strconv.js'
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
  /**
   * Help only: the text after `(default ` where docker's value type prints it its own way
   * (`[]`, `map[]`, `0s`, `"/root/.docker"`); '' hides it. Unset: derived from `default`.
   */
  helpDefault?: string
  /** Help only: pflag's NoOptDefVal, shown as `--flag string[="value"]`. */
  noOptDefault?: string
  hidden?: boolean
  /** Docker-style validation of each value; throw an Error whose message follows `invalid argument "v" for "-f, --flag" flag: `. */
  validate?: (value: string) => void
  /** pflag's MarkDeprecated message: each use of the flag reports `Flag --name has been deprecated, <message>`. */
  deprecated?: string
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
  /** Receives pflag's notice (no newline) each time a deprecated flag is set (cobra prints them only when the whole line parses). */
  onDeprecated?: (notice: string) => void
}

export function flagLabel(spec: Pick<FlagSpec, 'name' | 'short'>): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`
}

/** pflag's message for a value its Set() refused. */
export function invalidArgumentMessage(value: string, spec: Pick<FlagSpec, 'name' | 'short'>, reason: string): string {
  return `invalid argument ${goQuote(value)} for "${flagLabel(spec)}" flag: ${reason}`
}

/** Options of flagSpec; `parse` is the docker value parser whose errors become pflag's message. */
export type FlagSpecOptions = Partial<Pick<FlagSpec, 'default' | 'hidden' | 'short'>> & {parse?: (value: string) => unknown}

/** A FlagSpec whose `validate` runs `parse` and reports a refusal the way pflag does. */
export function flagSpec(name: string, kind: FlagKind, valueName: string | undefined, description: string, options: FlagSpecOptions = {}): FlagSpec {
  const out: FlagSpec = {description, kind, name}
  if (options.short) out.short = options.short
  if (valueName) out.valueName = valueName
  if (options.default !== undefined) out.default = options.default
  if (options.hidden) out.hidden = true
  const {parse} = options
  if (parse) {
    out.validate = (value) => {
      try {
        parse(value)
      } catch (error) {
        throw new Error(invalidArgumentMessage(value, out, (error as Error).message))
      }
    }
  }
  return out
}

function parseBool(spec: FlagSpec, raw: string): boolean {
  try {
    return goParseBool(raw)
  } catch (error) {
    throw new FlagError(invalidArgumentMessage(raw, spec, (error as Error).message))
  }
}

/** pflag's int: strconv.ParseInt(s, 0, 64). */
function parseInt64(spec: FlagSpec, raw: string): number {
  let value: bigint
  try {
    value = goParseInt(raw, 0, 64)
  } catch (error) {
    throw new FlagError(invalidArgumentMessage(raw, spec, (error as Error).message))
  }
  // A JS number holds integers exactly only up to 2^53; larger ones are refused, not rounded.
  if (!Number.isSafeInteger(Number(value))) {
    throw new FlagError(invalidArgumentMessage(raw, spec, new GoNumError('ParseInt', raw, 'value out of range').message))
  }
  return Number(value)
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

// cobra's own help flag, a bool like any other: `--help=false` leaves it off, a bad value is
// pflag's error, and help is shown only once every flag has parsed. Its -h shorthand is
// deprecated in docker, so the flag's label in messages is `--help` alone.
const HELP_FLAG: FlagSpec = {description: 'Print usage', kind: 'bool', name: 'help'}
/** pflag's notice each time the deprecated -h is used (docker's MarkShorthandDeprecated). */
export const HELP_SHORTHAND_NOTICE = 'Flag shorthand -h has been deprecated, use --help'

export function parseArgv(argv: readonly string[], specs: readonly FlagSpec[], options: ParseOptions): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]))
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]))
  const helpShort = !byShort.has('h')
  let help = false
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
    if (spec.deprecated !== undefined) options.onDeprecated?.(`Flag --${spec.name} has been deprecated, ${spec.deprecated}`)
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
        if (name !== 'help') throw new FlagError(`unknown flag: --${name}`)
        help = eq === -1 ? true : parseBool(HELP_FLAG, body.slice(eq + 1))
        continue
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
      const rest = shorts.slice(j + 1)
      if (!spec) {
        if (c !== 'h' || !helpShort) throw new FlagError(`unknown shorthand flag: '${c}' in ${token}`)
        options.onDeprecated?.(HELP_SHORTHAND_NOTICE)
        if (rest.startsWith('=')) {
          help = parseBool(HELP_FLAG, rest.slice(1))
          break
        }
        help = true
        continue
      }
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
  if (help) throw new HelpRequested()
  return {args, changed, flags}
}
