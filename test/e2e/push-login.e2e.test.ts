// `whalectl push`, `login` and `logout` against the reference docker on the same engine and its
// registries (127.0.0.1:5000, and the htpasswd one on :5001): the progress lines, the final
// digest line, docker's errors, what config.json holds before and after, what a credential
// helper on PATH receives, and a CI publishing cycle (build, tag, login --password-stdin, push,
// rmi, pull back, run) that must read the same with either CLI.
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, engineContext, type RunOptions, type RunResult, runDocker, runWhalectl, tempDockerConfig} from '../engine/harness.js'
import {expectParity, renameProgram, shellQuote} from './normalise.js'
import {onTerminal, type Step} from './pty.js'

const {authPassword, authRegistry, authUser, registry} = engineContext()
const REPO = `${registry}/whalectl-e2e-push`
let work = ''
let helperBin = ''

async function docker(args: string[], opts: RunOptions = {}): Promise<string> {
  const result = await runDocker(args, opts)
  if (result.code !== 0) throw new Error(`docker ${shellQuote(args)} failed (${result.code}): ${result.stderr}`)
  return result.stdout.trim()
}

type Cli = 'docker' | 'whalectl'
const run = (cli: Cli, args: string[], opts: RunOptions = {}): Promise<RunResult> => (cli === 'docker' ? runDocker(args, opts) : runWhalectl(args, opts))

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'whalectl-push-login-'))
  // A credential helper that keeps its store in a file and logs every call with its input.
  helperBin = path.join(work, 'bin')
  mkdirSync(helperBin)
  const helper = path.join(helperBin, 'docker-credential-e2e-fake')
  writeFileSync(
    helper,
    [
      '#!/bin/sh',
      'dir=${FAKE_HELPER_DIR:?}',
      'in=$(cat /dev/stdin) || exit 9',
      `printf '%s %s\\n' "$1" "$in" >> "$dir/log"`,
      'case "$1" in',
      `store) printf '%s\\n' "$in" >> "$dir/store" ;;`,
      `get) line=$(grep -F "\\"ServerURL\\":\\"$in\\"" "$dir/store" 2>/dev/null | tail -1)`,
      '  if [ -z "$line" ]; then echo "credentials not found in native keychain"; exit 1; fi',
      `  printf '%s' "$line" ;;`,
      `erase) if grep -qF "\\"ServerURL\\":\\"$in\\"" "$dir/store" 2>/dev/null; then`,
      `    grep -vF "\\"ServerURL\\":\\"$in\\"" "$dir/store" > "$dir/store.new"; mv "$dir/store.new" "$dir/store"`,
      '  else echo "credentials not found in native keychain"; exit 1; fi ;;',
      `list) echo '{}' ;;`,
      '*) exit 1 ;;',
      'esac',
      '',
    ].join('\n'),
  )
  chmodSync(helper, 0o755)
  writeFileSync(path.join(helperBin, 'docker-credential-e2e-broken'), '#!/bin/sh\ncat >/dev/null\necho "it broke"\nexit 3\n')
  chmodSync(path.join(helperBin, 'docker-credential-e2e-broken'), 0o755)
  // What every push below starts from: the image, already in the registry under two tags.
  await docker(['tag', 'busybox:latest', `${REPO}:1`])
  await docker(['tag', 'busybox:latest', `${REPO}:2`])
  await docker(['push', '-a', REPO])
})

afterAll(async () => {
  await runDocker(['rmi', `${REPO}:1`, `${REPO}:2`])
  rmSync(work, {force: true, recursive: true})
})

describe('push matches docker push', () => {
  it('a tag whose layers the registry has', async () => {
    const pair = await expectParity(['push', `${REPO}:1`])
    expect(pair.whalectl.stdout).toMatch(/^The push refers to repository \[127\.0\.0\.1:\d+\/whalectl-e2e-push\]\n[0-9a-f]{12}: Preparing\n[0-9a-f]{12}: Layer already exists\n1: digest: sha256:[0-9a-f]{64} size: \d+\n$/)
  })

  it('-q, -a, image push and the default tag', async () => {
    await expectParity(['push', '-q', `${REPO}:1`])
    await expectParity(['image', 'push', '--all-tags', REPO])
    await expectParity(['push', '-a', '-q', REPO])
    // No `latest` tag: docker's default tag, then the engine's error inside the stream.
    const pair = await expectParity(['push', REPO])
    expect(pair.whalectl.code).toBe(1)
  })

  it("bad input gets docker's message and exit code", async () => {
    await expectParity(['push', `${REPO}@sha256:${'a'.repeat(64)}`])
    await expectParity(['push', '-a', `${REPO}:1`])
    await expectParity(['push', 'Bad/Name'])
    await expectParity(['push', `${registry}/whalectl-e2e-never-built:1`])
    await expectParity(['push', '--platform', 'linux/amd64', `${REPO}:1`])
    await expectParity(['push'], {dockerStderr: renameProgram})
    await expectParity(['push', 'a', 'b'], {dockerStderr: renameProgram})
  })

  it('on a terminal: per-layer lines redrawn in place', () => {
    const args = ['push', `${REPO}:1`]
    const ours = onTerminal('whalectl', args)
    expect(ours).toEqual(onTerminal('docker', args))
    expect(ours.output).toContain('\x1b[1A\x1b[2K\r')
  })

  it('a new layer: Preparing, Pushed, the digest line (ids and digests differ per image)', async () => {
    const outputs: Record<Cli, string> = {docker: '', whalectl: ''}
    for (const cli of ['docker', 'whalectl'] as const) {
      const dir = path.join(work, `push-new-${cli}`)
      mkdirSync(dir)
      writeFileSync(path.join(dir, 'Dockerfile'), `FROM busybox\nRUN echo ${cli} > /who\n`)
      const image = `${registry}/whalectl-e2e-push-new-${cli}:1`
      await docker(['build', '-q', '--label', cleanupLabel, '-t', image, dir])
      try {
        const r = await run(cli, ['push', image])
        expect(r.code, r.stderr).toBe(0)
        outputs[cli] = r.stdout
          .replaceAll(`whalectl-e2e-push-new-${cli}`, 'REPO')
          .replace(/\b[0-9a-f]{12}\b/g, 'LAYER')
          .replace(/sha256:[0-9a-f]{64} size: \d+/, 'DIGEST')
          .replace(/Mounted from \S+/g, 'Mounted from X')
      } finally {
        await runDocker(['rmi', image])
      }
    }
    expect(outputs.whalectl).toBe(outputs.docker)
    expect(outputs.whalectl).toContain('LAYER: Pushed\n')
  })

  it('to the htpasswd registry without credentials', async (context) => {
    if (authRegistry === '') context.skip()
    const image = `${authRegistry}/whalectl-e2e-push:1`
    await docker(['tag', 'busybox:latest', image])
    try {
      const pair = await expectParity(['push', image])
      expect(pair.whalectl.stderr).toBe('no basic auth credentials\n')
    } finally {
      await runDocker(['rmi', image])
    }
  })
})

/** A config dir per CLI, filled with `config`; returns the dirs. */
function configDirs(config?: string, mode = 0o600): Record<Cli, string> {
  const dirs = {docker: tempDockerConfig(), whalectl: tempDockerConfig()}
  for (const dir of Object.values(dirs)) {
    if (config !== undefined) {
      writeFileSync(path.join(dir, 'config.json'), config)
      chmodSync(path.join(dir, 'config.json'), mode)
    }
  }
  return dirs
}

interface Observed {
  code: number
  stdout: string
  stderr: string
  config: string
  mode: number
  helperLog?: string
}

async function observe(cli: Cli, dir: string, args: string[], opts: RunOptions = {}, helperDir?: string): Promise<Observed> {
  const r = await run(cli, args, {...opts, env: {...opts.env, DOCKER_CONFIG: dir, ...(helperDir ? {FAKE_HELPER_DIR: helperDir} : {})}})
  const file = path.join(dir, 'config.json')
  let config = ''
  let mode = 0
  try {
    config = readFileSync(file, 'utf8')
    mode = statSync(file).mode & 0o777
  } catch {
    // no config.json
  }
  const out: Observed = {code: r.code, config, mode, stderr: r.stderr.replaceAll(dir, '$DOCKER_CONFIG'), stdout: r.stdout}
  if (helperDir) {
    try {
      out.helperLog = readFileSync(path.join(helperDir, 'log'), 'utf8')
    } catch {
      out.helperLog = ''
    }
  }
  return out
}

/** Runs `args` with docker, then whalectl, each with its own config dir starting from `config`. */
async function configParity(args: string[], config: string | undefined, opts: RunOptions = {}): Promise<Observed> {
  const dirs = configDirs(config, 0o640)
  const theirs = await observe('docker', dirs.docker, args, opts)
  const ours = await observe('whalectl', dirs.whalectl, args, opts)
  expect(ours, `whalectl ${shellQuote(args)}`).toEqual(theirs)
  return ours
}

describe('login and logout with config.json', () => {
  const skipWithoutAuth = (context: {skip: () => void}): void => {
    if (authRegistry === '') context.skip()
  }
  const OTHER_KEYS = JSON.stringify({
    HttpHeaders: {'X-Meta': '<&>'},
    auths: {'other.example': {auth: Buffer.from('someone:pw').toString('base64')}, 'z.example': {email: 'x@y'}},
    detachKeys: 'ctrl-x',
    psFormat: 'table {{.ID}}',
  })

  it('login --password-stdin stores base64 auths, keeps the other keys and the mode', async (context) => {
    skipWithoutAuth(context)
    const r = await configParity(['login', '-u', authUser, '--password-stdin', authRegistry], OTHER_KEYS, {input: `${authPassword}\n`})
    expect(r.stdout).toBe('Login Succeeded\n')
    expect(r.mode).toBe(0o640)
    const saved = JSON.parse(r.config)
    expect(saved.auths[authRegistry]).toEqual({auth: Buffer.from(`${authUser}:${authPassword}`).toString('base64')})
    expect(saved.auths['other.example']).toBeDefined()
    expect(saved.psFormat).toBe('table {{.ID}}')
  })

  it('login into an empty config dir, -p with its warning, and again with the same credentials', async (context) => {
    skipWithoutAuth(context)
    await configParity(['login', '-u', authUser, '--password-stdin', authRegistry], undefined, {input: authPassword})
    await configParity(['login', '-u', authUser, '-p', authPassword, `http://${authRegistry}/v2/`], undefined)
    const stored = JSON.stringify({auths: {[authRegistry]: {auth: Buffer.from(`${authUser}:${authPassword}`).toString('base64')}}})
    await configParity(['login', '-u', authUser, '--password-stdin', authRegistry], stored, {input: authPassword})
  })

  it('login with the stored credentials: valid, and no longer valid', async (context) => {
    skipWithoutAuth(context)
    const valid = JSON.stringify({auths: {[authRegistry]: {auth: Buffer.from(`${authUser}:${authPassword}`).toString('base64')}}})
    const r = await configParity(['login', authRegistry], valid)
    expect(r.stderr).toContain('Authenticating with existing credentials... [Username: whale]')
    const stale = JSON.stringify({auths: {[authRegistry]: {auth: Buffer.from(`${authUser}:wrong`).toString('base64')}}})
    const failed = await configParity(['login', authRegistry], stale)
    expect(failed.code).toBe(1)
  })

  it('a refused login changes nothing in config.json', async (context) => {
    skipWithoutAuth(context)
    const r = await configParity(['login', '-u', authUser, '--password-stdin', authRegistry], OTHER_KEYS, {input: 'wrong-password'})
    expect(r.code).toBe(1)
    expect(r.config).toBe(OTHER_KEYS)
  })

  it('keeps keys docker does not know (docker drops them)', async (context) => {
    skipWithoutAuth(context)
    const dir = tempDockerConfig()
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({'x-custom': {keep: [1, 2]}, psFormat: 'x'}))
    const r = await observe('whalectl', dir, ['login', '-u', authUser, '--password-stdin', authRegistry], {input: authPassword})
    expect(r.code).toBe(0)
    expect(JSON.parse(r.config)).toEqual({
      auths: {[authRegistry]: {auth: Buffer.from(`${authUser}:${authPassword}`).toString('base64')}},
      psFormat: 'x',
      'x-custom': {keep: [1, 2]},
    })
  })

  it('logout erases every spelling; a server not logged in gets the same message', async () => {
    const auth = Buffer.from('u:p').toString('base64')
    const config = JSON.stringify({auths: {'http://reg.example:5000': {auth}, 'reg.example:5000': {auth}, 'other.example': {auth}}, psFormat: 'x'})
    const r = await configParity(['logout', 'reg.example:5000'], config)
    expect(Object.keys(JSON.parse(r.config).auths)).toEqual(['other.example'])
    await configParity(['logout', 'https://reg.example:5000/v2/'], config)
    await configParity(['logout', 'never.example'], config)
    await configParity(['logout'], JSON.stringify({auths: {'https://index.docker.io/v1/': {auth}}}))
  })

  it('an interactive login on a terminal: the prompts, and no echo of the password', (context) => {
    skipWithoutAuth(context)
    const steps: Step[] = [['Username: ', `${authUser}\n`], ['Password: ', `${authPassword}\n`]]
    const view = (r: {code: number; output: string}) => ({...r, output: r.output.replace(/unencrypted in '[^']*'/, "unencrypted in '$DOCKER_CONFIG'")})
    const ours = view(onTerminal('whalectl', ['login', authRegistry], steps))
    expect(ours).toEqual(view(onTerminal('docker', ['login', authRegistry], steps)))
    expect(ours.output.startsWith(`Username: ${authUser}\r\nPassword: \r\n`)).toBe(true)
    expect(ours.output).not.toContain(authPassword)
  })

  it("login's flag errors", async () => {
    for (const args of [['login', '--password-stdin'], ['login', '-u', 'x', '-p', 'y', '--password-stdin'], ['login', '-u', ''], ['login', '-u', 'x', '-p', ''], ['login', 'reg.example']]) {
      await configParity(args, undefined)
    }
    for (const args of [['login', 'a', 'b'], ['logout', 'a', 'b']]) {
      const dirs = configDirs()
      const theirs = await observe('docker', dirs.docker, args)
      const ours = await observe('whalectl', dirs.whalectl, args)
      expect(ours).toEqual({...theirs, stderr: renameProgram(theirs.stderr)})
    }
  })
})

describe('a credential helper on PATH', () => {
  const helperEnv = {PATH: ''}
  beforeAll(() => {
    helperEnv.PATH = `${helperBin}${path.delimiter}${process.env.PATH ?? ''}`
  })

  /** docker, then whalectl, each with its own config dir and helper store; compares everything. */
  async function helperParity(args: string[], config: string, opts: RunOptions = {}, store = ''): Promise<Observed> {
    const dirs = configDirs(config)
    const results: Partial<Record<Cli, Observed>> = {}
    for (const cli of ['docker', 'whalectl'] as const) {
      const helperDir = mkdtempSync(path.join(work, `helper-${cli}-`))
      if (store !== '') writeFileSync(path.join(helperDir, 'store'), store)
      results[cli] = await observe(cli, dirs[cli], args, {...opts, env: {...opts.env, PATH: helperEnv.PATH}}, helperDir)
    }
    expect(results.whalectl, `whalectl ${shellQuote(args)}`).toEqual(results.docker)
    return results.whalectl as Observed
  }

  it('login stores the credentials in credsStore and keeps an empty entry in config.json', async (context) => {
    if (authRegistry === '') context.skip()
    const r = await helperParity(['login', '-u', authUser, '--password-stdin', authRegistry], JSON.stringify({credsStore: 'e2e-fake'}), {input: authPassword})
    expect(r.helperLog).toBe(`store {"ServerURL":"${authRegistry}","Username":"${authUser}","Secret":"${authPassword}"}\n`)
    expect(JSON.parse(r.config)).toEqual({auths: {[authRegistry]: {}}, credsStore: 'e2e-fake'})
  })

  it('login with what the helper holds, push with it, and logout', async (context) => {
    if (authRegistry === '') context.skip()
    const store = `{"ServerURL":"${authRegistry}","Username":"${authUser}","Secret":"${authPassword}"}\n`
    const config = JSON.stringify({credHelpers: {[authRegistry]: 'e2e-fake'}})
    const login = await helperParity(['login', authRegistry], config, {}, store)
    expect(login.helperLog?.startsWith(`get ${authRegistry}\n`)).toBe(true)
    const image = `${authRegistry}/whalectl-e2e-helper:1`
    await docker(['tag', 'busybox:latest', image])
    try {
      const pushed = await helperParity(['push', '-q', image], config, {}, store)
      expect(pushed).toMatchObject({code: 0, helperLog: `get ${authRegistry}\n`, stdout: `${image}\n`})
    } finally {
      await runDocker(['rmi', image])
    }
    // The address as given and as a host name are the same here: docker erases it twice.
    const logout = await helperParity(['logout', authRegistry], config, {}, store)
    expect(logout.helperLog).toBe(`erase ${authRegistry}\nerase ${authRegistry}\n`)
  })

  it('logout from the default registry asks for the web-login token first', async () => {
    const r = await helperParity(['logout'], JSON.stringify({credsStore: 'e2e-fake'}))
    expect(r.helperLog).toBe('get https://index.docker.io/v1/refresh-token\nerase https://index.docker.io/v1/\n')
  })

  it('a failing or missing helper: docker\'s message, and config.json unchanged', async (context) => {
    if (authRegistry === '') context.skip()
    for (const helper of ['e2e-broken', 'e2e-missing']) {
      const config = JSON.stringify({credHelpers: {[authRegistry]: helper}})
      const r = await helperParity(['login', '-u', authUser, '--password-stdin', authRegistry], config, {input: authPassword})
      expect(r.code).toBe(1)
      expect(r.config).toBe(config)
      await helperParity(['logout', authRegistry], config)
    }
  })
})

describe('a CI publishing cycle', () => {
  it('build, tag, login --password-stdin, push, rmi, pull back, run: the same with either CLI', async (context) => {
    if (authRegistry === '') context.skip()
    const transcripts: Record<Cli, string> = {docker: '', whalectl: ''}
    for (const cli of ['docker', 'whalectl'] as const) {
      const config = tempDockerConfig()
      const env = {DOCKER_CONFIG: config}
      const dir = path.join(work, `cycle-${cli}`)
      mkdirSync(dir)
      writeFileSync(path.join(dir, 'Dockerfile'), 'FROM busybox\nRUN echo "published" > /message\nCMD ["cat", "/message"]\n')
      const name = `whalectl-e2e-cycle-${cli === 'docker' ? 'reference' : 'ours'}`
      const built = `${name}:build`
      const remote = `${authRegistry}/${name}:1`
      const steps: Array<[string, RunResult]> = []
      try {
        steps.push(['build', await run(cli, ['build', '-q', '--label', cleanupLabel, '-t', built, dir], {env})])
        // tag and rmi come from the reference CLI (other developers build them for whalectl).
        steps.push(['tag', await runDocker(['tag', built, remote], {env})])
        steps.push(['login', await run(cli, ['login', '-u', authUser, '--password-stdin', authRegistry], {env, input: `${authPassword}\n`})])
        steps.push(['push', await run(cli, ['push', remote], {env})])
        steps.push(['rmi', await runDocker(['rmi', built, remote], {env})])
        steps.push(['pull', await run(cli, ['pull', remote], {env})])
        steps.push(['run', await run(cli, ['run', '--rm', '--label', cleanupLabel, remote], {env})])
      } finally {
        await runDocker(['rmi', '-f', built, remote])
      }
      transcripts[cli] = steps
        .map(([name, r]) => `## ${name} ${r.code}\n${r.stdout}${r.stderr.replaceAll(config, '$DOCKER_CONFIG')}`)
        .join('')
        .replaceAll(name, 'NAME')
        .replace(/sha256:[0-9a-f]{64}/g, 'sha256:<digest>')
        .replace(/\b[0-9a-f]{12}\b/g, '<layer>')
        .replace(/Mounted from \S+/g, 'Mounted from X')
        .replace(/ size: \d+/g, ' size: N')
        .replace(/^<layer>: Verifying Checksum\n/gm, '')
        .replace(/^DEPRECATED: The legacy builder is deprecated[^\n]*\n(?: {12}[^\n]*\n)*\n/m, '')
    }
    expect(transcripts.whalectl).toBe(transcripts.docker)
    expect(transcripts.whalectl).toContain('## login 0\nLogin Succeeded\n')
    expect(transcripts.whalectl).toContain('## run 0\npublished\n')
    expect(transcripts.whalectl).toMatch(/## push 0\nThe push refers to repository \[127\.0\.0\.1:\d+\/NAME\]\n/)
  })
})
