// The cheap test main.ts runs on every command line: only the lines it selects load the plugin
// machinery (and config.json), so builtin commands start as fast as before.
import {isBuiltinCommand} from './builtins.js'

export interface CommandWords {
  /** What is left after the global flags: the command and its arguments. */
  args: string[]
  /** Whether whalectl has a builtin for `name` (besides docker's own list). */
  hasBuiltin(name: string): boolean
}

/** Build commands (which may go to buildx) and commands no builtin answers (which may be plugins). */
export function needsPluginDispatch(line: CommandWords): boolean {
  const [first = '', second] = line.args
  if (first === 'build' || first === 'builder' || first === 'bake') return true
  if (first === 'image' && second === 'build') return true
  // `help <name>` may be help for a plugin, which the plugin prints itself.
  if (first === 'help' && second !== undefined) return true
  return !line.hasBuiltin(first) && !isBuiltinCommand(first)
}
