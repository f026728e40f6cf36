// The context names docker's completion offers: those in the context store
// ($DOCKER_CONFIG/contexts/meta/<digest>/meta.json, in natural order), then `default`, which
// always exists. Read directly rather than through a context module, because a Tab press
// should not load more than it needs; an unreadable store simply offers fewer names.
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

import {DEFAULT_CONTEXT, resolveContextName} from '../context/context-name.js'
import {compareNatural} from '../go/sortorder.js'


function storedName(metaFile: string): string | undefined {
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as {Name?: unknown}
    return typeof meta.Name === 'string' && meta.Name !== '' ? meta.Name : undefined
  } catch {
    return undefined
  }
}

export function contextNames(configDir: string): string[] {
  const metaRoot = path.join(configDir, 'contexts', 'meta')
  let dirs: string[]
  try {
    dirs = readdirSync(metaRoot)
  } catch {
    dirs = []
  }
  const names = dirs.map((dir) => storedName(path.join(metaRoot, dir, 'meta.json'))).filter((name): name is string => name !== undefined)
  return [...names.sort(compareNatural), DEFAULT_CONTEXT]
}

/** The context docker would use (its resolveContextName): the flags, the environment, then config.json. */
export function currentContextName(opts: {context?: string; host?: string; configDir: string; env: NodeJS.ProcessEnv}): string {
  return resolveContextName(opts, opts.env, () => configuredContext(opts.configDir))
}

function configuredContext(configDir: string): string | undefined {
  try {
    const config = JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8')) as {currentContext?: unknown}
    return typeof config.currentContext === 'string' ? config.currentContext : undefined
  } catch {
    // no config file, or not JSON: docker falls back to the default context as well
    return undefined
  }
}
