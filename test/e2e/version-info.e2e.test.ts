// `version`, `info` and `system info` against the reference docker on the same engine. The
// engine's parts (the Server block, the Server part of info, the struct fields templates see) are
// compared byte for byte; only the lines where whalectl describes itself instead of docker
// (its version, Node's version where docker shows Go's, commit and build time) are masked. Engine
// counters that other test files change while this one runs (containers, images, file
// descriptors, goroutines, the clock) are retried or masked.
import {describe, expect, it} from 'vitest'

import {runWhalectl} from '../engine/harness.js'
import {compose, expectParity, renameProgram, type TextNormaliser} from './normalise.js'

const MISSING_DAEMON = {DOCKER_HOST: 'unix:///tmp/whalectl-version-info-no-such.sock'}

/** The Client lines whose values describe the program itself. */
const selfLines: TextNormaliser = (text) =>
  // The label too: `Node version:` is wider than `Go version:`, so the padding differs.
  text.replace(/^ (?:Version|Go version|Node version|Git commit|Built):.*$/gm, ' <SELF>')

/** Only inside the Client block: the Server block's lines of the same names are the engine's. */
const clientBlock: TextNormaliser = (text) => {
  const server = text.indexOf('\nServer:')
  return server === -1 ? selfLines(text) : selfLines(text.slice(0, server)) + text.slice(server)
}

/** docker lists runtimes in Go's random map order; sorted, both read the same. */
const sortedRuntimes: TextNormaliser = (text) => text.replace(/^( Runtimes:) (.*)$/m, (_m, label: string, names: string) => `${label} ${names.split(' ').sort().join(' ')}`)

/** The client's own members of `{{json .}}` output. */
const clientJSON: TextNormaliser = (text) => text.replace(/"(Version|GoVersion|GitCommit|BuildTime)":"[^"]*"/g, (m, key: string) => (m.startsWith('"Version"') && !text.includes('"Client"') && !text.includes('"ClientInfo"') ? m : `"${key}":"<SELF>"`))

/** Engine counters that move on their own between two runs. */
const volatileJSON: TextNormaliser = (text) => text.replace(/"(SystemTime|NFd|NGoroutines|NEventsListener)":("[^"]*"|\d+)/g, '"$1":<VOLATILE>')

const retryAlways = {attempts: 5, retryDelayMs: 300, retryIf: () => true}

describe('version', () => {
  it('prints the Client block and docker\'s Server block', async () => {
    const pair = await expectParity(['version'], {normalise: clientBlock})
    expect(pair.whalectl.stdout).toMatch(/^ Node version: +v\d+\./m)
    expect(pair.whalectl.stdout).toContain('\nServer:')
  })

  it('shows the negotiated API version and a pinned one', async () => {
    await expectParity(['version'], {env: {DOCKER_API_VERSION: '1.40'}, normalise: clientBlock})
  })

  it.each([
    ['{{.Server.APIVersion}}'],
    ['{{.Server.Version}} {{.Server.Os}}/{{.Server.Arch}}'],
    ['{{json .Server}}'],
    ['{{.Client.APIVersion}} {{.Client.DefaultAPIVersion}} {{.Client.Os}}/{{.Client.Arch}} {{.Client.Context}}'],
    ['{{range .Server.Components}}{{.Name}}={{.Version}};{{end}}'],
    ['{{.Server}}'],
  ])('--format %s', async (format) => {
    await expectParity(['version', '--format', format])
  })

  it('--format json and {{json .}} give docker\'s struct', async () => {
    await expectParity(['version', '--format', 'json'], {normalise: clientJSON})
    await expectParity(['version', '-f', '{{json .}}'], {normalise: clientJSON})
  })

  it('{{.Client.Version}} is whalectl\'s version', async () => {
    const result = await runWhalectl(['version', '--format', '{{.Client.Version}}'])
    expect(result).toMatchObject({code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/)})
  })

  it('reports template errors as docker does', async () => {
    await expectParity(['version', '--format', '{{.Foo}}'])
    await expectParity(['version', '--format', '{{.Client.Nope}}'])
    await expectParity(['version', '--format', '{{.Foo'])
  })

  it('prints the Client block, then the connection error, when the daemon is down', async () => {
    const pair = await expectParity(['version'], {env: MISSING_DAEMON, normalise: clientBlock})
    expect(pair.whalectl.code).toBe(1)
    await expectParity(['version', '--format', '{{json .}}'], {env: MISSING_DAEMON, normalise: clientJSON})
    await expectParity(['version', '--format', '{{.Server.Version}}'], {env: MISSING_DAEMON})
  })

  it('rejects arguments and unknown flags', async () => {
    await expectParity(['version', 'extra'], {dockerStderr: renameProgram})
    await expectParity(['version', '--nope'], {dockerStderr: renameProgram})
  })
})

describe('info', () => {
  const infoText = compose(clientBlock, sortedRuntimes)

  it.each([['info'], ['system info']])('%s prints the Client part and docker\'s Server part', async (command) => {
    const pair = await expectParity(command.split(' '), {normalise: infoText, ...retryAlways})
    expect(pair.whalectl.stdout).toMatch(/^Client:\n Version: {4}\S+\n Context: {4}default\n Debug Mode: false\n\nServer:\n Containers: \d+/)
  })

  it('shows the daemon\'s debug counters with -D', async () => {
    const masked = compose(infoText, (t) => t.replace(/^( {2}(?:File Descriptors|Goroutines|System Time|EventsListeners):).*$/gm, '$1 <VOLATILE>'))
    await expectParity(['-D', 'info'], {normalise: masked, ...retryAlways})
  })

  it.each([
    ['{{.ServerVersion}}'],
    ['{{.Driver}} {{.DriverStatus}} {{.OSType}}/{{.Architecture}} {{.NCPU}} {{.MemTotal}}'],
    ['{{json .Plugins}}'],
    ['{{json .RegistryConfig}}'],
    ['{{.RegistryConfig.InsecureRegistryCIDRs}}'],
    ['{{.Swarm}}'],
    ['{{json .Swarm}}'],
    ['{{.ClientInfo.Context}} {{.ClientInfo.Debug}} {{.ClientInfo.Plugins}} {{json .ClientInfo.Plugins}}'],
    ['{{.ContainerdCommit.ID}} {{.RuncCommit}} {{.InitCommit}} {{.SecurityOptions}}'],
  ])('--format %s', async (format) => {
    await expectParity(['info', '--format', format], retryAlways)
  })

  it('--format json and {{json .}} give docker\'s struct', async () => {
    const normalise = compose(clientJSON, volatileJSON, (t) => t.replace(/"(Containers\w*|Images)":\d+/g, '"$1":<COUNT>'))
    await expectParity(['info', '--format', 'json'], {normalise})
    await expectParity(['system', 'info', '-f', '{{json .}}'], {normalise})
  })

  it('reports template errors as docker does', async () => {
    await expectParity(['info', '--format', '{{.Foo}}'])
    await expectParity(['info', '--format', '{{.Foo'])
  })

  it('without a daemon: the Client part, an empty Server part, then the error', async () => {
    const pair = await expectParity(['info'], {env: MISSING_DAEMON, normalise: clientBlock})
    expect(pair.whalectl.code).toBe(1)
    await expectParity(['info', '--format', '{{.ServerVersion}}'], {env: MISSING_DAEMON})
    await expectParity(['info', '--format', '{{json .}}'], {env: MISSING_DAEMON, normalise: clientJSON})
  })

  it('a template of client fields only does not need the daemon', async () => {
    const pair = await expectParity(['info', '--format', '{{.ClientInfo.Context}} {{.ClientInfo.Debug}}'], {env: MISSING_DAEMON})
    expect(pair.whalectl).toMatchObject({code: 0, stdout: 'default false\n'})
  })

  it('rejects arguments', async () => {
    await expectParity(['info', 'extra'], {dockerStderr: renameProgram})
  })
})
