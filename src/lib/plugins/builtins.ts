// The top-level commands of docker 28's root command, which a plugin may not shadow. docker
// checks against its own command tree, including the commands whalectl does not implement, so a
// plugin that docker refuses is refused here too.

/** docker 28's top-level command names, as `cmd.Commands()` lists them when a plugin is run. */
const DOCKER_COMMANDS: readonly string[] = [
  'attach', 'bake', 'build', 'builder', 'checkpoint', 'commit', 'config', 'container', 'context', 'cp', 'create',
  'diff', 'events', 'exec', 'export', 'history', 'image', 'images', 'import', 'info', 'inspect', 'kill', 'load',
  'login', 'logout', 'logs', 'manifest', 'network', 'node', 'pause', 'plugin', 'port', 'ps', 'pull', 'push',
  'rename', 'restart', 'rm', 'rmi', 'run', 'save', 'search', 'secret', 'service', 'stack', 'start', 'stats',
  'stop', 'swarm', 'system', 'tag', 'top', 'trust', 'unpause', 'update', 'version', 'volume', 'wait',
]

/** cobra adds these two only when the command line is executed, after plugins had their chance. */
const LATE_COMMANDS: readonly string[] = ['completion', 'help']

/** Aliases of top-level commands (`docker remove` is `docker rm`). */
const DOCKER_ALIASES: Readonly<Record<string, string>> = {remove: 'rm'}

export interface BuiltinCommands {
  names: ReadonlySet<string>
  aliases: Readonly<Record<string, string>>
}

/**
 * The builtins a plugin is checked against: when a plugin is about to run, `help` and
 * `completion` are not yet part of docker's tree; when plugins are listed (help, info), they are.
 */
export function builtinCommands(phase: 'run' | 'list'): BuiltinCommands {
  const names = phase === 'run' ? DOCKER_COMMANDS : [...DOCKER_COMMANDS, ...LATE_COMMANDS]
  return {aliases: DOCKER_ALIASES, names: new Set(names)}
}

/** Whether docker's cobra tree resolves `name` to a builtin command (by name or alias). */
export function isBuiltinCommand(name: string): boolean {
  return DOCKER_COMMANDS.includes(name) || name in DOCKER_ALIASES
}
