// An interactive shell in a tmux pane, for pressing Tab in it the way a user does: the shell
// runs with its own HOME (and ZDOTDIR, XDG_CONFIG_HOME) holding an rc file that loads a
// completion script, and a PATH whose first entry holds the program to complete.
import {execFileSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export type ShellName = 'bash' | 'zsh' | 'fish'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The rc file of each shell: a plain prompt, no paging or bells, then the completion script. */
function rcFiles(shell: ShellName, home: string, script: string): Array<[string, string]> {
  if (shell === 'bash') {
    return [[path.join(home, '.bashrc'), `PS1='$ '\nsource /usr/share/bash-completion/bash_completion\nbind 'set bell-style none'\nbind 'set show-all-if-ambiguous on'\nsource ${script}\n`]]
  }
  if (shell === 'zsh') {
    return [[path.join(home, '.zshrc'), `PS1='$ '\nunsetopt BEEP\nautoload -U compinit; compinit -u -D\nsource ${script}\n`]]
  }
  return [[path.join(home, '.config', 'fish', 'config.fish'), `function fish_prompt; echo -n '$ '; end\nset -g fish_greeting ''\nsource ${script}\n`]]
}

export class TmuxShell {
  readonly session: string
  private readonly dir: string
  private readonly socket: string

  private constructor(session: string, dir: string) {
    this.session = session
    this.dir = dir
    this.socket = path.join(dir, 'tmux.sock')
  }

  /** Starts `shell` with `program` on PATH as `name` and `script` (the completion script's text) loaded. */
  static async start(shell: ShellName, opts: {name: string; program: string; script: string; env: Record<string, string>}): Promise<TmuxShell> {
    const dir = mkdtempSync(path.join(os.tmpdir(), `whalectl-${shell}-`))
    const bin = path.join(dir, 'bin')
    const home = path.join(dir, 'home')
    execFileSync('mkdir', ['-p', bin, path.join(home, '.config', 'fish')])
    writeFileSync(path.join(bin, opts.name), `#!/bin/sh\nexec ${opts.program} "$@"\n`, {mode: 0o755})
    const script = path.join(dir, `completion.${shell}`)
    writeFileSync(script, opts.script)
    for (const [file, text] of rcFiles(shell, home, script)) writeFileSync(file, text)
    const self = new TmuxShell(`c${process.pid}${shell}`, dir)
    const env = {...opts.env, HOME: home, PATH: `${bin}:${process.env.PATH ?? ''}`, TERM: 'xterm', XDG_CONFIG_HOME: path.join(home, '.config'), ZDOTDIR: home}
    const envArgs = Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`])
    const command = shell === 'bash' ? 'bash --noprofile -i' : shell === 'zsh' ? 'zsh -i' : 'fish -i'
    self.tmux(['new-session', '-d', '-x', '200', '-y', '50', '-s', self.session, ...envArgs, `env -i ${Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(' ')} ${command}`])
    await self.waitFor((screen) => screen.includes('$'), 10_000)
    return self
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], {encoding: 'utf8'})
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-t', this.session])
  }

  async waitFor(check: (screen: string) => boolean, timeoutMs = 8000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    let screen = this.screen()
    while (!check(screen)) {
      if (Date.now() > deadline) throw new Error(`timed out; the screen was:\n${screen}`)
      await sleep(100)
      screen = this.screen()
    }
    return screen
  }

  /** Types `text` on a fresh line and presses Tab `presses` times. */
  async type(text: string, presses = 1): Promise<void> {
    this.tmux(['send-keys', '-t', this.session, 'C-e', 'C-u'])
    this.tmux(['send-keys', '-t', this.session, 'clear', 'Enter'])
    await this.waitFor((screen) => screen.trim() === '$')
    this.tmux(['send-keys', '-t', this.session, '-l', text])
    for (let i = 0; i < presses; i++) {
      // each Tab waits for the last one's completion process: one start-up of whalectl
      if (i > 0) await sleep(1500)
      this.tmux(['send-keys', '-t', this.session, 'Tab'])
    }
  }

  /** Presses Tab after `text` until the screen shows what `check` looks for; returns that screen. */
  async complete(text: string, check: (screen: string) => boolean, presses = 1): Promise<string> {
    await this.type(text, presses)
    return this.waitFor(check, 15_000)
  }

  /** The text of the command line being edited (the prompt's line). */
  static promptLine(screen: string): string {
    const lines = screen.split('\n').filter((line) => line.startsWith('$ '))
    return lines[lines.length - 1] ?? ''
  }

  /**
   * Ends tmux and waits for the shell to be gone before removing its directory: a shell that
   * got SIGHUP still writes its history (bash) or generated completions (fish) on the way out.
   */
  async stop(): Promise<void> {
    let shellPid = 0
    try {
      shellPid = Number(this.tmux(['display-message', '-p', '-t', this.session, '#{pane_pid}']).trim())
      this.tmux(['kill-server'])
    } catch {
      // already gone
    }
    const deadline = Date.now() + 10_000
    while (shellPid > 0 && isAlive(shellPid) && Date.now() < deadline) await sleep(50)
    rmSync(this.dir, {force: true, maxRetries: 5, recursive: true, retryDelay: 200})
  }
}
