// Remote build contexts fetched by the CLI (issue 15 item 11): docker shows its download
// progress once, without a last update, when Go's client returns EOF with the last bytes (always
// for a known length, and for a chunked body whose end came in the same read); the old whalectl
// printed the line twice, ending `\r\r\n`.
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {pack} from 'tar-stream'

import {cleanupLabel, runDocker, runWhalectl} from '../engine/harness.js'
import {expectParity} from './normalise.js'

let server: Server
let base = ''
const files = new Map<string, Buffer>()

/** A small tar (no record padding, so one read brings it whole for both CLIs). */
async function tarOf(entries: Record<string, string>): Promise<Buffer> {
  const archive = pack()
  for (const [name, content] of Object.entries(entries)) archive.entry({mtime: new Date(0), name}, content)
  archive.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of archive) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

beforeAll(async () => {
  files.set('/baz', Buffer.from(`FROM busybox\nLABEL ${cleanupLabel}\nRUN echo from baz\n`))
  const dockerfile = `FROM busybox\nLABEL ${cleanupLabel}\nCOPY foo /foo\n`
  files.set('/context.tar', await tarOf({Dockerfile: dockerfile, foo: 'foo\n'}))
  // Larger than the 4 KiB docker's CLI first buffers: see the last test.
  files.set('/big.tar', await tarOf({Dockerfile: dockerfile, foo: 'foo\n', pad: 'x'.repeat(20_000)}))
  server = createServer((req, res) => {
    const chunked = req.url?.startsWith('/chunked/') === true
    const body = files.get(chunked ? (req.url ?? '').slice('/chunked'.length) : (req.url ?? ''))
    if (body === undefined) {
      res.writeHead(404)
      res.end('not found')
      return
    }
    // Without Content-Length node sends the body chunked, and the client cannot know its size.
    res.writeHead(200, chunked ? {} : {'Content-Length': body.length})
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // Both CLIs then see the same build cache.
  await runDocker(['build', '-q', `${base}/context.tar`])
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await runDocker(['image', 'prune', '-f', '--filter', `label=${cleanupLabel}`])
})

describe('build from a URL', () => {
  it('a Dockerfile of known length with -f (TestBuildFromURLWithF): the line once, then docker 28\'s refusal', async () => {
    const pair = await expectParity(['build', '-f', 'baz', `${base}/baz`], {attempts: 1})
    expect(pair.whalectl.stdout.match(/Downloading build context/g)).toHaveLength(1)
    expect(pair.whalectl.stdout.endsWith('\r')).toBe(true)
  })

  it('a context of unknown length sent at once: reported with the read that ends it', async () => {
    await expectParity(['build', `${base}/chunked/context.tar`], {attempts: 1})
  })

  it('a context of known length: the download line once', async () => {
    await expectParity(['build', `${base}/context.tar`], {attempts: 1})
  })

  it('a context larger than 4 KiB: the same download line', async () => {
    const args = ['build', `${base}/big.tar`]
    const reference = await runDocker(args)
    const ours = await runWhalectl(args)
    expect(ours.code).toBe(reference.code)
    const download = (stdout: string): string => stdout.slice(0, stdout.indexOf('\r') + 1)
    expect(download(reference.stdout)).toMatch(/^Downloading build context from remote url: .*\/big\.tar \[=*> *\] +\d/)
    // How many updates come before the last depends on how the reads fall (docker's first read
    // is its 4 KiB buffer); the last one is the same, and the line is never repeated after it.
    const last = (stdout: string): string | undefined => stdout.split('\r').filter((part) => part.startsWith('Downloading')).pop()
    expect(last(ours.stdout)).toBe(last(reference.stdout))
    expect(ours.stdout).not.toMatch(/Downloading[^\r]*\r\r\n/)
    // docker's upload reader gets EOF with the last bytes too here, and on a pipe it shows only
    // a last update, so docker prints no "Sending build context" line; whalectl still does
    // (src/commands/build.ts decides that).
    expect(reference.stdout).not.toContain('Sending build context')
  })
})
