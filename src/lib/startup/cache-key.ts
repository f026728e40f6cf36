// Where a V8 code cache for the CLI bundle lives and what it is good for. V8 accepts cached code
// only from the same V8 build and flags, and checks no more of the source than its length, so a
// cache is keyed by the bundle's hash, the Node version, the architecture and the options node
// was started with; a cache under any other key is never handed to V8.
import os from 'node:os'
import path from 'node:path'

export interface CacheKeyParts {
  /** The hash the build wrote on the bundle's first line (`// whalectl-bundle <hash>`). */
  bundleHash: string
  nodeVersion: string
  arch: string
  /** node's own options: process.execArgv and NODE_OPTIONS. */
  nodeOptions: readonly string[]
}

const HEADER_PREFIX = 'whalectl-code-cache '

/** The key, one line of printable text. */
export function cacheKey(parts: CacheKeyParts): string {
  return [parts.bundleHash, parts.nodeVersion, parts.arch, ...parts.nodeOptions].join(' ').replace(/[^\x21-\x7e ]/g, '?')
}

/** The key of the running process for a bundle. */
export function processCacheKey(bundleHash: string, env: NodeJS.ProcessEnv = process.env): string {
  const nodeOptions = [...process.execArgv, ...(env.NODE_OPTIONS ? [`NODE_OPTIONS=${env.NODE_OPTIONS}`] : [])]
  return cacheKey({arch: process.arch, bundleHash, nodeOptions, nodeVersion: process.version})
}

/** The hash from the bundle's first line, or undefined when the build wrote none. */
export function bundleHashOf(source: string): string | undefined {
  return /^\/\/ whalectl-bundle ([0-9a-f]+)\n/.exec(source)?.[1]
}

/** A cache file: a header line with the key, then V8's bytes. */
export function withHeader(key: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${HEADER_PREFIX}${key}\n`), data])
}

/** V8's bytes from a cache file, when its header names `key`; otherwise undefined. */
export function cachedDataFor(file: Buffer, key: string): Buffer | undefined {
  const header = Buffer.from(`${HEADER_PREFIX}${key}\n`)
  if (file.length <= header.length || !file.subarray(0, header.length).equals(header)) return undefined
  return file.subarray(header.length)
}

/** `$XDG_CACHE_HOME/whalectl`, else `~/.cache/whalectl`; undefined when neither can be named. */
export function userCacheDir(env: NodeJS.ProcessEnv, homedir: () => string = os.homedir): string | undefined {
  // The XDG spec ignores a relative XDG_CACHE_HOME.
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'whalectl')
  let home: string
  try {
    home = homedir()
  } catch {
    return undefined
  }
  return home && path.isAbsolute(home) ? path.join(home, '.cache', 'whalectl') : undefined
}

/**
 * The user-level cache file for a key. The name carries a short hash of the key (the key itself
 * is in the header, which is what is checked), so one directory holds a file per Node version,
 * option set and bundle.
 */
export function userCacheFile(dir: string, key: string): string {
  return path.join(dir, `cli-${fnv1a(key)}.cache`)
}

/** 32-bit FNV-1a as 8 hex digits: cheap and enough to spread file names (not a checksum). */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}
