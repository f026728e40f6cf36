// A reader of our output that went away (`whalectl … | head -1`). docker is a Go program: a write
// to a closed stdout or stderr kills it with SIGPIPE (status 141) unless it catches signals, as
// `docker run`'s signal proxy does (signal.Notify for every signal); then the write just fails,
// and docker prints `write /dev/stdout: broken pipe` and exits 1.
let signalsCaught = false
// The failed write surfaces twice, on the stream and in the copy that wrote: docker says it once.
let reported = false

/** From now on a broken pipe is an error docker reports, not a death by SIGPIPE. */
export function catchSigpipe(): void {
  signalsCaught = true
}

/** The exit status for a write to `stream` that found no reader, and what docker prints then (once). */
export function brokenPipe(stream: 'stdout' | 'stderr'): {code: number; message?: string} {
  if (!signalsCaught) return {code: 141}
  if (reported) return {code: 1}
  reported = true
  return {code: 1, message: `write /dev/${stream}: broken pipe`}
}

/** bin/run.js's handler for an EPIPE on our own stdout or stderr: prints docker's line if it has one, returns the status. */
export function brokenPipeExit(stream: 'stdout' | 'stderr'): number {
  const {code, message} = brokenPipe(stream)
  if (message !== undefined && stream === 'stdout') {
    try {
      process.stderr.write(`${message}\n`)
    } catch {
      // stderr is gone too
    }
  }
  return code
}
