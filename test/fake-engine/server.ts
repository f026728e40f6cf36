// A fake engine for protocol edge cases: an HTTP server on a unix socket in the test process.
// It records every request and answers from per-route handlers; real behaviour is proven
// against a real engine in test/e2e.
import {randomBytes} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import os from 'node:os'
import path from 'node:path'
import {rmSync} from 'node:fs'
import type {Duplex} from 'node:stream'

export interface RecordedRequest {
  method: string
  /** The path with the /v1.NN prefix removed. */
  path: string
  /** The raw URL as sent, prefix and query included. */
  url: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: Buffer
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>
export type UpgradeHandler = (req: RecordedRequest, socket: Duplex, head: Buffer) => void

export interface FakeEngine {
  socketPath: string
  host: string
  requests: RecordedRequest[]
  on(method: string, path: string, handler: Handler): void
  onUpgrade(method: string, path: string, handler: UpgradeHandler): void
  close(): Promise<void>
}

export const API_VERSION = '1.41'

function stripVersion(p: string): string {
  return p.replace(/^\/v\d+\.\d+(?=\/)/, '')
}

export function sendJSON(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {'Api-Version': API_VERSION, 'Content-Type': 'application/json'})
  res.end(text)
}

export async function startFakeEngine(options: {apiVersion?: string | null} = {}): Promise<FakeEngine> {
  const socketPath = path.join(os.tmpdir(), `whalectl-fake-${randomBytes(6).toString('hex')}.sock`)
  const handlers = new Map<string, Handler>()
  const upgrades = new Map<string, UpgradeHandler>()
  const requests: RecordedRequest[] = []
  const apiVersion = options.apiVersion === undefined ? API_VERSION : options.apiVersion

  const record = async (req: IncomingMessage, readBody: boolean): Promise<RecordedRequest> => {
    const chunks: Buffer[] = []
    if (readBody) for await (const chunk of req) chunks.push(chunk as Buffer)
    const url = new URL(req.url ?? '/', 'http://fake')
    const recorded = {
      body: Buffer.concat(chunks),
      headers: req.headers,
      method: req.method ?? 'GET',
      path: stripVersion(url.pathname),
      query: url.searchParams,
      url: req.url ?? '/',
    }
    requests.push(recorded)
    return recorded
  }

  const server: Server = createServer(async (req, res) => {
    const recorded = await record(req, true)
    const key = `${recorded.method} ${recorded.path}`
    const handler = handlers.get(key)
    if (handler) {
      await handler(recorded, res)
      return
    }
    if (recorded.path === '/_ping') {
      const headers: Record<string, string> = {'Content-Type': 'text/plain; charset=utf-8', OSType: 'linux'}
      if (apiVersion !== null) headers['Api-Version'] = apiVersion
      res.writeHead(200, headers)
      res.end(recorded.method === 'HEAD' ? undefined : 'OK')
      return
    }
    sendJSON(res, 404, {message: `page not found: ${key}`})
  })
  server.on('upgrade', async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const recorded = await record(req, false)
    const handler = upgrades.get(`${recorded.method} ${recorded.path}`)
    if (!handler) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n')
      return
    }
    handler(recorded, socket, head)
  })

  await new Promise<void>((resolve) => server.listen(socketPath, resolve))
  return {
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      rmSync(socketPath, {force: true})
    },
    host: `unix://${socketPath}`,
    on(method, p, handler) {
      handlers.set(`${method} ${p}`, handler)
    },
    onUpgrade(method, p, handler) {
      upgrades.set(`${method} ${p}`, handler)
    },
    requests,
    socketPath,
  }
}
