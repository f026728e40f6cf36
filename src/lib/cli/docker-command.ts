// The base of every whalectl command: docker's flag rules (pflag), docker's argument-count errors
// and usage block, and one CommandContext. oclif supplies the command registry and help.
import {Command, Flags} from '@oclif/core'

import {type FlagSpec, parseArgv, type ParsedArgs} from './argv.js'
import type {CommandContext} from './context.js'
import {ArgCountError, FlagError} from './errors.js'

export const BIN = 'whalectl'

export type ArgRule = {kind: 'exact'; n: number} | {kind: 'min'; n: number} | {kind: 'none'}

let activeContext: CommandContext | undefined

/** main() installs the process context once; tests install their own. */
export function setCommandContext(ctx: CommandContext | undefined): void {
  activeContext = ctx
}

import type {Interfaces} from '@oclif/core'


/** oclif's flag table, used only to render help; parsing is ours. */
export function toOclifFlags(specs: readonly FlagSpec[]): Interfaces.FlagInput {
  const out: Interfaces.FlagInput = {}
  for (const spec of specs) {
    const common = {
      char: spec.short as never,
      description: spec.description,
      hidden: spec.hidden,
    }
    out[spec.name] =
      spec.kind === 'bool'
        ? Flags.boolean({...common, allowNo: false})
        : spec.kind === 'stringArray'
          ? Flags.string({...common, helpValue: spec.valueName, multiple: true})
          : Flags.string({...common, helpValue: spec.valueName})
  }
  return out
}

function plural(n: number): string {
  return n === 1 ? 'argument' : 'arguments'
}

export abstract class DockerCommand extends Command {
  /** The usage line after the binary name, as `docker <verb> --help` shows it. */
  static usageLine = ''
  static flagSpecs: FlagSpec[] = []
  /** false stops flag parsing at the first positional argument (run, exec). */
  static interspersed = true
  static argRule: ArgRule = {kind: 'none'}
  static override strict = false

  protected abstract execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void>

  private usageBlock(hint: 'Run' | 'See'): string {
    const ctor = this.constructor as typeof DockerCommand
    return `\n\nUsage:  ${BIN} ${ctor.usageLine}\n\n${hint} '${BIN} ${this.id} --help' for more information`
  }

  override async run(): Promise<void> {
    this.parsed = true
    const ctor = this.constructor as typeof DockerCommand
    let parsed: ParsedArgs
    try {
      parsed = parseArgv(this.argv, ctor.flagSpecs, {interspersed: ctor.interspersed})
    } catch (error) {
      if (error instanceof FlagError) throw new FlagError(`${error.message}${this.usageBlock('Run')}`)
      throw error
    }
    this.checkArgCount(ctor.argRule, parsed.args.length)
    if (!activeContext) throw new Error('no command context installed')
    await this.execute(parsed, activeContext)
  }

  private checkArgCount(rule: ArgRule, count: number): void {
    const name = `'${BIN} ${this.id}'`
    if (rule.kind === 'none' && count > 0) {
      throw new ArgCountError(`${BIN}: ${name} accepts no arguments${this.usageBlock('Run')}`)
    }
    if (rule.kind === 'exact' && count !== rule.n) {
      throw new ArgCountError(`${BIN}: ${name} requires ${rule.n} ${plural(rule.n)}${this.usageBlock('Run')}`)
    }
    if (rule.kind === 'min' && count < rule.n) {
      throw new ArgCountError(`${BIN}: ${name} requires at least ${rule.n} ${plural(rule.n)}${this.usageBlock('See')}`)
    }
  }

  /** A flag value error found after parsing (bad filter syntax...): the same 125 + usage block as pflag's. */
  protected flagError(message: string): FlagError {
    return new FlagError(`${message}${this.usageBlock('Run')}`)
  }
}
