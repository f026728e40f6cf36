import {PassThrough} from 'node:stream'
import {describe, expect, it} from 'vitest'

import {StatusError} from '../../../src/lib/cli/errors.js'
import {confirmOrCancel, withConfigPruneFilters} from '../../../src/lib/cli/prune.js'

const MESSAGE = 'WARNING! This will remove all stopped containers.\nAre you sure you want to continue?'

/** Answers the prompt with `input` (then EOF, unless `keepOpen`); resolves to confirmed or the exit it ended with. */
async function answer(input: string, opts: {keepOpen?: boolean; abortAfterMs?: number} = {}): Promise<{out: string; result: 'confirmed' | number}> {
  const stdin = new PassThrough()
  let out = ''
  const stdout = {write: (chunk: string | Uint8Array) => ((out += chunk.toString()), true)}
  const controller = new AbortController()
  if (opts.abortAfterMs !== undefined) setTimeout(() => controller.abort(), opts.abortAfterMs)
  const pending = confirmOrCancel({stdin, stdout}, MESSAGE, controller.signal)
  if (input !== '') stdin.write(input)
  if (!opts.keepOpen) stdin.end()
  try {
    await pending
    return {out, result: 'confirmed'}
  } catch (error) {
    expect(error).toBeInstanceOf(StatusError)
    expect((error as StatusError).message).toBe('')
    return {out, result: (error as StatusError).exitCode}
  }
}

describe('confirmOrCancel (docker prompt.Confirm)', () => {
  it.each([
    ['y\n', 'confirmed'],
    ['Y\n', 'confirmed'],
    ['  y \r\n', 'confirmed'],
    ['y', 'confirmed'],
    ['y\nno\n', 'confirmed'],
    ['n\n', 0],
    ['yes\n', 0],
    ['\n', 0],
    ['', 0],
    ['x\ny\n', 0],
  ] as const)('%j → %s', async (input, result) => {
    expect(await answer(input)).toEqual({out: `${MESSAGE} [y/N] `, result})
  })

  it('the answer may come in pieces; the first line decides without waiting for EOF', async () => {
    expect(await answer('y\n', {keepOpen: true})).toEqual({out: `${MESSAGE} [y/N] `, result: 'confirmed'})
  })

  it('a line longer than bufio.Scanner takes is no answer', async () => {
    expect((await answer(`${'y'.repeat(70_000)}\n`)).result).toBe(0)
  })

  it('a signal while waiting: a newline, then exit 0', async () => {
    expect(await answer('', {abortAfterMs: 20, keepOpen: true})).toEqual({out: `${MESSAGE} [y/N] \n`, result: 0})
  })
})

describe('withConfigPruneFilters (command.PruneFilters)', () => {
  it('adds key=value entries; entries without = are skipped; values are a set', () => {
    expect(withConfigPruneFilters({label: ['a']}, ['until=24h', 'bogus', 'until=24h'])).toEqual({label: ['a'], until: ['24h']})
  })

  it('a label default is added only beside label! values that do not name it (docker\'s ExactMatch)', () => {
    expect(withConfigPruneFilters({}, ['label=keep'])).toEqual({})
    expect(withConfigPruneFilters({'label!': ['other']}, ['label=keep'])).toEqual({'label!': ['other'], label: ['keep']})
    expect(withConfigPruneFilters({'label!': ['keep']}, ['label=keep'])).toEqual({'label!': ['keep']})
    expect(withConfigPruneFilters({}, ['label!=keep'])).toEqual({})
    expect(withConfigPruneFilters({label: ['x']}, ['label!=keep'])).toEqual({label: ['x'], 'label!': ['keep']})
  })

  it('leaves the caller\'s filters alone', () => {
    const mine = {until: ['1h']}
    withConfigPruneFilters(mine, ['until=2h'])
    expect(mine).toEqual({until: ['1h']})
    expect(withConfigPruneFilters(mine, undefined)).toEqual({until: ['1h']})
  })
})
