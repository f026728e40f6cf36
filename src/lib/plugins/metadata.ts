// `docker-<name> docker-cli-plugin-metadata`: how docker asks a plugin what it is.
import {spawn} from 'node:child_process'
import {getSystemErrorMap} from 'node:util'

import {goErrnoText} from '../archive/go-fs-errors.js'
import {unmarshalStringStruct} from '../config/config-file.js'
import {exitText} from '../engine/command-connection.js'

export const METADATA_SUBCOMMAND = 'docker-cli-plugin-metadata'

/** cli-plugins/metadata.Metadata: what a plugin says about itself. */
export interface PluginMetadata {
  SchemaVersion?: string
  Vendor?: string
  Version?: string
  ShortDescription?: string
  URL?: string
}

const METADATA_FIELDS = ['SchemaVersion', 'Vendor', 'Version', 'ShortDescription', 'URL'] as const

/** The errno of a failed spawn as Go's os/exec words it (`permission denied`). */
export function spawnErrnoText(error: NodeJS.ErrnoException): string {
  const known = typeof error.errno === 'number' ? getSystemErrorMap().get(error.errno)?.[1] : undefined
  // goErrnoText knows where Go's wording differs from libuv's.
  return goErrnoText(known === undefined ? error : Object.assign(new Error(`${error.code}: ${known}`), {code: error.code}))
}

/**
 * Runs the metadata subcommand as exec.Command(path, …).Output() does: stdin empty, stderr
 * discarded, the caller's environment. Resolves to stdout, or to the text of Go's error.
 */
export function fetchMetadata(file: string, env: NodeJS.ProcessEnv): Promise<{output: Buffer} | {error: string}> {
  return new Promise((resolve) => {
    const child = spawn(file, [METADATA_SUBCOMMAND], {env, stdio: ['ignore', 'pipe', 'ignore']})
    const chunks: Buffer[] = []
    let failed = false
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.on('error', (error: NodeJS.ErrnoException) => {
      failed = true
      resolve({error: `fork/exec ${file}: ${spawnErrnoText(error)}`})
    })
    child.on('close', (code, signal) => {
      if (failed) return
      resolve(code === 0 ? {output: Buffer.concat(chunks)} : {error: exitText(code, signal)})
    })
  })
}

/** json.Unmarshal of the metadata into docker's struct: the fields, or Go's error text. */
export function parseMetadata(output: Buffer): {metadata: PluginMetadata; error?: string} {
  const {value, error} = unmarshalStringStruct(output, 'metadata.Metadata', METADATA_FIELDS)
  const metadata: PluginMetadata = {}
  for (const field of METADATA_FIELDS) if (value[field] !== undefined) metadata[field] = value[field]
  return error === undefined ? {metadata} : {error, metadata}
}
