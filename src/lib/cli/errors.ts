// Errors carry their exit code; only src/main.ts turns them into a process exit status,
// as docker's main() does with cli.StatusError.

export class CliError extends Error {
  readonly exitCode: number

  constructor(message: string, exitCode = 1) {
    super(message)
    this.name = new.target.name
    this.exitCode = exitCode
  }
}

/** Ends the process with `exitCode` and prints `message` only when it is non-empty (a container's status). */
export class StatusError extends CliError {}

/** A flag docker's parser (pflag) would reject: exit 125 with the command's usage block. */
export class FlagError extends CliError {
  constructor(message: string) {
    super(message, 125)
  }
}

/** Wrong number of positional arguments: docker exits 1 here, not 125. */
export class ArgCountError extends CliError {
  constructor(message: string) {
    super(message, 1)
  }
}

/** `--help` was given: show the command's help and exit 0. */
export class HelpRequested extends Error {}
