// What the library's operations (run, pull, build, exec, logs) need from the world around them:
// the engine, the user's config.json, and the streams a container's input and output go to.
// The CLI passes its command context, which has all of it; a program builds one from plain
// streams (src/lib/docker.ts). Nothing here reads process globals.
import type {ConfigFile} from './config/config-file.js'
import type {EngineClient} from './engine/client.js'

/** A place text and bytes are written to; isTTY and columns decide how progress is drawn. */
export interface OutStream {
  write(chunk: string | Uint8Array): boolean
  isTTY?: boolean
  columns?: number
}

export type InStream = NodeJS.ReadableStream & {isTTY?: boolean}

export interface ClientContext {
  /** Where an attached container's stdout goes (and, for the CLI, what it prints). */
  stdout: OutStream
  /** Where an attached container's stderr goes, and the operation's own notices. */
  stderr: OutStream
  stdin: InStream
  /** The environment a container's `-e NAME` values and the detach-key warning come from. */
  env: NodeJS.ProcessEnv
  now(): number
  config(): ConfigFile
  engine(): EngineClient
}
