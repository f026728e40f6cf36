// Side-by-side runs for parity tests: the same argv goes through the reference docker CLI and
// through whalectl, against the same engine, moments apart. Only what is inherently
// time-dependent (or, for CLI-made messages, the program's own name) is normalised before the
// comparison. Everything else must match byte for byte: stdout, stderr and the exit code.
import {expect} from 'vitest'
import {type RunOptions, type RunResult, runDocker, runWhalectl} from '../engine/harness.js'

/** What a parity test compares. */
export interface Outcome {
  stdout: string
  stderr: string
  code: number
}

export type TextNormaliser = (text: string) => string

/** Both raw results of one docker-then-whalectl pair. */
export interface Pair {
  docker: RunResult
  whalectl: RunResult
}

const UNITS = 'second|minute|hour|day|week|month|year'
const COUNTED_DURATION = new RegExp(`\\b(\\d+) (${UNITS})s?\\b`, 'g')
const DURATION = `\\b(?:Less than a second|About a minute|About an hour|\\d+ (?:${UNITS})s?)\\b`
const ANY_DURATION = new RegExp(DURATION, 'g')
const HAS_DURATION = new RegExp(DURATION)

/**
 * Hides the count in go-units durations (`3 seconds`, `12 minutes`, `1 second`) while keeping
 * its width, so aligned tables still compare byte for byte: `3 seconds ago` → `# seconds ago`.
 * Two runs a second apart then only differ when the count gains a digit or the wording changes
 * (`59 seconds` → `About a minute`); `expectParity` retries those.
 */
export function maskDurations(text: string): string {
  return text.replace(COUNTED_DURATION, (_match, digits: string, unit: string) => `${'#'.repeat(digits.length)} ${unit}s`)
}

/** Replaces every go-units duration by `<DURATION>`; for output without aligned columns. */
export function eraseDurations(text: string): string {
  return text.replace(ANY_DURATION, '<DURATION>')
}

/**
 * For messages the CLI makes itself (flag and argument errors, usage lines), which name the
 * program: `docker: 'docker ps' accepts no arguments` reads `whalectl: 'whalectl ps' …` in
 * whalectl. Apply it to docker's stderr only, and never to text that comes from the daemon.
 */
export function renameProgram(text: string): string {
  return text.replace(/\bdocker\b/g, 'whalectl')
}

export function compose(...steps: TextNormaliser[]): TextNormaliser {
  return (text) => steps.reduce((acc, step) => step(acc), text)
}

export interface ParityOptions extends RunOptions {
  /** Applied to stdout and stderr of both runs before comparing; default: none. */
  normalise?: TextNormaliser
  /** Applied to docker's stderr only, after `normalise` (e.g. `renameProgram`). */
  dockerStderr?: TextNormaliser
  /**
   * Pairs to try before failing. A real difference shows every time; one caused by a second
   * boundary falling between the two runs goes away on the next try. Default 3 (see retryIf).
   */
  attempts?: number
  /** Pause before a retry, so that a boundary just crossed is behind both runs; default 700 ms. */
  retryDelayMs?: number
  /** Whether a differing pair is worth running again; default: when it shows any duration. */
  retryIf?: (pair: Pair) => boolean
}

/** True when any output of the pair shows a go-units duration, the only thing a retry changes. */
export function showsDurations(pair: Pair): boolean {
  const texts = [pair.docker.stdout, pair.docker.stderr, pair.whalectl.stdout, pair.whalectl.stderr]
  return texts.some((text) => HAS_DURATION.test(text))
}

/** Runs docker, then whalectl, with the same argv and options. */
export async function runPair(args: string[], opts: RunOptions = {}): Promise<Pair> {
  const docker = await runDocker(args, opts)
  const whalectl = await runWhalectl(args, opts)
  return {docker, whalectl}
}

/** The comparable view of one pair, normalised as `opts` says. */
export function outcomes(pair: Pair, opts: ParityOptions = {}): {docker: Outcome; whalectl: Outcome} {
  const normalise = opts.normalise ?? ((text: string) => text)
  const dockerStderr = opts.dockerStderr ?? ((text: string) => text)
  return {
    docker: {
      code: pair.docker.code,
      stderr: dockerStderr(normalise(pair.docker.stderr)),
      stdout: normalise(pair.docker.stdout),
    },
    whalectl: {
      code: pair.whalectl.code,
      stderr: normalise(pair.whalectl.stderr),
      stdout: normalise(pair.whalectl.stdout),
    },
  }
}

/** The argv as a shell would need it typed, for failure messages. */
export function shellQuote(args: string[]): string {
  return args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ')
}

/**
 * Asserts that whalectl prints what docker prints (after normalisation) and exits the same way.
 * On failure vitest shows a diff of {code, stderr, stdout}. Returns the last (raw) pair so the
 * caller can assert absolute facts on top.
 */
export async function expectParity(args: string[], opts: ParityOptions = {}): Promise<Pair> {
  const attempts = Math.max(1, opts.attempts ?? 3)
  for (let attempt = 1; ; attempt++) {
    const pair = await runPair(args, opts)
    expect(pair.docker.timedOut, `docker ${shellQuote(args)} timed out`).toBe(false)
    expect(pair.whalectl.timedOut, `whalectl ${shellQuote(args)} timed out`).toBe(false)
    const {docker, whalectl} = outcomes(pair, opts)
    const same = docker.code === whalectl.code && docker.stdout === whalectl.stdout && docker.stderr === whalectl.stderr
    if (same || attempt >= attempts || !(opts.retryIf ?? showsDurations)(pair)) {
      expect(whalectl, `whalectl ${shellQuote(args)} (expected: docker's output)`).toEqual(docker)
      return pair
    }
    await new Promise((resolve) => setTimeout(resolve, opts.retryDelayMs ?? 700))
  }
}
