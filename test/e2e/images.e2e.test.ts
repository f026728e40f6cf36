// `whalectl images` against the reference `docker images` on the same engine. beforeAll builds,
// with docker itself, one image for each interesting case (all labelled whalectl.test.images=1):
//   a  two tags in one repository;
//   b  a tag, and a digest in another repository only (pulled back by digest from the registry);
//   c  a registry repository with both its tag and its digest;
//   e  a dangling image (its tag moved to a newer build).
// Builds are a second apart, so the engine lists them in a fixed order (images of the same second
// come in random order; busybox's own layers do, so unfiltered `-a` listings are compared sorted).
//
// Normalisation, and nothing more: CREATED durations are masked (maskDurations) or erased, and
// tables wait until every fixture is more than 10 s old so a count never changes width between
// the two runs; docker's own messages name the program (renameProgram, for CLI-made errors only).
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {engineContext, runWhalectl} from '../engine/harness.js'
import {buildImage, docker, imagesLabelled, removeImages, sortLines, sortRows} from './image-fixtures.js'
import {compose, eraseDurations, expectParity, maskDurations, type ParityOptions, renameProgram} from './normalise.js'

const LABEL = 'whalectl.test.images=1'
const ours = ['--filter', `label=${LABEL}`]
const A = 'whalectl-test-img-a'
const B = 'whalectl-test-img-b'
const E = 'whalectl-test-img-e'
let C = ''
let D = ''
let configDir = ''
let fixturesDone = 0

async function durationsSettled(): Promise<void> {
  const wait = fixturesDone + 10_500 - Date.now()
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
}

const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1100))

/** Aligned tables: durations masked, width kept. */
async function table(args: string[], opts: ParityOptions = {}): Promise<unknown> {
  await durationsSettled()
  return expectParity(['images', ...args], {normalise: maskDurations, ...opts})
}

/** Unfiltered tables, whose rows of the same second come in any order. */
async function unordered(args: string[], opts: ParityOptions = {}): Promise<unknown> {
  await durationsSettled()
  return expectParity(['images', ...args], {normalise: compose(maskDurations, sortRows), ...opts})
}

function template(args: string[], opts: ParityOptions = {}): Promise<unknown> {
  return expectParity(['images', ...args], {normalise: eraseDurations, ...opts})
}

function cliError(args: string[]): Promise<unknown> {
  return expectParity(args, {dockerStderr: renameProgram})
}

function configWith(name: string, content: object): string {
  const dir = path.join(configDir, name)
  mkdirSync(dir, {recursive: true})
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(content))
  return dir
}

async function cleanup(): Promise<void> {
  await removeImages([`${A}:v1`, `${A}:v2`, B, E, ...(C ? [C] : []), ...(await imagesLabelled(LABEL))])
}

beforeAll(async () => {
  const {registry} = engineContext()
  C = `${registry}/whalectl-test-img-c:1`
  D = `${registry}/whalectl-test-img-d`
  await cleanup()
  configDir = mkdtempSync(path.join(tmpdir(), 'whalectl-images-config-'))
  const label = (tier: string): string[] => ['--label', LABEL, '--label', `tier=${tier}`]

  await buildImage('FROM busybox\nRUN echo e1 > /e\n', [...label('e'), '-t', E])
  await pause()
  await buildImage('FROM busybox\nRUN echo a > /a\n', [...label('a'), '-t', `${A}:v1`, '-t', `${A}:v2`])
  await pause()
  await buildImage('FROM busybox\nRUN echo b > /b\n', [...label('b'), '-t', B])
  await docker(['tag', B, `${D}:1`])
  await docker(['push', '-q', `${D}:1`])
  const digest = (await docker(['image', 'inspect', '-f', '{{index .RepoDigests 0}}', `${D}:1`])).split('@')[1] ?? ''
  await docker(['rmi', `${D}:1`])
  await docker(['pull', '-q', `${D}@${digest}`])
  await pause()
  await buildImage('FROM busybox\nRUN echo c > /c\n', [...label('c'), '-t', C])
  await docker(['push', '-q', C])
  await pause()
  // The first whalectl-test-img-e becomes dangling.
  await buildImage('FROM busybox\nRUN echo e2 > /e\n', [...label('e2'), '-t', E])
  fixturesDone = Date.now()
}, 120_000)

afterAll(async () => {
  await cleanup()
  if (configDir !== '') rmSync(configDir, {force: true, recursive: true})
})

describe('whalectl images matches docker images', () => {
  describe('tables', () => {
    it('images', () => unordered([]))
    it('images -a', () => unordered(['-a']))
    it('images --digests', () => unordered(['--digests']))
    it('image ls (ours)', async () => {
      await durationsSettled()
      await expectParity(['image', 'ls', ...ours], {normalise: maskDurations})
    })
    it('images (ours)', () => table(ours))
    it('images -a --digests (ours)', () => table(['-a', '--digests', ...ours]))
    it('images --no-trunc (ours)', () => table(['--no-trunc', ...ours]))
    it('images --no-trunc --digests -a (ours)', () => table(['--no-trunc', '--digests', '-a', ...ours]))
    it('images --format table (ours)', () => table(['--format', 'table', ...ours]))
    it("images --format 'table {{.ID}}\\t{{.Repository}}' --digests (ours)", () =>
      table(['--format', 'table {{.ID}}\\t{{.Repository}}', '--digests', ...ours]))
    it("images --format 'table {{.Tag}}\\t{{.Digest}}' --digests (ours): no second Digest column", () =>
      table(['--format', 'table {{.Tag}}\\t{{.Digest}}', '--digests', ...ours]))
    it("images --format 'table {{.Repository}}:{{.Tag}}\\t{{.Containers}}\\t{{.SharedSize}}\\t{{.UniqueSize}}\\t{{.VirtualSize}}\\t{{upper .Tag}}'", () =>
      table(['--format', 'table {{.Repository}}:{{.Tag}}\\t{{.Containers}}\\t{{.SharedSize}}\\t{{.UniqueSize}}\\t{{.VirtualSize}}\\t{{upper .Tag}}', ...ours]))
  })

  describe('quiet and templates', () => {
    it('images -q (ours)', () => template(['-q', ...ours]))
    it('images -aq', () => expectParity(['images', '-aq'], {normalise: sortLines}))
    it('images -q --no-trunc --digests (ours)', () => template(['-q', '--no-trunc', '--digests', ...ours]))
    it("images -q --format '{{.Repository}}' uses the format (ours)", () => template(['-q', '--format', '{{.Repository}}', ...ours]))
    it('images --format json (ours)', () => template(['--format', 'json', ...ours]))
    it('images --format json --digests (ours)', () => template(['--format', 'json', '--digests', ...ours]))
    it('images --format raw (ours)', () => template(['--format', 'raw', ...ours]))
    it('images --format raw --digests (ours)', () => template(['--format', 'raw', '--digests', ...ours]))
    it('images --format raw -q (ours)', () => template(['--format', 'raw', '-q', ...ours]))
    it("images --format '{{json .}}' --no-trunc (ours)", () => template(['--format', '{{json .}}', '--no-trunc', ...ours]))
    it("images --format '{{.Repository}}|{{.Tag}}|{{.Digest}}' shows digests without --digests (ours)", () =>
      template(['--format', '{{.Repository}}|{{.Tag}}|{{.Digest}}', ...ours]))
    it("images --format '{{ .Digest }}' does not (ours)", () => template(['--format', '{{.Repository}}|{{ .Digest }}', ...ours]))
    it('every field (ours)', () =>
      template([
        '--format',
        '{{.ID}}|{{.Repository}}|{{.Tag}}|{{.Digest}}|{{.CreatedSince}}|{{.CreatedAt}}|{{.Size}}|{{.Containers}}|{{.VirtualSize}}|{{.SharedSize}}|{{.UniqueSize}}',
        ...ours,
      ]))
    it("images --format '{{.CreatedAt}}' in Asia/Kolkata (ours)", () => template(['--format', '{{.CreatedAt}}', ...ours], {env: {TZ: 'Asia/Kolkata'}}))
    it("images --format '{{printf \"%-30s|\" .Repository}}{{if eq .Tag \"<none>\"}}untagged{{end}}' (ours)", () =>
      template(['--format', '{{printf "%-30s|" .Repository}}{{if eq .Tag "<none>"}}untagged{{end}}', ...ours]))
  })

  describe('a reference argument', () => {
    it(`images ${A}`, () => table([A]))
    it(`images ${A}:v2`, () => table([`${A}:v2`]))
    it("images 'whalectl-test-img-*'", () => table(['whalectl-test-img-*']))
    it("images '*/whalectl-test-img-c' --digests", () => table(['*/whalectl-test-img-c', '--digests']))
    it('images with a reference filter and an argument', () => table(['--filter', `reference=${B}`, A]))
    it('images nosuch', () => table(['whalectl-test-nosuch']))
    it('images Bad', () => table(['Bad']))
    it('images ls: the hint on stderr', () => table(['ls'], {dockerStderr: renameProgram}))
    it('images prune: the hint on stderr', () => table(['prune'], {dockerStderr: renameProgram}))
    it('image ls ls: no hint', () => expectParity(['image', 'ls', 'ls']))
    it('image list tag: no hint', () => expectParity(['image', 'list', 'tag']))
  })

  describe('--filter', () => {
    it('dangling=true (ours)', () => table(['--filter', 'dangling=true', ...ours]))
    it('dangling=false (ours)', () => table(['--filter', 'dangling=false', ...ours]))
    it('label=tier=a', () => table(['--filter', 'label=tier=a']))
    it('label with two values', () => table(['--filter', 'label=tier=a', '--filter', 'label=tier=b']))
    it(`before=${B} (ours)`, () => table(['--filter', `before=${B}`, ...ours]))
    it(`since=${A}:v1 (ours)`, () => table(['-a', '--filter', `since=${A}:v1`, ...ours]))
    it(`reference=${A}:v1`, () => table(['--filter', `reference=${A}:v1`]))
    it('until=1h (ours)', () => table(['--filter', 'until=1h', ...ours]))
    it('until=1s (ours)', () => table(['--filter', 'until=1s', ...ours]))
    it('an empty --filter is ignored (ours)', () => table(['--filter', '', ...ours]))
    it('keys are case-insensitive (ours)', () => table(['--filter', ' Label =tier=b', ...ours]))
    it('an unknown key: the engine refuses', () => expectParity(['images', '--filter', 'foo=bar']))
    it('a bad dangling value: the engine refuses', () => expectParity(['images', '--filter', 'dangling=maybe']))
    it('a bad before reference: the engine refuses', () => expectParity(['images', '--filter', 'before=whalectl-test-nosuch']))
  })

  describe('imagesFormat in config.json', () => {
    it('is the default format', () => template([...ours], {env: {DOCKER_CONFIG: configWith('fmt', {imagesFormat: '{{.Repository}}:{{.Tag}}'})}}))
    it('is a table when it says so', () =>
      table([...ours], {env: {DOCKER_CONFIG: configWith('table', {imagesFormat: 'table {{.Repository}}\t{{.Tag}}'})}}))
    it('gives way to --format', () =>
      template(['--format', '{{.ID}}', ...ours], {env: {DOCKER_CONFIG: configWith('fmt2', {imagesFormat: '{{.Repository}}'})}}))
    it('is not used with -q', () => template(['-q', ...ours], {env: {DOCKER_CONFIG: configWith('fmt3', {imagesFormat: '{{.Repository}}'})}}))
  })

  describe('errors', () => {
    it('images a b: at most one argument', () => cliError(['images', 'a', 'b']))
    it('image ls a b: at most one argument', () => cliError(['image', 'ls', 'a', 'b']))
    it('a malformed --filter: 125', () => cliError(['images', '--filter', 'nokey']))
    it('an unknown flag: 125', () => cliError(['images', '--foo']))
    it('a template that does not parse', () => expectParity(['images', '--format', '{{.ID']))
    it('a template that does not execute', () => expectParity(['images', '--format', '{{.Nope}}']))
    it('a table template that does not execute', () => expectParity(['images', '--format', 'table {{.Labels}}']))
    it('a bad template with nothing to list is no error', () => expectParity(['images', '--format', '{{.Nope}}', 'whalectl-test-nosuch']))
    it('--tree needs a newer engine', () => expectParity(['images', '--tree']))
    it('--tree=false too', () => expectParity(['images', '--tree=false']))
  })
})

describe("whalectl's own output", () => {
  it('prints the default header and one row per tag', async () => {
    await durationsSettled()
    const r = await runWhalectl(['images', A])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toMatch(/^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE$/)
    expect(lines.slice(1, 3).map((line) => line.split(/ {3,}/).slice(0, 2))).toEqual([
      [A, 'v1'],
      [A, 'v2'],
    ])
    expect(lines[3]).toBe('')
  })
})
