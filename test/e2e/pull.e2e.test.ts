// `whalectl pull` against the reference `docker pull` on the same engine and local registries
// (DOCKER-CLI-BEHAVIOUR.md §0.4-0.5, §6). stdout, stderr and the exit code must match byte for
// byte; nothing needs normalising, except the program's name in CLI-made usage errors.
//
// A "first pull" can only happen once per image and engine, so those cases remove the image
// before each CLI's run (firstPullParity) instead of running docker and whalectl back to back.
// The engine's busybox:latest shares its only layer with the registry images, so a first pull
// normally shows no layer lines; one case removes every busybox tag to see them, and restores
// busybox:latest (same image ID) afterwards.
import {spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {dockerHost, engineContext, referenceDocker, repoRoot, type RunOptions, runDocker, runWhalectl, tempDockerConfig} from '../engine/harness.js'
import {expectParity, type Outcome, renameProgram, shellQuote} from './normalise.js'

const {authPassword, authRegistry, authUser, registry} = engineContext()
const DIGEST_RE = /^sha256:[0-9a-f]{64}$/

let busyboxId = ''

async function docker(args: string[], opts: RunOptions = {}): Promise<string> {
  const result = await runDocker(args, opts)
  if (result.code !== 0) throw new Error(`docker ${shellQuote(args)} failed (${result.code}): ${result.stderr}`)
  return result.stdout.trim()
}

/** Removes the given references if present (untagging only, when other tags keep the image). */
async function remove(refs: string[]): Promise<void> {
  for (const ref of refs) await runDocker(['rmi', ref])
}

/**
 * Whether the engine reports `Verifying Checksum` for a layer depends on its timing (it is
 * skipped when the download finishes within the same progress tick), so it is dropped from both.
 */
const dropChecksumLines = (text: string): string => text.replace(/^[0-9a-f]{12}: Verifying Checksum\n/gm, '')

function outcome(r: {code: number; stderr: string; stdout: string}): Outcome {
  return {code: r.code, stderr: r.stderr, stdout: dropChecksumLines(r.stdout)}
}

/** docker pull, then whalectl pull, each starting from an engine without `refs`. */
async function firstPullParity(args: string[], refs: string[], opts: RunOptions = {}): Promise<Outcome> {
  await remove(refs)
  const reference = await runDocker(args, opts)
  await remove(refs)
  const ours = await runWhalectl(args, opts)
  expect(outcome(ours), `whalectl ${shellQuote(args)}`).toEqual(outcome(reference))
  return outcome(ours)
}

/** A DOCKER_CONFIG whose config.json has base64 `auths` for the htpasswd registry. */
function authConfig(password = authPassword): string {
  const dir = tempDockerConfig()
  const auth = Buffer.from(`${authUser}:${password}`).toString('base64')
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({auths: {[authRegistry]: {auth}}}))
  return dir
}

beforeAll(async () => {
  busyboxId = await docker(['image', 'inspect', '-f', '{{.Id}}', 'busybox:latest'])
})

afterAll(async () => {
  // Whatever happened, leave busybox:latest (the e2e fixture every other file uses) in place.
  const present = await runDocker(['image', 'inspect', 'busybox:latest'])
  if (present.code !== 0) {
    await docker(['pull', `${registry}/busybox:latest`])
    await docker(['tag', `${registry}/busybox:latest`, 'busybox:latest'])
  }
  await remove([`${registry}/busybox:1`, `${registry}/busybox:latest`])
  if (authRegistry !== '') await remove([`${authRegistry}/busybox:latest`])
})

describe('whalectl pull matches docker pull', () => {
  it('first pull of a tag', async () => {
    const r = await firstPullParity(['pull', `${registry}/busybox:1`], [`${registry}/busybox:1`])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^1: Pulling from busybox\\n[\\s\\S]*Status: Downloaded newer image for ${registry}/busybox:1\\n${registry}/busybox:1\\n$`))
  })

  it('pull when up to date', async () => {
    const pair = await expectParity(['pull', `${registry}/busybox:1`])
    expect(pair.whalectl.stdout).toContain(`Status: Image is up to date for ${registry}/busybox:1\n`)
  })

  it('default tag', () => firstPullParity(['pull', `${registry}/busybox`], [`${registry}/busybox:latest`]))

  it('-q, first pull and up to date', async () => {
    const r = await firstPullParity(['pull', '-q', `${registry}/busybox`], [`${registry}/busybox:latest`])
    expect(r.stdout).toBe(`${registry}/busybox:latest\n`)
    await expectParity(['pull', '-q', `${registry}/busybox:1`])
  })

  it('-a (all tags)', async () => {
    await firstPullParity(['pull', '-a', `${registry}/busybox`], [`${registry}/busybox:1`, `${registry}/busybox:latest`])
    const pair = await expectParity(['pull', '--all-tags', `${registry}/busybox`])
    expect(pair.whalectl.stdout.endsWith(`\n${registry}/busybox\n`)).toBe(true)
  })

  it('by digest', async () => {
    const digest = (await docker(['image', 'inspect', '-f', '{{index .RepoDigests 0}}', `${registry}/busybox:1`])).split('@')[1] ?? ''
    expect(digest).toMatch(DIGEST_RE)
    await expectParity(['pull', `${registry}/busybox@${digest}`])
  })

  it('layers missing locally: one line per layer state', async () => {
    const tags = [`${registry}/busybox:1`, `${registry}/busybox:latest`, 'busybox:latest']
    try {
      // Images built from busybox by other tests keep the layer: then docker shows no layer
      // lines (or `Already exists`), and so must we.
      const r = await firstPullParity(['pull', `${registry}/busybox:1`], tags)
      expect(r.code).toBe(0)
    } finally {
      await runDocker(['pull', `${registry}/busybox:latest`])
      await docker(['tag', `${registry}/busybox:latest`, 'busybox:latest'])
      expect(await docker(['image', 'inspect', '-f', '{{.Id}}', 'busybox:latest'])).toBe(busyboxId)
    }
  })

  describe('errors', () => {
    it('unknown repository', async () => {
      const pair = await expectParity(['pull', `${registry}/nosuch`])
      expect(pair.whalectl.code).toBe(1)
      expect(pair.whalectl.stdout).toBe('Using default tag: latest\n')
      expect(pair.whalectl.stderr).toMatch(/^Error response from daemon: /)
    })
    it('unknown tag', () => expectParity(['pull', `${registry}/busybox:nope`]))
    it('uppercase repository', () => expectParity(['pull', 'Bad']))
    it('malformed reference', () => expectParity(['pull', 'a:b:c']))
    it('64-hex name', () => expectParity(['pull', 'a'.repeat(64)]))
    it('-a with a tag', () => expectParity(['pull', '-a', `${registry}/busybox:1`]))
    it('bad platform', () => expectParity(['pull', '--platform', 'x', `${registry}/busybox:1`]))
    it('no argument', () => expectParity(['pull'], {dockerStderr: renameProgram}))
    it('unknown flag', () => expectParity(['pull', '--nope', 'busybox'], {dockerStderr: renameProgram}))
  })
})

describe('registry auth (htpasswd registry)', () => {
  it('without credentials the registry refuses', async (context) => {
    if (authRegistry === '') context.skip()
    const pair = await expectParity(['pull', `${authRegistry}/busybox`], {env: {DOCKER_CONFIG: tempDockerConfig()}})
    expect(pair.whalectl.code).toBe(1)
  })

  it('with config.json auths (base64 user:password)', async (context) => {
    if (authRegistry === '') context.skip()
    const env = {DOCKER_CONFIG: authConfig()}
    const r = await firstPullParity(['pull', `${authRegistry}/busybox`], [`${authRegistry}/busybox:latest`], {env})
    expect(r.code).toBe(0)
    expect(r.stdout.endsWith(`${authRegistry}/busybox:latest\n`)).toBe(true)
    await expectParity(['pull', '-q', `${authRegistry}/busybox`], {env})
  })

  it('with a wrong password', async (context) => {
    if (authRegistry === '') context.skip()
    await remove([`${authRegistry}/busybox:latest`])
    const pair = await expectParity(['pull', `${authRegistry}/busybox`], {env: {DOCKER_CONFIG: authConfig('wrong')}})
    expect(pair.whalectl.code).toBe(1)
    expect(pair.whalectl.stderr + pair.whalectl.stdout).not.toContain('wrong')
  })
})

/** Runs a command under a pseudo-terminal (util-linux `script`), as a user at a terminal would. */
function underTerminal(command: string[]): {stdout: Buffer; status: number | null} {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('DOCKER_')) env[key] = value
  env.DOCKER_HOST = dockerHost()
  env.DOCKER_CONFIG = tempDockerConfig()
  const line = command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  const result = spawnSync('script', ['-qec', line, '/dev/null'], {cwd: repoRoot, env, timeout: 60_000})
  return {status: result.status, stdout: result.stdout}
}

describe('on a terminal', () => {
  it('redraws layer lines in place, as docker does', async (context) => {
    if (spawnSync('script', ['--version']).status !== 0) context.skip()
    const tags = [`${registry}/busybox:1`, `${registry}/busybox:latest`, 'busybox:latest']
    try {
      await remove(tags)
      const reference = underTerminal([referenceDocker, 'pull', `${registry}/busybox:1`])
      await remove(tags)
      const ours = underTerminal([process.execPath, path.join(repoRoot, 'bin', 'run.js'), 'pull', `${registry}/busybox:1`])
      expect(ours.status).toBe(reference.status)
      // How many Downloading/Extracting updates the engine sends depends on its timing; the
      // rest of the byte stream (line allocation, cursor movement, final states) must match.
      const steady = (b: Buffer) =>
        b.toString('latin1').replace(/\x1b\[\d+A\x1b\[2K\r[0-9a-f]{12}: (?:Downloading|Extracting|Verifying Checksum) ?[^\r]*\r\x1b\[\d+B/g, '')
      expect(steady(ours.stdout)).toBe(steady(reference.stdout))
      if (/Pulling fs layer/.test(reference.stdout.toString('latin1'))) {
        expect(ours.stdout.toString('latin1')).toMatch(/\x1b\[\d+A\x1b\[2K\r[0-9a-f]{12}: Pull complete \r\x1b\[\d+B/)
      }
    } finally {
      await runDocker(['pull', `${registry}/busybox:latest`])
      await docker(['tag', `${registry}/busybox:latest`, 'busybox:latest'])
    }
  })
})
