// A connection that is a child process's stdio: what we write goes to its stdin, what it prints
// on stdout is what we read (docker's connhelper/commandconn, which ssh:// hosts go through).
// node:http takes any Duplex as a socket; the few socket methods it and its Agent call are
// provided here. A non-zero exit is the connection's error, with the command's stderr in it,
// worded as docker words it.
import {type ChildProcess, spawn} from 'node:child_process'
import {Duplex} from 'node:stream'

import {ConnectionError} from './errors.js'

/** commandconn keeps at most about this much of the command's stderr (its buffer starts over past it). */
const STDERR_KEEP = 4096
/** After SIGTERM, the command gets this long to exit before SIGKILL, as in commandconn.kill. */
const KILL_GRACE_MS = 3000

/** The command could not be started at all (docker's dial error). */
export class CommandStartError extends ConnectionError {}

/** The command ended with a failure status; the message carries its stderr. */
export class CommandExitError extends ConnectionError {}

/** Go's text for a signal in ProcessState.String(), for the signals a command is likely to die of. */
const SIGNAL_TEXT: Partial<Record<NodeJS.Signals, string>> = {
  SIGABRT: 'aborted',
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGKILL: 'killed',
  SIGPIPE: 'broken pipe',
  SIGQUIT: 'quit',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
}

/** Go's exec.ExitError text: `exit status 255`, `signal: killed`. */
export function exitText(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal !== null) return `signal: ${SIGNAL_TEXT[signal] ?? signal}`
  return `exit status ${code ?? -1}`
}

/** Go's `%v` of the command's argv, as commandconn's errors show it: `[ssh -T -- host …]`. */
export function argvText(command: string, args: readonly string[]): string {
  return `[${[command, ...args].join(' ')}]`
}

interface Unrefable {
  ref?(): unknown
  unref?(): unknown
}

export class CommandConnection extends Duplex {
  /** What the Agent reads back after setTimeout. */
  timeout = 0
  private readonly child: ChildProcess
  private readonly command: string
  private readonly args: readonly string[]
  private stderr = ''
  private exited = false
  private closing = false

  constructor(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
    super({allowHalfOpen: true})
    this.command = command
    this.args = args
    // Its own session, as docker starts it, so that a ProxyCommand's ssh does not read our
    // terminal and a Ctrl-C at the terminal goes to us only.
    this.child = spawn(command, [...args], {detached: true, env, stdio: ['pipe', 'pipe', 'pipe']})
    const {child} = this
    child.once('spawn', () => this.emit('connect'))
    child.once('error', (error: NodeJS.ErrnoException) => {
      this.exited = true
      if (error.code === 'ENOENT' || error.code === 'EACCES') this.destroy(new CommandStartError(`exec: "${command}": executable file not found in $PATH`, {cause: error}))
      else this.destroy(new CommandStartError(`fork/exec ${command}: ${error.message}`, {cause: error}))
    })
    // A write to a command that is gone fails with EPIPE; its exit, reported on the read side,
    // says why, so the write error itself is not what anyone needs to see.
    child.stdin?.on('error', () => {})
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) child.stdout?.pause()
    })
    child.stdout?.once('end', () => this.onStdoutEnd())
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.stderr.length > STDERR_KEEP) this.stderr = ''
      this.stderr += chunk.toString('utf8')
    })
  }

  /** The command's end of stdout: EOF when it exited cleanly, otherwise docker's error. */
  private onStdoutEnd(): void {
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      this.exited = true
      if (this.closing || this.destroyed) return
      if (code === 0) {
        this.push(null)
        return
      }
      this.destroy(
        new CommandExitError(
          `command ${argvText(this.command, this.args)} has exited with ${exitText(code, signal)}, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=${this.stderr}`,
        ),
      )
    }
    // 'close' comes once the process is gone and its stderr is read to the end.
    if (this.child.exitCode !== null && this.child.stderr?.readableEnded !== false) finish(this.child.exitCode, this.child.signalCode)
    else this.child.once('close', finish)
  }

  override _read(): void {
    this.child.stdout?.resume()
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const {stdin} = this.child
    if (!stdin || stdin.destroyed) {
      callback()
      return
    }
    stdin.write(chunk, () => callback())
  }

  /** Half-close: the command's stdin ends, its output keeps coming. */
  override _final(callback: (error?: Error | null) => void): void {
    this.child.stdin?.end()
    callback()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.closing = true
    this.child.stdin?.destroy()
    this.child.stdout?.destroy()
    if (!this.exited && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM')
      const timer = setTimeout(() => this.child.kill('SIGKILL'), KILL_GRACE_MS)
      timer.unref()
      this.child.once('exit', () => clearTimeout(timer))
    }
    this.unref()
    callback(error)
  }

  // --- what node:http and its Agent call on a socket ------------------------------------------

  /** An idle pooled connection must not keep the process alive: neither the child nor its pipes. */
  unref(): this {
    this.child.unref()
    for (const pipe of [this.child.stdin, this.child.stdout, this.child.stderr]) (pipe as Unrefable | null)?.unref?.()
    return this
  }

  ref(): this {
    this.child.ref()
    for (const pipe of [this.child.stdin, this.child.stdout, this.child.stderr]) (pipe as Unrefable | null)?.ref?.()
    return this
  }

  setKeepAlive(): this {
    return this
  }

  setNoDelay(): this {
    return this
  }

  setTimeout(ms: number, callback?: () => void): this {
    this.timeout = ms
    if (callback) this.once('timeout', callback)
    return this
  }
}
