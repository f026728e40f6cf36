// `--docker host=…,ca=…,cert=…,key=…,skip-tls-verify=…,from=…` of `context create` and
// `context update`: pflag's stringToString parsing of the flag, and docker's getDockerEndpoint,
// which turns the keys into the endpoint's metadata and TLS files and checks them the way
// creating an API client would.
import {X509Certificate} from 'node:crypto'
import {readFile} from 'node:fs/promises'

import {goPathErrorText} from '../archive/go-fs-errors.js'
import {type FlagSpec, flagSpec} from '../cli/argv.js'
import {BIN} from '../cli/docker-command.js'
import {CliError} from '../cli/errors.js'
import {goQuote} from '../format/go-print.js'
import {readCsvRecord} from '../go/csv.js'
import type {GoMap} from './go-any.js'
import {dockerEndpointOf, dockerEndpointValue} from './metadata.js'
import type {ContextStoreWithDefault} from './store-with-default.js'

const ALLOWED_KEYS = new Set(['from', 'host', 'ca', 'cert', 'key', 'skip-tls-verify'])

/** pflag's stringToString Set: one `k=v` as given (quotes trimmed), several as one CSV record. */
export function parseKeyValues(value: string): Array<[string, string]> {
  const equals = value.split('=').length - 1
  if (equals === 0) throw new Error(`${value} must be formatted as key=value`)
  const pairs = equals === 1 ? [value.replace(/^"+|"+$/g, '')] : readCsvRecord(value)
  return pairs.map((pair) => {
    const eq = pair.indexOf('=')
    if (eq === -1) throw new Error(`${pair} must be formatted as key=value`)
    return [pair.slice(0, eq), pair.slice(eq + 1)]
  })
}

export const DOCKER_FLAG: FlagSpec = {...flagSpec('docker', 'stringArray', 'stringToString', 'set the docker endpoint', {parse: parseKeyValues}), helpDefault: '[]'}

/** The --docker values merged as pflag merges repeated ones; undefined when the flag was not given. */
export function dockerOptions(values: readonly string[] | undefined): Map<string, string> | undefined {
  if (values === undefined || values.length === 0) return undefined
  const out = new Map<string, string>()
  for (const value of values) for (const [key, v] of parseKeyValues(value)) out.set(key, v)
  return out
}

export interface DockerEndpointConfig {
  endpoint: GoMap
  /** The TLS files to store for the endpoint; undefined when none was named. */
  tls?: Map<string, Buffer>
}

async function readTLSFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file)
  } catch (error) {
    throw new Error(goPathErrorText('open', file, error))
  }
}

function parseSkipTLSVerify(value: string | undefined): boolean {
  if (value === undefined) return false
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false
  throw new Error(`skip-tls-verify: parsing ${goQuote(value)}: invalid syntax`)
}

const PEM_BLOCK = /-----BEGIN ([^-\n]+)-----\r?\n[\s\S]*?-----END \1-----/g

/** x509.CertPool.AppendCertsFromPEM: at least one CERTIFICATE block that parses. */
function hasCertificate(pem: Buffer): boolean {
  return [...pem.toString('latin1').matchAll(PEM_BLOCK)].some((m) => {
    if (m[1] !== 'CERTIFICATE') return false
    try {
      new X509Certificate(m[0])
      return true
    } catch {
      return false
    }
  })
}

/**
 * url.Parse's objections to a host docker sees before anything else (connhelper): a scheme that
 * starts with a non-letter, and a colon in the first segment of a scheme-less path.
 */
function checkURL(host: string): void {
  const scheme = /^([^:/?#]*):/.exec(host)
  if (scheme !== null) {
    const name = scheme[1] ?? ''
    if (/^[A-Za-z][A-Za-z0-9+.-]*$/.test(name)) return
    if (name === '' || !/[^A-Za-z0-9+.-]/.test(name)) throw new Error(`parse ${goQuote(host)}: missing protocol scheme`)
  }
  const firstSegment = host.split('/')[0] ?? ''
  if (firstSegment.includes(':')) throw new Error(`parse ${goQuote(host)}: first path segment in URL cannot contain colon`)
}

/** What creating an API client for the endpoint would refuse (Endpoint.ClientOpts, client.WithHost). */
function checkClientOptions(host: string, skipTLSVerify: boolean, tls: Map<string, Buffer> | undefined): void {
  if (host === '') return
  try {
    checkURL(host)
  } catch (error) {
    throw new Error(`invalid docker endpoint options: ${(error as Error).message}`)
  }
  const sep = host.indexOf('://')
  const proto = sep === -1 ? '' : host.slice(0, sep)
  if (!['unix', 'npipe', 'fd', 'ssh'].includes(proto) && (tls !== undefined || skipTLSVerify)) {
    const ca = tls?.get('ca.pem')
    if (ca !== undefined && !hasCertificate(ca)) throw new Error('invalid docker endpoint options: failed to retrieve context tls info: ca.pem seems invalid')
    const key = tls?.get('key.pem')
    if (key !== undefined && tls?.get('cert.pem') !== undefined && !new RegExp(PEM_BLOCK.source).test(key.toString('latin1'))) {
      throw new Error('invalid docker endpoint options: no valid private key found')
    }
  }
  if (sep === -1 || host.slice(sep + 3) === '') throw new Error(`unable to apply docker endpoint options: unable to parse docker host \`${host}\``)
}

/** getDockerEndpointMetadataAndTLS, its failures worded as `create` and `update` report them. */
export async function dockerEndpointConfig(store: ContextStoreWithDefault, options: Map<string, string>): Promise<DockerEndpointConfig> {
  try {
    return await endpointConfig(store, options)
  } catch (error) {
    throw new CliError(`unable to create docker endpoint config: ${(error as Error).message}`)
  }
}

async function endpointConfig(store: ContextStoreWithDefault, options: Map<string, string>): Promise<DockerEndpointConfig> {
  const unknown = [...options.keys()].filter((key) => !ALLOWED_KEYS.has(key))
  if (unknown.length > 0) throw new Error(unknown.map((key) => `unrecognized config key: ${key}`).join('\n'))
  const from = options.get('from')
  if (from !== undefined) {
    const meta = await store.get(from)
    try {
      const {host, skipTLSVerify} = dockerEndpointOf(meta)
      return {endpoint: dockerEndpointValue(host, skipTLSVerify)}
    } catch {
      throw new Error(`unable to get endpoint from context ${goQuote(from)}`)
    }
  }
  const tls = new Map<string, Buffer>()
  for (const [key, file] of [
    ['ca', 'ca.pem'],
    ['cert', 'cert.pem'],
    ['key', 'key.pem'],
  ] as const) {
    const source = options.get(key)
    if (source) tls.set(file, await readTLSFile(source))
  }
  const skipTLSVerify = parseSkipTLSVerify(options.get('skip-tls-verify'))
  const host = options.get('host') ?? ''
  const files = tls.size > 0 ? tls : undefined
  checkClientOptions(host, skipTLSVerify, files)
  const config: DockerEndpointConfig = {endpoint: dockerEndpointValue(host, skipTLSVerify)}
  if (files !== undefined) config.tls = files
  return config
}

/**
 * The long description of `context create`/`update`: docker's table of --docker keys and an
 * example. Read when the command module loads, after the program name is known.
 */
export function endpointConfigHelp(summary: string, verb: 'create' | 'update'): string {
  const rows: Array<[string, string]> = [
    ['NAME', 'DESCRIPTION'],
    ['from', "Copy named context's Docker endpoint configuration"],
    ['host', 'Docker endpoint on which to connect'],
    ['ca', 'Trust certs signed only by this CA'],
    ['cert', 'Path to TLS certificate file'],
    ['key', 'Path to TLS key file'],
    ['skip-tls-verify', 'Skip TLS certificate validation'],
  ]
  const table = rows.map(([name, text]) => `${name.padEnd(20)}${text}`).join('\n')
  const example = `$ ${BIN} context ${verb} my-context --description "some description" --docker "host=tcp://myserver:2376,ca=~/ca-file,cert=~/cert-file,key=~/key-file"`
  return `${summary}\n\nDocker endpoint config:\n\n${table}\n\nExample:\n\n${example}\n`
}
