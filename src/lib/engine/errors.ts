// The library's errors. Each one's message is the text docker prints for the same failure
// (`Error response from daemon: …`, `Cannot connect to the Docker daemon at …`), so a CLI can
// print it as it is; the classes say what kind of failure it was, as moby's errdefs do, so a
// program can branch on it without reading the text. Nothing here knows about exit codes.

/** The base of every error the library throws on purpose. */
export class DockerError extends Error {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, options)
    this.name = new.target.name
  }
}

/** The engine answered with an HTTP error status. */
export class EngineError extends DockerError {
  /** The HTTP status of the answer. */
  readonly status: number
  /** The engine's own message (the JSON body's `message`), without docker's prefix. */
  readonly engineMessage: string

  constructor(message: string, status: number, engineMessage = message) {
    super(message)
    this.status = status
    this.engineMessage = engineMessage
  }
}

/** 404: no such container, image, network, volume, exec instance… */
export class NotFoundError extends EngineError {}
/** 409: a name in use, a container in the wrong state. */
export class ConflictError extends EngineError {}
/** Any other 4xx: the request itself was refused. */
export class InvalidArgumentError extends EngineError {}
/** 5xx: the engine failed while doing what was asked. */
export class SystemError extends EngineError {}

/** The engine could not be reached at all (no daemon, wrong socket, TLS failure…). */
export class ConnectionError extends DockerError {}

/** The endpoint could not be worked out from the flags, environment, context or certificates. */
export class EndpointError extends DockerError {}

/** The engine's answer was not what the API says it is (not JSON, or JSON of the wrong shape). */
export class DecodeError extends DockerError {}

/** The error class for an HTTP status, as moby's client picks errdefs from it. */
export function errorForStatus(status: number, message: string, engineMessage?: string): EngineError {
  if (status === 404) return new NotFoundError(message, status, engineMessage)
  if (status === 409) return new ConflictError(message, status, engineMessage)
  if (status >= 400 && status < 500) return new InvalidArgumentError(message, status, engineMessage)
  return new SystemError(message, status, engineMessage)
}

const MAX_ERROR_BODY = 1024 * 1024

/** Builds the error docker prints for a failed API call from the status, content type and body. */
export function errorFromResponse(status: number, statusText: string, contentType: string | undefined, body: Buffer, url: string): EngineError {
  const text = body.subarray(0, MAX_ERROR_BODY).toString('utf8')
  if (text.trim() === '') {
    return errorForStatus(
      status,
      `request returned ${status} ${statusText} for API route and version ${url}, check if the server supports the requested API version`,
      '',
    )
  }
  let engineMessage = text.trim()
  if ((contentType ?? '').includes('application/json')) {
    try {
      const parsed = JSON.parse(text) as {message?: unknown}
      if (typeof parsed.message === 'string') engineMessage = parsed.message.trim()
    } catch {
      // a body that says JSON but is not: the raw text, as docker does
    }
  }
  return errorForStatus(status, `Error response from daemon: ${engineMessage}`, engineMessage)
}

/** Go's url.Error text, which docker's client puts behind "error during connect": `Get "http://…": cause`. */
export function urlErrorText(method: string, url: string, cause: string): string {
  return `${method.slice(0, 1)}${method.slice(1).toLowerCase()} "${url}": ${cause}`
}

/** Maps a socket-level failure to docker's wording. */
export function connectionError(err: NodeJS.ErrnoException, display: string): ConnectionError {
  const code = err.code ?? ''
  if (code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'ETIMEDOUT' || code === 'ENOTSOCK' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ConnectionError(`Cannot connect to the Docker daemon at ${display}. Is the docker daemon running?`, {cause: err})
  }
  if (code === 'EACCES') {
    return new ConnectionError(`permission denied while trying to connect to the Docker daemon socket at ${display}: ${err.message}`, {cause: err})
  }
  // docker calls any other failure to dial a unix socket (its text holds "dial unix") the same (ENOTDIR: a file on the path)
  if (err.syscall === 'connect' && display.startsWith('unix://')) {
    return new ConnectionError(`Cannot connect to the Docker daemon at ${display}. Is the docker daemon running?`, {cause: err})
  }
  return new ConnectionError(`error during connect: ${err.message}`, {cause: err})
}

/** Go's json decoder wording for a body that is not JSON, which docker prints as is. */
export function decodeError(text: string): DecodeError {
  const trimmed = text.trimStart()
  if (trimmed === '') return new DecodeError('EOF')
  try {
    JSON.parse(text)
  } catch (error) {
    const first = trimmed[0] as string
    if (!'{["-0123456789tfn'.includes(first)) return new DecodeError(`invalid character '${first}' looking for beginning of value`)
    const message = (error as Error).message
    if (/end of (JSON )?input|Unterminated/i.test(message)) return new DecodeError('unexpected EOF')
    return new DecodeError(`error decoding response: ${message}`)
  }
  return new DecodeError('error decoding response')
}

/** The caller's AbortSignal fired; `reason` is the signal's reason. */
export class AbortedError extends DockerError {
  readonly reason: unknown

  constructor(reason: unknown) {
    super('operation aborted')
    this.reason = reason
  }
}

/**
 * An error message inside a JSON message stream (pull, push, build, load): the HTTP status was
 * 200, the failure came later. `code` is the errorDetail's code (build's failing step status).
 */
export class StreamError extends DockerError {
  readonly code?: number

  constructor(message: string, code?: number) {
    super(message)
    if (code !== undefined) this.code = code
  }
}
