// The `Flags` map a hook plugin is given: for a builtin command, every flag the command line set
// (a bool's value as text, any other flag's value left out); after a plugin command, docker
// cannot parse the plugin's flags, so every `--x`/`-x` word counts, values never known.
import type {FlagValue} from '../../cli/argv.js'

/** A command line's flags as parsed: the values, and which flags it set (pflag's Visit). */
export interface SetFlags {
  values: Readonly<Record<string, FlagValue | undefined>>
  changed: ReadonlySet<string>
  /** Names of the bool flags. */
  bools: ReadonlySet<string>
}

export function commandFlags({values, changed, bools}: SetFlags): Record<string, string> {
  return Object.fromEntries([...changed].map((name) => [name, bools.has(name) ? String(values[name] ?? false) : '']))
}

/** manager.getNaiveFlags: `--a=1` is flag `a=1`, `-abc` is flag `abc`, and `--` is flag ''. */
export function naiveFlags(args: readonly string[]): Record<string, string> {
  // Built with fromEntries, so that a word like `--__proto__` is a key like any other.
  const names = args.filter((arg) => arg.startsWith('-')).map((arg) => arg.slice(arg.startsWith('--') ? 2 : 1))
  return Object.fromEntries(names.map((name) => [name, '']))
}
