// The one-line descriptions and hidden marks of commands, for listing them after a Tab. Knowing
// them means loading every command's module, which costs a few hundred milliseconds: far too
// much for each Tab press. So they are worked out once and kept in the user's cache directory,
// under a key that changes whenever the built command modules do.
import {mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {fnv1a, userCacheDir} from '../startup/cache-key.js'

export interface CommandSummary {
  summary: string
  hidden: boolean
}

export type SummaryLoader = (id: string) => Promise<CommandSummary | undefined>

/**
 * What the built code is: size and mtime of this module (the whole CLI, when it runs from the
 * bundle) and of every command module beside it. Any rebuild that could change a description
 * changes the key.
 */
function buildKey(salt: string): string {
  const self = fileURLToPath(import.meta.url)
  const files = [self]
  const commandsDir = path.resolve(path.dirname(self), '..', '..', 'commands')
  try {
    for (const entry of readdirSync(commandsDir)) files.push(path.join(commandsDir, entry))
  } catch {
    // running from the bundle: its own stat covers every command
  }
  const stamps = files.map((file) => {
    try {
      const stat = statSync(file)
      return `${file}:${stat.size}:${stat.mtimeMs}`
    } catch {
      return `${file}:-`
    }
  })
  return `${salt}\n${stamps.join('\n')}`
}

interface CacheFile {
  key: string
  entries: Record<string, CommandSummary>
}

function readCache(file: string, key: string): Record<string, CommandSummary> {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as CacheFile
    return data.key === key && typeof data.entries === 'object' && data.entries !== null ? data.entries : {}
  } catch {
    return {}
  }
}

function writeCache(file: string, data: CacheFile): void {
  try {
    mkdirSync(path.dirname(file), {recursive: true})
    // written aside and renamed, so that a Tab pressed in another shell never reads half a file
    const temp = `${file}.${process.pid}.tmp`
    writeFileSync(temp, JSON.stringify(data))
    renameSync(temp, file)
  } catch {
    // a cache that cannot be written only means the next Tab works it out again
  }
}

/** Summaries of `ids`, from the cache where it has them, else from `load` (and then cached). */
export async function commandSummaries(ids: readonly string[], load: SummaryLoader, env: NodeJS.ProcessEnv, salt: string): Promise<Map<string, CommandSummary>> {
  const dir = userCacheDir(env)
  const key = buildKey(salt)
  const file = dir === undefined ? undefined : path.join(dir, `completion-${fnv1a(key)}.json`)
  const cached = file === undefined ? {} : readCache(file, key)
  const out = new Map<string, CommandSummary>()
  let added = false
  for (const id of ids) {
    let entry = cached[id]
    if (entry === undefined) {
      entry = await load(id)
      if (entry === undefined) continue
      cached[id] = entry
      added = true
    }
    out.set(id, entry)
  }
  if (added && file !== undefined) writeCache(file, {entries: cached, key})
  return out
}
