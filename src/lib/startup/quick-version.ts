// `whalectl --version` (or `-v`) alone needs no command code: bin/run.js prints its line from
// the build's stamp without loading the CLI, exactly as src/main.ts prints it. This module is
// imported only for that command line, so that the other commands do not pay for it.
import {readBuildInfo, versionLine} from '../cli/help/version-line.js'

/** Whether the command line is `--version` or `-v` alone (bin/run.js checks this inline). */
export function isVersionOnly(args: readonly string[]): boolean {
  return args.length === 1 && (args[0] === '--version' || args[0] === '-v')
}

/** The version line, or undefined when the build left no stamp (main then prints it). */
export function quickVersionLine(): string | undefined {
  const info = readBuildInfo('')
  return info.version === '' ? undefined : versionLine(info)
}
