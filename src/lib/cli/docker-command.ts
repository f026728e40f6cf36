// The base of every whalectl command: docker's flag rules (pflag), docker's argument-count errors
// and usage block, and one CommandContext. It deliberately does not load @oclif/core: oclif costs
// ~50 ms to import, so it is loaded only to render help (src/oclif-commands.ts adapts these classes).
import type {Interfaces} from '@oclif/core'

import {type FlagSpec, parseArgv, type ParsedArgs} from './argv.js'
import type {CommandContext} from './context.js'
import {ArgCountError, FlagError, HelpRequested} from './errors.js'

/**
 * The program's name in every message, usage line and help text: `docker` when whalectl was
 * invoked under that name (a symlink or copy on PATH), else `whalectl`. main() sets it once at
 * start-up, before any message is made; ESM's live binding shows the new value to importers.
 */
export let BIN = 'whalectl'

export function setProgramName(name: 'docker' | 'whalectl'): void {
  BIN = name
}

export type ArgRule = {kind: 'exact'; n: number} | {kind: 'min'; n: number} | {kind: 'max'; n: number} | {kind: 'range'; min: number; max: number} | {kind: 'none'}

let activeContext: CommandContext | undefined

/** main() installs the process context once; tests install their own. */
export function setCommandContext(ctx: CommandContext | undefined): void {
  activeContext = ctx
}

/**
 * oclif's flag table, used only to render help; parsing is ours. Built as the plain objects
 * oclif's Flags.boolean/Flags.string return, so that defining a command does not import oclif.
 */
export function toOclifFlags(specs: readonly FlagSpec[]): Interfaces.FlagInput {
  const out: Record<string, unknown> = {}
  for (const spec of specs) {
    const common = {char: spec.short, description: spec.description, hidden: spec.hidden, name: spec.name}
    out[spec.name] =
      spec.kind === 'bool'
        ? {...common, allowNo: false, parse: async (b: boolean) => b, type: 'boolean'}
        : {...common, helpValue: spec.valueName, input: [], multiple: spec.kind === 'stringArray', parse: async (s: string) => s, type: 'option'}
  }
  return out as Interfaces.FlagInput
}

/**
 * cobra's UseLine after the program name: the command path as typed (`container ls`) and the
 * rest of `usageLine` after its own command words.
 */
export function useLine(usageLine: string, commandPath: string): string {
  // Continuation lines name the program as docker's Use strings do (`\tdocker cp …`).
  const rest = usageLine.replace(/^(?:[a-z][a-z-]*(?: |$))+/, '').replaceAll('\n\tdocker ', `\n\t${BIN} `)
  return rest === '' ? commandPath : `${commandPath} ${rest}`
}

function plural(n: number): string {
  return n === 1 ? 'argument' : 'arguments'
}

export abstract class DockerCommand {
  static id = ''
  static description = ''
  static summary?: string
  static examples: string[] = []
  static aliases: string[] = []
  static hidden = false
  /** Help-only flag table (toOclifFlags(flagSpecs)); parsing uses flagSpecs. */
  static flags: Interfaces.FlagInput = {}
  static strict = false
  /** The usage line after the binary name, as `docker <verb> --help` shows it. */
  static usageLine = ''
  static flagSpecs: FlagSpec[] = []
  /** false stops flag parsing at the first positional argument (run, exec). */
  static interspersed = true
  /** The command prints its own help pages (`help <command>` then runs it with --help). */
  static ownsHelp = false
  static argRule: ArgRule = {kind: 'none'}

  readonly argv: string[]
  readonly id: string
  /** The words the user typed for it (`stop`, `container stop`): docker's messages name the command so. */
  readonly invokedAs: string

  constructor(argv: string[], id: string, invokedAs = id.replace(':', ' ')) {
    this.argv = argv
    this.id = id
    this.invokedAs = invokedAs
  }

  /** Parses argv with docker's rules and runs the command in the installed context. */
  static async run(this: new (argv: string[], id: string, invokedAs?: string) => DockerCommand, argv: string[], id: string, invokedAs?: string): Promise<void> {
    await new this(argv, id, invokedAs).run()
  }

  /** The usage line under the name it was invoked by: `container ls [OPTIONS]` for `ps [OPTIONS]`. */
  protected usage(): string {
    return useLine((this.constructor as typeof DockerCommand).usageLine, this.invokedAs)
  }

  protected abstract execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void>

  private usageBlock(hint: 'Run' | 'See' | 'SRun'): string {
    return `\n\nUsage:  ${BIN} ${this.usage()}\n\n${hint} '${BIN} ${this.invokedAs} --help' for more information`
  }

  async run(): Promise<void> {
    const ctor = this.constructor as typeof DockerCommand
    let parsed: ParsedArgs
    // pflag's notices for deprecated flags: cobra prints them on stdout once the line parsed.
    const notices: string[] = []
    try {
      parsed = parseArgv(this.argv, ctor.flagSpecs, {interspersed: ctor.interspersed, onDeprecated: (notice) => notices.push(`${notice}\n`)})
      if (notices.length > 0) activeContext?.stdout.write(notices.join(''))
    } catch (error) {
      if (error instanceof FlagError) throw new FlagError(`${error.message}${this.usageBlock('Run')}`)
      // pflag printed `-h`'s deprecation notice on the command's stdout before the help.
      if (error instanceof HelpRequested) activeContext?.stdout.write(notices.join(''))
      throw error
    }
    this.checkArgCount(ctor.argRule, parsed.args.length)
    if (!activeContext) throw new Error('no command context installed')
    await this.execute(parsed, activeContext)
  }

  private checkArgCount(rule: ArgRule, count: number): void {
    const name = `'${BIN} ${this.invokedAs}'`
    if (rule.kind === 'none' && count > 0) {
      throw new ArgCountError(`${BIN}: ${name} accepts no arguments${this.usageBlock('Run')}`)
    }
    if (rule.kind === 'exact' && count !== rule.n) {
      throw new ArgCountError(`${BIN}: ${name} requires ${rule.n} ${plural(rule.n)}${this.usageBlock('Run')}`)
    }
    if (rule.kind === 'min' && count < rule.n) {
      throw new ArgCountError(`${BIN}: ${name} requires at least ${rule.n} ${plural(rule.n)}${this.usageBlock('See')}`)
    }
    if (rule.kind === 'max' && count > rule.n) {
      // cobra's RequiresMaxArgs, typo included ("SRun") as docker 28 prints it.
      throw new ArgCountError(`${BIN}: ${name} requires at most ${rule.n} ${plural(rule.n)}${this.usageBlock('SRun')}`)
    }
    if (rule.kind === 'range' && (count < rule.min || count > rule.max)) {
      throw new ArgCountError(`${BIN}: ${name} requires at least ${rule.min} and at most ${rule.max} ${plural(rule.max)}${this.usageBlock('Run')}`)
    }
  }

  /** A flag value error found after parsing (bad filter syntax...): the same 125 + usage block as pflag's. */
  protected flagError(message: string): FlagError {
    return new FlagError(`${message}${this.usageBlock('Run')}`)
  }
}

export type DockerCommandClass = (new (argv: string[], id: string, invokedAs?: string) => DockerCommand) & typeof DockerCommand
