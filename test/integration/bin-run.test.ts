// `run --env-file` through each way of starting whalectl (issue 15 item 12). Node 20 reads
// `--env-file` for itself anywhere on its command line up to a `--`, so the plain
// `node bin/run.js run --env-file missing` form exits in node before whalectl runs; the README
// says so and names the forms that work, which must then give docker's own error.
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {BIN_RUN, REPO_ROOT} from '../fake-engine/run-cli.js'

const MISSING = '/nonexistent/whalectl-test.env'
const env = {DOCKER_HOST: 'unix:///nonexistent/whalectl.sock', HOME: process.env.HOME, PATH: process.env.PATH}

function start(command: string, args: string[]): {code: number | null; stderr: string} {
  const r = spawnSync(command, args, {encoding: 'utf8', env, timeout: 20_000})
  return {code: r.status, stderr: r.stderr}
}

const dockersError = {code: 125, stderr: `whalectl: open ${MISSING}: no such file or directory\n\nRun 'whalectl run --help' for more information\n`}

describe('run --env-file with a missing file', () => {
  it('the installed form (the shebang ends node\'s options) gives docker\'s error', () => {
    expect(start(BIN_RUN, ['run', '--env-file', MISSING, 'busybox', 'true'])).toEqual(dockersError)
  })

  it('node -- bin/run.js, as the README says to type it, gives docker\'s error', () => {
    expect(start(process.execPath, ['--', BIN_RUN, 'run', '--env-file', MISSING, 'busybox', 'true'])).toEqual(dockersError)
  })

  it('node bin/run.js: where node itself intercepts it, the README explains why', () => {
    const plain = start(process.execPath, [BIN_RUN, 'run', '--env-file', MISSING, 'busybox', 'true'])
    if (plain.code === 9) {
      expect(plain.stderr).toContain(`${MISSING}: not found`)
      const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')
      expect(readme).toContain('`node bin/run.js run --env-file FILE …` cannot be made safe')
      expect(readme).toContain('node -- bin/run.js run --env-file FILE …')
    } else {
      // A node that leaves the script's arguments alone: the README's note can go.
      expect(plain).toEqual(dockersError)
    }
  })
})
