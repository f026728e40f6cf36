// Credential helpers as moby's integration-cli exercises them (TestPullWithExternalAuth,
// TestBuildWithExternalAuth): a shell-script docker-credential-* that reads its input with
// `$(cat /dev/stdin)`. That only works when stdin is a pipe, as docker gives it; a socket pair
// fails to open (ENXIO) and the pull or build then goes on without credentials.
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {engineContext, type RunOptions, runDocker, runWhalectl, tempDockerConfig} from '../engine/harness.js'
import {shellQuote} from './normalise.js'

const {authPassword, authRegistry, authUser} = engineContext()
let helperDir = ''

beforeAll(() => {
  helperDir = mkdtempSync(path.join(tmpdir(), 'whalectl-helper-'))
  const json = (value: unknown): string => `'${JSON.stringify(value).replace(/'/g, `'\\''`)}'`
  const script = [
    '#!/bin/sh',
    'in=$(cat /dev/stdin) || exit 1',
    'case "$1" in',
    `get) if [ "$in" = "${authRegistry}" ]; then printf '%s' ${json({Secret: authPassword, ServerURL: authRegistry, Username: authUser})}; ` +
      'else echo "credentials not found in native keychain"; exit 1; fi ;;',
    `list) printf '%s' ${json({[authRegistry]: authUser})} ;;`,
    '*) exit 1 ;;',
    'esac',
    '',
  ].join('\n')
  const file = path.join(helperDir, 'docker-credential-shell-test')
  writeFileSync(file, script)
  chmodSync(file, 0o755)
})

afterAll(() => rmSync(helperDir, {force: true, recursive: true}))

function helperEnv(): Record<string, string> {
  const config = tempDockerConfig()
  writeFileSync(path.join(config, 'config.json'), JSON.stringify({credsStore: 'shell-test'}))
  return {DOCKER_CONFIG: config, PATH: `${helperDir}${path.delimiter}${process.env.PATH ?? ''}`}
}

/** docker, then whalectl, each after `cleanup`, which removes what the previous run pulled. */
async function parityAfter(args: string[], cleanup: () => Promise<unknown>, opts: RunOptions): Promise<number> {
  await cleanup()
  const reference = await runDocker(args, opts)
  await cleanup()
  const ours = await runWhalectl(args, opts)
  // The engine reports `Verifying Checksum` or not depending on timing; docker's build banner
  // (whalectl prints none, by design) is cut.
  const view = (r: {code: number; stderr: string; stdout: string}) => ({
    code: r.code,
    stderr: r.stderr.replace(/^DEPRECATED: The legacy builder is deprecated[^\n]*\n(?: {12}[^\n]*\n)*\n/, ''),
    stdout: r.stdout.replace(/^[0-9a-f]{12}: Verifying Checksum\n/gm, ''),
  })
  expect(view(ours), `whalectl ${shellQuote(args)}`).toEqual(view(reference))
  return ours.code
}

describe('a credsStore helper that reads /dev/stdin', () => {
  it('pull (TestPullWithExternalAuth)', async (context) => {
    if (authRegistry === '') context.skip()
    const image = `${authRegistry}/busybox:latest`
    const code = await parityAfter(['pull', image], () => runDocker(['rmi', image]), {env: helperEnv()})
    expect(code).toBe(0)
  })

  it('build FROM the protected registry (TestBuildWithExternalAuth)', async (context) => {
    if (authRegistry === '') context.skip()
    const image = `${authRegistry}/busybox:latest`
    const dir = mkdtempSync(path.join(tmpdir(), 'whalectl-authbuild-'))
    try {
      writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${image}\n`)
      const code = await parityAfter(['build', '-q', dir], () => runDocker(['rmi', image]), {env: helperEnv()})
      expect(code).toBe(0)
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })
})
