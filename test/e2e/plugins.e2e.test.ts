// CLI plugins run as docker 28 runs them, side by side with the reference docker: the same fake
// plugins (shell and node scripts that speak the metadata protocol and record the argv, the
// plugin variables and stdin they get) are given to both through DOCKER_CONFIG/cli-plugins and
// config.json's cliPluginsExtraDirs. Normalised only: the program's own name in messages and the
// OTEL command path, the random socket name, and the path of the CLI itself.
import {spawn} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {dockerHost, referenceDocker, repoRoot, type RunResult, runDocker, runWhalectl} from '../engine/harness.js'

let root = ''
let record = ''

interface FakePlugin {
  dir: string
  name: string
  /** The metadata JSON, printed verbatim (invalid on purpose in some tests). */
  metadata: string
  /** Marks this plugin's output, to tell same-named plugins in different directories apart. */
  tag?: string
}

/** A shell plugin: metadata on request; otherwise records what it got, talks on both streams, exits $PLUGIN_EXIT. */
function writePlugin({dir, name, metadata, tag = name}: FakePlugin): string {
  mkdirSync(dir, {recursive: true})
  const file = path.join(dir, `docker-${name}`)
  writeFileSync(
    file,
    `#!/bin/sh
if [ "$1" = docker-cli-plugin-metadata ]; then printf '%s' '${metadata}'; exit 0; fi
{ printf 'argv:'; for a in "$0" "$@"; do printf ' [%s]' "$a"; done; echo
  env | grep -E '^(DOCKER_CLI_PLUGIN|OTEL_RESOURCE_ATTRIBUTES|BUILDX_BUILDER)' | sort
  printf 'stdin: '; cat; } > "$PLUGIN_RECORD"
echo "${tag} out: $*"; echo "${tag} err" >&2
exit \${PLUGIN_EXIT:-0}
`,
  )
  chmodSync(file, 0o755)
  return file
}

const VALID = (description: string): string => JSON.stringify({SchemaVersion: '0.1.0', ShortDescription: description, Vendor: 'Test Vendor', Version: 'v0.0.1'})

interface Run {
  result: RunResult
  /** What the plugin recorded, or '' when no plugin ran. */
  recorded: string
}

function readRecord(): string {
  try {
    return readFileSync(record, 'utf8')
  } finally {
    rmSync(record, {force: true})
  }
}

async function runRecorded(cli: 'docker' | 'whalectl', args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  rmSync(record, {force: true})
  const run = cli === 'docker' ? runDocker : runWhalectl
  const result = await run(args, {env: {PLUGIN_RECORD: record, ...env}, input})
  let recorded = ''
  try {
    recorded = readRecord()
  } catch {
    recorded = ''
  }
  return {recorded, result}
}

/**
 * The program's own name in docker's messages (`docker: unknown command: docker x`) and command
 * path; not inside paths, URLs or `docker-<name>` file names.
 */
const renameProgram = (text: string): string => text.replace(/(?<![-\w/.])docker(?![-\w.])/g, 'whalectl')

/** What may differ between the two CLIs' runs: their own name and path, and the random socket name. */
function comparable(run: Run, cli: 'docker' | 'whalectl') {
  const rename = cli === 'docker' ? renameProgram : (text: string) => text
  const ownPath = cli === 'docker' ? referenceDocker : path.join(repoRoot, 'bin', 'run.js')
  return {
    code: run.result.code,
    recorded: rename(run.recorded.replaceAll(`DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=${ownPath}\n`, 'DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=<cli>\n'))
      // docker's abstract name, or whalectl's socket file of the same name (see lib/plugins/socket.ts).
      .replace(/DOCKER_CLI_PLUGIN_SOCKET=(?:@|\/\S*\/)docker_cli_[0-9a-f]{32}\n/, 'DOCKER_CLI_PLUGIN_SOCKET=<socket>\n'),
    stderr: rename(run.result.stderr),
    stdout: run.result.stdout,
  }
}

/** Runs docker then whalectl with the same plugins; asserts the same outputs, exit code and plugin record. */
async function expectPluginParity(args: string[], env: Record<string, string>, input?: string) {
  const docker = comparable(await runRecorded('docker', args, env, input), 'docker')
  const whalectl = comparable(await runRecorded('whalectl', args, env, input), 'whalectl')
  expect(whalectl, `whalectl ${args.join(' ')}`).toEqual(docker)
  return whalectl
}

/** A config directory with its own cli-plugins and, optionally, a config.json. */
function configDir(name: string, config?: object): string {
  const dir = path.join(root, name)
  mkdirSync(path.join(dir, 'cli-plugins'), {recursive: true})
  if (config !== undefined) writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config))
  return dir
}

let main = ''
let extra = ''

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'whalectl-plugins-'))
  record = path.join(root, 'record.txt')
  extra = path.join(root, 'extra-plugins')
  main = configDir('main', {cliPluginsExtraDirs: [extra]})
  const plugins = path.join(main, 'cli-plugins')
  writePlugin({dir: plugins, metadata: VALID('Say hello'), name: 'hello'})
  // The same name in the extra directory and in the config's: the extra one is searched first.
  writePlugin({dir: plugins, metadata: VALID('Shadowed one'), name: 'twice', tag: 'config-dir'})
  writePlugin({dir: extra, metadata: VALID('Found first'), name: 'twice', tag: 'extra-dir'})
  writePlugin({dir: plugins, metadata: '{bad', name: 'badjson'})
  writePlugin({dir: plugins, metadata: '{"Vendor":"x"}', name: 'noschema'})
  writePlugin({dir: plugins, metadata: '{"SchemaVersion":"0.1.0"}', name: 'novendor'})
  writePlugin({dir: plugins, metadata: '{"SchemaVersion":"0.1.0","Vendor":7}', name: 'badtype'})
  writePlugin({dir: plugins, metadata: VALID('Not me'), name: 'ps'})
  writePlugin({dir: plugins, metadata: VALID('Not me'), name: 'remove'})
  writePlugin({dir: plugins, metadata: VALID('Bad name'), name: 'Bad_Name'})
  const failing = writePlugin({dir: plugins, metadata: VALID('x'), name: 'fails'})
  writeFileSync(failing, '#!/bin/sh\nexit 4\n')
  const noexec = writePlugin({dir: plugins, metadata: VALID('x'), name: 'noexec'})
  chmodSync(noexec, 0o644)
})

afterAll(() => {
  if (root) rmSync(root, {force: true, recursive: true})
})

/**
 * The plugin lines of the root help: the `name*` entries and the Invalid Plugins section, with
 * the column padding (which the help layout derives from all commands) collapsed to one space.
 */
function pluginLines(help: string): string {
  const starred = help.split('\n').filter((line) => /^ {2}[a-z0-9]+\* /.test(line))
  const invalid = /\nInvalid Plugins:\n(?:.+\n)+/.exec(help)?.[0] ?? ''
  return [...starred, invalid].join('\n').replace(/^( {2}\S+) +/gm, '$1 ')
}

describe('discovery, as the root help lists it', () => {
  it('valid plugins marked with *, invalid ones with docker\'s reasons, in docker\'s order', async () => {
    const env = {DOCKER_CONFIG: main}
    const docker = await runDocker(['--help'], {env})
    const whalectl = await runWhalectl(['--help'], {env})
    expect(whalectl.code).toBe(docker.code)
    expect(pluginLines(whalectl.stdout)).toBe(pluginLines(docker.stdout))
    // What the comparison covers, so that two empty lists cannot pass it.
    expect(pluginLines(docker.stdout)).toContain('  hello* Say hello')
    expect(pluginLines(docker.stdout)).toContain('  twice* Found first')
    expect(pluginLines(docker.stdout)).toContain('  badtype invalid metadata: json: cannot unmarshal number into Go struct field Metadata.Vendor of type string')
    expect(pluginLines(docker.stdout)).toContain('  noexec failed to fetch metadata: fork/exec')
  })
})

describe('discovery, as info lists it', () => {
  // The Client part's Plugins block and the warnings for invalid plugins; the Version line and
  // the Server part describe each program itself.
  const pluginPart = (result: RunResult): string => {
    const lines = result.stdout.split('\n')
    const start = lines.indexOf(' Plugins:')
    const end = lines.indexOf('', start)
    return start < 0 ? '' : lines.slice(start, end).join('\n')
  }
  const warnings = (result: RunResult): string[] => result.stderr.split('\n').filter((line) => line.startsWith('WARNING: Plugin '))

  it('valid plugins with vendor, version and path; invalid ones as warnings', async () => {
    const env = {DOCKER_CONFIG: main}
    const docker = await runDocker(['info'], {env})
    const whalectl = await runWhalectl(['info'], {env})
    expect(whalectl.code).toBe(docker.code)
    expect(pluginPart(whalectl)).toBe(pluginPart(docker))
    expect(warnings(whalectl)).toEqual(warnings(docker))
    expect(pluginPart(docker)).toContain('  hello: Say hello')
    expect(warnings(docker).length).toBeGreaterThan(0)
  })

  it('--format over ClientInfo.Plugins', async () => {
    const env = {DOCKER_CONFIG: main}
    const format = '{{range .ClientInfo.Plugins}}{{.Name}}|{{.Vendor}}|{{.Version}}|{{.ShortDescription}}|{{.Path}}{{"\\n"}}{{end}}'
    const docker = await runDocker(['info', '--format', format], {env})
    const whalectl = await runWhalectl(['info', '--format', format], {env})
    expect({code: whalectl.code, stdout: whalectl.stdout}).toEqual({code: docker.code, stdout: docker.stdout})
    expect(docker.stdout).toContain('hello|')
  })
})

describe('running a plugin', () => {
  it('argv (global flags included), stdio, the plugin variables and the exit code', async () => {
    const result = await expectPluginParity(['-D', '--log-level', 'warn', 'hello', 'a', '--b', '-c'], {DOCKER_CONFIG: main, PLUGIN_EXIT: '3'}, 'some input\n')
    expect(result.code).toBe(3)
    expect(result.recorded).toContain('DOCKER_CLI_PLUGIN_SOCKET=<socket>\n')
  })

  it('the OTEL attributes the user set come first', () =>
    expectPluginParity(['hello'], {DOCKER_CONFIG: main, OTEL_RESOURCE_ATTRIBUTES: ' service.name=ci '}))

  it('the extra directories are searched before the config directory', async () => {
    const result = await expectPluginParity(['twice', 'x'], {DOCKER_CONFIG: main})
    expect(result.stdout).toBe('extra-dir out: twice x\n')
  })

  it('a plugin asked for its own help', () => expectPluginParity(['hello', '--help'], {DOCKER_CONFIG: main}))

  it('`help <plugin>`: a failing plugin is help\'s error', async () => {
    const result = await expectPluginParity(['help', 'hello'], {DOCKER_CONFIG: main, PLUGIN_EXIT: '3'})
    expect(result.stderr).toContain('exit status 3\n')
  })

  it.each([['badjson'], ['noschema'], ['novendor'], ['ps', 'x'], ['fails'], ['noexec'], ['nosuch']])(
    'an invalid or missing plugin is not run: %s',
    async (...args) => {
      const result = await expectPluginParity(args, {DOCKER_CONFIG: main})
      expect(result.recorded).toBe('')
    },
  )
})

/** Runs a CLI until `ready` shows on its stdout, sends it `signals`, and collects how it ended. */
function runSignalled(command: string, args: string[], env: Record<string, string>, signals: NodeJS.Signals[]): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('DOCKER_') && key !== 'FORCE_COLOR'))
    const child = spawn(command, args, {cwd: repoRoot, env: {...base, DOCKER_BUILDKIT: '0', DOCKER_HOST: dockerHost(), ...env}, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    let sent = false
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (sent || !stdout.includes('connected\n')) return
      sent = true
      signals.forEach((signal, i) => setTimeout(() => child.kill(signal), 200 * (i + 1)))
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, stderr, stdout})
    })
  })
}

describe('the plugin socket and signals', () => {
  let config = ''
  beforeAll(() => {
    config = configDir('socket')
    const file = path.join(config, 'cli-plugins', 'docker-waiter')
    // Connects to DOCKER_CLI_PLUGIN_SOCKET (an abstract name or a path, as docker's plugin
    // library dials either) and exits when the CLI closes it; it only reports signals, and
    // `stubborn` keeps running after the EOF. Perl: perl-base is in every Debian, and unlike
    // Node it dials an abstract name at its exact length, as Go plugins do.
    writeFileSync(
      file,
      `#!/usr/bin/perl
use strict; use warnings; use Socket; use IO::Handle;
STDOUT->autoflush(1);
if (($ARGV[0] // '') eq 'docker-cli-plugin-metadata') { print '{"SchemaVersion":"0.1.0","Vendor":"Test Vendor"}'; exit 0 }
$SIG{INT} = sub { print "SIGINT\\n" }; $SIG{TERM} = sub { print "SIGTERM\\n" };
my $address = $ENV{DOCKER_CLI_PLUGIN_SOCKET} // die "no socket\\n";
$address =~ s/^@/\\0/;
socket(my $sock, AF_UNIX, SOCK_STREAM, 0) or die "socket: $!\\n";
connect($sock, pack_sockaddr_un($address)) or die "connect: $!\\n";
print "connected\\n";
my $buf;
while (1) { my $n = sysread($sock, $buf, 1); last if defined $n && $n == 0; }
print "eof\\n";
exit 0 unless ($ARGV[1] // '') eq 'stubborn';
sleep 1 while 1;
`,
    )
    chmodSync(file, 0o755)
  })

  it.each([
    ['SIGTERM closes the socket; the plugin ends by itself', ['waiter'], ['SIGTERM']],
    ['SIGINT too', ['waiter'], ['SIGINT']],
    ['the third signal kills the plugin', ['waiter', 'stubborn'], ['SIGINT', 'SIGTERM', 'SIGINT']],
  ] as Array<[string, string[], NodeJS.Signals[]]>)('%s', async (_title, args, signals) => {
    const env = {DOCKER_CONFIG: config}
    const docker = await runSignalled(referenceDocker, args, env, signals)
    const whalectl = await runSignalled(path.join(repoRoot, 'bin', 'run.js'), args, env, signals)
    expect(whalectl).toEqual(docker)
    expect(docker.stdout.startsWith('connected\n')).toBe(true)
  })
})

describe('build handed to buildx', () => {
  let withBuildx = ''
  let brokenBuildx = ''
  let aliased = ''
  const noBuildx = (): string => configDir('no-buildx')
  beforeAll(() => {
    withBuildx = configDir('buildx')
    writePlugin({dir: path.join(withBuildx, 'cli-plugins'), metadata: VALID('Docker Buildx'), name: 'buildx'})
    brokenBuildx = configDir('broken-buildx')
    writePlugin({dir: path.join(brokenBuildx, 'cli-plugins'), metadata: '{"SchemaVersion":"0.1.0"}', name: 'buildx'})
    aliased = configDir('aliased', {aliases: {builder: 'mybuilder'}})
    writePlugin({dir: path.join(aliased, 'cli-plugins'), metadata: VALID('My builder'), name: 'mybuilder'})
  })
  // The harness runs both CLIs with DOCKER_BUILDKIT=0; '' is docker's "not set".
  const unset = {DOCKER_BUILDKIT: ''}

  it.each([
    [['build', '-t', 'x', '.']],
    [['-D', 'image', 'build', '.']],
    [['builder', 'prune', '-f']],
    [['build', '--builder', 'other', '.']],
    [['build', '-t', 'x', '--builder', 'other', '.']],
    [['--context', 'default', 'bake']],
  ])('buildx present: %j', async (args) => {
    const result = await expectPluginParity(args, {...unset, DOCKER_CONFIG: withBuildx})
    expect(result.recorded).toMatch(/^argv: \[\S+docker-buildx\]/)
  })

  it('BUILDX_BUILDER set by the user is kept', () => expectPluginParity(['build', '.'], {...unset, BUILDX_BUILDER: 'mine', DOCKER_CONFIG: withBuildx}))
  it('DOCKER_BUILDKIT=1 with buildx', () => expectPluginParity(['build', '.'], {DOCKER_BUILDKIT: '1', DOCKER_CONFIG: withBuildx}))
  it('aliases.builder names the plugin', () => expectPluginParity(['build', '.'], {...unset, DOCKER_CONFIG: aliased}))

  it('DOCKER_BUILDKIT=0 keeps the classic builder, with its notice', async () => {
    const result = await expectPluginParity(['build', path.join(root, 'missing')], {DOCKER_CONFIG: withBuildx})
    expect(result.stderr).toMatch(/^DEPRECATED: .*\n {12}BuildKit is currently disabled/)
  })

  it('buildx missing: the classic builder, with the install notice', async () => {
    const result = await expectPluginParity(['build', path.join(root, 'missing')], {...unset, DOCKER_CONFIG: noBuildx()})
    expect(result.stderr).toContain('Install the buildx component')
  })

  it('buildx broken: its error, then the notice', () => expectPluginParity(['build', path.join(root, 'missing')], {...unset, DOCKER_CONFIG: brokenBuildx}))
  it('buildx broken and DOCKER_BUILDKIT=1: an error', () => expectPluginParity(['build', '.'], {DOCKER_BUILDKIT: '1', DOCKER_CONFIG: brokenBuildx}))
  it('bake without buildx', () => expectPluginParity(['bake'], {...unset, DOCKER_CONFIG: noBuildx()}))
  it('an alias docker does not allow', () => expectPluginParity(['build', '.'], {...unset, DOCKER_CONFIG: configDir('bad-alias', {aliases: {foo: 'bar'}})}))
  it('an alias to a builtin', () => expectPluginParity(['build', '.'], {...unset, DOCKER_CONFIG: configDir('builtin-alias', {aliases: {builder: 'image'}})}))
})
