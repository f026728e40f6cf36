// Helpers for e2e tests against the real engine that test/engine/global-setup.ts provides.
import {spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {mkdtempSync, rmSync} from 'node:fs'
import {constants, tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {inject, onTestFinished} from 'vitest'

/** What global-setup hands to every e2e test file (read it with `inject`). */
export interface EngineContext {
  /** `unix:///…/docker.sock` of the engine under test. */
  dockerHost: string
  /** Plain-HTTP registry holding busybox:latest and busybox:1, e.g. `127.0.0.1:5000`. */
  registry: string
  /** htpasswd-protected registry holding busybox:latest, or '' when there is none. */
  authRegistry: string
  authUser: string
  authPassword: string
  /** True when global-setup started the engine itself (it is then docker 20.10, API 1.41). */
  ownEngine: boolean
}

declare module 'vitest' {
  export interface ProvidedContext {
    dockerHost: string
    registry: string
    authRegistry: string
    authUser: string
    authPassword: string
    ownEngine: boolean
  }
}

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/** The official CLI, for side-by-side comparisons and for setting up fixtures. */
export const referenceDocker = process.env.WHALECTL_TEST_DOCKER_CLI ?? '/usr/local/bin/docker'

/** The key of `cleanupLabel`; every test object of every file carries it. */
export const cleanupLabelKey = 'whalectl.test'

/**
 * Every object a test creates carries this label, so `removeTestContainers` can find it. Its
 * value is this test file's own (vitest evaluates this module once per file): e2e files run in
 * parallel against one engine, and one file's cleanup must not remove another's containers.
 */
export const cleanupLabelValue = `${process.pid}-${randomBytes(3).toString('hex')}`
export const cleanupLabel = `${cleanupLabelKey}=${cleanupLabelValue}`

const defaultTimeoutMs = 60_000

export function dockerHost(): string {
  const host = inject('dockerHost')
  if (!host) throw new Error('no test engine: run e2e tests through vitest (project "e2e")')
  return host
}

export function engineContext(): EngineContext {
  return {
    dockerHost: dockerHost(),
    registry: inject('registry'),
    authRegistry: inject('authRegistry'),
    authUser: inject('authUser'),
    authPassword: inject('authPassword'),
    ownEngine: inject('ownEngine'),
  }
}

export interface RunOptions {
  /** Written to the child's stdin, which is then closed (it is closed at once without input). */
  input?: Buffer | string
  /** Added to (and overriding) the environment described at `runWhalectl`. */
  env?: Record<string, string>
  /** The child is killed with SIGKILL after this long; default 60 s. */
  timeoutMs?: number
}

export interface RunResult {
  stdout: string
  stderr: string
  stdoutBuf: Buffer
  stderrBuf: Buffer
  /** Exit status, or 128 + signal number when the child was killed (as a shell reports it). */
  code: number
  timedOut: boolean
}

/**
 * Runs `bin/run.js ...args` from the repository root against the test engine.
 * DOCKER_HOST is the test engine and DOCKER_CONFIG a fresh empty directory (removed afterwards)
 * unless `opts.env` sets them; other DOCKER_* variables and FORCE_COLOR are dropped.
 */
export function runWhalectl(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  // Through its shebang (which carries a V8 flag), as an installed whalectl runs.
  return runIsolated(path.join(repoRoot, 'bin', 'run.js'), args, opts, CLASSIC_BUILDER)
}

/** Runs the reference docker CLI the same way as `runWhalectl`. */
export function runDocker(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return runIsolated(referenceDocker, args, opts, CLASSIC_BUILDER)
}

/**
 * Both CLIs build with the classic builder (and print its "BuildKit is currently disabled"
 * notice) unless a test sets DOCKER_BUILDKIT itself; the buildx hand-off has its own tests.
 */
const CLASSIC_BUILDER = {DOCKER_BUILDKIT: '0'}

/** Force-removes every container labelled `cleanupLabel`, with its anonymous volumes. */
export async function removeTestContainers(): Promise<void> {
  const list = await runDocker(['ps', '-aq', '--filter', `label=${cleanupLabel}`])
  if (list.code !== 0) throw new Error(`listing test containers failed: ${list.stderr}`)
  const ids = list.stdout.split('\n').filter((id) => id !== '')
  if (ids.length === 0) return
  const removal = await runDocker(['rm', '-f', '-v', ...ids])
  if (removal.code !== 0) throw new Error(`removing test containers failed: ${removal.stderr}`)
}

/**
 * An empty directory for DOCKER_CONFIG that outlives single calls (e.g. `login` then `pull`).
 * Called inside a test it is removed when the test finishes; elsewhere, when the worker exits.
 */
export function tempDockerConfig(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'whalectl-config-'))
  const remove = (): void => rmSync(dir, {force: true, recursive: true})
  try {
    onTestFinished(remove)
  } catch {
    // not inside a running test (e.g. in beforeAll)
    process.once('exit', remove)
  }
  return dir
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    // The caller's docker settings must not leak in, nor vitest's colour forcing (chalk
    // would honour it and break byte comparisons).
    if (value === undefined || key.startsWith('DOCKER_') || key === 'FORCE_COLOR') continue
    env[key] = value
  }
  return env
}

async function runIsolated(
  command: string,
  args: string[],
  opts: RunOptions,
  extraEnv: Record<string, string>,
): Promise<RunResult> {
  const ownConfig = opts.env?.DOCKER_CONFIG === undefined
  const configDir = ownConfig ? mkdtempSync(path.join(tmpdir(), 'whalectl-config-')) : undefined
  const env: Record<string, string> = {
    ...baseEnv(),
    DOCKER_HOST: dockerHost(),
    ...(configDir === undefined ? {} : {DOCKER_CONFIG: configDir}),
    ...extraEnv,
    ...opts.env,
  }
  try {
    return await spawnCollecting(command, args, env, opts)
  } finally {
    if (configDir !== undefined) rmSync(configDir, {force: true, recursive: true})
  }
}

function spawnCollecting(
  command: string,
  args: string[],
  env: Record<string, string>,
  opts: RunOptions,
): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {cwd: repoRoot, env, shell: false, stdio: ['pipe', 'pipe', 'pipe']})
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    // The child may exit without reading its input; that is its business, not an error here.
    child.stdin.on('error', () => {})
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (status, signal) => {
      clearTimeout(timer)
      const stdoutBuf = Buffer.concat(stdout)
      const stderrBuf = Buffer.concat(stderr)
      resolve({
        code: status ?? 128 + signalNumber(signal),
        stderr: stderrBuf.toString('utf8'),
        stderrBuf,
        stdout: stdoutBuf.toString('utf8'),
        stdoutBuf,
        timedOut,
      })
    })
    child.stdin.end(opts.input)
  })
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === null ? 0 : (constants.signals[signal] ?? 0)
}
