// Which context is current and what the `default` context is, as docker's CLI works them out
// (command.resolveContextName, ResolveDefaultContext): the default context is not stored, it is
// -H/DOCKER_HOST and the TLS flags and variables of this very run.
import {readFile, stat} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {goPathErrorText} from '../archive/go-fs-errors.js'
import type {GlobalOptions} from '../cli/context.js'
import type {ConfigFile} from '../config/config-file.js'
import {parseHost} from '../engine/endpoint.js'
import {goQuote} from '../format/go-print.js'
import {type ContextMetadata, DEFAULT_CONTEXT, DOCKER_ENDPOINT, dockerEndpointValue} from './metadata.js'
import {resolveContextName} from './context-name.js'
import type {ContextTLSData} from './store.js'

/** The current context's name (resolveContextName) for a command with its config file. */
export function currentContextName(globals: Pick<GlobalOptions, 'context' | 'host'>, env: NodeJS.ProcessEnv, config: ConfigFile): string {
  return resolveContextName(globals, env, () => config.currentContext)
}

export interface DefaultContext {
  meta: ContextMetadata
  tls: ContextTLSData
}

/** The client options' TLS switches: a flag given on the command line beats its variable. */
function tlsSettings(globals: GlobalOptions, env: NodeJS.ProcessEnv): {on: boolean; verify: boolean} {
  const changed = globals.changed
  const given = (flag: string): boolean => changed?.has(flag) ?? false
  const tls = given('tls') ? globals.tls : globals.tls || Boolean(env.DOCKER_TLS)
  const verify = given('tlsverify') ? globals.tlsVerify : globals.tlsVerify || Boolean(env.DOCKER_TLS_VERIFY)
  return {on: tls || verify || given('tlsverify'), verify}
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  )
}

async function readGo(file: string): Promise<Buffer> {
  try {
    return await readFile(file)
  } catch (error) {
    throw new Error(goPathErrorText('open', file, error))
  }
}

/** TLSDataFromFiles for the TLS flags: ca.pem always, cert.pem and key.pem when given or present. */
async function defaultTLSFiles(globals: GlobalOptions, env: NodeJS.ProcessEnv): Promise<Map<string, Buffer>> {
  const certDir = env.DOCKER_CERT_PATH || env.DOCKER_CONFIG || path.join(os.homedir(), '.docker')
  const optional = async (flag: string | undefined, file: string): Promise<string> => flag ?? ((await exists(path.join(certDir, file))) ? path.join(certDir, file) : '')
  const sources: Array<[string, string]> = [
    ['ca.pem', globals.tlsCaCert ?? path.join(certDir, 'ca.pem')],
    ['cert.pem', await optional(globals.tlsCert, 'cert.pem')],
    ['key.pem', await optional(globals.tlsKey, 'key.pem')],
  ]
  const files = new Map<string, Buffer>()
  for (const [name, file] of sources) if (file !== '') files.set(name, await readGo(file))
  return files
}

/** ResolveDefaultContext: throws docker's message for a host it cannot parse or a TLS file it cannot read. */
export async function resolveDefaultContext(globals: GlobalOptions, env: NodeJS.ProcessEnv): Promise<DefaultContext> {
  const tls = tlsSettings(globals, env)
  const host = parseHost(globals.host ?? env.DOCKER_HOST ?? '', tls.on)
  const endpoints = new Map([[DOCKER_ENDPOINT, dockerEndpointValue(host, tls.on && !tls.verify)]])
  const data: ContextTLSData = new Map()
  if (tls.on) {
    const files = await defaultTLSFiles(globals, env)
    if (files.size > 0) data.set(DOCKER_ENDPOINT, files)
  }
  return {meta: {endpoints, metadata: new Map(), name: DEFAULT_CONTEXT}, tls: data}
}

/** docker's warning when DOCKER_HOST is set: it, not the current context, names the engine. */
export function dockerHostWarning(contextName?: string): string {
  const use = contextName === undefined ? 'a context' : goQuote(contextName)
  return `Warning: DOCKER_HOST environment variable overrides the active context. To use ${use}, either set the global --context flag, or unset DOCKER_HOST environment variable.\n`
}
