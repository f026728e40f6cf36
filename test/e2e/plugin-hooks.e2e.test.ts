// docker 28's CLI plugin hooks ("What's next:"), side by side with the reference docker, on a
// pseudo-terminal: fake plugins in a temp DOCKER_CONFIG's cli-plugins record the JSON each hook
// call gets, and answer with a HookMessage. whalectl runs under the name `docker` (a symlink), so
// the programs' own words compare as they are; only the path each gives as
// DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND is normalised.
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {referenceDocker, repoRoot, runDocker, runWhalectl} from '../engine/harness.js'
import {runOnPty} from './pty.js'

let root = ''
let whalectlAsDocker = ''

/**
 * A plugin whose hook appends its argv and ORIGINAL_CLI_COMMAND to $HOOK_RECORD and prints
 * $HOOK_REPLY_<name> (or fails with $HOOK_EXIT_<name>); run as a command, it says so and
 * exits $RUN_EXIT.
 */
function writePlugin(dir: string, name: string, metadata: string): void {
  const file = path.join(dir, `docker-${name}`)
  writeFileSync(
    file,
    `#!/bin/sh
if [ "$1" = docker-cli-plugin-metadata ]; then printf '%s' '${metadata}'; exit 0; fi
if [ "$2" = docker-cli-plugin-hooks ]; then
  { printf '${name}:'; for a in "$@"; do printf ' [%s]' "$a"; done; echo
    printf 'cli=%s\\n' "$DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND"; } >> "$HOOK_RECORD"
  eval "printf '%s' \\"\\$HOOK_REPLY_${name}\\""
  eval "exit \\\${HOOK_EXIT_${name}:-0}"
fi
echo "${name} ran: $*"
exit \${RUN_EXIT:-0}
`,
  )
  chmodSync(file, 0o755)
}

const VALID = JSON.stringify({SchemaVersion: '0.1.0', ShortDescription: 'Hints', Vendor: 'Test Vendor', Version: 'v0.0.1'})

/** A config directory holding the plugins and this config.json. */
function configDir(name: string, config: object): string {
  const dir = path.join(root, name)
  const plugins = path.join(dir, 'cli-plugins')
  mkdirSync(plugins, {recursive: true})
  writePlugin(plugins, 'hints', VALID)
  writePlugin(plugins, 'broken', VALID)
  // invalid metadata: docker still asks its hook
  writePlugin(plugins, 'junk', '{"SchemaVersion":"0.2.0"}')
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config))
  return dir
}

const HINT = JSON.stringify({Template: 'Ran {{.Name}} (arg0={{arg . 0}}, help={{flag . "help"}})\n\nTry `docker hints`', Type: 0})

let hooksConfig = ''
let featureConfig = ''
let plainConfig = ''

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'whalectl-hooks-'))
  const bin = path.join(root, 'bin')
  mkdirSync(bin)
  whalectlAsDocker = path.join(bin, 'docker')
  symlinkSync(path.join(repoRoot, 'bin', 'run.js'), whalectlAsDocker)
  const plugins = {broken: {hooks: 'context,network'}, hints: {hooks: 'context ls,network,version,hints,docker'}, junk: {hooks: 'context'}}
  hooksConfig = configDir('hooks', {plugins})
  featureConfig = configDir('feature', {features: {hooks: 'true'}, plugins})
  plainConfig = configDir('plain', {plugins})
})

afterAll(() => {
  rmSync(root, {force: true, recursive: true})
})

interface Outcome {
  code: number
  output: string
  /** What the hooks were given, in order. */
  record: string
}

const record = (): string => path.join(root, 'record.txt')

function readRecord(): string {
  try {
    return readFileSync(record(), 'utf8')
  } catch {
    return ''
  }
}

/** Runs one CLI on the terminal with `env` added; the CLI's own path is normalised in the record. */
function onPty(cli: 'docker' | 'whalectl', env: Record<string, string>, args: string[]): Outcome {
  rmSync(record(), {force: true})
  const program = cli === 'docker' ? [referenceDocker] : [process.execPath, whalectlAsDocker]
  const envArgs = Object.entries({HOOK_RECORD: record(), ...env}).map(([key, value]) => `${key}=${value}`)
  const {code, output} = runOnPty(['env', ...envArgs, ...program, ...args])
  const own = cli === 'docker' ? referenceDocker : whalectlAsDocker
  return {code, output, record: readRecord().replaceAll(`cli=${own}\n`, 'cli=<cli>\n')}
}

/** The hook calls (two lines each) sorted: docker asks plugins in Go's random map order. */
function calls(recorded: string): string[] {
  return (recorded.match(/[^\n]*\n[^\n]*\n/g) ?? []).sort()
}

function expectParity(env: Record<string, string>, args: string[]): Outcome {
  const docker = onPty('docker', env, args)
  const whalectl = onPty('whalectl', env, args)
  expect({...whalectl, record: calls(whalectl.record)}, `docker ${args.join(' ')}`).toEqual({...docker, record: calls(docker.record)})
  // whalectl's order is the plugins' names.
  expect(whalectl.record).toBe(calls(whalectl.record).join(''))
  return whalectl
}

const replies = {HOOK_EXIT_broken: '3', HOOK_REPLY_broken: HINT, HOOK_REPLY_hints: HINT, HOOK_REPLY_junk: 'not json {'}
const HEADING = "\u001B[1m\r\nWhat's next:\u001B[0m\r\n"

describe('plugin hooks on a terminal', () => {
  it('DOCKER_CLI_HOOKS=1: a builtin command, its flags and the matching hooks', () => {
    const run = expectParity({DOCKER_CONFIG: hooksConfig, DOCKER_CLI_HOOKS: '1', ...replies}, ['context', 'ls', '--format', '{{.Name}}', '-q'])
    expect(run.output).toContain(`${HEADING}    Ran ls (arg0=, help=false)\r\n    \r\n    Try \`docker hints\`\r\n`)
    // broken and junk were asked too, and are skipped without a word
    expect(run.record).toContain('broken: [broken] [docker-cli-plugin-hooks] [{"RootCmd":"context","Flags":{"format":"","quiet":"true"},"CommandError":""}]')
    expect(run.record).toContain('hints: [hints] [docker-cli-plugin-hooks] [{"RootCmd":"context ls","Flags":{"format":"","quiet":"true"},"CommandError":""}]')
    expect(run.record).toContain('junk: [junk]')
    expect(run.record).toContain('cli=<cli>')
    expect(run.output).not.toContain('not json')
  })

  it('features.hooks in config.json, and the legacy DOCKER_CLI_HINTS', () => {
    const byFeature = expectParity({DOCKER_CONFIG: featureConfig, ...replies}, ['context', 'ls', '-q'])
    expect(byFeature.output).toContain(HEADING)
    const byHints = expectParity({DOCKER_CONFIG: hooksConfig, DOCKER_CLI_HINTS: 'true', ...replies}, ['network', 'ls', '-q', '--filter', 'name=^none$'])
    expect(byHints.output).toContain('Ran ls')
  })

  it('off by default, off when the variable says so or cannot be parsed', () => {
    for (const env of [{}, {DOCKER_CLI_HOOKS: '0'}, {DOCKER_CLI_HOOKS: 'yes'}, {DOCKER_CLI_HINTS: 'false'}]) {
      const run = expectParity({DOCKER_CONFIG: plainConfig, ...env, ...replies}, ['context', 'ls', '-q'])
      expect(run.output).not.toContain("What's next")
      expect(run.record).toBe('')
    }
    // the variable wins over the feature
    const run = expectParity({DOCKER_CONFIG: featureConfig, DOCKER_CLI_HOOKS: 'false', ...replies}, ['context', 'ls', '-q'])
    expect(run.record).toBe('')
  })

  it("a failed command: its error is the hook's CommandError, and the hints come before it", () => {
    const run = expectParity({DOCKER_CONFIG: hooksConfig, DOCKER_CLI_HOOKS: '1', ...replies}, ['context', 'ls', 'extra'])
    expect(run.code).toBe(1)
    expect(run.record).toContain('"CommandError":"docker: \'docker context ls\' accepts no arguments\\n\\nUsage:  docker context ls [OPTIONS]\\n\\nRun \'docker context ls --help\' for more information"')
    expect(run.output.indexOf("What's next")).toBeLessThan(run.output.indexOf('accepts no arguments'))
    expect(run.output).toContain('Ran ls (arg0=extra, help=false)')
  })

  it('an unknown command hooks the root, by its name', () => {
    const run = expectParity({DOCKER_CONFIG: hooksConfig, DOCKER_CLI_HOOKS: '1', ...replies}, ['frobnicate', 'now'])
    expect(run.record).toContain('[{"RootCmd":"docker","Flags":{},"CommandError":"docker: unknown command: docker frobnicate\\n\\nRun \'docker --help\' for more information"}]')
    expect(run.output).toContain('Ran docker (arg0=frobnicate, help=false)')
  })

  it('a plugin command that succeeded is followed by hooks, with naive flags', () => {
    const run = expectParity({DOCKER_CONFIG: hooksConfig, DOCKER_CLI_HOOKS: '1', ...replies}, ['hints', 'say', '--loud', '-n=2', 'x'])
    expect(run.output).toContain('hints ran: hints say --loud -n=2 x')
    expect(run.record).toContain('[{"RootCmd":"hints","Flags":{"loud":"","n=2":""},"CommandError":""}]')
    expect(run.output).toContain('Ran docker (arg0=, help=false)')
  })

  it('a plugin command that failed gets no hooks', () => {
    const run = expectParity({DOCKER_CONFIG: hooksConfig, DOCKER_CLI_HOOKS: '1', RUN_EXIT: '4', ...replies}, ['hints', 'go'])
    expect(run.output).toContain('hints ran: hints go')
    expect(run.code).toBe(4)
    expect(run.record).toBe('')
  })

  it('only skipped plugins: no heading at all', () => {
    const run = expectParity({DOCKER_CONFIG: hooksConfig, DOCKER_CLI_HOOKS: '1', ...replies, HOOK_REPLY_hints: '{"Template":"{{flag . \\"nope\\"}}"}'}, ['network', 'ls', '-q', '--filter', 'name=^none$'])
    expect(run.record).toContain('broken: [broken]')
    expect(run.output).not.toContain("What's next")
  })
})

describe('plugin hooks off the terminal', () => {
  it('no hook runs when stdout is not a terminal', async () => {
    const env = {DOCKER_CLI_HOOKS: '1', DOCKER_CONFIG: hooksConfig, HOOK_RECORD: record(), ...replies}
    rmSync(record(), {force: true})
    const docker = await runDocker(['context', 'ls', '-q'], {env})
    expect(readRecord()).toBe('')
    const whalectl = await runWhalectl(['context', 'ls', '-q'], {env})
    expect(readRecord()).toBe('')
    expect({code: whalectl.code, stderr: whalectl.stderr, stdout: whalectl.stdout}).toEqual({code: docker.code, stderr: docker.stderr, stdout: docker.stdout})
    expect(whalectl.stdout).toBe('default\n')
  })
})
