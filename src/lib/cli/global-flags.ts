// Docker's global options, which come before the command name (`whalectl -H unix:///x ps`).
import type {FlagSpec} from './argv.js'

export const GLOBAL_FLAGS: FlagSpec[] = [
  {description: 'Location of client config files', kind: 'string', name: 'config', valueName: 'string'},
  {description: 'Name of the context to use to connect to the daemon', kind: 'string', name: 'context', short: 'c', valueName: 'string'},
  {description: 'Enable debug mode', kind: 'bool', name: 'debug', short: 'D'},
  {description: 'Daemon socket to connect to', kind: 'stringArray', name: 'host', short: 'H', valueName: 'list'},
  {default: 'info', description: 'Set the logging level ("debug", "info", "warn", "error", "fatal")', kind: 'string', name: 'log-level', short: 'l', valueName: 'string'},
  {description: 'Use TLS; implied by --tlsverify', kind: 'bool', name: 'tls'},
  {description: 'Trust certs signed only by this CA', kind: 'string', name: 'tlscacert', valueName: 'string'},
  {description: 'Path to TLS certificate file', kind: 'string', name: 'tlscert', valueName: 'string'},
  {description: 'Path to TLS key file', kind: 'string', name: 'tlskey', valueName: 'string'},
  {description: 'Use TLS and verify the remote', kind: 'bool', name: 'tlsverify'},
  {description: 'Print version information and quit', kind: 'bool', name: 'version', short: 'v'},
]

const LOG_LEVELS = new Set(['debug', 'info', 'warn', 'error', 'fatal', 'panic', 'trace'])

export function isLogLevel(value: string): boolean {
  return LOG_LEVELS.has(value)
}
