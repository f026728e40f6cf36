// whalectl installed as `docker` (issue 13 item 4): a symlink named docker, first on PATH, and
// shell scripts that grep for docker's own words. Under that name whalectl's messages must be
// docker's, byte for byte; under its own name they say whalectl.
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {dockerHost, repoRoot} from '../engine/harness.js'
import {dockerNamedWhalectl, referenceDocker, runWith} from './help-support.js'

let whalectl: ReturnType<typeof dockerNamedWhalectl>
let reference: ReturnType<typeof dockerNamedWhalectl>

beforeAll(() => {
  whalectl = dockerNamedWhalectl()
  reference = dockerNamedWhalectl()
})
afterAll(() => {
  whalectl.dispose()
  reference.dispose()
})

/** Runs a shell script with PATH starting at the directory that holds `docker`. */
function script(text: string, useReference: boolean): {code: number; stdout: string; stderr: string} {
  const dir = useReference ? reference : whalectl
  const env = {DOCKER_CONFIG: dir.configDir, DOCKER_HOST: dockerHost(), PATH: `${dir.bin}:/usr/bin:/bin`}
  // The reference's PATH holds the real CLI under the same name.
  const docker = useReference ? `docker() { ${referenceDocker} "$@"; }; ` : ''
  return runWith('bash', ['-c', `${docker}${text}`], env)
}

const GREPS = [
  // what scripts test for, each printing what it saw so that the outputs compare
  `docker frobnicate 2>&1; echo "status $?"`,
  `docker frobnicate 2>&1 | grep -q "is not a docker command\\|unknown command: docker frobnicate" && echo found`,
  `docker run 2>&1; echo "status $?"`,
  `docker ps --bogus 2>&1; echo "status $?"`,
  `docker container ls a b 2>&1; echo "status $?"`,
  `docker --bogus 2>&1; echo "status $?"`,
  `docker logs 2>&1 | grep "^Usage:  docker logs"`,
  `docker run 2>&1 | grep -o "See 'docker run --help'."`,
  `docker ps -a --format '{{.ID}}' --filter label=whalectl.test.none; echo "status $?"`,
  `docker volume nosuch 2>&1; echo "status $?"`,
  `docker container 2>&1 | head -1`,
  `docker -v | cut -d' ' -f1,2`,
  `docker --version | grep -q '^Docker version ' && echo docker-shaped`,
]

describe('installed as docker', () => {
  it.each(GREPS)('%s', (text) => {
    expect(script(text, false)).toEqual(script(text, true))
  })

  it('-v: docker 28.2.2 with whalectl\'s version and the build\'s commit', () => {
    const out = script('docker -v', false).stdout
    expect(out).toMatch(/^Docker version 28\.2\.2-whalectl\.\d+\.\d+\.\d+, build (?:[0-9a-f]{7,}|unknown-commit)\n$/)
    expect(script('docker version --format "{{.Client.Version}}" 2>/dev/null; true', false).code).toBe(0)
  })

  it('help and usage lines name docker', () => {
    const help = script('docker ps --help', false).stdout
    expect(help.startsWith('Usage:  docker ps [OPTIONS]\n')).toBe(true)
    expect(script('docker --help', false).stdout).toContain("Run 'docker COMMAND --help' for more information on a command.")
  })
})

describe('under its own name', () => {
  it('says whalectl in messages and help, and keeps the docker-shaped version line', () => {
    const env = {DOCKER_CONFIG: whalectl.configDir, DOCKER_HOST: dockerHost(), PATH: '/usr/bin:/bin'}
    const run = (args: string[]) => runWith(path.join(repoRoot, 'bin', 'run.js'), args, env)
    expect(run(['frobnicate']).stderr).toBe("whalectl: unknown command: whalectl frobnicate\n\nRun 'whalectl --help' for more information\n")
    expect(run(['ps', '--help']).stdout.startsWith('Usage:  whalectl ps [OPTIONS]\n')).toBe(true)
    expect(run(['--version']).stdout).toMatch(/^Docker version 28\.2\.2-whalectl\./)
  })
})
