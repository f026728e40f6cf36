// Parity of `context ls|create|use|show|inspect|update|rm|export|import` with the reference
// docker, on docker's own context store. Every run gets its own DOCKER_CONFIG; commands that
// change the store run once per CLI on two identically seeded directories, and then the two
// stores (paths, modes, bytes) and config.json must be the same too. The cross-tool tests check
// that a context made by one CLI works in the other, engine requests included.
import {createHash} from 'node:crypto'
import {chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {describe, expect, test} from 'vitest'

import {dockerHost, runDocker, type RunOptions, type RunResult, runWhalectl, tempDockerConfig} from '../engine/harness.js'
import {expectParity, renameProgram, shellQuote} from './normalise.js'

// A self-signed EC certificate and its key (test material only, valid until 2126).
const CERT = `-----BEGIN CERTIFICATE-----
MIIBiDCCAS2gAwIBAgIUObdz/1bWTQNl4hlZfbx8WMlJ3QQwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNd2hhbGVjdGwtdGVzdDAgFw0yNjEyMDMxMzI1MTBaGA8yMTI2
MTEwOTEzMjUxMFowGDEWMBQGA1UEAwwNd2hhbGVjdGwtdGVzdDBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABJX9Vd9vV6l7ObhBeTWa3wwqT8ObBvw95G4K6kOnCknF
eImmCD7LLbVMrVPkP36ktkrM73oME6B4RnTJG9Jz8sCjUzBRMB0GA1UdDgQWBBRs
VuAdF4DNxFjA/u8gVJdS+ZxzpzAfBgNVHSMEGDAWgBRsVuAdF4DNxFjA/u8gVJdS
+ZxzpzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQCyp2VbjphX
KIL9FgE0gkB7MyJixXjQISLmsva9S8rx2AIhALUwEHixLLl4KATw314VpJEGPmhH
NKea4FrkcWFDnL+H
-----END CERTIFICATE-----
`
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgrIQBobltrtvyM6+q
U9W6cmZGMemEITP5lEynnICgKp2hRANCAASV/VXfb1epezm4QXk1mt8MKk/Dmwb8
PeRuCupDpwpJxXiJpgg+yy21TK1T5D9+pLZKzO96DBOgeEZ0yRvSc/LA
-----END PRIVATE KEY-----
`

/** A directory holding ca.pem, cert.pem, key.pem and a key that is not a certificate. */
function tlsFiles(): {ca: string; cert: string; key: string} {
  const dir = tempDockerConfig()
  const files = {ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem')}
  writeFileSync(files.ca, CERT)
  writeFileSync(files.cert, CERT)
  writeFileSync(files.key, KEY)
  return files
}

/** The environment of a run on config directory `dir`, DOCKER_HOST unset unless given. */
function envOf(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {DOCKER_CONFIG: dir, DOCKER_HOST: '', ...extra}
}

async function must(result: Promise<RunResult>, what: string): Promise<RunResult> {
  const r = await result
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr}`)
  return r
}

/** Contexts made by the reference docker: plain, TLS, skip-verify and names that sort naturally. */
async function seed(dir: string): Promise<void> {
  const tls = tlsFiles()
  const create = (args: string[]): Promise<RunResult> => must(runDocker(['context', 'create', ...args], {env: envOf(dir)}), `seeding ${args[0]}`)
  await create(['alpha', '--docker', `host=${dockerHost()}`, '--description', 'first <one> & "only"'])
  await create(['beta', '--docker', `host=tcp://127.0.0.1:1,ca=${tls.ca},cert=${tls.cert},key=${tls.key}`, '--description', 'tls'])
  await create(['gamma', '--docker', 'host=unix:///nonexistent/docker.sock,skip-tls-verify=true'])
  await create(['ctx10', '--docker', 'host=tcp://127.0.0.1:2'])
  await create(['ctx9', '--docker', 'host=tcp://127.0.0.1:3'])
}

/** Every path below `dir` with its mode, and each file's bytes: what a store comparison looks at. */
function snapshot(dir: string): string[] {
  const out: string[] = []
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const relPath = path.join(rel, name)
      const info = statSync(path.join(dir, relPath))
      const mode = (info.mode & 0o7777).toString(8)
      if (info.isDirectory()) {
        out.push(`${relPath}/ ${mode}`)
        walk(relPath)
      } else {
        out.push(`${relPath} ${mode} ${readFileSync(path.join(dir, relPath), 'utf8')}`)
      }
    }
  }
  walk('')
  return out
}

/** docker's own CLI messages with the program renamed, the `--docker` flag's name kept. */
function cliMessage(text: string): string {
  return renameProgram(text).replaceAll('--whalectl', '--docker')
}

interface StoreParityOptions {
  /** Prepares each CLI's config directory the same way (default: `seed`). */
  setup?: (dir: string) => Promise<void> | void
  env?: Record<string, string>
  input?: RunOptions['input']
  /** docker's stderr names the program (flag and argument errors). */
  cliError?: boolean
}

// In `args`, `{dir}` stands for each CLI's own config directory (files written beside the store).

/**
 * Runs `args` with docker on one seeded config directory and with whalectl on another seeded the
 * same way; outputs (config paths masked) and the resulting stores must be the same.
 */
async function expectStoreParity(args: string[], opts: StoreParityOptions = {}): Promise<{docker: string; whalectl: string}> {
  const setup = opts.setup ?? seed
  const dirs = {docker: tempDockerConfig(), whalectl: tempDockerConfig()}
  await setup(dirs.docker)
  await setup(dirs.whalectl)
  const argsFor = (dir: string): string[] => args.map((a) => a.replaceAll('{dir}', dir))
  const docker = await runDocker(argsFor(dirs.docker), {env: envOf(dirs.docker, opts.env), input: opts.input})
  const whalectl = await runWhalectl(argsFor(dirs.whalectl), {env: envOf(dirs.whalectl, opts.env), input: opts.input})
  const mask = (text: string, dir: string): string => text.replaceAll(dir, 'CFG')
  const outcome = (r: RunResult, dir: string, rename: boolean): object => ({
    code: r.code,
    stderr: rename ? cliMessage(mask(r.stderr, dir)) : mask(r.stderr, dir),
    stdout: mask(r.stdout, dir),
  })
  expect(outcome(whalectl, dirs.whalectl, false), `whalectl ${shellQuote(args)}`).toEqual(outcome(docker, dirs.docker, opts.cliError === true))
  expect(snapshot(dirs.whalectl), `the store after ${shellQuote(args)}`).toEqual(snapshot(dirs.docker))
  return dirs
}

describe('context ls, show and inspect', () => {
  const readOnly = async (args: string[], extraEnv: Record<string, string> = {}, cliError = false): Promise<void> => {
    const dir = tempDockerConfig()
    await seed(dir)
    const mask = (text: string): string => text.replaceAll(dir, 'CFG')
    await expectParity(args, {dockerStderr: cliError ? cliMessage : undefined, env: envOf(dir, extraEnv), normalise: mask})
  }

  test('the table, -q, json and templates list every context with the default one marked', async () => {
    await readOnly(['context', 'ls'])
    await readOnly(['context', 'list', '-q'])
    await readOnly(['context', 'ls', '--format', 'json'])
    await readOnly(['context', 'ls', '--format', '{{.Name}}|{{.Current}}|{{.DockerEndpoint}}|{{.Description}}'])
    await readOnly(['context', 'ls', '--format', 'table {{.Name}}\t{{.Current}}'])
    await readOnly(['context', 'ls', '-q', '--format', 'json'])
  })

  test('the default endpoint follows -H and DOCKER_HOST, which also earns docker warning', async () => {
    await readOnly(['context', 'ls'], {DOCKER_HOST: dockerHost()})
    await readOnly(['-H', 'tcp://127.0.0.1:9', 'context', 'ls'])
    await readOnly(['context', 'ls'], {DOCKER_HOST: 'bogus://x'})
  })

  test('a current context that does not exist is listed with its error', async () => {
    await readOnly(['context', 'ls'], {DOCKER_CONTEXT: 'nosuch'})
    await readOnly(['--context', 'ctx9', 'context', 'ls', '--format', 'json'])
  })

  test('bad templates fail as docker fails', async () => {
    await readOnly(['context', 'ls', '--format', '{{.Nope}}'])
    await readOnly(['context', 'ls', '--format', '{{.Name'])
  })

  test('show names the current context from --context, DOCKER_HOST, DOCKER_CONTEXT or config.json', async () => {
    await readOnly(['context', 'show'])
    await readOnly(['context', 'show'], {DOCKER_CONTEXT: 'gamma'})
    await readOnly(['context', 'show'], {DOCKER_CONTEXT: 'gamma', DOCKER_HOST: dockerHost()})
    await readOnly(['-c', 'beta', 'context', 'show'])
    await readOnly(['context', 'show', 'extra'], {}, true)
  })

  test('templates see docker\'s types: the metadata a DockerContext, the docker endpoint an EndpointMeta', async () => {
    const dir = tempDockerConfig()
    await seed(dir)
    // Fields docker does not know (another tool's) are kept in AdditionalFields; other endpoints stay maps.
    const file = path.join(dir, 'contexts', 'meta', createHash('sha256').update('alpha').digest('hex'), 'meta.json')
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {Metadata: Record<string, unknown>; Endpoints: Record<string, unknown>}
    stored.Metadata.zeta = {b: 1, a: [1, 2]}
    stored.Metadata.alpha = 'x'
    stored.Endpoints.other = {K: 'v'}
    writeFileSync(file, JSON.stringify(stored))
    const mask = (text: string): string => text.replaceAll(dir, 'CFG')
    const templates = [
      '{{.Metadata}}',
      '{{.}}',
      '{{.Endpoints.docker}} {{.Endpoints.other}} {{.Metadata.Metadata.AdditionalFields.zeta}}',
      '{{printf "%T %T %T" .Metadata .Metadata.Metadata .Endpoints.docker}}',
      '{{json .Metadata.Metadata}} {{json .Endpoints.docker}}',
      '{{.Metadata.Metadata.zeta}}',
      '{{.Endpoints.docker.Nope}}',
      '{{.Metadata.Description}}',
    ]
    for (const template of templates) await expectParity(['context', 'inspect', '-f', template, 'alpha', 'beta', 'default'], {env: envOf(dir), normalise: mask})
    await expectParity(['context', 'inspect', 'alpha'], {env: envOf(dir), normalise: mask})
  })

  test('a damaged meta.json: a command on that context, ls and inspect report it in docker\'s words', async () => {
    const damaged = ['{bad', '{"Name":"alpha","Endpoints":{"docker":{"Host":5}}}', '{"Name":"alpha","Endpoints":{}}', '{"Name":"alpha","Endpoints":{"docker":7}}', 'null']
    for (const text of damaged) {
      const dir = tempDockerConfig()
      await seed(dir)
      writeFileSync(path.join(dir, 'contexts', 'meta', createHash('sha256').update('alpha').digest('hex'), 'meta.json'), text)
      const mask = (out: string): string => out.replaceAll(dir, 'CFG')
      for (const args of [['--context', 'alpha', 'ps', '-q'], ['context', 'ls', '-q'], ['context', 'inspect', 'alpha']]) {
        await expectParity(args, {env: envOf(dir), normalise: mask})
      }
      await expectParity(['ps', '-q'], {env: envOf(dir, {DOCKER_CONTEXT: 'alpha'}), normalise: mask})
    }
  })

  test('inspect prints metadata, endpoints, TLS files and storage paths, or docker errors', async () => {
    await readOnly(['context', 'inspect', 'alpha', 'beta', 'default'])
    await readOnly(['context', 'inspect'], {DOCKER_CONTEXT: 'gamma'})
    await readOnly(['context', 'inspect', 'nosuch', 'alpha'])
    await readOnly(['context', 'inspect', '-f', '{{.Name}} {{.Endpoints.docker.Host}} {{json .Metadata}} {{.TLSMaterial}} {{.Storage.MetadataPath}}', 'beta', 'gamma'])
    await readOnly(['context', 'inspect', '--format', 'json', 'alpha'])
    await readOnly(['context', 'inspect', '-f', '{{.Nope}}', 'alpha'])
  })
})

describe('context create', () => {
  test('from --docker keys, with a description and TLS files', async () => {
    const tls = tlsFiles()
    await expectStoreParity(['context', 'create', 'new1', '--docker', `host=${dockerHost()}`, '--description', 'mine <&>'])
    await expectStoreParity(['context', 'create', 'new1', '--docker', `host=tcp://127.0.0.1:1,ca=${tls.ca},cert=${tls.cert},key=${tls.key}`])
    await expectStoreParity(['context', 'create', 'new1', '--docker', 'host=tcp://127.0.0.1:1', '--docker', 'skip-tls-verify=1'])
    await expectStoreParity(['context', 'create', 'new1', '--docker', 'from=beta'])
  })

  test('from another context or the current one, TLS files copied', async () => {
    await expectStoreParity(['context', 'create', 'new1', '--from', 'beta', '--description', 'copied'])
    await expectStoreParity(['context', 'create', 'new1'])
    await expectStoreParity(['context', 'create', 'new1', '--description', 'here'], {env: {DOCKER_HOST: dockerHost()}})
  })

  test('malformed --docker options, bad names and duplicates are refused and nothing is written', async () => {
    const tls = tlsFiles()
    await expectStoreParity(['context', 'create', 'new1', '--docker', 'host'], {cliError: true})
    await expectStoreParity(['context', 'create', 'new1', '--docker', ''], {cliError: true})
    await expectStoreParity(['context', 'create', 'new1', '--docker', 'foo=1'])
    await expectStoreParity(['context', 'create', 'new1', '--docker', 'skip-tls-verify=maybe'])
    await expectStoreParity(['context', 'create', 'new1', '--docker', 'host=foo'])
    await expectStoreParity(['context', 'create', 'new1', '--docker', 'host="tcp://a:1,b"'])
    await expectStoreParity(['context', 'create', 'new1', '--docker', `host=tcp://127.0.0.1:1,ca=${tls.key}`])
    await expectStoreParity(['context', 'create', 'new1', '--docker', 'host=tcp://127.0.0.1:1,ca=/nonexistent/ca.pem'])
    await expectStoreParity(['context', 'create', 'new1', '--docker', 'from=nosuch'])
    await expectStoreParity(['context', 'create', 'new1', '--from', 'nosuch'])
    await expectStoreParity(['context', 'create', 'new1', '--from', 'beta', '--docker', 'host=tcp://a:1'])
    await expectStoreParity(['context', 'create', 'alpha', '--docker', 'host=tcp://a:1'])
    await expectStoreParity(['context', 'create', 'default'])
    await expectStoreParity(['context', 'create', 'bad name'])
    await expectStoreParity(['context', 'create'], {cliError: true})
  })
})

describe('context use', () => {
  const withConfig = (dir: string): Promise<void> => {
    writeFileSync(path.join(dir, 'config.json'), '{"auths":{},"psFormat":"{{.ID}}","currentContext":"beta"}')
    chmodSync(path.join(dir, 'config.json'), 0o640)
    return seed(dir)
  }

  test('records the context in config.json, keeping its other keys and mode; default removes it', async () => {
    await expectStoreParity(['context', 'use', 'alpha'], {setup: withConfig})
    await expectStoreParity(['context', 'use', 'default'], {setup: withConfig})
    await expectStoreParity(['context', 'use', 'alpha'])
    await expectStoreParity(['context', 'use', 'alpha'], {env: {DOCKER_HOST: dockerHost()}, setup: withConfig})
    await expectStoreParity(['context', 'use', 'default'], {env: {DOCKER_HOST: dockerHost()}, setup: withConfig})
  })

  test('an unknown or invalid name leaves config.json as it was', async () => {
    await expectStoreParity(['context', 'use', 'nosuch'], {setup: withConfig})
    await expectStoreParity(['context', 'use', 'bad name'], {setup: withConfig})
    await expectStoreParity(['context', 'use'], {setup: withConfig})
    await expectStoreParity(['context', 'use', 'alpha', 'beta'], {setup: withConfig})
  })
})

describe('context update and rm', () => {
  test('update changes the description or the endpoint and its TLS files', async () => {
    const tls = tlsFiles()
    await expectStoreParity(['context', 'update', 'alpha', '--description', 'renamed'])
    await expectStoreParity(['context', 'update', 'beta', '--docker', 'host=tcp://127.0.0.1:4'])
    await expectStoreParity(['context', 'update', 'gamma', '--docker', `host=tcp://127.0.0.1:5,ca=${tls.ca}`])
    await expectStoreParity(['context', 'update', 'nosuch', '--description', 'x'])
    await expectStoreParity(['context', 'update', 'default', '--description', 'x'])
    await expectStoreParity(['context', 'update', 'alpha', '--docker', 'host=foo'])
  })

  test('rm removes contexts, refuses default and the current one unless forced', async () => {
    const current = async (dir: string): Promise<void> => {
      await seed(dir)
      writeFileSync(path.join(dir, 'config.json'), '{"currentContext":"beta"}')
    }
    await expectStoreParity(['context', 'rm', 'alpha', 'beta'])
    await expectStoreParity(['context', 'remove', 'default', 'nosuch', 'gamma'])
    await expectStoreParity(['context', 'rm', 'beta'], {setup: current})
    await expectStoreParity(['context', 'rm', '-f', 'beta', 'nosuch'], {setup: current})
    await expectStoreParity(['--context', 'alpha', 'context', 'rm', '-f', 'alpha'])
    await expectStoreParity(['context', 'rm'], {cliError: true})
  })
})

describe('context export and import', () => {
  test('export writes docker archive byte for byte, to a file or stdout', async () => {
    for (const name of ['beta', 'alpha', 'default']) {
      const dirs = await expectStoreParity(['context', 'export', name, '{dir}/out.tar'], {setup: async (dir) => seed(dir)})
      expect(readFileSync(path.join(dirs.whalectl, 'out.tar')).length).toBeGreaterThan(512)
    }
    const dir = tempDockerConfig()
    await seed(dir)
    const pair = await expectParity(['context', 'export', 'beta', '-'], {env: envOf(dir)})
    expect(pair.whalectl.stdoutBuf.equals(pair.docker.stdoutBuf)).toBe(true)
  })

  test('export refuses an existing file and an unknown context', async () => {
    const exists = async (dir: string): Promise<void> => {
      await seed(dir)
      writeFileSync(path.join(dir, 'taken.tar'), 'x')
    }
    await expectStoreParity(['context', 'export', 'beta', '{dir}/taken.tar'], {setup: exists})
    await expectStoreParity(['context', 'export', 'nosuch', '{dir}/taken.tar'], {setup: exists})
    await expectStoreParity(['context', 'export', 'bad name', '{dir}/x.tar'])
  })

  test('import reads a file or stdin; bad archives change nothing', async () => {
    const source = tempDockerConfig()
    await seed(source)
    await must(runDocker(['context', 'export', 'beta', path.join(source, 'beta.tar')], {env: envOf(source)}), 'export')
    const archive = readFileSync(path.join(source, 'beta.tar'))
    await expectStoreParity(['context', 'import', 'new1', path.join(source, 'beta.tar')])
    await expectStoreParity(['context', 'import', 'new1', '-'], {input: archive})
    await expectStoreParity(['context', 'import', 'alpha', path.join(source, 'beta.tar')])
    await expectStoreParity(['context', 'import', 'default', path.join(source, 'beta.tar')])
    await expectStoreParity(['context', 'import', 'new1', '/nonexistent/x.tar'])
    await expectStoreParity(['context', 'import', 'new1', '-'], {input: 'not a tar\n'})
    await expectStoreParity(['context', 'import', 'new1', '-'], {input: ''})
    // A tar whose meta.json is not JSON, and one with a file docker does not expect.
    const badMeta = tarOf([['meta.json', '{bad']])
    const stray = tarOf([['stray.txt', 'x']])
    await expectStoreParity(['context', 'import', 'new1', '-'], {input: badMeta})
    await expectStoreParity(['context', 'import', 'new1', '-'], {input: stray})
    // Unknown metadata fields and endpoints are kept as docker keeps them.
    const extra = tarOf([['meta.json', '{"Name":"x","Metadata":{"Description":"d","Extra":[1,2.50,"<x>"]},"Endpoints":{"docker":{"Host":"unix:///x","Other":1},"kube":{"b":1,"a":2}}}']])
    await expectStoreParity(['context', 'import', 'new1', '-'], {input: extra})
  })
})

/** A minimal ustar archive of regular files, for archives docker would never write itself. */
function tarOf(files: Array<[string, string]>): Buffer {
  const blocks: Buffer[] = []
  for (const [name, content] of files) {
    const header = Buffer.alloc(512)
    header.write(name, 0)
    header.write('0000644\0', 100)
    header.write('0000000\0', 108)
    header.write('0000000\0', 116)
    header.write(`${Buffer.byteLength(content).toString(8).padStart(11, '0')}\0`, 124)
    header.write('00000000000\0', 136)
    header.write('0', 156)
    header.write('ustar\u000000', 257)
    header.fill(0x20, 148, 156)
    let sum = 0
    for (const byte of header) sum += byte
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
    const data = Buffer.from(content)
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512))
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

describe('one store for both CLIs', () => {
  const psFormat = ['ps', '-a', '--format', '{{.ID}}', '--filter', 'label=whalectl.context-e2e=none']

  test('a context docker made: whalectl lists, inspects and uses it, and talks to its engine', async () => {
    const dir = tempDockerConfig()
    await must(runDocker(['context', 'create', 'made-by-docker', '--docker', `host=${dockerHost()}`], {env: envOf(dir)}), 'docker create')
    await must(runWhalectl(['context', 'use', 'made-by-docker'], {env: envOf(dir)}), 'whalectl use')
    expect(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'))).toEqual({auths: {}, currentContext: 'made-by-docker'})
    await expectParity(['context', 'ls'], {env: envOf(dir)})
    await expectParity(['context', 'inspect'], {env: envOf(dir), normalise: (t) => t.replaceAll(dir, 'CFG')})
    const ps = await expectParity(psFormat, {env: envOf(dir)})
    expect(ps.whalectl.code).toBe(0)
  })

  test('a context whalectl made: docker lists, inspects and uses it', async () => {
    const dir = tempDockerConfig()
    const tls = tlsFiles()
    await must(runWhalectl(['context', 'create', 'made-by-whalectl', '--docker', `host=${dockerHost()}`, '--description', 'w'], {env: envOf(dir)}), 'whalectl create')
    await must(runWhalectl(['context', 'create', 'tls-by-whalectl', '--docker', `host=tcp://127.0.0.1:1,ca=${tls.ca},cert=${tls.cert},key=${tls.key}`], {env: envOf(dir)}), 'whalectl create tls')
    await must(runDocker(['context', 'use', 'made-by-whalectl'], {env: envOf(dir)}), 'docker use')
    await expectParity(['context', 'ls'], {env: envOf(dir)})
    await expectParity(['context', 'inspect', 'made-by-whalectl', 'tls-by-whalectl'], {env: envOf(dir), normalise: (t) => t.replaceAll(dir, 'CFG')})
    await expectParity(psFormat, {env: envOf(dir)})
    const docker = await runDocker(['--context', 'made-by-whalectl', 'ps', '-q'], {env: envOf(dir)})
    expect(docker.code).toBe(0)
  })

  test('an archive exported by one CLI imports into the other', async () => {
    const tls = tlsFiles()
    const one = tempDockerConfig()
    const two = tempDockerConfig()
    await must(runWhalectl(['context', 'create', 'tlsctx', '--docker', `host=tcp://127.0.0.1:1,ca=${tls.ca},cert=${tls.cert},key=${tls.key}`], {env: envOf(one)}), 'create')
    const exported = await must(runWhalectl(['context', 'export', 'tlsctx', '-'], {env: envOf(one)}), 'whalectl export')
    await must(runDocker(['context', 'import', 'imported', '-'], {env: envOf(two), input: exported.stdoutBuf}), 'docker import')
    const back = await must(runDocker(['context', 'export', 'imported', '-'], {env: envOf(two)}), 'docker export')
    await must(runWhalectl(['context', 'import', 'again', '-'], {env: envOf(one), input: back.stdoutBuf}), 'whalectl import')
    const mask = (t: string): string => t.replaceAll(one, 'CFG')
    await expectParity(['context', 'inspect', 'again', '--format', '{{json .Endpoints}} {{json .TLSMaterial}}'], {env: envOf(one), normalise: mask})
    const tlsDir = path.join(one, 'contexts', 'tls', createHash('sha256').update('again').digest('hex'), 'docker')
    expect(readdirSync(tlsDir).sort()).toEqual(['ca.pem', 'cert.pem', 'key.pem'])
    expect(readFileSync(path.join(tlsDir, 'key.pem'), 'utf8')).toBe(KEY)
  })

  test('a context whose engine is down fails ps as docker does', async () => {
    const dir = tempDockerConfig()
    mkdirSync(path.join(dir, 'run'))
    await must(runDocker(['context', 'create', 'down', '--docker', `host=unix://${path.join(dir, 'run', 'none.sock')}`], {env: envOf(dir)}), 'create')
    await expectParity(['--context', 'down', 'ps'], {env: envOf(dir)})
    await expectParity(['ps'], {env: envOf(dir, {DOCKER_CONTEXT: 'down'})})
    await expectParity(['--context', 'nosuch', 'ps'], {env: envOf(dir), normalise: (t) => t.replaceAll(dir, 'CFG')})
  })
})
