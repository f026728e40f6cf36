// One plugin candidate checked as docker's manager.newPlugin checks it: name, shadowing of a
// builtin, then its metadata. A plugin that fails carries the reason, which help and info show.
import path from 'node:path'

import {goQuote} from '../format/go-print.js'
import {type BuiltinCommands} from './builtins.js'
import {PLUGIN_NAME_PREFIX} from './dirs.js'
import {fetchMetadata, parseMetadata, type PluginMetadata} from './metadata.js'

/** A discovered plugin: its metadata as docker reads it, where it is, and why it is unusable. */
export interface PluginInfo extends PluginMetadata {
  Name: string
  Path: string
  /** docker's reason the plugin is invalid; such a plugin is listed but never run. */
  Err?: string
  /** Later candidates of the same name that this one hides. */
  ShadowedPaths?: string[]
}

export const PLUGIN_NAME = /^[a-z][a-z0-9]*$/

export async function loadPlugin(file: string, builtins: BuiltinCommands, env: NodeJS.ProcessEnv): Promise<PluginInfo> {
  const name = path.basename(file).slice(PLUGIN_NAME_PREFIX.length)
  const plugin: PluginInfo = {Name: name, Path: file}
  if (!PLUGIN_NAME.test(name)) return {...plugin, Err: `plugin candidate ${goQuote(name)} did not match ${goQuote(PLUGIN_NAME.source)}`}
  if (builtins.names.has(name)) return {...plugin, Err: `plugin ${goQuote(name)} duplicates builtin command`}
  const aliased = builtins.aliases[name]
  if (aliased !== undefined) return {...plugin, Err: `plugin ${goQuote(name)} duplicates an alias of builtin command ${goQuote(aliased)}`}

  const fetched = await fetchMetadata(file, env)
  if ('error' in fetched) return {...plugin, Err: `failed to fetch metadata: ${fetched.error}`}
  const {metadata, error} = parseMetadata(fetched.output)
  const described: PluginInfo = {...plugin, ...metadata}
  if (error !== undefined) return {...described, Err: `invalid metadata: ${error}`}
  if (metadata.SchemaVersion !== '0.1.0') return {...described, Err: `plugin SchemaVersion ${goQuote(metadata.SchemaVersion ?? '')} is not valid, must be 0.1.0`}
  if (!metadata.Vendor) return {...described, Err: 'plugin metadata does not define a vendor'}
  return described
}
