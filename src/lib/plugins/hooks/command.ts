// The cobra command docker hands to hooks, rebuilt from what whalectl knows of the command line:
// its path, the flags it has and their values as pflag's Value.String() prints them, the flags
// the line set, and the positional arguments left after parsing.
import {type FlagSpec, type FlagValue, parseArgv} from '../../cli/argv.js'
import {BIN, useLine} from '../../cli/docker-command.js'
import {FlagError} from '../../cli/errors.js'
import {GLOBAL_FLAGS} from '../../cli/global-flags.js'
import {defaultConfigDir} from '../../config/config-file.js'
import type {HookedCommand, HookSite} from './site.js'

export interface HookCommand {
  /** The command path after the root (`context ls`); '' for the root itself. */
  path: string
  /** cobra's Name(): the path's last word, or the program's name for the root. */
  name: string
  use: string
  short: string
  /** Every flag `{{flag . "name"}}` can find on the command. */
  specs: readonly FlagSpec[]
  values: Readonly<Record<string, FlagValue | undefined>>
  changed: ReadonlySet<string>
  /** cmd.Flags().Args(): what is left after the flags. */
  args: readonly string[]
}

// docker's root marks `help` persistent, so every command has it (its -h shorthand deprecated).
const HELP: FlagSpec = {description: 'Print usage', kind: 'bool', name: 'help'}
const ROOT_USE = '[OPTIONS] COMMAND [ARG...]'
const ROOT_SHORT = 'A self-sufficient runtime for containers'

/** pflag's Value.String() for whalectl's flag kinds; lists print as docker's ListOpts (`[a b]`). */
export function flagText(spec: FlagSpec, value: FlagValue | undefined): string {
  switch (spec.kind) {
    case 'bool':
      return String(value ?? false)
    case 'int':
      return String(value ?? 0)
    case 'string':
      return String(value ?? '')
    case 'stringArray':
      return `[${((value as string[] | undefined) ?? []).join(' ')}]`
  }
}

function withHelp(specs: readonly FlagSpec[]): FlagSpec[] {
  const shortTaken = specs.some((spec) => spec.short === 'h')
  return [...specs, shortTaken ? HELP : {...HELP, short: 'h'}]
}

/**
 * The command's flags as pflag left them. On a line pflag refused, the flags set before the
 * refusal stay set: the longest start of the line that parses stands in for that.
 */
export function parseCommandLine(argv: readonly string[], specs: readonly FlagSpec[], interspersed: boolean): Pick<HookCommand, 'values' | 'changed' | 'args'> {
  for (let end = argv.length; end >= 0; end--) {
    try {
      const parsed = parseArgv(argv.slice(0, end), specs, {interspersed})
      return {args: parsed.args, changed: parsed.changed, values: parsed.flags}
    } catch (error) {
      if (!(error instanceof FlagError)) throw error
    }
  }
  return {args: [], changed: new Set(), values: {}}
}

/** The root with the global flags' values, defaults as docker computes them. */
function rootCommand(site: HookSite, args: readonly string[]): HookCommand {
  const {env} = site.ctx
  const certDir = env.DOCKER_CERT_PATH || defaultConfigDir(env)
  const defaults: Record<string, FlagValue> = {
    config: site.ctx.globals.configDir,
    tlscacert: `${certDir}/ca.pem`,
    tlscert: `${certDir}/cert.pem`,
    tlskey: `${certDir}/key.pem`,
  }
  const values: Record<string, FlagValue | undefined> = {...site.global.flags}
  for (const [name, value] of Object.entries(defaults)) values[name] ??= value
  return {args, changed: site.global.changed, name: BIN, path: '', short: ROOT_SHORT, specs: withHelp(GLOBAL_FLAGS), use: `${BIN} ${ROOT_USE}`, values}
}

export function hookCommand(site: HookSite, command: HookedCommand = site.command): HookCommand {
  switch (command.kind) {
    case 'root':
      // cobra's `help` command ran: the root's own flags were never parsed.
      return rootCommand(site, command.args[0] === 'help' ? [] : command.args.filter((arg) => !arg.startsWith('-')))
    case 'plugin':
      // docker parsed the global flags in a flag set of its own, so the root has no arguments.
      return rootCommand(site, [])
    case 'group':
      return {args: command.args, changed: new Set(), name: command.name, path: command.name, short: '', specs: [HELP], use: command.name, values: {}}
    case 'command': {
      const Cmd = command.command
      const specs = withHelp(Cmd.flagSpecs)
      const name = command.path.split(' ').at(-1) ?? command.path
      return {
        ...parseCommandLine(command.argv, specs, Cmd.interspersed),
        name,
        path: command.path,
        short: Cmd.summary ?? Cmd.description,
        specs,
        use: useLine(Cmd.usageLine, name),
      }
    }
  }
}
