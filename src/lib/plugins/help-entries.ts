// The plugins as the root help lists them: valid ones with their ShortDescription, invalid ones
// with docker's reason.
import type {PluginHelpEntry} from '../cli/help/plugin-entries.js'
import {loadConfigFile} from '../config/config-file.js'
import {listPlugins} from './discovery.js'

export async function pluginHelpEntries(configDir: string, env: NodeJS.ProcessEnv): Promise<PluginHelpEntry[]> {
  // A broken config.json has been reported already by whoever read it first; help stays quiet.
  const config = loadConfigFile(configDir, () => {})
  const plugins = await listPlugins(configDir, config, env)
  return plugins.map((plugin) =>
    plugin.Err === undefined ? {name: plugin.Name, summary: plugin.ShortDescription ?? ''} : {invalidReason: plugin.Err, name: plugin.Name, summary: ''},
  )
}
