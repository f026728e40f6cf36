// How a failure while reading an engine message stream reaches the caller. docker reads the
// stream with Go's json.Decoder over the HTTP body: a connection that drops mid-stream surfaces
// as `unexpected EOF`, malformed JSON as the decoder's own syntax error text.
import {DecodeError, DockerError} from '../engine/errors.js'
import {JSONMessageError} from '../streams/progress.js'

export function streamFailure(error: unknown): unknown {
  if (error instanceof DockerError || error instanceof JSONMessageError) return error
  if (error instanceof Error) {
    // Socket and HTTP framing errors carry a code (ECONNRESET, ERR_STREAM_PREMATURE_CLOSE, …);
    // the JSON decoder's errors do not.
    const code = (error as NodeJS.ErrnoException).code
    if (typeof code === 'string' && code !== '') return new DecodeError('unexpected EOF')
    return new DecodeError(error.message)
  }
  return error
}
