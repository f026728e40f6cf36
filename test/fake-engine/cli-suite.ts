// The set-up of a test file that runs the built CLI against a fake engine: a fresh engine for
// every test (closed afterwards, with the upgraded connections the test kept), an empty
// DOCKER_CONFIG, and helpers to read what was asked of the engine.
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import type {Duplex} from 'node:stream'
import {afterAll, afterEach, beforeAll, beforeEach} from 'vitest'

import {type FakeEngine, type RecordedRequest, startFakeEngine} from './server.js'

/** The engine's answer to an attach or exec start that upgrades the connection. */
export const UPGRADED = 'HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n'

export interface FakeEngineSuite {
  /** The running test's engine. */
  readonly engine: FakeEngine
  /** A directory for the file's scratch files, removed after the last test. */
  readonly workDir: string
  /** The CLI's environment: this engine, an empty config directory, and `extra`. */
  env(extra?: Record<string, string>): Record<string, string>
  /** `METHOD /path` of every request so far, in order. */
  calls(): string[]
  find(method: string, path: string): RecordedRequest | undefined
  /** An upgraded connection to end after the test (the server's close() leaves them open). */
  keep(socket: Duplex): void
  /** Replaces the test's engine by one started with `options` (another API version). */
  restart(options: Parameters<typeof startFakeEngine>[0]): Promise<void>
}

export function useFakeEngine(prefix: string): FakeEngineSuite {
  let engine: FakeEngine | undefined
  let workDir = ''
  let emptyConfig = ''
  const upgraded: Duplex[] = []
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), prefix))
    emptyConfig = path.join(workDir, 'config')
    mkdirSync(emptyConfig)
  })
  afterAll(() => rmSync(workDir, {force: true, recursive: true}))
  beforeEach(async () => {
    engine = await startFakeEngine()
  })
  afterEach(async () => {
    for (const socket of upgraded.splice(0)) socket.destroy()
    await engine?.close()
  })
  const current = (): FakeEngine => {
    if (!engine) throw new Error('no fake engine outside a test')
    return engine
  }
  return {
    calls: () => current().requests.map((r) => `${r.method} ${r.path}`),
    get engine() {
      return current()
    },
    env: (extra = {}) => ({DOCKER_CONFIG: emptyConfig, DOCKER_HOST: current().host, ...extra}),
    find: (method, p) => current().requests.find((r) => r.method === method && r.path === p),
    keep: (socket) => void upgraded.push(socket),
    async restart(options) {
      await current().close()
      engine = await startFakeEngine(options)
    },
    get workDir() {
      return workDir
    },
  }
}
