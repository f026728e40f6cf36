// Spawning the CLIs in e2e tests: `start` for cases that signal the CLI or feed its stdin,
// `onTerminal` for cases under a pseudo-terminal (python3's pty module).
import {type ChildProcessWithoutNullStreams, spawn, spawnSync} from 'node:child_process'
import path from 'node:path'

import {dockerHost, referenceDocker, repoRoot, tempDockerConfig} from '../engine/harness.js'

export const WHALECTL = [process.execPath, path.join(repoRoot, 'bin', 'run.js')]
export const CLIS = {docker: [referenceDocker], whalectl: WHALECTL} as const
export type Cli = keyof typeof CLIS

/** The test's environment without DOCKER_* settings, pointed at the test engine. */
export function cliEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('DOCKER_') && key !== 'FORCE_COLOR') env[key] = value
  }
  return {...env, DOCKER_CONFIG: tempDockerConfig(), DOCKER_HOST: dockerHost()}
}

export interface Spawned {
  child: ChildProcessWithoutNullStreams
  stdout: () => string
  stderr: () => string
  exit: Promise<number>
  /** Resolves once stdout contains `text`. */
  printed: (text: string) => Promise<void>
}

/** Starts a CLI whose signals and stdin the test controls. */
export function start(cli: Cli, args: string[]): Spawned {
  const [command, ...pre] = CLIS[cli]
  const child = spawn(command as string, [...pre, ...args], {cwd: repoRoot, env: cliEnv()})
  let out = ''
  let err = ''
  const waiters: Array<() => void> = []
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString()
    for (const wake of waiters.splice(0)) wake()
  })
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  child.stdin.on('error', () => {})
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  const exit = new Promise<number>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 0))
    })
  })
  const printed = async (text: string): Promise<void> => {
    while (!out.includes(text)) await new Promise<void>((resolve) => waiters.push(resolve))
  }
  return {child, exit, printed, stderr: () => err, stdout: () => out}
}

/**
 * docker's escape hatch: a first SIGTERM that does not end the CLI (it is still running half a
 * second later), then two more, which force it out. Resolves to the exit code.
 */
export async function forceOutWithThreeSigterms(session: Spawned): Promise<number> {
  session.child.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 500))
  if (session.child.exitCode !== null) throw new Error(`the first SIGTERM ended the CLI (${session.child.exitCode})`)
  session.child.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 100))
  session.child.kill('SIGTERM')
  return session.exit
}

// python3 as a pseudo-terminal driver: runs argv on a pty sized 40x100, types the given hex
// bytes after the given delays (or once the output shows a marker), and reports the exit code
// and everything the terminal showed.
const PTY_DRIVER = String.raw`
import fcntl, json, os, pty, select, struct, sys, termios, time
spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 100, 0, 0))
    os.execvp(spec['argv'][0], spec['argv'])
out = b''
steps = list(spec.get('steps', []))
start = time.time()
status = None
while True:
    if steps:
        when, data = steps[0]
        ready = (time.time() - start >= when) if isinstance(when, (int, float)) else when.encode() in out
        if ready:
            os.write(fd, bytes.fromhex(data))
            steps.pop(0)
            start = time.time()
    r, _, _ = select.select([fd], [], [], 0.02)
    if r:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b''
        out += chunk
        if not chunk:
            break
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = st
        try:
            while select.select([fd], [], [], 0.2)[0]:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                out += chunk
        except OSError:
            pass
        break
    if time.time() - start > 30:
        os.kill(pid, 9)
if status is None:
    _, status = os.waitpid(pid, 0)
print(json.dumps({'code': os.waitstatus_to_exitcode(status), 'output': out.hex()}))
`

/** A step: wait `after` seconds (or for `after` to appear on screen), then type `bytes`. */
export type Step = [after: number | string, bytes: Buffer | string]

/** Runs any argv on the pseudo-terminal: its exit code and everything the terminal showed. */
export function runOnPty(argv: readonly string[], steps: Step[] = []): {code: number; output: string} {
  const spec = {argv, steps: steps.map(([after, bytes]) => [after, Buffer.from(bytes).toString('hex')])}
  const result = spawnSync('python3', ['-c', PTY_DRIVER, JSON.stringify(spec)], {cwd: repoRoot, encoding: 'utf8', env: cliEnv(), timeout: 60_000})
  if (result.status !== 0) throw new Error(`pty driver failed: ${result.stderr}`)
  const parsed = JSON.parse(result.stdout) as {code: number; output: string}
  return {code: parsed.code, output: Buffer.from(parsed.output, 'hex').toString('utf8')}
}

/** Runs a CLI on the pseudo-terminal. */
export function onTerminal(cli: Cli, args: string[], steps: Step[] = []): {code: number; output: string} {
  return runOnPty([...CLIS[cli], ...args], steps)
}
