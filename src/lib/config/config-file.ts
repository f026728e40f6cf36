// The user's docker config.json ($DOCKER_CONFIG or ~/.docker): read lazily, never at import time.
import {readFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface AuthEntry {
  auth?: string
  username?: string
  password?: string
  identitytoken?: string
  registrytoken?: string
  email?: string
}

export interface ConfigFile {
  auths?: Record<string, AuthEntry>
  credsStore?: string
  credHelpers?: Record<string, string>
  psFormat?: string
  detachKeys?: string
  currentContext?: string
  HttpHeaders?: Record<string, string>
  /** Filters every `prune` adds to its own (`label=…`, `until=…`). */
  pruneFilters?: string[]
}

export function defaultConfigDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker')
}

/** Reads config.json; a broken file is reported as docker does and then ignored. */
export function loadConfigFile(dir: string, warn: (line: string) => void): ConfigFile {
  const file = path.join(dir, 'config.json')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return {}
  }
  if (text.trim() === '') return {}
  try {
    const parsed = JSON.parse(text) as unknown
    return parsed !== null && typeof parsed === 'object' ? (parsed as ConfigFile) : {}
  } catch {
    warn(`WARNING: Error parsing config file (${file}): unexpected EOF`)
    return {}
  }
}
