// The name whalectl answers to: `docker` when it was started under that name (a symlink or a
// copy called `docker` on PATH; Node keeps the invoked path in argv[1], symlink included), so
// scripts that grep docker's own words keep working; its own name otherwise.
import path from 'node:path'

export function programNameFrom(scriptPath: string | undefined): 'docker' | 'whalectl' {
  if (scriptPath === undefined) return 'whalectl'
  const base = path.basename(scriptPath)
  return base === 'docker' || base === 'docker.exe' ? 'docker' : 'whalectl'
}
