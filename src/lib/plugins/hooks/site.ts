// What main() records as a command line runs, for the hooks that may follow it: plain data, so
// that recording costs nothing when no hook runs (stdout not a terminal, hooks off).
import type {ParsedArgs} from '../../cli/argv.js'
import type {CommandContext} from '../../cli/context.js'
import type {DockerCommandClass} from '../../cli/docker-command.js'

/** The cobra command docker's hooks are given, in whalectl's terms. */
export type HookedCommand =
  /** The root: an unknown command, the root's help, or cobra's `help` command (args `help …`). */
  | {kind: 'root'; args: string[]}
  /** A management command run without a subcommand it has (`network`, `network bogus`). */
  | {kind: 'group'; name: string; args: string[]}
  /** A builtin, by its path after the root (`container ls`) and the words after that path. */
  | {kind: 'command'; command: DockerCommandClass; path: string; argv: string[]}
  /** A plugin that succeeded, with the command line after the global flags (aliases applied). */
  | {kind: 'plugin'; args: string[]}

export interface HookSite {
  ctx: CommandContext
  /** The global flags as parsed: the root command's flags, which templates may read. */
  global: ParsedArgs
  /** How we were invoked, for the plugin to run us again. */
  cliCommand: string
  command: HookedCommand
}
