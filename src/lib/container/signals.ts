// Signals during `run` and `exec` (DOCKER-CLI-BEHAVIOUR.md §0.8, §2.5): `run` forwards the
// signals it receives to the container (--sig-proxy), and every command gives up after the third
// SIGINT/SIGTERM, so a container that ignores them cannot hold the terminal hostage.

/** The part of `process` this module uses, so tests can send signals without sending them. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown
  removeListener(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown
}

/**
 * The signals sig-proxy forwards: docker catches every signal and skips CHLD, PIPE and URG.
 * Of the rest, KILL and STOP cannot be caught by anyone, and a real BUS, FPE, ILL or SEGV
 * leaves Node unable to run a listener, so those are left alone. Aliases (IOT, POLL) are left
 * out: Node would call a listener once per name for the same signal. PROF is V8's profiler
 * tick: a listener would take it over, and removing one resets it to "terminate".
 */
export const PROXIED_SIGNALS: readonly NodeJS.Signals[] = [
  'SIGHUP',
  'SIGINT',
  'SIGQUIT',
  'SIGTRAP',
  'SIGABRT',
  'SIGUSR1',
  'SIGUSR2',
  'SIGALRM',
  'SIGTERM',
  'SIGSTKFLT',
  'SIGCONT',
  'SIGTSTP',
  'SIGTTIN',
  'SIGTTOU',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGVTALRM',
  'SIGWINCH',
  'SIGIO',
  'SIGPWR',
  'SIGSYS',
]

/** The signals that end a command (Go's TerminationSignals on unix). */
export const TERMINATION_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/** The name the kill endpoint takes: `SIGTERM` → `TERM`. */
export function killSignalName(signal: NodeJS.Signals): string {
  return signal.startsWith('SIG') ? signal.slice(3) : signal
}

function listenAll(source: SignalSource, signals: readonly NodeJS.Signals[], listener: (signal: NodeJS.Signals) => void): () => void {
  for (const signal of signals) source.on(signal, listener)
  let stopped = false
  return () => {
    if (stopped) return
    stopped = true
    for (const signal of signals) source.removeListener(signal, listener)
  }
}

/**
 * Calls `forward` with the kill name of every proxied signal received until the returned
 * function is called. Catching a signal also means it no longer ends whalectl, as with docker.
 */
export function proxySignals(source: SignalSource, forward: (name: string) => void): () => void {
  return listenAll(source, PROXIED_SIGNALS, (signal) => forward(killSignalName(signal)))
}

export interface TerminationHandlers {
  /** The first SIGINT/SIGTERM: docker cancels the command's context (exec ends, run carries on). */
  onFirst?: (signal: NodeJS.Signals) => void
  /** The third: docker prints `got 3 SIGTERM/SIGINTs, forcefully exiting` and exits 1 at once. */
  onForce: () => void
}

export const FORCED_EXIT_MESSAGE = '\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n'

/** Counts SIGINT/SIGTERM until the returned function is called. */
export function watchTerminationSignals(source: SignalSource, handlers: TerminationHandlers): () => void {
  let count = 0
  return listenAll(source, TERMINATION_SIGNALS, (signal) => {
    count++
    if (count === 1) handlers.onFirst?.(signal)
    if (count === 3) handlers.onForce()
  })
}
