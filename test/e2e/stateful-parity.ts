// Parity for commands that change containers (stop, rm, rename, update, prune, …): docker's run
// would leave nothing for whalectl's to act on, so each CLI gets its own fresh copy of the same
// fixtures (same names, same commands, created just before it runs). Compared: stdout, stderr and
// the exit code, with each fixture's ID replaced by its name (the copies' IDs differ), and the
// state each CLI left the fixtures in (name, status, exit code, and whatever else `state` reads).
import {expect} from 'vitest'

import {cleanupLabel, type RunOptions, type RunResult, runDocker, runWhalectl} from '../engine/harness.js'
import {renameProgram, shellQuote, type TextNormaliser} from './normalise.js'

/** How a fixture is made: `docker run -d …` (running) or `docker create …`; the image and command follow. */
export type Fixture = {run: string[]} | {create: string[]} | {exited: string[]}

/** A container with SIGTERM handled, so that stop and restart take no grace period. */
export const STOPPABLE: Fixture = {run: ['busybox', 'sh', '-c', 'trap "exit 0" TERM; sleep 600 & wait']}
/** A container whose pid 1 ignores SIGTERM (sleep): stop waits for its timeout, then kills. */
export const STUBBORN: Fixture = {run: ['busybox', 'sleep', '600']}
export const CREATED: Fixture = {create: ['busybox', 'true']}
export const EXITED_3: Fixture = {exited: ['busybox', 'sh', '-c', 'exit 3']}

export async function docker(args: string[], opts: RunOptions = {}): Promise<string> {
  const result = await runDocker(args, opts)
  if (result.code !== 0) throw new Error(`docker ${shellQuote(args)} failed (${result.code}): ${result.stderr}`)
  return result.stdout.trim()
}

/** Removes the containers by name or ID (missing ones are fine) with their anonymous volumes. */
export async function removeByName(names: readonly string[]): Promise<void> {
  if (names.length > 0) await runDocker(['rm', '-f', '-v', ...names])
}

/** Makes each fixture afresh under its name; resolves to name → full ID. */
export async function makeFixtures(fixtures: Record<string, Fixture>, extraArgs: string[] = []): Promise<Record<string, string>> {
  await removeByName(Object.keys(fixtures))
  const ids: Record<string, string> = {}
  for (const [name, fixture] of Object.entries(fixtures)) {
    const common = ['--label', cleanupLabel, ...extraArgs, '--name', name]
    if ('run' in fixture) ids[name] = await docker(['run', '-d', ...common, ...fixture.run])
    else if ('create' in fixture) ids[name] = await docker(['create', ...common, ...fixture.create])
    else {
      ids[name] = await docker(['run', '-d', ...common, ...fixture.exited])
      await docker(['wait', ids[name] as string])
    }
  }
  return ids
}

/** What a fixture looks like afterwards, read by ID (so a renamed one is still found). */
export async function stateOf(id: string, template = '{{.Name}} {{.State.Status}} {{.State.ExitCode}}'): Promise<string> {
  const result = await runDocker(['inspect', '--type', 'container', '-f', template, id])
  return result.code === 0 ? result.stdout.trim() : 'gone'
}

export interface StatefulOptions extends RunOptions {
  /** The Go template of `docker inspect` that describes a fixture's state; default name, status, exit code. */
  state?: string
  /** Applied to both outcomes after the IDs are replaced. */
  normalise?: TextNormaliser
  /** docker's stderr names the program in CLI-made errors: rename it (default false). */
  cliError?: boolean
  /** Added to every fixture's create/run options. */
  fixtureArgs?: string[]
}

export interface StatefulOutcome {
  code: number
  stdout: string
  stderr: string
  state: string[]
}

function hideIds(text: string, ids: Record<string, string>): string {
  let out = text
  for (const [name, id] of Object.entries(ids)) out = out.replaceAll(id, `<${name}>`)
  return out
}

async function oneSide(
  run: (args: string[], opts: RunOptions) => Promise<RunResult>,
  fixtures: Record<string, Fixture>,
  args: string[],
  opts: StatefulOptions,
): Promise<{outcome: StatefulOutcome; raw: RunResult}> {
  const ids = await makeFixtures(fixtures, opts.fixtureArgs)
  const raw = await run(args, opts)
  expect(raw.timedOut, `${shellQuote(args)} timed out`).toBe(false)
  const normalise = opts.normalise ?? ((text: string) => text)
  const state = await Promise.all(Object.values(ids).map(async (id) => normalise(hideIds(await stateOf(id, opts.state), ids))))
  // By ID: a fixture may have been renamed.
  await removeByName(Object.values(ids))
  return {
    outcome: {code: raw.code, state, stderr: normalise(hideIds(raw.stderr, ids)), stdout: normalise(hideIds(raw.stdout, ids))},
    raw,
  }
}

/**
 * Runs `args` with docker on fresh fixtures, then with whalectl on fresh fixtures again, and
 * expects the same output, exit code and resulting state. Returns whalectl's raw result and outcome.
 */
export async function expectStatefulParity(fixtures: Record<string, Fixture>, args: string[], opts: StatefulOptions = {}): Promise<{raw: RunResult; outcome: StatefulOutcome}> {
  const theirs = await oneSide(runDocker, fixtures, args, opts)
  const ours = await oneSide(runWhalectl, fixtures, args, opts)
  if (opts.cliError) theirs.outcome.stderr = renameProgram(theirs.outcome.stderr)
  expect(ours.outcome, `whalectl ${shellQuote(args)} (expected: docker's output and effect)`).toEqual(theirs.outcome)
  return ours
}
