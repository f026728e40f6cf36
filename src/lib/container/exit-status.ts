// How `run` turns a failure to create or start a container into an exit status, as docker's
// toStatusError does (DOCKER-CLI-BEHAVIOUR.md §2.4): by words in the error's text, not by its
// type, because the engine only ever says "500" and the runtime's reason is buried in the message.
import {BIN} from '../cli/docker-command.js'
import {brokenPipe} from '../cli/broken-pipe.js'
import {StatusError} from '../cli/errors.js'

/** The command could not be found: 127, like a shell. */
const NOT_FOUND = ['executable file not found', 'no such file or directory', 'system cannot find the file specified']
/** The command exists but cannot be run (Go's EACCES and EISDIR texts): 126, like a shell. */
const CANNOT_INVOKE = ['permission denied', 'is a directory']

export function runFailureExitCode(message: string): 125 | 126 | 127 {
  if (NOT_FOUND.some((words) => message.includes(words))) return 127
  if (CANNOT_INVOKE.some((words) => message.includes(words))) return 126
  return 125
}

/** docker's withHelp: `docker: <err>` plus the hint to the command's help. */
export function withHelp(message: string, command: string): string {
  return `${BIN}: ${message}\n\nRun '${BIN} ${command} --help' for more information`
}

/** The error `run` (or `create`) ends with when the engine or the CLI could not create or start the container. */
export function toRunStatusError(error: unknown, command = 'run'): StatusError {
  const message = error instanceof Error ? error.message : String(error)
  return new StatusError(withHelp(message, command), runFailureExitCode(message))
}

/**
 * A reader of our stdout that went away (`whalectl run … | head -1`): the status (and, while
 * signals are caught, the message) docker ends with (src/lib/cli/broken-pipe.ts).
 */
export function quietBrokenPipe(error: unknown): unknown {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== 'EPIPE') return error
  const {code, message} = brokenPipe('stdout')
  return new StatusError(message ?? '', code)
}
