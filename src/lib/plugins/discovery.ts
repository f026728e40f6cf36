// Finding plugins as docker's plugin manager does: all of them for help and info, one by name for
// the builder hand-off, and the one a command line names when no builtin matches.
import {statSync} from 'node:fs'
import path from 'node:path'

import type {ConfigFile} from '../config/config-file.js'
import {naturalLess} from '../go/sortorder.js'
import {builtinCommands} from './builtins.js'
import {listCandidates, PLUGIN_NAME_PREFIX, pluginDirs} from './dirs.js'
import {loadPlugin, PLUGIN_NAME, type PluginInfo} from './plugin.js'

export type {PluginInfo} from './plugin.js'

/**
 * Every plugin docker would show in `docker --help` and `docker info`, valid or not, the first
 * candidate of each name winning, in docker's natural order of names.
 */
export async function listPlugins(configDir: string, config: ConfigFile, env: NodeJS.ProcessEnv = process.env): Promise<PluginInfo[]> {
  const candidates = listCandidates(pluginDirs(configDir, config))
  const builtins = builtinCommands('list')
  const plugins = await Promise.all(
    [...candidates.values()].map(async ([first, ...shadowed]) => {
      const plugin = await loadPlugin(first as string, builtins, env)
      return shadowed.length > 0 ? {...plugin, ShadowedPaths: shadowed} : plugin
    }),
  )
  return plugins.sort((a, b) => (naturalLess(a.Name, b.Name) ? -1 : naturalLess(b.Name, a.Name) ? 1 : 0))
}

/**
 * manager.GetPlugin: the named plugin's first candidate, checked; undefined when there is none.
 * `phase` says which builtins it may not shadow (see builtinCommands).
 */
export async function getPlugin(name: string, configDir: string, config: ConfigFile, env: NodeJS.ProcessEnv, phase: 'run' | 'list' = 'run'): Promise<PluginInfo | undefined> {
  const [first] = listCandidates(pluginDirs(configDir, config)).get(name) ?? []
  return first === undefined ? undefined : loadPlugin(first, builtinCommands(phase), env)
}

/**
 * manager.PluginRunCommand's lookup: the first directory holding an existing `docker-<name>`
 * decides; a plugin that fails its checks there is "not found", as docker treats it.
 */
export async function findRunnablePlugin(name: string, configDir: string, config: ConfigFile, env: NodeJS.ProcessEnv): Promise<PluginInfo | undefined> {
  if (!PLUGIN_NAME.test(name)) return undefined
  for (const dir of pluginDirs(configDir, config)) {
    const file = path.join(dir, PLUGIN_NAME_PREFIX + name)
    if (!exists(file)) continue
    const plugin = await loadPlugin(file, builtinCommands('run'), env)
    return plugin.Err === undefined ? plugin : undefined
  }
  return undefined
}

// os.Stat follows symlinks; only "does not exist" moves on to the next directory.
function exists(file: string): boolean {
  try {
    statSync(file)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT'
  }
}
