import {PassThrough} from 'node:stream'
import {describe, expect, it} from 'vitest'

import {downloadProgress, isGitURL, isURL} from '../../../src/lib/image/build-remote.js'

describe('URL kinds (urlutil)', () => {
  it.each([
    ['https://github.com/docker/cli.git', true, true],
    ['https://h/r.git#main:dir', true, true],
    ['git://h/r', false, true],
    ['git@github.com:docker/cli', false, true],
    ['github.com/docker/cli', false, true],
    ['http://127.0.0.1:8080/Dockerfile', true, false],
    ['./ctx', false, false],
  ])('%s', (value, url, git) => {
    expect(isURL(value)).toBe(url)
    expect(isGitURL(value)).toBe(git)
  })
})

/** Feeds `chunks`, then ends the stream: in the same turn, or (endLater) in a later one, as a body whose end comes in a read of its own. */
async function run(chunks: Buffer[], size: number, width = 200, endLater = false): Promise<string> {
  let written = ''
  let now = 0
  const progress = downloadProgress({write: (s) => ((written += String(s)), true)}, 'Downloading build context from remote url: u', size, () => width, () => (now += 1000))
  const sink = new PassThrough()
  progress.pipe(sink)
  sink.resume()
  for (const chunk of chunks) progress.write(chunk)
  if (endLater) await new Promise((r) => setTimeout(r, 5))
  progress.end()
  await new Promise((r) => sink.on('end', r))
  return written
}

describe('downloadProgress', () => {
  // docker prints the download line once when the length is known (moby's TestBuildFromURLWithF):
  // the read that completes the body carries EOF, so no empty read, and no last update, follows.
  it('with a known length, ends with the read that completes it: no repeat, no \\r\\n', async () => {
    const text = await run([Buffer.alloc(10), Buffer.alloc(16)], 26)
    const bar = (n: number) => `[${'='.repeat(n)}>${' '.repeat(50 - n)}]`
    expect(text).toBe(
      `Downloading build context from remote url: u ${bar(19)}      10B/26B\r` + `Downloading build context from remote url: u ${bar(50)}      26B/26B\r`,
    )
    expect(await run([Buffer.alloc(59)], 59)).toBe(`Downloading build context from remote url: u ${bar(50)}      59B/59B\r`)
  })

  it('limits updates to one per 100 ms, except the one that completes the download', async () => {
    let written = ''
    const progress = downloadProgress({write: (s) => ((written += String(s)), true)}, 'D', 3 * 1024 * 1024, () => 200, () => 5)
    progress.resume()
    for (let i = 0; i < 3; i++) progress.write(Buffer.alloc(1024 * 1024))
    progress.end()
    await new Promise((r) => progress.on('end', r))
    expect(written.split('\r').filter((line) => line !== '').map((line) => line.trim().split(' ').pop())).toEqual(['1.049MB/3.146MB', '3.146MB/3.146MB'])
  })

  it('without a length only the count is shown, and no bar on a narrow terminal', async () => {
    // The end in a read of its own: the count again, as the last update.
    const text = await run([Buffer.alloc(600 * 1024)], -1, 80, true)
    expect(text).toBe(
      'Downloading build context from remote url: u  614.4kB\r' + 'Downloading build context from remote url: u  614.4kB\r\r\n',
    )
  })

  it('without a length, an end that comes with the last bytes reports that read only', async () => {
    expect(await run([Buffer.alloc(600 * 1024)], -1, 80)).toBe('Downloading build context from remote url: u  614.4kB\r')
    // A read below the 512 KiB step is still reported when it carries the end.
    expect(await run([Buffer.alloc(3072)], -1, 80)).toBe('Downloading build context from remote url: u  3.072kB\r')
    expect(await run([Buffer.alloc(3072)], -1, 80, true)).toBe('Downloading build context from remote url: u  3.072kB\r\r\n')
  })
})
