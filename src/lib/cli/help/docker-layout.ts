// What docker's root help knows that no single command carries: the order of its "Common
// Commands", the one-line descriptions of its management commands, which of them are Swarm's,
// and the help-only face of its global options. Only entries whalectl has are ever shown.
import path from 'node:path'

import {goQuote} from '../../format/go-print.js'
import type {FlagSpec} from '../argv.js'

export const ROOT_DESCRIPTION = 'A self-sufficient runtime for containers'

export const ADDITIONAL_HELP = 'For more help on how to use Docker, head to https://docs.docker.com/go/guides/'

/** docker 28's `category-top` commands, in their order. */
export const COMMON_COMMANDS: readonly string[] = ['run', 'exec', 'ps', 'build', 'pull', 'push', 'images', 'login', 'logout', 'search', 'version', 'info']

/** The Short text of each docker management command. */
export const GROUP_SUMMARIES: Readonly<Record<string, string>> = {
  builder: 'Manage builds',
  checkpoint: 'Manage checkpoints',
  config: 'Manage Swarm configs',
  container: 'Manage containers',
  context: 'Manage contexts',
  image: 'Manage images',
  manifest: 'Manage Docker image manifests and manifest lists',
  network: 'Manage networks',
  node: 'Manage Swarm nodes',
  plugin: 'Manage plugins',
  secret: 'Manage Swarm secrets',
  service: 'Manage Swarm services',
  stack: 'Manage Swarm stacks',
  swarm: 'Manage Swarm',
  system: 'Manage Docker',
  trust: 'Manage trust on Docker images',
  volume: 'Manage volumes',
}

/** Management commands whose Use line goes on after the name (shown in their usage errors). */
export const GROUP_USE_ARGS: Readonly<Record<string, string>> = {manifest: 'COMMAND', volume: 'COMMAND'}

/** Management commands docker lists under "Swarm Commands". */
export const SWARM_GROUPS: ReadonlySet<string> = new Set(['config', 'node', 'secret', 'service', 'stack', 'swarm'])

/** docker's `help` command. */
export const HELP_COMMAND = {summary: 'Help about the command', usageLine: 'help [command]'}

/** What the help of the global options shows beyond the parser's table. */
export interface GlobalHelpSettings {
  /** The program's name, for the `context use` hint. */
  bin: string
  /** `--config`'s default: DOCKER_CONFIG or ~/.docker. */
  configDir: string
  env: NodeJS.ProcessEnv
}

/**
 * The global flags as docker's help shows them: defaults that depend on the environment
 * (config directory, certificate paths, DOCKER_TLS/DOCKER_TLS_VERIFY) and the longer
 * description of --context.
 */
export function globalHelpSpecs(flags: readonly FlagSpec[], settings: GlobalHelpSettings): FlagSpec[] {
  const certDir = settings.env.DOCKER_CERT_PATH || settings.configDir
  const decorations: Record<string, Partial<FlagSpec>> = {
    config: {helpDefault: goQuote(settings.configDir)},
    context: {
      description: `Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with "${settings.bin} context use")`,
    },
    tls: {helpDefault: settings.env.DOCKER_TLS ? 'true' : ''},
    tlscacert: {helpDefault: goQuote(path.join(certDir, 'ca.pem'))},
    tlscert: {helpDefault: goQuote(path.join(certDir, 'cert.pem'))},
    tlskey: {helpDefault: goQuote(path.join(certDir, 'key.pem'))},
    tlsverify: {helpDefault: settings.env.DOCKER_TLS_VERIFY ? 'true' : ''},
  }
  return flags.map((spec) => ({...spec, ...decorations[spec.name]}))
}
