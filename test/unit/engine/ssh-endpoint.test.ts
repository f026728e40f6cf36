// ssh:// hosts: how they are parsed (docker's url.Parse and ssh.NewSpec, with their refusals),
// the ssh argv docker 28 runs for them, and the wording of a connection that failed.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createHash} from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {argvText, exitText} from '../../../src/lib/engine/command-connection.js'
import {type EndpointOptions, resolveEndpoint} from '../../../src/lib/engine/endpoint.js'
import {sshArgs, sshRequestErrorText} from '../../../src/lib/engine/ssh-connection.js'

const base = (over: Partial<EndpointOptions> = {}): EndpointOptions => ({
  configDir: '/nonexistent-config',
  env: {},
  tls: false,
  tlsFlagChanged: false,
  tlsVerify: false,
  ...over,
})

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, {force: true, recursive: true})
})

describe('ssh:// hosts', () => {
  it.each([
    ['ssh://h', {host: 'h'}],
    ['ssh://me@h', {host: 'h', user: 'me'}],
    ['ssh://me@h:2222', {host: 'h', port: '2222', user: 'me'}],
    ['ssh://h:', {host: 'h'}],
    ['ssh://h/var/run/docker.sock', {host: 'h', socketPath: '/var/run/docker.sock'}],
    ['ssh://[::1]:22', {host: '::1', port: '22'}],
    ['ssh://m%40e@h', {host: 'h', user: 'm@e'}],
    ['  ssh://h  ', {host: 'h'}],
  ])('%s', (host, spec) => {
    const endpoint = resolveEndpoint(base({host}))
    expect(endpoint).toEqual({display: host.trim(), kind: 'ssh', ...spec})
  })

  it.each([
    ['ssh://', 'Failed to initialize: ssh host connection is not valid: invalid SSH URL: hostname is empty'],
    ['ssh://:22', 'Failed to initialize: ssh host connection is not valid: invalid SSH URL: hostname is empty'],
    ['ssh://u:p@h', 'Failed to initialize: ssh host connection is not valid: invalid SSH URL: plain-text password is not supported'],
    ['ssh://h?x=1', 'Failed to initialize: ssh host connection is not valid: invalid SSH URL: query parameters are not allowed: "x=1"'],
    ['ssh://h#x', 'Failed to initialize: ssh host connection is not valid: invalid SSH URL: fragments are not allowed: "x"'],
    ['ssh://h:abc', 'Failed to initialize: parse "ssh://h:abc": invalid port ":abc" after host'],
  ])('%s is refused', (host, message) => {
    expect(() => resolveEndpoint(base({host}))).toThrow(message)
  })

  it('comes from DOCKER_HOST and from a context, and TLS flags do not apply to it', () => {
    expect(resolveEndpoint(base({env: {DOCKER_HOST: 'ssh://a@b'}}))).toMatchObject({host: 'b', kind: 'ssh', user: 'a'})
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-ssh-ctx-'))
    dirs.push(dir)
    const meta = path.join(dir, 'contexts', 'meta', createHash('sha256').update('remote').digest('hex'))
    mkdirSync(meta, {recursive: true})
    writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({Endpoints: {docker: {Host: 'ssh://u@r:2200/run/d.sock'}}, Name: 'remote'}))
    expect(resolveEndpoint(base({configDir: dir, context: 'remote'}))).toEqual({display: 'ssh://u@r:2200/run/d.sock', host: 'r', kind: 'ssh', port: '2200', socketPath: '/run/d.sock', user: 'u'})
  })
})

describe('the ssh command docker runs', () => {
  it('puts its flags first, ConnectTimeout as one argument, then -l, -p, -- host and the far command', () => {
    expect(sshArgs({host: 'h', port: '2222', user: 'me'})).toEqual(['-o ConnectTimeout=30', '-T', '-l', 'me', '-p', '2222', '--', 'h', 'docker', 'system', 'dial-stdio'])
    expect(sshArgs({host: 'h'})).toEqual(['-o ConnectTimeout=30', '-T', '--', 'h', 'docker', 'system', 'dial-stdio'])
  })

  it('names the far socket with --host', () => {
    expect(sshArgs({host: 'h', socketPath: '/x.sock'})).toEqual(['-o ConnectTimeout=30', '-T', '--', 'h', 'docker', '--host', 'unix:///x.sock', 'system', 'dial-stdio'])
  })

  it("shows the argv and exit status as Go's errors do", () => {
    expect(argvText('ssh', ['-o ConnectTimeout=30', '-T', '--', 'h'])).toBe('[ssh -o ConnectTimeout=30 -T -- h]')
    expect(exitText(255, null)).toBe('exit status 255')
    expect(exitText(null, 'SIGKILL')).toBe('signal: killed')
    expect(exitText(null, 'SIGTERM')).toBe('signal: terminated')
  })
})

describe('a request whose ssh connection failed', () => {
  const url = 'http://docker.example.com/v1.50/containers/json'

  it('is a url.Error behind "error during connect"', () => {
    const error = Object.assign(new Error('command [ssh] has exited with exit status 255, …: stderr=Permission denied'), {})
    expect(sshRequestErrorText('GET', url, error)).toBe(`error during connect: Get "${url}": ${error.message}`)
    expect(sshRequestErrorText('HEAD', 'http://docker.example.com/_ping', error)).toMatch(/^error during connect: Head "http:\/\/docker\.example\.com\/_ping": /)
  })

  it('is EOF when ssh ended cleanly before any answer', () => {
    const hangUp = Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'})
    expect(sshRequestErrorText('POST', url, hangUp)).toBe(`error during connect: Post "${url}": EOF`)
  })

  it('is "Cannot connect" when the text says connection refused or dial unix, as docker decides', () => {
    const far = new Error('… stderr=failed to open the raw stream connection: dial unix /x.sock: connect: no such file or directory')
    expect(sshRequestErrorText('GET', url, far)).toBe('Cannot connect to the Docker daemon at http://docker.example.com. Is the docker daemon running?')
    // ssh's own "Connection refused" is capitalised and does not count.
    expect(sshRequestErrorText('GET', url, new Error('stderr=ssh: connect to host h port 1: Connection refused'))).toMatch(/^error during connect: /)
  })
})
