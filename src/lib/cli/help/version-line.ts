// `-v/--version`: docker's line, `Docker version <release>, build <commit>`, with the docker
// release whose behaviour whalectl matches and whalectl's own version in the release
// (`28.2.2-whalectl.0.1.0`), so that tools checking the `Docker version` prefix accept it.
// The commit comes from dist/build-info.json (scripts/build-info.js), read only when asked.
import {readFileSync, realpathSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** The docker CLI release whose behaviour whalectl follows. */
export const DOCKER_RELEASE = '28.2.2'

/** docker's version.GitCommit when a build does not set it. */
const UNKNOWN_COMMIT = 'unknown-commit'

export interface BuildInfo {
  version: string
  commit?: string
}

function candidates(): string[] {
  const out: string[] = []
  try {
    // dist/lib/cli/help/version-line.js → dist/build-info.json
    out.push(fileURLToPath(new URL('../../../build-info.json', import.meta.url)))
  } catch {
    // no module URL (a CommonJS bundle)
  }
  const script = process.argv[1]
  if (script) {
    try {
      // bin/run.js, through any `docker` symlink → dist/build-info.json
      out.push(path.join(path.dirname(realpathSync(script)), '..', 'dist', 'build-info.json'))
    } catch {
      // the script path is gone or unreadable
    }
  }
  return out
}

/** The build's stamp, or the package version alone when the build wrote none. */
export function readBuildInfo(fallbackVersion: string): BuildInfo {
  for (const file of candidates()) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<BuildInfo>
      if (typeof parsed.version !== 'string') continue
      return typeof parsed.commit === 'string' ? {commit: parsed.commit, version: parsed.version} : {version: parsed.version}
    } catch {
      // not there or not ours: try the next place
    }
  }
  return {version: fallbackVersion}
}

export function versionLine(info: BuildInfo): string {
  return `Docker version ${DOCKER_RELEASE}-whalectl.${info.version}, build ${info.commit ?? UNKNOWN_COMMIT}\n`
}
