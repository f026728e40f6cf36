// A raw connection to the engine, with no HTTP on it: what `system dial-stdio` relays (the
// moby client's Dialer). Unix and TCP sockets, TLS when the endpoint has it, or an ssh process.
import {connect} from 'node:net'
import type {Duplex} from 'node:stream'
import {connect as tlsConnect} from 'node:tls'

import {CommandStartError} from './command-connection.js'
import type {Endpoint} from './endpoint.js'
import {ConnectionError} from './errors.js'
import {dialErrorText} from './hijack.js'
import {openSshConnection} from './ssh-connection.js'

function openSocket(endpoint: Endpoint): {socket: Duplex; ready: string} {
  if (endpoint.kind === 'unix') return {ready: 'connect', socket: connect({path: endpoint.socketPath})}
  if (endpoint.kind === 'ssh') return {ready: 'connect', socket: openSshConnection(endpoint)}
  const {host, port, tls} = endpoint
  if (!tls) return {ready: 'connect', socket: connect({host, port})}
  return {ready: 'secureConnect', socket: tlsConnect({ca: tls.ca, cert: tls.cert, host, key: tls.key, port, rejectUnauthorized: tls.verify})}
}

/** Resolves once the connection is up; a failure is a ConnectionError with Go's dial text. */
export function dialEngine(endpoint: Endpoint): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const {socket, ready} = openSocket(endpoint)
    const onError = (error: NodeJS.ErrnoException): void => {
      socket.destroy()
      reject(error instanceof CommandStartError ? error : new ConnectionError(dialErrorText(endpoint, error), {cause: error}))
    }
    socket.once('error', onError)
    socket.once(ready, () => {
      socket.removeListener('error', onError)
      resolve(socket)
    })
  })
}
