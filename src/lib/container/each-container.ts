// The loop behind docker's per-container verbs (stop, kill, pause, unpause, rm, restart, update,
// wait): the operation runs for every container named, each success prints one line on stdout in
// the order the containers were given, and the failures are kept and reported together at the end
// (errors.Join: one message per line, exit 1). docker runs stop/kill/pause/unpause/rm up to 50
// at a time (its parallelOperation) and restart/update/wait one after the other.
import type {CommandContext} from '../cli/context.js'
import {CliError} from '../cli/errors.js'
import {cancelledBy, withInterrupt} from '../cli/interrupt.js'

/** docker's parallelOperation runs at most this many operations at once. */
export const DOCKER_PARALLEL = 50

export interface EachContainerOptions {
  /** How many operations may run at once: DOCKER_PARALLEL, or 1 for docker's sequential verbs. */
  concurrency: number
  /**
   * A failure that is printed on stderr as soon as it comes, and is not counted as one
   * (`rm -f` of a missing container).
   */
  tolerate?: (error: unknown) => boolean
}

/**
 * What one container's operation prints on success: usually the name as it was given; `wait`
 * prints the exit code instead.
 */
export type ContainerOperation = (name: string, signal: AbortSignal) => Promise<string>

/** An operation whose success prints the container's name as it was given (most verbs). */
export function printingName(op: (name: string, signal: AbortSignal) => Promise<unknown>): ContainerOperation {
  return async (name, signal) => {
    await op(name, signal)
    return name
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** docker's errors.Join of the failures, as main prints it; undefined when there were none. */
export function joinedError(errors: readonly unknown[]): CliError | undefined {
  return errors.length === 0 ? undefined : new CliError(errors.map(messageOf).join('\n'))
}

/** Wraps tasks so that at most `n` of them run at once; the others start in order as slots free up. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0
  const queue: Array<() => void> = []
  const next = (): void => {
    running--
    queue.shift()?.()
  }
  return (task) =>
    new Promise((resolve, reject) => {
      const run = (): void => {
        running++
        task().then(resolve, reject).finally(next)
      }
      if (running < n) run()
      else queue.push(run)
    })
}

type Outcome = {ok: true; line: string} | {ok: false; error: unknown}

/**
 * Runs `op` for each name, at most `concurrency` at a time, and prints each success's line as
 * soon as it and every earlier container are done. Resolves to the failures in argument order.
 * SIGINT/SIGTERM abort the requests under way and end the command silently with 128+signal.
 */
export async function eachContainer(ctx: CommandContext, names: readonly string[], op: ContainerOperation, opts: EachContainerOptions): Promise<unknown[]> {
  return withInterrupt(async (signal) => {
    const limit = limiter(opts.concurrency)
    const outcomes = names.map((name) =>
      limit(() => op(name, signal)).then(
        (line): Outcome => ({line, ok: true}),
        (error: unknown): Outcome => ({error, ok: false}),
      ),
    )
    const errors: unknown[] = []
    for (const pending of outcomes) {
      const outcome = await pending
      if (signal.aborted) throw cancelledBy(signal)
      if (outcome.ok) ctx.stdout.write(`${outcome.line}\n`)
      else if (opts.tolerate?.(outcome.error)) ctx.stderr.write(`${messageOf(outcome.error)}\n`)
      else errors.push(outcome.error)
    }
    return errors
  })
}

/** eachContainer, then docker's joined error for the failures. */
export async function eachContainerOrFail(ctx: CommandContext, names: readonly string[], op: ContainerOperation, opts: EachContainerOptions): Promise<void> {
  const error = joinedError(await eachContainer(ctx, names, op, opts))
  if (error) throw error
}
