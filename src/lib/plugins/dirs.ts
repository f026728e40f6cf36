// Where docker looks for CLI plugins, and which directory entries are plugin candidates.
import {readdirSync} from 'node:fs'
import path from 'node:path'

import type {ConfigFile} from '../config/config-file.js'

export const PLUGIN_NAME_PREFIX = 'docker-'

/** docker 28's system plugin directories on Linux, searched after the user's own. */
export const SYSTEM_PLUGIN_DIRS: readonly string[] = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
]

/** The search order: config.json's extra directories, `<config dir>/cli-plugins`, the system ones. */
export function pluginDirs(configDir: string, config: ConfigFile): string[] {
  return [...(config.cliPluginsExtraDirs ?? []), path.join(configDir, 'cli-plugins'), ...SYSTEM_PLUGIN_DIRS]
}

/**
 * Every `docker-*` regular file or symlink (dangling ones included, as docker lists them) in
 * `dirs`, by plugin name, each name's paths in search order. Unreadable directories are skipped.
 */
export function listCandidates(dirs: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const dir of dirs) {
    let entries
    try {
      entries = readdirSync(dir, {withFileTypes: true})
    } catch {
      continue
    }
    for (const entry of entries) {
      if (!entry.isFile() && !entry.isSymbolicLink()) continue
      if (!entry.name.startsWith(PLUGIN_NAME_PREFIX)) continue
      const name = entry.name.slice(PLUGIN_NAME_PREFIX.length)
      const paths = found.get(name) ?? []
      paths.push(path.join(dir, entry.name))
      found.set(name, paths)
    }
  }
  return found
}
