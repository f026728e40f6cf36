// Everything a command needs from the outside world, in one object, so tests can swap any of it.
import {EngineClient} from '../engine/client.js'
import {type Endpoint, type EndpointOptions, resolveEndpoint} from '../engine/endpoint.js'
import {Transport} from '../engine/transport.js'
import {type ConfigFile, loadConfigFile} from '../config/config-file.js'
import type {ClientContext, InStream, OutStream} from '../io.js'

export type {OutStream}

/** The global flags: where the engine is (as resolveEndpoint reads it) and -D. */
export interface GlobalOptions extends Omit<EndpointOptions, 'env'> {
  debug: boolean
}

/** The library's ClientContext, plus what only the CLI has: its global flags and the endpoint they name. */
export interface CommandContext extends ClientContext {
  globals: GlobalOptions
  endpoint(): Endpoint
}

export function createContext(globals: GlobalOptions, io: {stdout: OutStream; stderr: OutStream; stdin: InStream; env: NodeJS.ProcessEnv}): CommandContext {
  let config: ConfigFile | undefined
  let endpoint: Endpoint | undefined
  let engine: EngineClient | undefined
  const ctx: CommandContext = {
    env: io.env,
    stderr: io.stderr,
    stdout: io.stdout,
    // Read when a command first uses it: creating process.stdin costs a start-up ~7 ms
    // (it loads fs or tty streams), and most commands never read it.
    get stdin() {
      return io.stdin
    },
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
