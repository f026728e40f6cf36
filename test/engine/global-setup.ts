// vitest globalSetup for the e2e project: gives the tests a real Docker engine.
//
// With WHALECTL_TEST_DOCKER_HOST set, that engine is used as it is (it must already have
// busybox:latest). Otherwise scripts/test-engine.sh starts a private one (dockerd 20.10, its own
// containerd, registries on 127.0.0.1:5000 and :5001, all in a loopback-only network namespace)
// and stops it again in teardown.
import {execFile, spawnSync} from 'node:child_process'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {TestProject} from 'vitest/node'
import type {EngineContext} from './harness.js'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const script = path.join(repoRoot, 'scripts', 'test-engine.sh')

// The values scripts/test-engine.sh uses; an external engine can override them.
const ownRegistries = {
  authPassword: 's3cr:et',
  authRegistry: '127.0.0.1:5001',
  authUser: 'whale',
  registry: '127.0.0.1:5000',
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.WHALECTL_TEST_DOCKER_HOST
  if (external) {
    provideAll(project, {
      authPassword: process.env.WHALECTL_TEST_AUTH_PASSWORD ?? ownRegistries.authPassword,
      authRegistry: process.env.WHALECTL_TEST_AUTH_REGISTRY ?? ownRegistries.authRegistry,
      authUser: process.env.WHALECTL_TEST_AUTH_USER ?? ownRegistries.authUser,
      dockerHost: external,
      // The e2e-serial project runs on the engine the e2e project's setup started.
      ownEngine: process.env.WHALECTL_TEST_OWN_ENGINE === external,
      registry: process.env.WHALECTL_TEST_REGISTRY ?? ownRegistries.registry,
    })
    return undefined
  }

  if (process.getuid?.() !== 0) {
    throw new Error(
      'e2e tests start their own dockerd and need root; run them as root or set ' +
        'WHALECTL_TEST_DOCKER_HOST to an engine that has busybox:latest',
    )
  }

  const dir = await mkdtemp(path.join(tmpdir(), 'whalectl-engine-'))
  // Safety net: should vitest exit without running teardown, still stop the engine.
  const stopOnExit = (): void => {
    spawnSync('bash', [script, 'stop', dir], {stdio: 'ignore', timeout: 60_000})
  }
  process.once('exit', stopOnExit)

  let dockerHost: string
  try {
    dockerHost = await startEngine(dir)
  } catch (error) {
    process.removeListener('exit', stopOnExit)
    await runScript(['stop', dir], 90_000).catch(() => {})
    await rm(dir, {force: true, recursive: true})
    throw error
  }

  provideAll(project, {...ownRegistries, dockerHost, ownEngine: true})
  process.env.WHALECTL_TEST_DOCKER_HOST = dockerHost
  process.env.WHALECTL_TEST_OWN_ENGINE = dockerHost

  return async function teardown(): Promise<void> {
    process.removeListener('exit', stopOnExit)
    delete process.env.WHALECTL_TEST_DOCKER_HOST
    delete process.env.WHALECTL_TEST_OWN_ENGINE
    await runScript(['stop', dir], 90_000)
    await rm(dir, {force: true, recursive: true})
  }
}

async function startEngine(dir: string): Promise<string> {
  const began = Date.now()
  const {stdout, stderr} = await runScript(['start', dir], 150_000)
  const host = stdout.trimEnd().split('\n').pop() ?? ''
  if (!host.startsWith('unix://')) {
    throw new Error(`scripts/test-engine.sh start printed no docker host\n${stdout}\n${stderr}`)
  }
  if (process.env.WHALECTL_TEST_VERBOSE) {
    console.error(`test engine ${host} up in ${Date.now() - began} ms`)
  }
  return host
}

function provideAll(project: TestProject, context: EngineContext): void {
  project.provide('dockerHost', context.dockerHost)
  project.provide('registry', context.registry)
  project.provide('authRegistry', context.authRegistry)
  project.provide('authUser', context.authUser)
  project.provide('authPassword', context.authPassword)
  project.provide('ownEngine', context.ownEngine)
}

function runScript(args: string[], timeoutMs: number): Promise<{stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const options = {killSignal: 'SIGKILL' as const, maxBuffer: 16 * 1024 * 1024, timeout: timeoutMs}
    execFile('bash', [script, ...args], options, (error, stdout, stderr) => {
      // error.message already carries the script's stderr (its log tails on failure)
      if (error) reject(new Error(`scripts/test-engine.sh ${args[0]} failed: ${error.message}`))
      else resolve({stderr, stdout})
    })
  })
}
