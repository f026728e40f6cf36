import {mkdtempSync, mkdirSync, writeFileSync} from 'node:fs'
import {createHash} from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {parseHost, resolveEndpoint, type EndpointOptions} from '../../../src/lib/engine/endpoint.js'

const base = (over: Partial<EndpointOptions> = {}): EndpointOptions => ({
  configDir: '/nonexistent-config',
  env: {},
  tls: false,
  tlsFlagChanged: false,
  tlsVerify: false,
  ...over,
})

describe('parseHost', () => {
  it('reads unix, tcp and bare forms with docker defaults', () => {
    expect(parseHost('unix:///x.sock', false)).toEqual({kind: 'unix', socketPath: '/x.sock'})
    expect(parseHost('unix://', false)).toEqual({kind: 'unix', socketPath: '/var/run/docker.sock'})
    expect(parseHost('tcp://10.0.0.1', false)).toEqual({host: '10.0.0.1', kind: 'tcp', port: 2375})
    expect(parseHost('tcp://10.0.0.1', true)).toEqual({host: '10.0.0.1', kind: 'tcp', port: 2376})
    expect(parseHost('tcp://:4243', false)).toEqual({host: 'localhost', kind: 'tcp', port: 4243})
    expect(parseHost('127.0.0.1:4243', false)).toEqual({host: '127.0.0.1', kind: 'tcp', port: 4243})
    expect(parseHost('tcp://[::1]:5', false)).toEqual({host: '::1', kind: 'tcp', port: 5})
  })

  it('rejects other schemes in docker words', () => {
    expect(() => parseHost('bogus://x', false)).toThrow('Failed to initialize: unable to resolve docker endpoint: invalid bind address format: bogus://x')
  })
})

describe('resolveEndpoint', () => {
  it('prefers -H over DOCKER_HOST and defaults to the standard socket', () => {
    expect(resolveEndpoint(base()).display).toBe('unix:///var/run/docker.sock')
    expect(resolveEndpoint(base({env: {DOCKER_HOST: 'unix:///a.sock'}})).display).toBe('unix:///a.sock')
    expect(resolveEndpoint(base({env: {DOCKER_HOST: 'unix:///a.sock'}, host: 'unix:///b.sock'})).display).toBe('unix:///b.sock')
  })

  it('refuses --host with --context', () => {
    expect(() => resolveEndpoint(base({context: 'x', host: 'unix:///b'}))).toThrow('conflicting options: cannot specify both --host and --context')
  })

  it('reads a context from the context store', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-ctx-'))
    const digest = createHash('sha256').update('mine').digest('hex')
    mkdirSync(path.join(dir, 'contexts', 'meta', digest), {recursive: true})
    writeFileSync(path.join(dir, 'contexts', 'meta', digest, 'meta.json'), JSON.stringify({Endpoints: {docker: {Host: 'unix:///ctx.sock'}}, Name: 'mine'}))
    expect(resolveEndpoint(base({configDir: dir, context: 'mine'})).display).toBe('unix:///ctx.sock')
    expect(resolveEndpoint(base({configDir: dir, env: {DOCKER_CONTEXT: 'mine'}})).display).toBe('unix:///ctx.sock')
    // DOCKER_HOST beats DOCKER_CONTEXT
    expect(resolveEndpoint(base({configDir: dir, env: {DOCKER_CONTEXT: 'mine', DOCKER_HOST: 'unix:///h.sock'}})).display).toBe('unix:///h.sock')
    expect(() => resolveEndpoint(base({configDir: dir, context: 'nosuchctx'}))).toThrow(/context "nosuchctx": context not found/)
  })

  it('turns TLS on from the environment and requires ca.pem when verifying', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-tls-'))
    expect(() => resolveEndpoint(base({env: {DOCKER_CERT_PATH: dir, DOCKER_HOST: 'tcp://127.0.0.1:1', DOCKER_TLS_VERIFY: '1'}}))).toThrow(
      `Failed to initialize: unable to resolve docker endpoint: open ${dir}/ca.pem: no such file or directory`,
    )
    writeFileSync(path.join(dir, 'ca.pem'), 'CA')
    const e = resolveEndpoint(base({env: {DOCKER_CERT_PATH: dir, DOCKER_HOST: 'tcp://127.0.0.1', DOCKER_TLS_VERIFY: '0'}}))
    expect(e).toMatchObject({kind: 'tcp', port: 2376, tls: {verify: true}})
    const noVerify = resolveEndpoint(base({env: {DOCKER_HOST: 'tcp://127.0.0.1:9'}, tls: true}))
    expect(noVerify).toMatchObject({tls: {verify: false}})
  })
})
