// `whalectl rmi`, `tag`, `history` and `image prune` against the reference docker on the same
// engine. rmi, tag and prune change what they act on, so each CLI gets its own copy of the same
// fixtures: images built once in beforeAll and saved, then `docker load`ed before each run, which
// gives both CLIs the very same image and layer IDs. Compared: stdout, stderr, the exit code and
// the images left afterwards. Normalised: only container IDs (each run makes its own container),
// the IDs of the one fixture that has to be built per run (--no-prune needs a build's parents),
// the order the engine prunes several images in, and docker → whalectl in CLI-made messages.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, removeTestContainers, type RunOptions, type RunResult, runDocker, runWhalectl} from '../engine/harness.js'
import {buildImage, docker, imagesLabelled, numberIds, removeImages, sortLines} from './image-fixtures.js'
import {eraseDurations, expectParity, maskDurations, type ParityOptions, renameProgram, shellQuote, type TextNormaliser} from './normalise.js'

const RMI_LABEL = 'whalectl.test.rmi=1'
const PRUNE_LABEL = 'whalectl.test.prune=1'
const HISTORY_LABEL = 'whalectl.test.history=1'
const R = 'whalectl-test-rmi'
const OTHER = 'whalectl-test-rmi-other'
const PRUNE_TAGGED = 'whalectl-test-prune:1'
const HIST = 'whalectl-test-hist:1'
const COMMITTED = 'whalectl-test-hist-commit:1'
const TAG = 'whalectl-test-tag'

let dir = ''
let rmiTar = ''
let pruneTar = ''
let danglingTar = ''
let rmiId = '' // sha256:… of whalectl-test-rmi:1 and :2
let busyboxId = ''
let fixturesDone = 0

// ------------------------------------------------------------------------------------------
// Stateful parity: fresh fixtures for each CLI.

interface Outcome {
  code: number
  stdout: string
  stderr: string
  state: string
}

interface StatefulOptions extends RunOptions {
  /** Makes the fixtures; resolves to text → placeholder replacements for this run's own IDs. */
  setup: () => Promise<Record<string, string>>
  /** Describes what is left afterwards (run after each CLI). */
  state: () => Promise<string>
  /** Removes what the setup made beyond the loaded images; run after each CLI. */
  teardown?: () => Promise<void>
  normalise?: TextNormaliser
  cliError?: boolean
}

async function side(run: (args: string[], opts: RunOptions) => Promise<RunResult>, args: string[], opts: StatefulOptions): Promise<Outcome> {
  const replacements = await opts.setup()
  const raw = await run(args, opts)
  expect(raw.timedOut, `${shellQuote(args)} timed out`).toBe(false)
  const state = await opts.state()
  await opts.teardown?.()
  const normalise = (text: string): string => {
    let out = text
    for (const [from, to] of Object.entries(replacements)) out = out.replaceAll(from, to)
    return (opts.normalise ?? ((t: string) => t))(out)
  }
  return {code: raw.code, state: normalise(state), stderr: normalise(raw.stderr), stdout: normalise(raw.stdout)}
}

async function expectStatefulParity(args: string[], opts: StatefulOptions): Promise<Outcome> {
  const theirs = await side(runDocker, args, opts)
  const ours = await side(runWhalectl, args, opts)
  if (opts.cliError) theirs.stderr = renameProgram(theirs.stderr)
  expect(ours, `whalectl ${shellQuote(args)} (expected: docker's output and effect)`).toEqual(theirs)
  return ours
}

/** `docker load` of a saved fixture, after removing what an earlier run left of it. */
async function loadFixture(tar: string, refs: string[]): Promise<void> {
  await removeImages(refs)
  await docker(['load', '-q', '-i', tar])
}

async function labelledState(label: string): Promise<string> {
  const out = await docker(['images', '-a', '--no-trunc', '--filter', `label=${label}`, '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'])
  return out.split('\n').sort().join('\n')
}

/** A container (labelled for cleanup) using `image`; its ID becomes `<container>` in the outputs. */
async function containerUsing(image: string, running: boolean): Promise<Record<string, string>> {
  const id = running
    ? await docker(['run', '-d', '--label', cleanupLabel, image, 'sleep', '600'])
    : await docker(['create', '--label', cleanupLabel, image, 'true'])
  return {[id]: '<container>', [id.slice(0, 12)]: '<container>'}
}

// ------------------------------------------------------------------------------------------

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'whalectl-rmi-'))
  await removeTestContainers()
  await removeImages([`${R}:1`, `${R}:2`, OTHER, PRUNE_TAGGED, HIST, COMMITTED, `${TAG}:1`, `${TAG}:latest`])
  busyboxId = await docker(['image', 'inspect', '-f', '{{.Id}}', 'busybox'])

  // rmi: one image under two tags, and another under one.
  rmiId = await buildImage('FROM busybox\nRUN echo r > /r\n', ['--label', RMI_LABEL, '-t', `${R}:1`, '-t', `${R}:2`])
  await buildImage('FROM busybox\nRUN echo o > /o\n', ['--label', RMI_LABEL, '-t', OTHER])
  rmiTar = path.join(dir, 'rmi.tar')
  await docker(['save', '-o', rmiTar, `${R}:1`, `${R}:2`, OTHER])

  // prune: a dangling image (saved by ID, it loads untagged) and an unused tagged one.
  const dangling = await buildImage('FROM busybox\nRUN echo d > /d\n', ['--label', PRUNE_LABEL])
  danglingTar = path.join(dir, 'dangling.tar')
  await docker(['save', '-o', danglingTar, dangling])
  await buildImage('FROM busybox\nRUN echo t > /t\n', ['--label', PRUNE_LABEL, '-t', PRUNE_TAGGED])
  pruneTar = path.join(dir, 'prune.tar')
  await docker(['save', '-o', pruneTar, PRUNE_TAGGED])
  await removeImages([`${R}:1`, `${R}:2`, OTHER, dangling, PRUNE_TAGGED])

  // history: shell operators, a tab and a long command; then a commit with a comment.
  await buildImage(
    'FROM busybox\nRUN echo "hi" > /x && printf \'a\\tb\' > /y\nRUN for i in 1 2 3 4 5 6 7 8 9 10; do echo "line $i of a long command" >> /z; done\nENV X=1 Y="two words"\n',
    ['--label', HISTORY_LABEL, '-t', HIST],
  )
  const name = 'whalectl-test-hist-c'
  await runDocker(['rm', '-f', name])
  await docker(['run', '--name', name, '--label', cleanupLabel, HIST, 'sh', '-c', 'echo > /c'])
  await docker(['commit', '-m', 'a <comment> & more', '-c', 'LABEL whalectl.test.history=1', name, COMMITTED])
  await docker(['rm', name])
  fixturesDone = Date.now()
}, 180_000)

afterAll(async () => {
  await removeTestContainers()
  await removeImages([`${R}:1`, `${R}:2`, OTHER, PRUNE_TAGGED, HIST, COMMITTED, `${TAG}:1`, `${TAG}:latest`, `127.0.0.1:5000/${TAG}/x:y`])
  for (const label of [RMI_LABEL, PRUNE_LABEL, HISTORY_LABEL]) await removeImages(await imagesLabelled(label))
  if (dir !== '') rmSync(dir, {force: true, recursive: true})
})

// ------------------------------------------------------------------------------------------

describe('whalectl rmi matches docker rmi', () => {
  const rmiFixture = {
    setup: async () => {
      await loadFixture(rmiTar, [`${R}:1`, `${R}:2`, OTHER])
      return {}
    },
    state: () => labelledState(RMI_LABEL),
    teardown: removeTestContainers,
  }
  const rmi = (args: string[], extra: Partial<StatefulOptions> = {}): Promise<Outcome> => expectStatefulParity(args, {...rmiFixture, ...extra})

  it('rmi TAG untags', () => rmi(['rmi', `${R}:1`]))
  it('rmi TAG TAG untags, then deletes', async () => {
    const ours = await rmi(['rmi', `${R}:1`, `${R}:2`])
    expect(ours.stdout).toMatch(new RegExp(`^Untagged: ${R}:1\nUntagged: ${R}:2\nDeleted: ${rmiId}\nDeleted: sha256:`))
    expect(ours.state).not.toContain(rmiId)
  })
  it('image rm and image remove', async () => {
    await rmi(['image', 'rm', OTHER])
    await rmi(['image', 'remove', `${R}:2`, OTHER])
  })
  it('rmi ID of an image with two tags: conflict, exit 1', () => rmi(['rmi', rmiId.slice(7, 19)]))
  it('rmi -f ID untags every tag and deletes', () => rmi(['rmi', '-f', rmiId]))
  it('rmi --force=true sha256:ID', () => rmi(['rmi', '--force=true', rmiId]))
  it('rmi of a missing image and an existing one: the error last, exit 1', () => rmi(['rmi', 'whalectl-test-nosuch', `${R}:2`]))
  it('rmi -f of missing images: errors on stderr, exit 0', () => rmi(['rmi', '-f', 'whalectl-test-nosuch', OTHER, 'whalectl-test-nosuch:2']))
  it('rmi of a bad reference', () => rmi(['rmi', 'Bad', OTHER]))
  it("rmi '' (DELETE /images)", () => rmi(['rmi', '']))

  it('rmi of an image a stopped container uses: conflict, exit 1', () =>
    rmi(['rmi', OTHER], {setup: async () => ({...(await rmiFixture.setup()), ...(await containerUsing(OTHER, false))})}))
  it('rmi -f of an image a stopped container uses: removed', () =>
    rmi(['rmi', '-f', OTHER], {setup: async () => ({...(await rmiFixture.setup()), ...(await containerUsing(OTHER, false))})}))
  it('rmi -f ID of an image a running container uses: cannot be forced, exit 1', () =>
    rmi(['rmi', '-f', rmiId], {setup: async () => ({...(await rmiFixture.setup()), ...(await containerUsing(`${R}:1`, true))})}))

  describe('parents of a build', () => {
    let chain: string[] = []
    const built = {
      normalise: numberIds,
      setup: async () => {
        await removeImages(['whalectl-test-rmi-build'])
        const id = await buildImage('FROM busybox\nRUN echo p1 > /p\nRUN echo p2 > /q\n', ['--no-cache', '-t', 'whalectl-test-rmi-build'])
        chain = (await docker(['history', '-q', '--no-trunc', id])).split('\n').filter((line) => line.startsWith('sha256:') && line !== busyboxId)
        return {}
      },
      state: async () => (await Promise.all(chain.map(async (id) => ((await runDocker(['image', 'inspect', id])).code === 0 ? `${id} kept` : `${id} gone`)))).join('\n'),
      teardown: async () => removeImages(chain),
    }
    it('rmi deletes the untagged parents', () => rmi(['rmi', 'whalectl-test-rmi-build'], built))
    it('rmi --no-prune keeps them', () => rmi(['rmi', '--no-prune', 'whalectl-test-rmi-build'], built))
  })

  describe('errors', () => {
    it('rmi without arguments', () => expectParity(['rmi'], {dockerStderr: renameProgram}))
    it('rmi with an unknown flag', () => expectParity(['rmi', '--foo', 'x'], {dockerStderr: renameProgram}))
    it('rmi --platform needs API 1.50', () => expectParity(['rmi', '--platform', 'linux/amd64', 'x']))
  })
})

describe('whalectl tag matches docker tag', () => {
  const tagged = (ref: string) => ({
    setup: async () => {
      await removeImages([ref])
      return {}
    },
    state: async () => {
      const r = await runDocker(['image', 'inspect', '-f', '{{.Id}}', ref])
      return r.code === 0 ? r.stdout.trim() : 'missing'
    },
    teardown: async () => removeImages([ref]),
  })
  const tag = (args: string[], ref: string): Promise<Outcome> => expectStatefulParity(args, tagged(ref))

  it('tag busybox NAME:TAG', () => tag(['tag', 'busybox', `${TAG}:1`], `${TAG}:1`))
  it('tag busybox NAME (latest)', () => tag(['tag', 'busybox', TAG], `${TAG}:latest`))
  it('image tag busybox:latest REGISTRY/PATH:TAG', () => tag(['image', 'tag', 'busybox:latest', `127.0.0.1:5000/${TAG}/x:y`], `127.0.0.1:5000/${TAG}/x:y`))
  it('tag by short ID', () => tag(['tag', busyboxId.slice(7, 19), `${TAG}:1`], `${TAG}:1`))
  it('tag by full ID', () => tag(['tag', busyboxId.slice(7), `${TAG}:1`], `${TAG}:1`))
  it('tag by sha256:ID', () => tag(['tag', busyboxId, `${TAG}:1`], `${TAG}:1`))
  it('tag onto an existing tag moves it', () => tag(['tag', busyboxId, `${TAG}:1`], `${TAG}:1`))

  describe('errors', () => {
    const cases: Array<[string, string[]]> = [
      ['an uppercase target', ['tag', 'busybox', 'Bad']],
      ['an uppercase source', ['tag', 'Bad', 'x']],
      ['an empty tag', ['tag', 'busybox', 'x:']],
      ['an empty name', ['tag', 'busybox', ':x']],
      ['a digest target', ['tag', 'busybox', 'x@sha256:cf5048d0fa7d454002f44e93430097b5796280a666beb1b20be711e4ac0c7dc3']],
      ['a bad digest target', ['tag', 'busybox', 'x@sha256:1234']],
      ['a 64-hex target', ['tag', 'busybox', 'cf5048d0fa7d454002f44e93430097b5796280a666beb1b20be711e4ac0c7dc3']],
      ['a name over 255 characters', ['tag', 'busybox', 'a'.repeat(256)]],
      ['a tag over 128 characters', ['tag', 'busybox', `x:${'a'.repeat(129)}`]],
      ['a missing source', ['tag', 'whalectl-test-nosuch', 'x']],
      ['a source digest that is a name', ['tag', 'sha256:zz', 'x']],
      ['a missing source digest', ['tag', 'busybox@sha256:cf5048d0fa7d454002f44e93430097b5796280a666beb1b20be711e4ac0c7dc3', 'x']],
    ]
    for (const [what, args] of cases) it(what, () => expectParity(args))
    it('one argument', () => expectParity(['tag', 'busybox'], {dockerStderr: renameProgram}))
    it('a flag after the source is an argument', () => expectParity(['tag', 'busybox', '--foo', 'x'], {dockerStderr: renameProgram}))
    it('an unknown flag', () => expectParity(['tag', '-f', 'busybox', 'x'], {dockerStderr: renameProgram}))
  })
})

describe('whalectl history matches docker history', () => {
  async function settled(): Promise<void> {
    const wait = fixturesDone + 10_500 - Date.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  }
  async function table(args: string[], opts: ParityOptions = {}): Promise<unknown> {
    await settled()
    return expectParity(args, {normalise: maskDurations, ...opts})
  }
  const template = (args: string[], opts: ParityOptions = {}): Promise<unknown> => expectParity(args, {normalise: eraseDurations, ...opts})

  it('history IMAGE', () => table(['history', HIST]))
  it('history of a commit with a comment', () => table(['history', COMMITTED]))
  it('history busybox', () => table(['history', 'busybox']))
  it('image history -H=false', () => table(['image', 'history', '-H=false', COMMITTED]))
  it('history --human=false in Asia/Kolkata', () => table(['history', '--human=false', HIST], {env: {TZ: 'Asia/Kolkata'}}))
  it('history --no-trunc', () => table(['history', '--no-trunc', COMMITTED]))
  it('history -q', () => template(['history', '-q', COMMITTED]))
  it('history -q --no-trunc -H=false', () => template(['history', '-q', '--no-trunc', '-H=false', COMMITTED]))
  it('history --format json', () => template(['history', '--format', 'json', COMMITTED]))
  it('history --format json -H=false --no-trunc', () => template(['history', '--format', 'json', '-H=false', '--no-trunc', COMMITTED]))
  it('history --format raw is a plain template', () => template(['history', '--format', 'raw', HIST]))
  it('history -q --format uses the format', () => template(['history', '-q', '--format', '{{.Size}}', HIST]))
  it('every field', () =>
    template(['history', '--format', '{{.ID}}|{{.CreatedSince}}|{{.CreatedAt}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}', COMMITTED]))
  it('every field with -H=false', () =>
    template(['history', '-H=false', '--format', '{{.ID}}|{{.CreatedSince}}|{{.CreatedAt}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}', COMMITTED]))
  it("history --format 'table {{.ID}}\\t{{.CreatedAt}}\\t{{.Comment}}'", () =>
    table(['history', '--format', 'table {{.ID}}\\t{{.CreatedAt}}\\t{{.Comment}}', COMMITTED]))
  it("history --format '{{json .CreatedBy}}'", () => template(['history', '--format', '{{json .CreatedBy}}', HIST]))

  describe('errors', () => {
    it('a missing image', () => expectParity(['history', 'whalectl-test-nosuch']))
    it('no argument', () => expectParity(['history'], {dockerStderr: renameProgram}))
    it('two arguments', () => expectParity(['history', 'a', 'b'], {dockerStderr: renameProgram}))
    it('a template that does not parse', () => expectParity(['history', '--format', '{{.ID', HIST]))
    it('a template that does not execute', () => expectParity(['history', '--format', '{{.Tags}}', HIST]))
    it('--platform needs API 1.48', () => expectParity(['history', '--platform', 'linux/amd64', HIST]))
    it('a bad -H value', () => expectParity(['history', '-H=maybe', HIST], {dockerStderr: renameProgram}))
  })
})

describe('whalectl image prune matches docker image prune', () => {
  const ours = ['--filter', `label=${PRUNE_LABEL}`]
  const fixture = {
    // The engine prunes several images in random order.
    normalise: sortLines,
    setup: async () => {
      await removeImages(await imagesLabelled(PRUNE_LABEL))
      await docker(['load', '-q', '-i', danglingTar])
      await docker(['load', '-q', '-i', pruneTar])
      return {}
    },
    state: () => labelledState(PRUNE_LABEL),
    teardown: removeTestContainers,
  }
  const prune = (args: string[], extra: Partial<StatefulOptions> = {}): Promise<Outcome> =>
    expectStatefulParity(['image', 'prune', ...args], {...fixture, ...extra})

  it('-f: dangling images only', async () => {
    const outcome = await prune(['-f', ...ours])
    expect(outcome.stdout).toContain('Deleted Images:\n')
    expect(outcome.state).toContain(PRUNE_TAGGED)
    expect(outcome.state).not.toContain('<none>')
  })
  it('-a -f: every unused image', () => prune(['-a', '-f', ...ours]))
  it('-a -f keeps an image a container uses', () =>
    prune(['-a', '-f', ...ours], {setup: async () => ({...(await fixture.setup()), ...(await containerUsing(PRUNE_TAGGED, false))})}))
  it('the prompt, answered y', () => prune(ours, {input: 'y\n'}))
  it("the prompt, answered ' Y '", () => prune(['-a', ...ours], {input: ' Y \n'}))
  it('the prompt, answered n', async () => {
    const outcome = await prune(ours, {input: 'n\n'})
    expect(outcome.stdout.endsWith('[y/N] ')).toBe(true)
    expect(outcome.state).toContain('<none>')
  })
  it('the prompt, stdin at its end', () => prune(['-a', ...ours], {input: ''}))
  it('the prompt, an answer without a newline', () => prune(ours, {input: 'y'}))
  it('nothing to prune', () => prune(['-a', '-f', ...ours, '--filter', 'until=1h']))
  it('pruneFilters from config.json', () => {
    const config = mkdtempSync(path.join(dir, 'config-'))
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({pruneFilters: ['until=1h']}))
    return prune(['-a', '-f', ...ours], {env: {DOCKER_CONFIG: config}})
  })
  it('--filter dangling=true with -a', () => prune(['-a', '-f', '--filter', 'dangling=true', ...ours]))

  describe('errors', () => {
    it('an argument', () => expectParity(['image', 'prune', 'x'], {dockerStderr: renameProgram}))
    it('a malformed --filter', () => expectParity(['image', 'prune', '--filter', 'bad'], {dockerStderr: renameProgram}))
    it('-f is no shorthand for --filter', () => expectParity(['image', 'prune', '-f', 'label=x'], {dockerStderr: renameProgram}))
    it('an unknown filter: the engine refuses', () => expectParity(['image', 'prune', '-f', '--filter', 'foo=bar']))
    it('a bad until: the engine refuses', () => expectParity(['image', 'prune', '-f', '--filter', 'until=soon', ...ours]))
  })
})

describe("whalectl's own effects", () => {
  it('tag then rmi round trip', async () => {
    const tagged = await runWhalectl(['tag', 'busybox', `${TAG}:1`])
    expect(tagged).toMatchObject({code: 0, stderr: '', stdout: ''})
    expect(await docker(['image', 'inspect', '-f', '{{.Id}}', `${TAG}:1`])).toBe(busyboxId)
    const removed = await runWhalectl(['rmi', `${TAG}:1`])
    expect(removed).toMatchObject({code: 0, stderr: '', stdout: `Untagged: ${TAG}:1\n`})
  })

  it('history prints one row per layer, newest first', async () => {
    const r = await runWhalectl(['history', '-q', '--no-trunc', COMMITTED])
    const ids = r.stdout.trim().split('\n')
    expect(ids.at(-1)).toMatch(/^sha256:/)
    expect(ids[0]).toBe(await docker(['image', 'inspect', '-f', '{{.Id}}', COMMITTED]))
  })
})
