// `whalectl --version` (or `-v`) alone needs no command code: bin/run.js prints its line from
// the build's stamp without loading the CLI bundle, exactly as src/main.ts prints it.
import {readBuildInfo, versionLine} from '../cli/help/version-line.js'

/** The version line, or undefined when the build left no stamp (main then prints it). */
export function quickVersionLine(): string | undefined {
  const info = readBuildInfo('')
  return info.version === '' ? undefined : versionLine(info)
}
