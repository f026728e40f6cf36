import {describe, expect, it} from 'vitest'

import type {CommandContext} from '../../../src/lib/cli/context.js'
import {CliError} from '../../../src/lib/cli/errors.js'
import {eachContainer, eachContainerOrFail, joinedError, printingName} from '../../../src/lib/container/each-container.js'

function fakeContext(): {ctx: CommandContext; out: string[]; err: string[]} {
  const out: string[] = []
  const err: string[] = []
  const ctx = {
    stderr: {write: (chunk: string | Uint8Array) => err.push(chunk.toString()) > 0},
    stdout: {write: (chunk: string | Uint8Array) => out.push(chunk.toString()) > 0},
  } as unknown as CommandContext
  return {ctx, err, out}
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('eachContainer (docker\'s per-container loop)', () => {
  it('prints successes in argument order even when later ones finish first, and returns the failures in order', async () => {
    const {ctx, err, out} = fakeContext()
    const delays: Record<string, number> = {a: 30, b: 1, c: 10, d: 5}
    const op = async (name: string): Promise<string> => {
      await sleep(delays[name] ?? 0)
      if (name === 'b' || name === 'd') throw new Error(`no ${name}`)
      return name
    }
    const errors = await eachContainer(ctx, ['a', 'b', 'c', 'd'], op, {concurrency: 50})
    expect(out).toEqual(['a\n', 'c\n'])
    expect(err).toEqual([])
    expect(errors.map((e) => (e as Error).message)).toEqual(['no b', 'no d'])
  })

  it('runs at most `concurrency` operations at once', async () => {
    const {ctx} = fakeContext()
    let running = 0
    let most = 0
    const op = async (name: string): Promise<string> => {
      running++
      most = Math.max(most, running)
      await sleep(2)
      running--
      return name
    }
    const names = Array.from({length: 120}, (_, i) => `c${i}`)
    await eachContainer(ctx, names, op, {concurrency: 50})
    expect(most).toBe(50)
    most = 0
    await eachContainer(ctx, names.slice(0, 5), op, {concurrency: 1})
    expect(most).toBe(1)
  })

  it('a tolerated failure is printed on stderr when its turn comes and is not returned', async () => {
    const {ctx, err, out} = fakeContext()
    const op = printingName(async (name) => {
      if (name.startsWith('missing')) throw new Error(`No such container: ${name}`)
    })
    const errors = await eachContainer(ctx, ['missing1', 'x', 'missing2'], op, {concurrency: 50, tolerate: (e) => (e as Error).message.startsWith('No such')})
    expect({err, errors, out}).toEqual({err: ['No such container: missing1\n', 'No such container: missing2\n'], errors: [], out: ['x\n']})
  })

  it('eachContainerOrFail: the failures joined one per line, exit 1', async () => {
    const {ctx} = fakeContext()
    const op = async (name: string): Promise<string> => {
      throw new Error(`bad ${name}`)
    }
    const failure = await eachContainerOrFail(ctx, ['a', 'b'], op, {concurrency: 1}).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(CliError)
    expect(failure).toMatchObject({exitCode: 1, message: 'bad a\nbad b'})
    expect(joinedError([])).toBeUndefined()
  })
})
