// How a failure while reading an engine message stream reaches the user. docker reads the
// stream with Go's json.Decoder over the HTTP body: a connection that drops mid-stream surfaces
// as `unexpected EOF`, malformed JSON as the decoder's own syntax error text. Both exit 1.
import {CliError} from '../cli/errors.js'

export function streamFailure(error: unknown): unknown {
  if (error instanceof CliError) return error
  if (error instanceof Error) {
    // Socket and HTTP framing errors carry a code (ECONNRESET, ERR_STREAM_PREMATURE_CLOSE, …);
    // the JSON decoder's errors do not.
    const code = (error as NodeJS.ErrnoException).code
    if (typeof code === 'string' && code !== '') return new CliError('unexpected EOF')
    return new CliError(error.message)
  }
  return error
}
