// Everything a command needs from the outside world, in one object, so tests can swap any of it.
import {EngineClient} from '../engine/client.js'
import {type Endpoint, resolveEndpoint} from '../engine/endpoint.js'
import {Transport} from '../engine/transport.js'
import {type ConfigFile, loadConfigFile} from '../config/config-file.js'

export interface OutStream {
  write(chunk: string | Uint8Array): boolean
  isTTY?: boolean
  columns?: number
}

export interface GlobalOptions {
  host?: string
  context?: string
  configDir: string
  debug: boolean
  tls: boolean
  tlsVerify: boolean
  tlsFlagChanged: boolean
  tlsCaCert?: string
  tlsCert?: string
  tlsKey?: string
}

export interface CommandContext {
  stdout: OutStream
  stderr: OutStream
  stdin: NodeJS.ReadableStream & {isTTY?: boolean}
  env: NodeJS.ProcessEnv
  globals: GlobalOptions
  now(): number
  config(): ConfigFile
  endpoint(): Endpoint
  engine(): EngineClient
}

export function createContext(globals: GlobalOptions, io: {stdout: OutStream; stderr: OutStream; stdin: NodeJS.ReadableStream & {isTTY?: boolean}; env: NodeJS.ProcessEnv}): CommandContext {
  let config: ConfigFile | undefined
  let endpoint: Endpoint | undefined
  let engine: EngineClient | undefined
  const ctx: CommandContext = {
    ...io,
    config() {
      config ??= loadConfigFile(globals.configDir, (line) => io.stderr.write(`${line}\n`))
      return config
    },
    endpoint() {
      endpoint ??= resolveEndpoint({...globals, env: io.env})
      return endpoint
    },
    engine() {
      engine ??= new EngineClient(new Transport(ctx.endpoint()), io.env.DOCKER_API_VERSION || undefined)
      return engine
    },
    globals,
    now: () => Date.now(),
  }
  return ctx
}
