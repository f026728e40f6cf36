import {afterEach, describe, expect, it} from 'vitest'

import {
  formatGoDuration,
  formatProgress,
  formatTimestamp,
  type JSONMessage,
  JSONMessageError,
  ProgressRenderer,
  type ProgressRendererOptions,
  roundDuration,
} from '../../../src/lib/streams/progress.js'

const DIGEST = 'sha256:1126ece6e8542980cc6ca79a89af783a97d0f5b917428524a17260ba833073b4'

/** Renders NDJSON lines, as they come off the wire, and returns everything written. */
function renderLines(lines: string[], opts: ProgressRendererOptions): string {
  let written = ''
  const renderer = new ProgressRenderer({write: (s: string) => (written += s)}, opts)
  for (const line of lines) renderer.render(JSON.parse(line) as JSONMessage)
  return written
}

function bar(filled: number): string {
  return `[${'='.repeat(filled)}>${' '.repeat(50 - filled)}]`
}

// A pull of 127.0.0.1:5000/busybox:1 with both layers missing, as a 20.10 daemon streams it.
const PULL_STREAM = [
  '{"status":"Pulling from busybox","id":"1"}',
  '{"status":"Pulling fs layer","progressDetail":{},"id":"c12f18d86801"}',
  '{"status":"Pulling fs layer","progressDetail":{},"id":"279920ddfee1"}',
  `{"status":"Downloading","progressDetail":{"current":36452,"total":1064000},"progress":"${bar(1)}  36.45kB/1.064MB","id":"c12f18d86801"}`,
  `{"status":"Downloading","progressDetail":{"current":1450,"total":1450},"progress":"${bar(50)}     1.45kB/1.45kB","id":"279920ddfee1"}`,
  '{"status":"Verifying Checksum","progressDetail":{},"id":"279920ddfee1"}',
  '{"status":"Download complete","progressDetail":{},"id":"279920ddfee1"}',
  `{"status":"Downloading","progressDetail":{"current":1064000,"total":1064000},"progress":"${bar(50)}  1.064MB/1.064MB","id":"c12f18d86801"}`,
  '{"status":"Verifying Checksum","progressDetail":{},"id":"c12f18d86801"}',
  '{"status":"Download complete","progressDetail":{},"id":"c12f18d86801"}',
  `{"status":"Extracting","progressDetail":{"current":65536,"total":1064000},"progress":"${bar(3)}  65.54kB/1.064MB","id":"c12f18d86801"}`,
  `{"status":"Extracting","progressDetail":{"current":1064000,"total":1064000},"progress":"${bar(50)}  1.064MB/1.064MB","id":"c12f18d86801"}`,
  '{"status":"Pull complete","progressDetail":{},"id":"c12f18d86801"}',
  `{"status":"Extracting","progressDetail":{"current":1450,"total":1450},"progress":"${bar(50)}     1.45kB/1.45kB","id":"279920ddfee1"}`,
  '{"status":"Pull complete","progressDetail":{},"id":"279920ddfee1"}',
  `{"status":"Digest: ${DIGEST}"}`,
  '{"status":"Status: Downloaded newer image for 127.0.0.1:5000/busybox:1"}',
]

describe('ProgressRenderer without a terminal', () => {
  it('prints the observed pull output, dropping Downloading/Extracting updates', () => {
    expect(renderLines(PULL_STREAM, {tty: false})).toBe(
      [
        '1: Pulling from busybox',
        'c12f18d86801: Pulling fs layer',
        '279920ddfee1: Pulling fs layer',
        '279920ddfee1: Verifying Checksum',
        '279920ddfee1: Download complete',
        'c12f18d86801: Verifying Checksum',
        'c12f18d86801: Download complete',
        'c12f18d86801: Pull complete',
        '279920ddfee1: Pull complete',
        `Digest: ${DIGEST}`,
        'Status: Downloaded newer image for 127.0.0.1:5000/busybox:1',
        '',
      ].join('\n'),
    )
  })

  it('prints the up-to-date case and Already exists', () => {
    const lines = [
      '{"status":"Pulling from library/busybox","id":"latest"}',
      '{"status":"Already exists","progressDetail":{},"id":"c12f18d86801"}',
      `{"status":"Digest: ${DIGEST}"}`,
      '{"status":"Status: Image is up to date for busybox:latest"}',
    ]
    expect(renderLines(lines, {tty: false})).toBe(
      `latest: Pulling from library/busybox\nc12f18d86801: Already exists\nDigest: ${DIGEST}\nStatus: Image is up to date for busybox:latest\n`,
    )
  })

  it('prints build stream text verbatim, daemon colours included', () => {
    const lines = [
      '{"stream":"Step 1/4 : FROM busybox\\n"}',
      '{"stream":" ---\\u003e 4ae26f36d288\\n"}',
      '{"stream":"Step 2/4 : RUN echo to-stderr \\u003e\\u00262\\n"}',
      '{"stream":" ---\\u003e Running in aeab46de6ad0\\n"}',
      '{"stream":"\\u001b[91mto-stderr\\n\\u001b[0m"}',
      '{"stream":"Removing intermediate container aeab46de6ad0\\n"}',
      '{"aux":{"ID":"sha256:7216ce0f"}}',
      '{"stream":"Successfully built 7216ce0f6a2b\\n"}',
    ]
    const aux: unknown[] = []
    const out = renderLines(lines, {onAux: (a) => aux.push(a), tty: false})
    expect(out).toBe(
      'Step 1/4 : FROM busybox\n ---> 4ae26f36d288\nStep 2/4 : RUN echo to-stderr >&2\n ---> Running in aeab46de6ad0\n' +
        '\x1b[91mto-stderr\n\x1b[0mRemoving intermediate container aeab46de6ad0\nSuccessfully built 7216ce0f6a2b\n',
    )
    expect(aux).toEqual([{ID: 'sha256:7216ce0f'}])
  })

  it('prints a pull inside a build (FROM) without its progress updates', () => {
    const lines = [
      '{"stream":"Step 1/2 : FROM 127.0.0.1:5000/busybox:1\\n"}',
      '{"status":"Pulling from busybox","id":"1"}',
      '{"status":"Pulling fs layer","progressDetail":{},"id":"c12f18d86801"}',
      `{"status":"Downloading","progressDetail":{"current":36452,"total":1064000},"progress":"x","id":"c12f18d86801"}`,
      '{"status":"Pull complete","progressDetail":{},"id":"c12f18d86801"}',
      '{"stream":" ---\\u003e 4ae26f36d288\\n"}',
    ]
    expect(renderLines(lines, {tty: false})).toBe(
      'Step 1/2 : FROM 127.0.0.1:5000/busybox:1\n1: Pulling from busybox\nc12f18d86801: Pulling fs layer\nc12f18d86801: Pull complete\n ---> 4ae26f36d288\n',
    )
  })

  it('keeps a counted update whose progress renders empty (narrow, counts hidden)', () => {
    const line = '{"status":"Waiting","progressDetail":{"current":1,"total":2,"hidecounts":true},"id":"a"}'
    expect(renderLines([line], {tty: false, width: 80})).toBe('a: Waiting\n')
    expect(renderLines([line], {tty: false})).toBe('')
  })

  it('writes the deprecated progress text without a newline when there is no progressDetail', () => {
    expect(renderLines(['{"status":"Uploading","progress":"[==>  ] 1kB","id":"a"}'], {tty: false})).toBe(
      'a: Uploading [==>  ] 1kB',
    )
  })

  it('hands aux to the callback and prints nothing, even with a status', () => {
    const seen: Array<[unknown, JSONMessage]> = []
    const out = renderLines(['{"status":"x","aux":{"Tag":"1","Digest":"d","Size":5}}'], {
      onAux: (aux, msg) => seen.push([aux, msg]),
      tty: false,
    })
    expect(out).toBe('')
    expect(seen[0]?.[0]).toEqual({Digest: 'd', Size: 5, Tag: '1'})
    expect(seen[0]?.[1].status).toBe('x')
    // `"aux": null` is no aux at all.
    expect(renderLines(['{"status":"x","aux":null}'], {tty: false})).toBe('x\n')
  })
})

describe('ProgressRenderer errors', () => {
  function renderError(lines: string[], tty = false): {error: unknown; out: string} {
    let out = ''
    const renderer = new ProgressRenderer({write: (s: string) => (out += s)}, {tty})
    try {
      for (const line of lines) renderer.render(JSON.parse(line) as JSONMessage)
    } catch (error) {
      return {error, out}
    }
    return {error: undefined, out}
  }

  it('throws errorDetail with its message and prints nothing for it', () => {
    const {error, out} = renderError([
      '{"status":"Pulling from busybox","id":"nope"}',
      '{"errorDetail":{"message":"manifest for 127.0.0.1:5000/busybox:nope not found: manifest unknown: manifest unknown"},"error":"manifest for 127.0.0.1:5000/busybox:nope not found: manifest unknown: manifest unknown"}',
    ])
    expect(out).toBe('nope: Pulling from busybox\n')
    expect(error).toBeInstanceOf(JSONMessageError)
    expect((error as JSONMessageError).message).toBe(
      'manifest for 127.0.0.1:5000/busybox:nope not found: manifest unknown: manifest unknown',
    )
    expect((error as JSONMessageError).code).toBeUndefined()
  })

  it('carries the code of a failed build step', () => {
    const {error} = renderError([
      '{"errorDetail":{"code":3,"message":"The command \'/bin/sh -c echo before \\u0026\\u0026 exit 3\' returned a non-zero code: 3"},"error":"The command \'/bin/sh -c echo before \\u0026\\u0026 exit 3\' returned a non-zero code: 3"}',
    ])
    expect(error).toBeInstanceOf(JSONMessageError)
    expect((error as JSONMessageError).code).toBe(3)
    expect((error as Error).message).toBe("The command '/bin/sh -c echo before && exit 3' returned a non-zero code: 3")
  })

  it('passes a 401 message through unchanged', () => {
    const {error} = renderError(['{"errorDetail":{"code":401,"message":"unauthorized: authentication required"}}'])
    expect((error as JSONMessageError).message).toBe('unauthorized: authentication required')
    expect((error as JSONMessageError).code).toBe(401)
  })

  it('ignores the deprecated error field on its own, as docker does', () => {
    expect(renderError(['{"error":"something"}'])).toEqual({error: undefined, out: '\n'})
  })

  it('still moves the cursor for an erroring progress message on a terminal', () => {
    const {error, out} = renderError(['{"errorDetail":{"message":"boom"},"progressDetail":{},"id":"a"}'], true)
    expect((error as Error).message).toBe('boom')
    expect(out).toBe('\n\x1b[1A\x1b[1B')
  })
})

describe('ProgressRenderer on a terminal', () => {
  // The capture went through a pty, whose output processing (onlcr) turns each \n the CLI writes
  // into \r\n. The CLI itself writes bare \n; a \r it writes itself is never followed by a \n here.
  const OBSERVED =
    '1: Pulling from busybox\r\n\r\n\x1b[1A\x1b[2K\rc12f18d86801: Pulling fs layer \r\x1b[1B\r\n\x1b[1A\x1b[2K\r279920ddfee1: Pulling fs layer \r\x1b[1B\x1b[2A\x1b[2K\rc12f18d86801: Downloading [=>                                                 ]  36.45kB/1.064MB\r\x1b[2B'
  const fromPty = (bytes: string): string => bytes.replaceAll('\r\n', '\n')

  it('reproduces the observed bytes', () => {
    expect(renderLines(PULL_STREAM.slice(0, 4), {tty: true})).toBe(fromPty(OBSERVED))
  })

  it('redraws each layer on its own line and starts fresh after a plain line', () => {
    const out = renderLines(PULL_STREAM, {tty: true, width: 200})
    const tail =
      '\x1b[1A\x1b[2K\r279920ddfee1: Downloading [==================================================>]   1.45kB/1.45kB\r\x1b[1B' +
      '\x1b[1A\x1b[2K\r279920ddfee1: Verifying Checksum \r\x1b[1B' +
      '\x1b[1A\x1b[2K\r279920ddfee1: Download complete \r\x1b[1B' +
      '\x1b[2A\x1b[2K\rc12f18d86801: Downloading [==================================================>]  1.064MB/1.064MB\r\x1b[2B' +
      '\x1b[2A\x1b[2K\rc12f18d86801: Verifying Checksum \r\x1b[2B' +
      '\x1b[2A\x1b[2K\rc12f18d86801: Download complete \r\x1b[2B' +
      `\x1b[2A\x1b[2K\rc12f18d86801: Extracting ${bar(3)}  65.54kB/1.064MB\r\x1b[2B` +
      '\x1b[2A\x1b[2K\rc12f18d86801: Extracting [==================================================>]  1.064MB/1.064MB\r\x1b[2B' +
      '\x1b[2A\x1b[2K\rc12f18d86801: Pull complete \r\x1b[2B' +
      '\x1b[1A\x1b[2K\r279920ddfee1: Extracting [==================================================>]   1.45kB/1.45kB\r\x1b[1B' +
      '\x1b[1A\x1b[2K\r279920ddfee1: Pull complete \r\x1b[1B' +
      `Digest: ${DIGEST}\n` +
      'Status: Downloaded newer image for 127.0.0.1:5000/busybox:1\n'
    expect(out).toBe(fromPty(OBSERVED) + tail)

    // After the Digest line the id map is empty again, so a reused id gets a new line.
    const again = renderLines(
      ['{"status":"Pulling fs layer","progressDetail":{},"id":"a"}', '{"status":"done"}', '{"status":"Waiting","progressDetail":{},"id":"a"}'],
      {tty: true},
    )
    expect(again).toBe('\n\x1b[1A\x1b[2K\ra: Pulling fs layer \r\x1b[1Bdone\n\n\x1b[1A\x1b[2K\ra: Waiting \r\x1b[1B')
  })

  it('hides the bar on terminals of 110 columns or fewer', () => {
    const line = PULL_STREAM[3] ?? ''
    expect(renderLines([line], {tty: true, width: 110})).toBe(
      '\n\x1b[1A\x1b[2K\rc12f18d86801: Downloading  36.45kB/1.064MB\r\x1b[1B',
    )
    let columns = 120
    const out = renderLines([line, line], {tty: true, width: () => columns--})
    expect(out).toContain('[=>')
  })

  it('prints a status line without progressDetail plainly and closes the block', () => {
    expect(renderLines(['{"status":"Pulling from busybox","id":"1"}'], {tty: true})).toBe('1: Pulling from busybox\n')
  })

  it('prints build stream messages raw on a terminal too', () => {
    expect(renderLines(['{"stream":"Step 1/4 : FROM busybox\\n"}'], {tty: true})).toBe('Step 1/4 : FROM busybox\n')
  })

  it('shows the time left from the injected clock', () => {
    const line = '{"status":"Downloading","progressDetail":{"current":100,"total":1000,"start":1000},"id":"a"}'
    expect(renderLines([line], {now: () => 1_010_000, tty: true, width: 80})).toBe(
      '\n\x1b[1A\x1b[2K\ra: Downloading     100B/1kB 1m30s\r\x1b[1B',
    )
  })
})

describe('formatProgress', () => {
  const NOW = 1_010_000 // ms: 10 s after start=1000

  it.each([
    [{}, 200, ''],
    [{current: 0, total: 0}, 200, ''],
    [{current: 5120}, 200, '  5.12kB'],
    [{current: 5632, total: -1}, 200, ' 5.632kB'],
    [{current: 5, units: 'layers'}, 200, '5 layers'],
    [{current: 36452, total: 1064000}, 200, `${bar(1)}  36.45kB/1.064MB`],
    [{current: 36452, total: 1064000}, 111, `${bar(1)}  36.45kB/1.064MB`],
    [{current: 36452, total: 1064000}, 110, ' 36.45kB/1.064MB'],
    [{current: 2000, total: 1000}, 200, `${bar(50)}      2kB`],
    [{current: 3, total: 10, units: 'layers'}, 200, `${bar(15)} 3/10 layers`],
    [{current: 12, total: 10, units: 'layers'}, 200, `${bar(50)} 12 layers`],
    [{current: 3, hidecounts: true, total: 10}, 200, `${bar(15)} `],
    [{current: 3, hidecounts: true, total: 10}, 100, ''],
    [{current: 100, start: 1000, total: 1000}, 200, `${bar(5)}     100B/1kB 1m30s`],
    [{current: 100, start: 1000, total: 1000}, 51, '    100B/1kB 1m30s'],
    [{current: 100, start: 1000, total: 1000}, 50, '    100B/1kB'],
    [{current: 1000, start: 1000, total: 1000}, 80, '     1kB/1kB'],
    [{current: 998, start: 1000, total: 1000}, 80, '    998B/1kB 0s'],
    [{current: 0, start: 1000, total: 1000}, 80, '      0B/1kB'],
  ])('%j at width %d', (progress, width, expected) => {
    expect(formatProgress(progress, width, NOW)).toBe(expected)
  })

  it('rounds the time left to whole seconds, halves up', () => {
    // 6.666… s elapsed per 1/3 done: 3 entries at 2.222 s each, 6 left → 13.333 s → 13s.
    expect(formatProgress({current: 3, start: 1000, total: 9}, 80, 1_006_666)).toBe('      3B/9B 13s')
    // 1.5 s left rounds up to 2 s.
    expect(formatProgress({current: 2, start: 1000, total: 3}, 80, 1_003_000)).toBe('      2B/3B 2s')
  })
})

describe('Go formatting helpers', () => {
  it.each([
    [0n, '0s'],
    [1_000_000_000n, '1s'],
    [1_500_000_000n, '1.5s'],
    [90_000_000_000n, '1m30s'],
    [3_600_000_000_000n, '1h0m0s'],
    [7_205_000_000_000n, '2h0m5s'],
    [-5_000_000_000n, '-5s'],
    [250_000_000n, '250ms'],
    [1_500n, '1.5µs'],
    [42n, '42ns'],
    [2n ** 63n - 1n, '2562047h47m16.854775807s'],
  ])('duration %s → %s', (d, s) => {
    expect(formatGoDuration(d)).toBe(s)
  })

  it('rounds durations like time.Duration.Round', () => {
    const s = 1_000_000_000n
    expect(roundDuration(1_499_999_999n, s)).toBe(s)
    expect(roundDuration(1_500_000_000n, s)).toBe(2n * s)
    expect(roundDuration(-1_500_000_000n, s)).toBe(-2n * s)
    expect(roundDuration(-1_400_000_000n, s)).toBe(-s)
    expect(roundDuration(2n ** 63n - 1n, s)).toBe(2n ** 63n - 1n)
  })

  describe('timestamps', () => {
    const savedTZ = process.env.TZ
    afterEach(() => {
      if (savedTZ === undefined) delete process.env.TZ
      else process.env.TZ = savedTZ
    })

    it('formats nanoseconds in the local zone', () => {
      process.env.TZ = 'UTC'
      expect(formatTimestamp(1795455574791254102n)).toBe('2026-11-23T17:39:34.791254102Z')
      expect(formatTimestamp(1795455574000000000n)).toBe('2026-11-23T17:39:34.000000000Z')
      process.env.TZ = 'Asia/Kolkata'
      expect(formatTimestamp(1795455574791254102n)).toBe('2026-11-23T23:09:34.791254102+05:30')
      process.env.TZ = 'America/New_York'
      expect(formatTimestamp(1795455574791254102n)).toBe('2026-11-23T12:39:34.791254102-05:00')
    })

    it('prefixes messages that carry a time', () => {
      process.env.TZ = 'UTC'
      const lines = [
        '{"status":"pull","id":"busybox:1","time":1795455574}',
        '{"status":"pull","id":"busybox:1","time":1795455574,"timeNano":1795455574791254000}',
        '{"status":"x","from":"busybox"}',
      ]
      expect(renderLines(lines, {tty: false})).toBe(
        '2026-11-23T17:39:34.000000000Z busybox:1: pull\n' +
          '2026-11-23T17:39:34.791254016Z busybox:1: pull\n' +
          '(from busybox) x\n',
      )
      const precise = new ProgressRenderer({write: (s: string) => expect(s).toBe('2026-11-23T17:39:34.791254102Z a: b\n')}, {tty: false})
      precise.render({id: 'a', status: 'b', timeNano: 1795455574791254102n})
    })
  })
})
