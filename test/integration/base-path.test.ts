// `-H tcp://host:port/base`: docker's client puts the host's path in front of every API path,
// cleaned as Go's path.Join cleans it. Checked here on each way whalectl sends a request: small
// requests (ping, list, inspect), the logs reader and a hijacked attach.
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {runCli} from '../fake-engine/run-cli.js'

let server: Server
let port: number
const seen: string[] = []

const CONTAINER = {Config: {AttachStderr: true, AttachStdout: true, Tty: false}, Id: 'c'.repeat(64), Name: '/x', State: {Running: true, Status: 'running'}}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? ''
    seen.push(`${req.method} ${url.split('?')[0]}`)
    // the container by name or by the ID its inspection gave
    const route = url.replace(/^.*?\/(_ping|v1\.41\/)/, '/$1').replace(CONTAINER.Id, 'x')
    if (route.startsWith('/_ping')) {
      res.writeHead(200, {'Api-Version': '1.41', 'Content-Length': '2'})
      res.end('OK')
    } else if (route.startsWith('/v1.41/containers/x/wait')) {
      // attach waits for the container before it attaches: an answer that never comes
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.flushHeaders()
    } else if (route.startsWith('/v1.41/containers/json')) {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end('[]')
    } else if (route.startsWith('/v1.41/containers/x/json')) {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end(JSON.stringify(CONTAINER))
    } else if (route.startsWith('/v1.41/containers/x/logs')) {
      // one stdout frame of docker's stdcopy framing
      const text = Buffer.from('from the log\n')
      const head = Buffer.alloc(8)
      head[0] = 1
      head.writeUInt32BE(text.length, 4)
      res.writeHead(200, {'Content-Type': 'application/vnd.docker.multiplexed-stream'})
      res.end(Buffer.concat([head, text]))
    } else {
      res.writeHead(404, {'Content-Type': 'application/json'})
      res.end(JSON.stringify({message: `no route ${route}`}))
    }
  })
  // attach asks for an upgrade, which node hands to this event instead of the handler
  server.on('upgrade', (req, socket) => {
    seen.push(`${req.method} ${(req.url ?? '').split('?')[0]}`)
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\nno route')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(() => {
  seen.length = 0
})

describe('a tcp host with a path', () => {
  it.each([
    ['/base', '/base'],
    ['/base/', '/base'],
    ['/x/../y//z', '/y/z'],
    ['/a%20b', '/a%20b'],
  ])('%s: ping, list, inspect and logs go below %s', async (hostPath, prefix) => {
    const host = `tcp://127.0.0.1:${port}${hostPath}`
    const ps = await runCli(['-H', host, 'ps', '-q'], {DOCKER_CONFIG: '/nonexistent'})
    expect(ps).toEqual({code: 0, stderr: '', stdout: ''})
    const logs = await runCli(['-H', host, 'logs', 'x'], {DOCKER_CONFIG: '/nonexistent'})
    expect(logs).toEqual({code: 0, stderr: '', stdout: 'from the log\n'})
    expect(seen).toEqual([
      `HEAD ${prefix}/_ping`,
      `GET ${prefix}/v1.41/containers/json`,
      `HEAD ${prefix}/_ping`,
      `GET ${prefix}/v1.41/containers/x/json`,
      `GET ${prefix}/v1.41/containers/${CONTAINER.Id}/logs`,
    ])
  })

  it('a hijacked attach goes below it too', async () => {
    const r = await runCli(['-H', `tcp://127.0.0.1:${port}/base`, 'attach', 'x'], {DOCKER_CONFIG: '/nonexistent'})
    expect(seen).toContain('POST /base/v1.41/containers/x/attach')
    expect(seen.filter((line) => !line.includes(' /base/'))).toEqual([])
    expect(r.code).toBe(1)
  })
})
