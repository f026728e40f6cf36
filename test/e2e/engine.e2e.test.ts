// Smoke test of the e2e harness itself: the engine from global-setup answers, runs busybox,
// and its registries serve the pushed images. Uses only the reference docker CLI.
import {afterAll, describe, expect, inject, it} from 'vitest'
import {cleanupLabel, removeTestContainers, runDocker, tempDockerConfig} from '../engine/harness.js'

describe('test engine', () => {
  afterAll(removeTestContainers)

  it('answers docker version', async () => {
    const result = await runDocker(['version', '--format', '{{.Server.APIVersion}}'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    if (inject('ownEngine')) expect(result.stdout).toBe('1.41\n')
    else expect(result.stdout).toMatch(/^1\.\d+\n$/)
  })

  it('runs busybox', async () => {
    const result = await runDocker(['run', '--rm', '--label', cleanupLabel, 'busybox', 'echo', 'hi'])
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe('hi\n')
    expect(result.code).toBe(0)
  })

  it('feeds stdin and reports the container exit code', async () => {
    const result = await runDocker(
      ['run', '--rm', '-i', '--label', cleanupLabel, 'busybox', 'sh', '-c', 'cat; exit 3'],
      {input: Buffer.from([0, 1, 2, 0xff])},
    )
    expect(result.stdoutBuf).toEqual(Buffer.from([0, 1, 2, 0xff]))
    expect(result.code).toBe(3)
  })

  it('kills a command that outlives its timeout', async () => {
    const result = await runDocker(['run', '--label', cleanupLabel, 'busybox', 'sleep', '30'], {timeoutMs: 1500})
    expect(result.timedOut).toBe(true)
    expect(result.code).toBe(137)
  })

  it('pulls from the local registry', async () => {
    const ref = `${inject('registry')}/busybox:1`
    const result = await runDocker(['pull', ref])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Status: `)
    expect(result.stdout.endsWith(`${ref}\n`)).toBe(true)
    expect((await runDocker(['rmi', ref])).code).toBe(0)
  })

  it('pulls from the auth registry after login', async (context) => {
    const registry = inject('authRegistry')
    if (registry === '') context.skip()
    const ref = `${registry}/busybox:latest`
    const env = {DOCKER_CONFIG: tempDockerConfig()}

    const denied = await runDocker(['pull', ref], {env})
    expect(denied.code).toBe(1)
    expect(denied.stderr).toMatch(/no basic auth credentials|unauthorized/)

    const login = await runDocker(['login', '-u', inject('authUser'), '--password-stdin', registry], {
      env,
      input: inject('authPassword'),
    })
    expect(login.stdout).toContain('Login Succeeded')
    expect(login.code).toBe(0)
    expect((await runDocker(['pull', ref], {env})).code).toBe(0)
    expect((await runDocker(['rmi', ref])).code).toBe(0)
  })

  it('lists busybox among the images', async () => {
    const result = await runDocker(['images', '--format', '{{.Repository}}:{{.Tag}}'])
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')).toContain('busybox:latest')
  })
})
