// ssh:// engines, as docker 28's connhelper reaches them: every connection is its own
// `ssh … -- host docker system dial-stdio` process, HTTP goes over its stdio, and requests
// carry a dummy host. docker does not probe the far side first; a failure shows when the
// first request's connection ends with ssh's exit status and stderr.
import {Agent, type AgentOptions} from 'node:http'

import {CommandConnection} from './command-connection.js'
import type {SshSpec} from './endpoint.js'
import {urlErrorText} from './errors.js'

/** The host of the dummy URL docker's client uses for an ssh:// engine (connhelper's Host). */
export const SSH_DUMMY_HOST = 'docker.example.com'
export const SSH_DAEMON_URL = `http://${SSH_DUMMY_HOST}`

/**
 * ssh's arguments, in docker's order: its default flags (`-o ConnectTimeout=30` as one
 * argument, and `-T` so that no login shell with a terminal runs), then the spec's
 * `-l user` and `-p port`, then `-- host` and the far side's command.
 */
export function sshArgs(spec: SshSpec): string[] {
  const remote = ['docker', ...(spec.socketPath === undefined ? [] : ['--host', `unix://${spec.socketPath}`]), 'system', 'dial-stdio']
  return [
    '-o ConnectTimeout=30',
    '-T',
    ...(spec.user === undefined ? [] : ['-l', spec.user]),
    ...(spec.port === undefined ? [] : ['-p', spec.port]),
    '--',
    spec.host,
    ...remote,
  ]
}

/** Starts one ssh process and returns it as a connection to the far side's engine. */
export function openSshConnection(spec: SshSpec): CommandConnection {
  return new CommandConnection('ssh', sshArgs(spec))
}

/**
 * An http.Agent whose connections are ssh processes. With keepAlive, idle ones are reused as
 * Go's transport reuses its commandConns; without, each request gets its own and ends it.
 */
export class SshAgent extends Agent {
  private readonly spec: SshSpec

  constructor(spec: SshSpec, options: AgentOptions = {}) {
    super(options)
    this.spec = spec
  }

  override createConnection(): CommandConnection {
    return openSshConnection(this.spec)
  }
}

/**
 * The message docker's client gives for a request to an ssh:// engine that failed at the
 * connection: a url.Error (`Get "http://docker.example.com/…": …`) behind "error during
 * connect", except that any such error mentioning "connection refused" or "dial unix" (the
 * far side's dial-stdio failing, say) becomes "Cannot connect to the Docker daemon".
 */
export function sshRequestErrorText(method: string, url: string, error: NodeJS.ErrnoException): string {
  // node:http's name for a connection that ended before any answer; Go's is a bare EOF.
  const cause = error.code === 'ECONNRESET' && error.message === 'socket hang up' ? 'EOF' : error.message
  const text = urlErrorText(method, url, cause)
  if (text.includes('connection refused') || text.includes('dial unix')) return `Cannot connect to the Docker daemon at ${SSH_DAEMON_URL}. Is the docker daemon running?`
  return `error during connect: ${text}`
}
