// Running a plugin as docker's tryPluginRun does: stdio shared, docker's variables added, the
// plugin socket open while it runs, SIGINT/SIGTERM turned into a socket close (and, at the third,
// a SIGKILL), and the plugin's exit status as ours.
import {spawn} from 'node:child_process'

import {CliError} from '../cli/errors.js'
import {exitText} from '../engine/command-connection.js'
import {spawnErrnoText} from './metadata.js'
import {PLUGIN_SOCKET_ENV, PluginServer} from './socket.js'

/** Tells the plugin which command to call back for `system dial-stdio`. */
export const ORIGINAL_CLI_COMMAND_ENV = 'DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND'
const RESOURCE_ATTRIBUTES_ENV = 'OTEL_RESOURCE_ATTRIBUTES'

export interface PluginRun {
  /** The plugin executable. */
  file: string
  /** Everything after the program name on our own command line (global flags included). */
  args: string[]
  /** How we were invoked (our argv[0]), for the plugin to run us again. */
  cliCommand: string
  /** The command path docker reports to telemetry (`docker compose`, `docker image`). */
  commandPath: string
  env: NodeJS.ProcessEnv
  /** Variables the caller adds last (the builder hand-off's BUILDX_BUILDER). */
  extraEnv?: Record<string, string>
  /**
   * docker's usual run, with the plugin socket; `help <plugin>` runs the plugin without one.
   */
  supervised: boolean
  /** Whether our stdout is a terminal: then the terminal itself signals the plugin. */
  stdoutIsTerminal: boolean
  stderr: {write(text: string): unknown}
}

const TERMINATION_SIGNALS = ['SIGINT', 'SIGTERM'] as const
/** The signal count at which docker kills the plugin and gives up. */
const FORCE_AFTER = 3

/** OTEL's baggage encoding of docker's one resource attribute, after any the user set. */
function resourceAttributes(existing: string | undefined, commandPath: string): string {
  const own = `docker.cli.cobra.command_path=${encodeURIComponent(commandPath)}`
  const user = existing?.trim() ?? ''
  return user === '' ? own : `${user},${own}`
}

/** How a plugin ended: the exit code docker passes on, and Go's text for a non-zero end. */
export interface PluginExit {
  exitCode: number
  status: string
}

/** Runs the plugin to its end. */
export async function runPlugin(run: PluginRun): Promise<PluginExit> {
  const server = run.supervised ? await PluginServer.open() : undefined
  const env: NodeJS.ProcessEnv = {
    ...run.env,
    [ORIGINAL_CLI_COMMAND_ENV]: run.cliCommand,
    [RESOURCE_ATTRIBUTES_ENV]: resourceAttributes(run.env[RESOURCE_ATTRIBUTES_ENV], run.commandPath),
    ...(server ? {[PLUGIN_SOCKET_ENV]: server.address} : {}),
    ...run.extraEnv,
  }
  const child = spawn(run.file, run.args, {env, stdio: 'inherit'})

  let signals = 0
  const onSignal = (): void => {
    signals++
    // On a terminal the kernel has already signalled the plugin's process group.
    if (run.stdoutIsTerminal) return
    server?.close()
    if (signals >= FORCE_AFTER) {
      child.kill('SIGKILL')
      run.stderr.write('got 3 SIGTERM/SIGINTs, forcefully exiting\n')
      process.exit(1)
    }
  }
  for (const signal of TERMINATION_SIGNALS) process.on(signal, onSignal)
  try {
    return await new Promise<PluginExit>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => reject(new CliError(`fork/exec ${run.file}: ${spawnErrnoText(error)}`)))
      // A plugin killed by a signal has no exit status: docker exits with its -1, i.e. 255.
      child.once('exit', (code, signal) => resolve({exitCode: code ?? 255, status: exitText(code, signal)}))
    })
  } finally {
    for (const signal of TERMINATION_SIGNALS) process.off(signal, onSignal)
    server?.close()
  }
}
