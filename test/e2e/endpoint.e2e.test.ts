// How -H/DOCKER_HOST values and the TLS options are read, against the reference docker: the
// same messages for hosts docker refuses or cannot reach, and the certificates loaded (and their
// absence reported) whenever TLS is on, even for a unix socket (moby's TestRunTLSVerify).
import {execFileSync} from 'node:child_process'
import path from 'node:path'
import {describe, it} from 'vitest'

import {dockerHost, tempDockerConfig} from '../engine/harness.js'
import {expectParity} from './normalise.js'

describe('TLS options with the unix socket of the engine', () => {
  const engine = (): string => dockerHost()

  it.each([['--tlsverify'], ['--tls']])('%s without ca.pem fails as docker does', async (flag) => {
    // DOCKER_CONFIG is where ca.pem is looked for; both CLIs must look in the same place.
    await expectParity([flag, '-H', engine(), 'ps', '-q'], {env: {DOCKER_CONFIG: tempDockerConfig()}})
  })

  // Telling `--tlsverify=false` (TLS on for docker) from `--tls=false` or `--tlscacert` alone
  // (TLS off) takes pflag's changed set, which main.ts passes to the endpoint.
  it.each([['--tlsverify=false'], ['--tls=false'], ['--tlscacert', '/missing.pem']])('%s without ca.pem behaves as docker', async (...flags: string[]) => {
    await expectParity([...flags, '-H', engine(), 'ps', '-q'], {env: {DOCKER_CONFIG: tempDockerConfig()}})
  })

  it.each([['DOCKER_TLS_VERIFY', '1'], ['DOCKER_TLS_VERIFY', '0'], ['DOCKER_TLS', '1']])('%s=%s without ca.pem fails as docker does', async (name, value) => {
    await expectParity(['-H', engine(), 'ps', '-q'], {env: {DOCKER_CONFIG: tempDockerConfig(), [name]: value}})
  })

  it('--tls --tlscacert naming a missing file', async () => {
    await expectParity(['--tls', '--tlscacert', '/nonexistent/ca.pem', '-H', engine(), 'ps', '-q'], {env: {DOCKER_CONFIG: tempDockerConfig()}})
  })

  it('with the files present (whatever they hold) the socket is used without TLS', async () => {
    const dir = tempDockerConfig()
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=t', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'ca.pem')], {stdio: 'ignore'})
    await expectParity(['--tlsverify', '-H', engine(), 'ps', '-a', '-n', '1', '--format', '{{.ID}}'], {env: {DOCKER_CONFIG: dir}})
  })
})

describe('-H without a scheme and other host forms (opts.ParseHost)', () => {
  // Hosts that fail before any connection, or that name a closed port on the loopback address.
  it.each([
    ['/tmp/whalectl-none.sock'],
    ['127.0.0.1:abc'],
    ['[::1]'],
    ['%zz'],
    ['a b'],
    ['bogus://x'],
    ['://x'],
    ['TCP://127.0.0.1'],
    ['tcp://127.0.0.1:1/base/'],
    ['tcp://127.0.0.1:1?x=1'],
    ['127.0.0.1:1/x'],
    [':1'],
    ['unix://relative-none.sock'],
    ['unix:///etc/passwd/below-a-file.sock'],
    [`unix:///tmp/${'a'.repeat(98)}.sock`],
    [`unix:///tmp/${'a'.repeat(99)}.sock`],
    ['unix://unix:///tmp/whalectl-none.sock'],
    ['npipe://'],
    ['fd://'],
  ])('-H %j', async (host) => {
    await expectParity(['-H', host, 'ps'], {env: {DOCKER_CONFIG: tempDockerConfig()}})
  })

  it('DOCKER_HOST is read the same way', async () => {
    await expectParity(['ps'], {env: {DOCKER_CONFIG: tempDockerConfig(), DOCKER_HOST: '/tmp/whalectl-none.sock'}})
  })
})
