// `whalectl ps` against the reference `docker ps` on the same engine (DOCKER-CLI-BEHAVIOUR.md
// §0.6, §1). beforeAll builds, with docker itself, one container for each interesting case; each
// test then runs one argv through both CLIs and compares stdout, stderr and the exit code.
//
// Normalisation, and nothing more:
//   - durations (CREATED, and the daemon's `Up 3 seconds` / `Exited (0) 5 seconds ago`) can move
//     by a second between the two runs: tables mask the count but keep its width (maskDurations),
//     other templates erase it (eraseDurations), and a pair that still differs is run again.
//     A masked count still changes width at 9 → 10 seconds, and the first seconds go through
//     `Less than a second`, `1 second`, `2 seconds`, so aligned tables wait until every fixture
//     is more than 10 s old (the tests that need no waiting run meanwhile);
//   - the engine lists a container's mounts in random order (a Go map), so `a,b` and `b,a` are
//     made the same for the one container with two mounts (canonicalMounts);
//   - flag and argument errors are made by the CLI and name the program: docker's stderr gets
//     `docker` → `whalectl` (renameProgram) for those cases only.
// Absolute checks on whalectl's own output (ID shapes, the header, no trailing blanks, …) sit at
// the end, so that a bug shared by both CLIs, or by the test, cannot hide.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'
import {cleanupLabel, removeTestContainers, runDocker, runWhalectl} from '../engine/harness.js'
import {
  compose,
  eraseDurations,
  expectParity,
  maskDurations,
  type ParityOptions,
  renameProgram,
  shellQuote,
  type TextNormaliser,
} from './normalise.js'

const prefix = 'pstest-'
const volume = 'pstest-vol'
const ours = ['--filter', `label=${cleanupLabel}`]
const defaultHeader = 'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES'

/** Container name → full ID, filled by beforeAll. */
const ids: Record<string, string> = {}
let imageId = '' // sha256:…
let bindDir = ''
let configDir = ''

/** The bind mount's source and the volume of pstest-web, in either order → volume first. */
const canonicalMounts: TextNormaliser = (text) => text.replace(/([^\s"|,;]+),pstest-vol(?![\w.-])/g, 'pstest-vol,$1')
const tableNormaliser = compose(maskDurations, canonicalMounts)
const templateNormaliser = compose(eraseDurations, canonicalMounts)

let fixturesDone = 0
/** Resolves once every duration the fixtures show has two digits (see the top of the file). */
async function durationsSettled(): Promise<void> {
  const wait = fixturesDone + 10_500 - Date.now()
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
}

/** For aligned tables that may show durations. */
async function table(args: string[], opts: ParityOptions = {}): Promise<unknown> {
  await durationsSettled()
  return expectParity(['ps', ...args], {normalise: tableNormaliser, ...opts})
}

function template(args: string[], opts: ParityOptions = {}): Promise<unknown> {
  return expectParity(['ps', ...args], {normalise: templateNormaliser, ...opts})
}

/** Errors the CLI makes itself: same text, with the program's name swapped. */
function cliError(args: string[]): Promise<unknown> {
  return expectParity(['ps', ...args], {dockerStderr: renameProgram})
}

async function docker(args: string[]): Promise<string> {
  const result = await runDocker(args)
  if (result.code !== 0) throw new Error(`docker ${shellQuote(args)} failed (${result.code}): ${result.stderr}`)
  return result.stdout.trim()
}

async function waitForHealth(name: string, wanted: string): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const status = await docker(['inspect', '-f', '{{.State.Health.Status}}', name])
    if (status === wanted) return
    if (Date.now() > deadline) throw new Error(`${name} stayed ${status}, never ${wanted}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

beforeAll(async () => {
  await removeTestContainers()
  await runDocker(['volume', 'rm', '-f', volume])
  bindDir = mkdtempSync(path.join(tmpdir(), 'pstest-bind-'))
  configDir = mkdtempSync(path.join(tmpdir(), 'pstest-config-'))
  imageId = await docker(['image', 'inspect', '-f', '{{.Id}}', 'busybox'])
  await docker(['volume', 'create', '--label', cleanupLabel, volume])

  const label = ['--label', cleanupLabel]
  const start = async (name: string, args: string[]): Promise<void> => {
    ids[name] = await docker(['run', '-d', ...label, '--name', prefix + name, ...args])
  }
  const create = async (name: string, args: string[]): Promise<void> => {
    ids[name] = await docker(['create', ...label, '--name', prefix + name, ...args])
  }

  // Creation order matters: before/since, -n and -l all go by it.
  await start('web', ['--label', 'a=1', '--label', 'b=2', '-v', `${volume}:/data`, '-v', `${bindDir}:/host`, 'busybox', 'sleep', '600'])
  await create('created', ['busybox', 'echo', 'hi'])
  // Writes 12345 bytes, so `-s` shows a non-zero SizeRw: `12.3kB (virtual …)`.
  await start('exit0', ['busybox', 'sh', '-c', 'head -c 12345 /dev/zero > /data.bin'])
  await start('exit7', ['--label', 'a=3', 'busybox', 'sh', '-c', 'exit 7'])
  await start('paused', ['busybox', 'sleep', '600'])
  await start('healthy', ['--health-cmd', 'true', '--health-interval', '1s', 'busybox', 'sleep', '600'])
  await start('unhealthy', ['--health-cmd', 'false', '--health-interval', '1s', '--health-retries', '1', 'busybox', 'sleep', '600'])
  // Quotes, a tab and wide characters inside the first 20 cells of COMMAND.
  await create('long', ['busybox', 'sh', '-c', 'echo "日本\tü"; sleep 1'])
  // A wide character straddling the 19th/20th cell is dropped before the ellipsis.
  await create('wide', ['busybox', 'echo', 'abcdefghijklm日本語'])
  // Without a bridge (our engine runs --bridge=none) docker 20.10 shows no PORTS for it and
  // `expose=` matches nothing; the parity tests still check that both CLIs agree on that.
  await start('expose', ['--expose', '80', '--expose', '7000-7001/udp', 'busybox', 'sleep', '600'])
  await create('byid', [imageId, 'true'])
  await create('byshort', [imageId.replace(/^sha256:/, '').slice(0, 12), 'true'])

  expect(await docker(['wait', `${prefix}exit0`])).toBe('0')
  expect(await docker(['wait', `${prefix}exit7`])).toBe('7')
  await docker(['pause', `${prefix}paused`])
  fixturesDone = Date.now()
  await Promise.all([waitForHealth(`${prefix}healthy`, 'healthy'), waitForHealth(`${prefix}unhealthy`, 'unhealthy')])
}, 120_000)

afterAll(async () => {
  await removeTestContainers()
  await runDocker(['volume', 'rm', '-f', volume])
  if (bindDir !== '') rmSync(bindDir, {force: true, recursive: true})
  if (configDir !== '') rmSync(configDir, {force: true, recursive: true})
})

/** A DOCKER_CONFIG directory whose config.json holds `content` (written as is). */
function configWith(name: string, content: string): string {
  const dir = path.join(configDir, name)
  mkdirSync(dir, {recursive: true})
  writeFileSync(path.join(dir, 'config.json'), content)
  return dir
}

function shortId(name: string): string {
  return (ids[name] ?? '').slice(0, 12)
}

// Pairs run a few at a time; durations are normalised and mismatches retried, so the small
// extra delay between the docker and whalectl halves of a pair does not matter.
describe.concurrent('whalectl ps matches docker ps', () => {
  describe('quiet', () => {
    it('ps -q', () => template(['-q', ...ours]))
    it('ps -aq --no-trunc', () => template(['-aq', '--no-trunc', ...ours]))
    it('ps -q -s', () => template(['-q', '-s', ...ours]))
    it("ps -q --format '{{.Names}}' warns and prints IDs", () => template(['-q', '--format', '{{.Names}}', ...ours]))
    it('ps -aq --format raw', () => template(['-aq', '--format', 'raw', ...ours]))
    it('ps -aq --format json', () => template(['-aq', '--format', 'json', ...ours]))
    it("ps -q --format '{{.Names' still fails to parse", () => template(['-q', '--format', '{{.Names', ...ours]))
    it("ps -q --format '{{.Nope}}' still fails to execute", () => template(['-q', '--format', '{{.Nope}}', ...ours]))
  })

  describe('--format', () => {
    const formats = [
      '{{.ID}}',
      '{{.Names}}\\t{{.Status}}',
      '{{.Names}}\t{{.State}}\\n',
      // Every field but Size (which would make the CLI ask for sizes) and Mounts (below).
      '{{.ID}}|{{.Image}}|{{.Command}}|{{.CreatedAt}}|{{.RunningFor}}|{{.Ports}}|{{.State}}|{{.Status}}|{{.Names}}|' +
        '{{.Labels}}|{{.Label "a"}}|{{.Label "nope"}}|{{.LocalVolumes}}|{{.Networks}}|{{.Platform}}',
      '{{.Names}}|{{.Mounts}}',
      '{{.Size}}',
      'table {{.ID}}\\t{{.Labels}}',
      'table {{.Names}}\\t{{.Label "a"}}\\t{{.Label "com.example.some-long_key"}}',
      'table {{.Command}}\\t{{.Names}} and {{.State}}',
      'table {{pad .Names 1 1}}|{{json .Labels}}',
      '{{json .}}',
      'json',
      'raw',
      '{{upper .Names}}|{{json .Labels}}|{{join (split .Labels ",") ";"}}|{{truncate .ID 4}}|[{{pad .Names 2 2}}]|{{title .State}}|{{lower .Status}}',
      '{{printf "%-20s|" .Names}}{{range $i, $e := split .Labels ","}}{{$i}}={{$e}};{{end}}|{{if eq .State "running"}}up{{else}}down{{end}}',
      '{{json .Ports}}|{{.Names | printf "%q"}}|{{len .Names}}|{{index (split .Labels ",") 0}}',
    ]
    for (const format of formats) {
      it(`ps -a --format '${format}'`, () => template(['-a', '--format', format, ...ours]))
    }
    it("ps -a --format 'table {{upper .Names}}\\t{{.Status}}'", () =>
      table(['-a', '--format', 'table {{upper .Names}}\\t{{.Status}}', ...ours]))
    it("ps -a --no-trunc --format '{{.Names}}|{{.Mounts}}|{{.Image}}|{{.Command}}'", () =>
      template(['-a', '--no-trunc', '--format', '{{.Names}}|{{.Mounts}}|{{.Image}}|{{.Command}}', ...ours]))
    it('ps -a --format raw -s', () => template(['-a', '--format', 'raw', '-s', ...ours]))
    it('ps -a --format json -s', () => template(['-a', '--format', 'json', '-s', ...ours]))
    it("ps -a --format '{{.Size}}' --size=false", () => template(['-a', '--format', '{{.Size}}', '--size=false', ...ours]))
    it("ps -a --format '{{.CreatedAt}}' in America/New_York", () =>
      template(['-a', '--format', '{{.CreatedAt}}', ...ours], {env: {TZ: 'America/New_York'}}))
    it("ps -a --format '{{.CreatedAt}}' in Asia/Kolkata", () =>
      template(['-a', '--format', '{{.CreatedAt}}', ...ours], {env: {TZ: 'Asia/Kolkata'}}))
  })

  describe('errors', () => {
    it("ps --format '{{.ID' (parse error)", () => template(['--format', '{{.ID', ...ours]))
    it("ps --format '{{.Nope}}' (bad field)", () => template(['--format', '{{.Nope}}', ...ours]))
    it('a bad template fails before the daemon sees a bad filter', () => template(['--format', '{{.Nope}}', '--filter', 'bogus=1']))
    it('ps -n abc', () => cliError(['-n', 'abc']))
    it('ps --last (missing value)', () => cliError(['--last']))
    it('ps -n (missing value)', () => cliError(['-n']))
    it('ps --bogus', () => cliError(['--bogus']))
    it('ps extra', () => cliError(['extra']))
  })

  describe('psFormat from config.json', () => {
    const psFormat = (name: string, format: string): {env: Record<string, string>} => ({
      env: {DOCKER_CONFIG: configWith(name, JSON.stringify({psFormat: format}))},
    })
    it('table {{.Names}}\\t{{.State}}', () => template(['-a', ...ours], psFormat('table', 'table {{.Names}}\t{{.State}}')))
    it('is ignored, silently, by -q', () => template(['-aq', ...ours], psFormat('quiet', 'table {{.Names}}\t{{.State}}')))
    it('loses to --format', () => template(['-a', '--format', '{{.ID}}', ...ours], psFormat('flag', 'table {{.Names}}')))
    it('with -s', () => template(['-a', '-s', ...ours], psFormat('size', 'table {{.Names}}\\t{{.State}}')))
    it('a plain template reading .Size', () => template(['-a', ...ours], psFormat('plain', '{{.Names}}={{.Size}}')))
    it('raw', () => template(['-a', ...ours], psFormat('raw', 'raw')))
    it('raw with -q', () => template(['-aq', ...ours], psFormat('raw-quiet', 'raw')))
    it('a broken template with -q', () => template(['-aq', ...ours], psFormat('broken-quiet', '{{.Names')))
    it('a config.json that does not parse', () =>
      table(['-a', ...ours], {env: {DOCKER_CONFIG: configWith('broken', '{"psFormat": "table {{.Names}}"')}}))
  })

  describe('tables', () => {
    it('ps (everything on the engine)', () => table([]))
    it('ps -a (everything on the engine)', () => table(['-a']))
    it('ps -a', () => table(['-a', ...ours]))
    it('ps -a --no-trunc', () => table(['-a', '--no-trunc', ...ours]))
    it('ps -n 2', () => table(['-n', '2', ...ours]))
    it('ps -n 0 (same as unset)', () => table(['-n', '0', ...ours]))
    it('ps --last=3 -a', () => table(['--last=3', '-a', ...ours]))
    it('ps -l', () => table(['-l', ...ours]))
    it('ps -l -n 3 (-n wins)', () => table(['-l', '-n', '3', ...ours]))
    it('ps -a -s', () => table(['-a', '-s', ...ours]))
    it('ps -as --no-trunc', () => table(['-as', '--no-trunc', ...ours]))
    it('ps --format table -s', () => table(['-a', '--format', 'table', '-s', ...ours]))
    it("ps --format '' (the default)", () => table(['-a', '--format', '', ...ours]))
    it('ps with no match prints the header only', () => table(['--filter', 'label=whalectl.test=nothing']))
    it('container ls -a (alias)', () => expectParity(['container', 'ls', '-a', ...ours], {normalise: tableNormaliser}))
  })

  describe('filters', () => {
    const filters: string[][] = [
      ['name=pstest-e'],
      ['name=^/pstest-web$'],
      ['label=a'],
      ['label=a=1'],
      ['label=a=3'],
      ['label=b=1'],
      ['status=created'],
      ['status=running'],
      ['status=paused'],
      ['status=exited'],
      ['status=restarting'],
      ['status=removing'],
      ['status=dead'],
      ['status=exited', 'status=created'],
      ['exited=7'],
      ['exited=0'],
      ['ancestor=busybox'],
      ['before=pstest-exit7'],
      ['since=pstest-long'],
      ['volume=pstest-vol'],
      ['volume=/host'],
      ['health=healthy'],
      ['health=unhealthy'],
      ['health=none'],
      ['expose=80'],
      ['expose=7000-7001/udp'],
      ['is-task=false'],
      ['network=bridge'],
      ['label=a', 'status=running'],
      ['name=pstest', 'label=b=2', 'volume=pstest-vol'],
    ]
    for (const set of filters) {
      const flags = set.flatMap((filter) => ['--filter', filter])
      it(`ps -a ${flags.join(' ')}`, () => table(['-a', ...flags, ...ours]))
    }
    it('ps -a --filter id=<prefix>', () => table(['-a', '--filter', `id=${shortId('web').slice(0, 7)}`, ...ours]))
    it('ps -a --filter ancestor=<image id>', () => table(['-a', '--filter', `ancestor=${imageId.slice(7, 19)}`, ...ours]))
    it('ps -a -f name=… (short flag, = form)', () => table(['-a', '-f', 'name=pstest-w', `--filter=label=${cleanupLabel}`]))
    it('ps --filter bogus=1 (daemon error)', () => template(['--filter', 'bogus=1', ...ours]))
    it('ps --filter status=bogus (daemon error)', () => template(['--filter', 'status=bogus', ...ours]))
    it('ps --filter exited=abc (daemon error)', () => template(['--filter', 'exited=abc', ...ours]))
    it('ps --filter before=nosuch (daemon error)', () => template(['--filter', 'before=pstest-nosuch', ...ours]))
    it('ps --filter nokey (flag error)', () => cliError(['--filter', 'nokey']))
  })
})

describe('whalectl ps on its own', () => {
  it('-aq prints our 12 short IDs, newest first', async () => {
    const result = await runWhalectl(['ps', '-aq', ...ours])
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines.pop()).toBe('')
    for (const line of lines) expect(line).toMatch(/^[0-9a-f]{12}$/)
    expect(lines).toEqual(Object.keys(ids).reverse().map(shortId))
  })

  it('--no-trunc -aq prints full IDs', async () => {
    const result = await runWhalectl(['ps', '--no-trunc', '-aq', ...ours])
    expect(result.code).toBe(0)
    const lines = result.stdout.trimEnd().split('\n')
    for (const line of lines) expect(line).toMatch(/^[0-9a-f]{64}$/)
    expect(new Set(lines)).toEqual(new Set(Object.values(ids)))
  })

  it('prints the bare default header when nothing matches', async () => {
    const result = await runWhalectl(['ps', '-a', '--filter', 'label=whalectl.test=nothing'])
    expect(result).toMatchObject({code: 0, stderr: '', stdout: `${defaultHeader}\n`})
  })

  it('pads no line with trailing blanks', async () => {
    // NAMES (or SIZE) is never empty; after an empty last cell docker too leaves the padding of
    // the cells before it.
    for (const args of [['-a'], ['-a', '--no-trunc'], ['-as']]) {
      const result = await runWhalectl(['ps', ...args, ...ours])
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/^CONTAINER ID {3,}IMAGE {3,}COMMAND {3,}CREATED {3,}STATUS {3,}PORTS {3,}NAMES( {3,}SIZE)?\n/)
      for (const line of result.stdout.split('\n')) expect(line, shellQuote(args)).not.toMatch(/[ \t]$/)
    }
  })

  it('shows the short image ID for containers created from an image ID', async () => {
    const result = await runWhalectl(['ps', '-a', '--format', '{{.Names}} {{.Image}}', ...ours])
    const images = new Map(result.stdout.trimEnd().split('\n').map((line) => line.split(' ') as [string, string]))
    const short = imageId.slice(7, 19)
    expect(images.get(`${prefix}byid`)).toBe(short)
    expect(images.get(`${prefix}byshort`)).toBe(short)
    expect(images.get(`${prefix}web`)).toBe('busybox')
  })

  it('truncates and quotes COMMAND by display width', async () => {
    const result = await runWhalectl(['ps', '-a', '--format', '{{.Names}} {{.Command}}', ...ours])
    const lines = result.stdout.split('\n')
    expect(lines).toContain(`${prefix}wide "echo abcdefghijklm…"`)
    expect(lines).toContain(`${prefix}exit7 "sh -c 'exit 7'"`)
    expect(lines).toContain(`${prefix}long "sh -c 'echo \\"日本\\tü…"`)
  })

  it('reports sizes with -s', async () => {
    const result = await runWhalectl(['ps', '-a', '-s', '--format', '{{.Names}} {{.Size}}', '--filter', `name=${prefix}exit0`])
    expect(result.stdout).toMatch(/^pstest-exit0 12\.3kB \(virtual [\d.]+[kM]B\)\n$/)
  })

  it('computes CREATED from the clock', async () => {
    const created = Math.floor(Date.parse(await docker(['inspect', '-f', '{{.Created}}', `${prefix}web`])) / 1000)
    const before = Math.floor(Date.now() / 1000) - created
    const result = await runWhalectl(['ps', '--format', '{{.RunningFor}}', '--filter', `name=^/${prefix}web$`])
    const after = Math.floor(Date.now() / 1000) - created
    const allowed = new Set<string>()
    for (let s = before; s <= after; s++) allowed.add(`${humanSeconds(s)} ago\n`)
    expect([...allowed]).toContain(result.stdout)
  })

  it('--format json writes one object per line with sorted keys', async () => {
    const result = await runWhalectl(['ps', '-a', '--format', 'json', ...ours])
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(Object.keys(ids).length)
    for (const line of lines) {
      const parsed = JSON.parse(line) as Record<string, unknown>
      expect(Object.keys(parsed)).toEqual([...Object.keys(parsed)].sort())
      // API < 1.48 (our own engine is 1.41) has no image platform in the list
      if (inject('ownEngine')) expect(parsed.Platform).toBeNull()
    }
  })
})

/** go-units HumanDuration for up to an hour, which is all a test run needs. */
function humanSeconds(seconds: number): string {
  if (seconds < 1) return 'Less than a second'
  if (seconds === 1) return '1 second'
  if (seconds < 60) return `${seconds} seconds`
  const minutes = Math.floor(seconds / 60)
  if (minutes === 1) return 'About a minute'
  return `${minutes} minutes`
}
