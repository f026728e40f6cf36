// The local terminal during a `-t` session (DOCKER-CLI-BEHAVIOUR.md §0.8): raw mode on stdin
// while the container owns the keyboard, and the container's terminal kept the size of ours.
import {spawnSync} from 'node:child_process'

import type {SignalSource} from './signals.js'

export interface TerminalInput {
  isTTY?: boolean
  setRawMode?(mode: boolean): unknown
}

export interface TerminalOutput {
  isTTY?: boolean
  columns?: number
  rows?: number
  getWindowSize?(): [number, number]
}

/** [rows, columns] of an output terminal, or [0, 0] when it is not one (docker's GetTtySize). */
export function terminalSize(out: TerminalOutput): [number, number] {
  if (!out.isTTY) return [0, 0]
  // getWindowSize asks the kernel now; columns/rows are only refreshed by Node's own SIGWINCH handler.
  if (typeof out.getWindowSize === 'function') {
    try {
      const [columns, rows] = out.getWindowSize()
      return [rows, columns]
    } catch {
      // fall back to the cached values
    }
  }
  return [out.rows ?? 0, out.columns ?? 0]
}

export interface RawMode {
  /** Puts the terminal back as it was; safe to call any number of times. */
  restore(): void
}

export interface ExitHook {
  once(event: 'exit', listener: () => void): unknown
  removeListener(event: 'exit', listener: () => void): unknown
}

const NOTHING_TO_RESTORE: RawMode = {restore: () => {}}

/**
 * libuv's raw mode keeps output post-processing (OPOST/ONLCR) on, so the container's `\r\n`
 * would reach the screen as `\r\r\n`; docker's MakeRaw turns it off, as cfmakeraw does. Node
 * has no termios call, so stty finishes the job on the same terminal (our stdin). Turning raw
 * mode off again needs nothing extra: libuv restores the whole termios it saved first.
 */
function finishRawMode(): void {
  try {
    spawnSync('stty', ['raw', '-echo'], {stdio: ['inherit', 'ignore', 'ignore'], timeout: 2000})
  } catch {
    // without stty the session still works, with libuv's raw mode
  }
}

/**
 * Raw mode for a terminal stdin, so every key (ctrl-c included) goes to the container. Nothing
 * happens when stdin is not a terminal or NORAW is set, as with docker. The terminal is also
 * restored if the process exits before restore() is called (a forced exit, an EPIPE).
 */
export function enterRawMode(stdin: TerminalInput, env: NodeJS.ProcessEnv, exitHook: ExitHook = process): RawMode {
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function' || (env.NORAW ?? '') !== '') return NOTHING_TO_RESTORE
  stdin.setRawMode(true)
  // stty works on its own stdin, which is ours only for the process's real stdin.
  if (stdin === process.stdin) finishRawMode()
  let restored = false
  const restore = (): void => {
    if (restored) return
    restored = true
    exitHook.removeListener('exit', restore)
    try {
      stdin.setRawMode?.(false)
    } catch {
      // the terminal went away; there is nothing left to restore
    }
  }
  exitHook.once('exit', restore)
  return {restore}
}

export interface TtySizeMonitorOptions {
  /** The size to send, [rows, columns]; [0, 0] is never sent. */
  size: () => [number, number]
  resize: (rows: number, columns: number) => Promise<void>
  signals: SignalSource
  /** docker retries a failed first resize 10 times before saying so on stderr. */
  onGiveUp: () => void
  sleep?: (ms: number) => Promise<void>
}

const RETRIES = 10

/**
 * Sends the terminal's size to the container (or exec) once the session starts and again on
 * every SIGWINCH, as docker's MonitorTtySize does. Returns a function that stops it.
 */
export function monitorTtySize(opts: TtySizeMonitorOptions): () => void {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()))
  let stopped = false
  const resizeNow = async (): Promise<boolean> => {
    const [rows, columns] = opts.size()
    if (rows === 0 && columns === 0) return true
    try {
      await opts.resize(rows, columns)
      return true
    } catch {
      return false
    }
  }
  void (async () => {
    if (await resizeNow()) return
    for (let retry = 0; retry < RETRIES; retry++) {
      await sleep((retry + 1) * 10)
      if (stopped) return
      if (await resizeNow()) return
    }
    if (!stopped) opts.onGiveUp()
  })()
  const onWinch = (): void => {
    if (!stopped) void resizeNow()
  }
  opts.signals.on('SIGWINCH', onWinch)
  return () => {
    stopped = true
    opts.signals.removeListener('SIGWINCH', onWinch)
  }
}
