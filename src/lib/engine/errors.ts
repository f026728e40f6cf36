// The engine's answers, as error classes that know their HTTP status (docker's errdefs).
import {CliError} from '../cli/errors.js'

export class EngineError extends CliError {
  readonly status: number

  constructor(message: string, status: number) {
    super(message, 1)
    this.status = status
  }

  get isNotFound(): boolean {
    return this.status === 404
  }

  get isConflict(): boolean {
    return this.status === 409
  }
}

/** The engine could not be reached at all. */
export class ConnectionError extends CliError {}

const MAX_ERROR_BODY = 1024 * 1024

/** Builds the error docker prints for a failed API call from the status, content type and body. */
export function errorFromResponse(status: number, statusText: string, contentType: string | undefined, body: Buffer, url: string): EngineError {
  const text = body.subarray(0, MAX_ERROR_BODY).toString('utf8')
  if (text.trim() === '') {
    return new EngineError(
      `request returned ${status} ${statusText} for API route and version ${url}, check if the server supports the requested API version`,
      status,
    )
  }
  if ((contentType ?? '').includes('application/json')) {
    try {
      const parsed = JSON.parse(text) as {message?: unknown}
      if (typeof parsed.message === 'string') return new EngineError(`Error response from daemon: ${parsed.message.trim()}`, status)
    } catch {
      // a body that says JSON but is not: fall through to the raw text, as docker does
    }
    return new EngineError(`Error response from daemon: ${text.trim()}`, status)
  }
  return new EngineError(`Error response from daemon: ${text.trim()}`, status)
}

/** Maps a socket-level failure to docker's wording. */
export function connectionError(err: NodeJS.ErrnoException, display: string): ConnectionError {
  const code = err.code ?? ''
  if (code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'ETIMEDOUT' || code === 'ENOTSOCK' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ConnectionError(`Cannot connect to the Docker daemon at ${display}. Is the docker daemon running?`)
  }
  if (code === 'EACCES') {
    return new ConnectionError(`permission denied while trying to connect to the Docker daemon socket at ${display}: ${err.message}`)
  }
  if (code === 'ECONNRESET' || code === 'EPROTO' || code === 'HPE_INVALID_CONSTANT') {
    return new ConnectionError(`error during connect: ${err.message}`)
  }
  return new ConnectionError(`error during connect: ${err.message}`)
}

/** Go's json decoder wording for a body that is not JSON, which docker prints as is. */
export function decodeError(text: string): CliError {
  const trimmed = text.trimStart()
  if (trimmed === '') return new CliError('EOF')
  try {
    JSON.parse(text)
  } catch (error) {
    const first = trimmed[0] as string
    if (!'{["-0123456789tfn'.includes(first)) return new CliError(`invalid character '${first}' looking for beginning of value`)
    const message = (error as Error).message
    if (/end of (JSON )?input|Unterminated/i.test(message)) return new CliError('unexpected EOF')
    return new CliError(`error decoding response: ${message}`)
  }
  return new CliError('error decoding response')
}
