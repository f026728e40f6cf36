// Reading an engine JSON message stream (pull, push, build, load) to its end. Its HTTP status is
// 200 even when the operation fails, so a failure arrives as an error message inside it.
import {StreamError} from '../engine/errors.js'
import type {JSONMessage} from '../engine/types.js'
import {RequestGuard} from './cancel.js'
import {streamFailure} from './stream-errors.js'

/**
 * docker's jsonmessage only fails on `errorDetail`; the engine always sends it together with the
 * deprecated `error` string. A bare `error` (from a proxy or an older engine) is treated as the
 * failure it means instead of being printed as an empty status line.
 */
export function withErrorDetail(msg: JSONMessage): JSONMessage {
  if ((msg.errorDetail === undefined || msg.errorDetail === null) && typeof msg.error === 'string' && msg.error !== '') {
    return {...msg, errorDetail: {message: msg.error}}
  }
  return msg
}

/**
 * Hands every message to `onProgress`, in order; an error message is handed over too (a renderer
 * can finish its display) before the read rejects with StreamError.
 */
export async function consumeMessages(messages: AsyncIterable<JSONMessage>, onProgress?: (message: JSONMessage) => void): Promise<void> {
  for await (const raw of messages) {
    const message = withErrorDetail(raw)
    onProgress?.(message)
    if (message.errorDetail) throw new StreamError(message.errorDetail.message ?? '', message.errorDetail.code)
  }
}

/**
 * One streamed engine operation (push, load, import) from request to the end of its message
 * stream, cancelled as docker's context is: `open` starts the request, an abort closes the
 * connection and rejects with AbortedError; an error message in the stream rejects with
 * StreamError, a stream cut short with docker's decoder text.
 */
export async function followMessageStream(
  open: () => Promise<AsyncIterable<JSONMessage> & {destroy(error?: Error): unknown}>,
  opts: {signal?: AbortSignal; onProgress?: (message: JSONMessage) => void},
): Promise<void> {
  const guard = new RequestGuard(opts.signal)
  try {
    const messages = await guard.race(open())
    guard.closeOnAbort(messages)
    await consumeMessages(messages, opts.onProgress)
  } catch (error) {
    throw streamFailure(guard.translate(error))
  } finally {
    guard.dispose()
  }
}
