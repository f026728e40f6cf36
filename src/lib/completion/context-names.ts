// The context names docker's completion offers: those in the context store
// ($DOCKER_CONFIG/contexts/meta/<digest>/meta.json, in natural order), then `default`, which
// always exists. Read directly rather than through a context module, because a Tab press
// should not load more than it needs; an unreadable store simply offers fewer names.
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

import {compareNatural} from '../go/sortorder.js'

export const DEFAULT_CONTEXT = 'default'

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
  if (opts.context) return opts.context
  if (opts.host !== undefined || opts.env.DOCKER_HOST) return DEFAULT_CONTEXT
  if (opts.env.DOCKER_CONTEXT) return opts.env.DOCKER_CONTEXT
  try {
    const config = JSON.parse(readFileSync(path.join(opts.configDir, 'config.json'), 'utf8')) as {currentContext?: unknown}
    if (typeof config.currentContext === 'string' && config.currentContext !== '') return config.currentContext
  } catch {
    // no config file, or not JSON: docker falls back to the default context as well
  }
  return DEFAULT_CONTEXT
}
