// The engine's answer to `POST /build`: JSON messages whose `stream` text is printed as it comes,
// an `aux` carrying the image ID, and an `errorDetail` on failure (DOCKER-CLI-BEHAVIOUR.md §5.4-5.5).
// docker renders it without the terminal display even on a terminal, so pull progress for a FROM
// shows as plain lines.
import type {Readable} from 'node:stream'

import type {OutStream} from '../io.js'
import {decodeJSONStream} from '../streams/json-stream.js'
import {type JSONMessage, JSONMessageError, ProgressRenderer} from '../streams/progress.js'
import {withErrorDetail} from './messages.js'

/** A failed build step: docker prints `message` and exits with `code` (1 when the engine gave none). */
export class BuildFailedError extends Error {
  readonly code: number

  constructor(message: string, code: number | undefined) {
    super(message)
    this.name = 'BuildFailedError'
    this.code = code === undefined || code === 0 ? 1 : code
  }
}

/**
 * Renders the build output to `out` and resolves to the image ID from the last `aux` message
 * ('' if none came). Rejects with BuildFailedError for an error in the stream; decoding and
 * socket errors are passed on as they are.
 */
export async function renderBuildStream(body: Readable, out: OutStream, warn: (text: string) => void): Promise<string> {
  let imageId = ''
  const renderer = new ProgressRenderer(out, {
    onAux: (aux) => {
      // docker unmarshals each aux into {ID}; anything that is not an object cannot be decoded.
      if (aux === null || typeof aux !== 'object' || Array.isArray(aux)) {
        warn(`Failed to parse aux message: json: cannot unmarshal ${goTypeName(aux)} into Go value of type types.BuildResult`)
        return
      }
      const id = (aux as {ID?: unknown}).ID
      imageId = typeof id === 'string' ? id : ''
    },
    tty: false,
  })
  try {
    for await (const msg of decodeJSONStream<JSONMessage>(body)) renderer.render(withErrorDetail(msg))
  } catch (error) {
    if (error instanceof JSONMessageError) throw new BuildFailedError(error.message, error.code)
    throw error
  }
  return imageId
}

function goTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'string') return 'string'
  if (typeof value === 'number') return 'number'
  if (typeof value === 'boolean') return 'bool'
  return 'object'
}
