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

async function run(chunks: Buffer[], size: number, width = 200): Promise<string> {
  let written = ''
  let now = 0
  const progress = downloadProgress({write: (s) => ((written += String(s)), true)}, 'Downloading build context from remote url: u', size, () => width, () => (now += 1000))
  const sink = new PassThrough()
  progress.pipe(sink)
  sink.resume()
  for (const chunk of chunks) progress.write(chunk)
  progress.end()
  await new Promise((r) => sink.on('end', r))
  return written
}

describe('downloadProgress', () => {
  it('writes an update per read and a final line ending in \\r\\n', async () => {
    const text = await run([Buffer.alloc(10), Buffer.alloc(16)], 26)
    const bar = (n: number) => `[${'='.repeat(n)}>${' '.repeat(50 - n)}]`
    expect(text).toBe(
      `Downloading build context from remote url: u ${bar(19)}      10B/26B\r` +
        `Downloading build context from remote url: u ${bar(50)}      26B/26B\r` +
        `Downloading build context from remote url: u ${bar(50)}      26B/26B\r\r\n`,
    )
  })

  it('without a length only the count is shown, and no bar on a narrow terminal', async () => {
    const text = await run([Buffer.alloc(600 * 1024)], -1, 80)
    expect(text).toBe(
      'Downloading build context from remote url: u  614.4kB\r' + 'Downloading build context from remote url: u  614.4kB\r\r\n',
    )
  })
})
