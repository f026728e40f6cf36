// A private sshd for the ssh:// e2e tests: 127.0.0.1 and a free port only, its own host key,
// config, authorized key and PidFile in a temp dir, stopped by its pid. The far side's `docker`
// is what the test asks for (whalectl itself, the reference docker, or nothing), reached through
// the PATH that sshd's SetEnv gives the session, with DOCKER_HOST set to the test engine.
//
// On the near side OpenSSH reads ~/.ssh/config from the passwd home, not $HOME, so root's real
// ~/.ssh is left alone: the PATH handed to whalectl/docker starts with a wrapper `ssh` that adds
// `-F <config>` (our key, our known_hosts, batch mode) and execs the real ssh.
import {execFileSync, spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {referenceDocker, repoRoot} from './harness.js'

/** What answers `docker` in the far side's session. */
export type FarSide = 'whalectl' | 'docker' | 'none'

export interface Sshd {
  port: number
  /** `ssh://root@127.0.0.1:<port>`, plus `path` (a socket path on the far side) when given. */
  url(path?: string): string
  /** The PATH for a client: its `ssh` logs in with the authorized key, or with one sshd refuses. */
  clientPath(key?: 'authorized' | 'refused'): string
  stop(): void
}

const SSHD = '/usr/sbin/sshd'
const SSH = '/usr/bin/ssh'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

function keygen(file: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'whalectl-test', '-f', file], {stdio: 'ignore'})
  return readFileSync(`${file}.pub`, 'utf8').trim()
}

/** The directory whose `docker` the far side runs (an empty one for 'none'). */
function farSideBin(dir: string, far: FarSide): string {
  const bin = path.join(dir, `far-${far}`)
  mkdirSync(bin)
  if (far === 'whalectl') symlinkSync(path.join(repoRoot, 'bin', 'run.js'), path.join(bin, 'docker'))
  if (far === 'docker') symlinkSync(referenceDocker, path.join(bin, 'docker'))
  return bin
}

function clientWrapper(dir: string, name: string, identity: string, knownHosts: string): string {
  const config = path.join(dir, `ssh_config-${name}`)
  writeFileSync(
    config,
    [`Host *`, `  IdentityFile ${identity}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${knownHosts}`, '  StrictHostKeyChecking yes', '  BatchMode yes', ''].join('\n'),
  )
  const bin = path.join(dir, `client-${name}`)
  mkdirSync(bin)
  writeFileSync(path.join(bin, 'ssh'), `#!/bin/sh\nexec ${SSH} -F ${config} "$@"\n`)
  chmodSync(path.join(bin, 'ssh'), 0o755)
  return bin
}

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!existsSync(file) || readFileSync(file, 'utf8').trim() === '') {
    if (Date.now() > deadline) throw new Error(`sshd did not start: no ${file}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Starts an sshd whose sessions run `far` as docker against `dockerHost`. */
export async function startSshd(far: FarSide, dockerHost: string): Promise<Sshd> {
  // sshd running as root needs its privilege-separation directory, which the Debian service creates.
  mkdirSync('/run/sshd', {mode: 0o755, recursive: true})
  const dir = mkdtempSync(path.join(tmpdir(), 'whalectl-sshd-'))
  chmodSync(dir, 0o700)
  const hostKey = keygen(path.join(dir, 'host_key'))
  writeFileSync(path.join(dir, 'authorized_keys'), `${keygen(path.join(dir, 'client_key'))}\n`)
  keygen(path.join(dir, 'refused_key'))
  const farConfig = path.join(dir, 'far-config')
  mkdirSync(farConfig)
  // The far side's whalectl needs node; its PATH has nothing else with a `docker` in it.
  const farPath = far === 'none' ? farSideBin(dir, far) : `${farSideBin(dir, far)}:${path.dirname(process.execPath)}`
  const port = await freePort()
  const pidFile = path.join(dir, 'sshd.pid')
  const config = path.join(dir, 'sshd_config')
  writeFileSync(
    config,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${path.join(dir, 'host_key')}`,
      `PidFile ${pidFile}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      // The temp dir's parent is /tmp, which StrictModes would refuse.
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      `SetEnv PATH=${farPath} DOCKER_HOST=${dockerHost} DOCKER_CONFIG=${farConfig}`,
      '',
    ].join('\n'),
  )
  const started = spawnSync(SSHD, ['-f', config, '-E', path.join(dir, 'sshd.log')], {encoding: 'utf8'})
  if (started.status !== 0) throw new Error(`sshd failed: ${started.stderr}`)
  await waitForFile(pidFile, 5000)
  const pid = Number(readFileSync(pidFile, 'utf8').trim())

  const knownHosts = path.join(dir, 'known_hosts')
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostKey.split(' ').slice(0, 2).join(' ')}\n`)
  const clients = {
    authorized: clientWrapper(dir, 'authorized', path.join(dir, 'client_key'), knownHosts),
    refused: clientWrapper(dir, 'refused', path.join(dir, 'refused_key'), knownHosts),
  }
  return {
    clientPath: (key = 'authorized') => `${clients[key]}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
    port,
    stop() {
      try {
        process.kill(pid, 'SIGTERM')
      } catch {
        // already gone
      }
      rmSync(dir, {force: true, recursive: true})
    },
    url: (socketPath = '') => `ssh://root@127.0.0.1:${port}${socketPath}`,
  }
}
