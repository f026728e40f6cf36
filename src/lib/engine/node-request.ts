// A request to the engine on node:http. Streamed and hijacked requests pass agent: false, because
// such a socket must never go back to a pool; small requests share a keep-alive agent.
import {type Agent, type ClientRequest, request as httpRequest, type RequestOptions} from 'node:http'
import {request as httpsRequest} from 'node:https'

import type {Endpoint} from './endpoint.js'
import {SSH_DUMMY_HOST, SshAgent} from './ssh-connection.js'

export const USER_AGENT = 'whalectl/0.1.0 (linux)'

/** The headers docker sends on every request: its user agent, and a fixed Host on unix sockets and ssh. */
export function engineHeaders(endpoint: Endpoint): Record<string, string> {
  const host = endpoint.kind === 'unix' ? 'api.moby.localhost' : endpoint.kind === 'ssh' ? SSH_DUMMY_HOST : undefined
  return {'User-Agent': USER_AGENT, ...(host === undefined ? {} : {Host: host})}
}

export function openEngineRequest(endpoint: Endpoint, method: string, path: string, headers: Record<string, string>, signal?: AbortSignal, agent: Agent | false = false): ClientRequest {
  const common: RequestOptions = {agent, headers, method, path, signal}
  // Plain HTTP has no use for a TLS server name; an empty one stops node:http working it out
  // from the Host header, whose first net.isIP call compiles the IPv6 regex (~15 ms per start).
  const noServerName = {servername: ''} as RequestOptions
  if (endpoint.kind === 'unix') return httpRequest({...common, ...noServerName, socketPath: endpoint.socketPath})
  // Without a pooling agent, a one-request agent: node:http ignores createConnection when agent is false.
  if (endpoint.kind === 'ssh') return httpRequest({...common, agent: agent || new SshAgent(endpoint)})
  if (!endpoint.tls) return httpRequest({...common, ...noServerName, host: endpoint.host, port: endpoint.port})
  const {tls} = endpoint
  return httpsRequest({...common, ca: tls.ca, cert: tls.cert, host: endpoint.host, key: tls.key, port: endpoint.port, rejectUnauthorized: tls.verify})
}
