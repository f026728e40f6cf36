// `network` and `volume` commands against the reference docker on the same engine. Everything
// this file creates carries its cleanupLabel and a name with this file's own random prefix, and
// every listing is filtered by that label or prefix, so files running beside it cannot change
// what it sees. Commands that change state (create, rm, connect, disconnect) run once per CLI on
// fresh copies of the same objects (same names), one CLI after the other. Networks are --internal.
import {randomBytes} from 'node:crypto'
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, removeTestContainers, type RunResult, runDocker, runWhalectl, tempDockerConfig} from '../engine/harness.js'
import {expectParity, type Pair, renameProgram, type TextNormaliser} from './normalise.js'
import {docker} from './stateful-parity.js'

const P = `nvt${randomBytes(3).toString('hex')}-`
const n = (what: string): string => P + what
const LABEL = ['--label', cleanupLabel]
const FILTER = ['-f', `label=${cleanupLabel}`]

/** The IDs and times that differ between two copies of the same object. */
const maskIds: TextNormaliser = (text) =>
  text
    .replace(/\b[0-9a-f]{64}\b/g, '<ID>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<TIME>')

async function removeNetworks(names: readonly string[]): Promise<void> {
  if (names.length > 0) await runDocker(['network', 'rm', ...names])
}

async function removeVolumes(names: readonly string[]): Promise<void> {
  if (names.length > 0) await runDocker(['volume', 'rm', '-f', ...names])
}

async function removeLabelled(): Promise<void> {
  await removeTestContainers()
  const nets = await docker(['network', 'ls', '-q', ...FILTER])
  await removeNetworks(nets.split('\n').filter(Boolean))
  const vols = await docker(['volume', 'ls', '-q', ...FILTER])
  await removeVolumes(vols.split('\n').filter(Boolean))
}

interface Outcome {
  code: number
  stdout: string
  stderr: string
}

function outcome(result: RunResult, normalise: TextNormaliser, isDocker: boolean): Outcome {
  const stderr = normalise(result.stderr)
  return {code: result.code, stderr: isDocker ? renameProgram(stderr) : stderr, stdout: normalise(result.stdout)}
}

/**
 * Runs `steps` once with docker and once with whalectl, each after `setup` made fresh objects
 * (and `teardown` removed them); `steps` returns the command lines to compare, run in order.
 */
async function expectSequenceParity(opts: {setup: () => Promise<void>; teardown: () => Promise<void>; steps: string[][]; observe?: string[][]; normalise?: TextNormaliser}): Promise<Outcome[]> {
  const normalise = opts.normalise ?? maskIds
  const runAll = async (cli: typeof runDocker, isDocker: boolean): Promise<Outcome[]> => {
    await opts.setup()
    const out: Outcome[] = []
    try {
      for (const [i, step] of opts.steps.entries()) {
        out.push(outcome(await cli(step), normalise, isDocker))
        // What the step did, read by the reference docker either way.
        const observe = opts.observe?.[i]
        if (observe && observe.length > 0) out.push(outcome(await runDocker(observe), normalise, true))
      }
    } finally {
      await opts.teardown()
    }
    return out
  }
  const expected = await runAll(runDocker, true)
  const actual = await runAll(runWhalectl, false)
  expect(actual).toEqual(expected)
  return actual
}

const cliError = (args: string[]): Promise<Pair> => expectParity(args, {attempts: 1, dockerStderr: renameProgram})

beforeAll(async () => {
  await removeLabelled()
  // Named so that docker's natural sort order shows: net9 before net10.
  for (const name of ['net10', 'net9', 'a']) await docker(['network', 'create', '--internal', ...LABEL, n(name)])
  // One label only: docker joins several in Go's random map order in `{{.Labels}}`.
  await docker(['network', 'create', '--internal', ...LABEL, '--subnet', '10.201.0.0/24', n('sub')])
  for (const name of ['vol10', 'vol9']) await docker(['volume', 'create', ...LABEL, n(name)])
  await docker(['volume', 'create', ...LABEL, '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m', n('tmp')])
})

afterAll(removeLabelled)

describe('network ls', () => {
  it.each([
    [[]],
    [['-q']],
    [['--no-trunc']],
    [['--format', 'json']],
    [['--format', 'raw']],
    [['-q', '--format', 'raw']],
    [['-q', '--format', 'table']],
    [['--format', 'table {{.Name}}\t{{.Labels}}\t{{.CreatedAt}}\t{{.IPv4}}\t{{.IPv6}}\t{{.Internal}}\t{{.Label "whalectl.test"}}']],
    [['--format', '{{.ID}} {{.Name}} {{.Driver}} {{.Scope}}', '--no-trunc']],
    [['-f', 'driver=bridge', '-f', 'type=custom']],
  ])('%j, filtered by label', async (args) => {
    const {docker: reference} = await expectParity(['network', 'ls', ...FILTER, ...args])
    expect(reference.code).toBe(0)
  })

  it('sorts by name in natural order, filters by name, and lists as `network list`', async () => {
    const {docker: reference} = await expectParity(['network', 'list', '-f', `name=${n('net')}`, '--format', '{{.Name}}'])
    expect(reference.stdout).toBe(`${n('net9')}\n${n('net10')}\n`)
    await expectParity(['network', 'ls', '-f', `name=${n('nomatch')}`])
  })

  it("uses config.json's networksFormat unless -q", async () => {
    const dir = tempDockerConfig()
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({networksFormat: 'table {{.Name}}\t{{.Internal}}'}))
    const env = {DOCKER_CONFIG: dir}
    await expectParity(['network', 'ls', ...FILTER], {env})
    await expectParity(['network', 'ls', '-q', ...FILTER], {env})
  })

  it('bad filters, templates and arguments', async () => {
    await cliError(['network', 'ls', '-f', 'bogus=1'])
    await cliError(['network', 'ls', '-f', 'bogus'])
    await cliError(['network', 'ls', ...FILTER, '--format', '{{.Nope}}'])
    await cliError(['network', 'ls', '--format', '{{.Name'])
    await cliError(['network', 'ls', 'extra'])
    await cliError(['network', 'ls', '--nope'])
  })
})

describe('network create', () => {
  it.each([
    [['--gateway', '10.1.0.1']],
    [['--ip-range', '10.1.0.0/24']],
    [['--subnet', '10.1.0.0/24', '--ip-range', '10.2.0.0/24']],
    [['--subnet', '10.1.0.0/24', '--subnet', '10.1.0.0/16']],
    [['--subnet', '10.1.0.0/24,10.1.0.0/24']],
    [['--subnet', '10.1.0.0/24', '--aux-address', 'a=10.5.0.1']],
    [['--subnet', '10.1.0.0/24', '--aux-address', 'bad']],
    [['--subnet', 'bad', '--gateway', '1.2.3.4']],
    [['--subnet', '10.0.0.0/8', '--ip-range', 'bad']],
    [['--subnet', '10.0.0.0/8', '--gateway', '10.0.0.1,10.0.0.2']],
    [['--subnet', '10.0.0.0/8,11.0.0.0/8', '--ip-range', '10.1.0.0/16,10.2.0.0/16']],
    [['--label', '=x']],
    [['--label', 'a b=c']],
    [['--ipv6=maybe']],
  ])('refuses %j before asking the engine', async (args) => {
    const {docker: reference} = await cliError(['network', 'create', '--internal', ...args, n('never')])
    expect(reference.code).not.toBe(0)
  })

  it("passes the engine's refusals through", async () => {
    await cliError(['network', 'create', '--internal', ...LABEL, n('a')])
    await cliError(['network', 'create', '--internal', '--subnet', 'bad', n('never')])
    await cliError(['network', 'create', '--internal', '--config-only', n('never')])
    await cliError(['network', 'create', '--internal', '--scope', 'swarm', n('never')])
    await cliError(['network', 'create', '--internal', '-d', 'nosuchdriver', n('never')])
    await cliError(['network', 'create', '--internal', '--subnet', '10.203.0.0/24,10.204.0.0/24', '--gateway', '10.204.0.1', n('never')])
    await cliError(['network', 'create'])
    await cliError(['network', 'create', 'a', 'b'])
  })

  it.each([
    [['--subnet', '10.202.0.0/24', '--gateway', '10.202.0.1', '--ip-range', '10.202.0.128/25', '--aux-address', 'host1=10.202.0.5', '--label', 'b=2', '--label', 'a']],
    // An explicit subnet: the engine hands each new network the next free pool otherwise.
    [['--attachable', '-o', 'com.docker.network.driver.mtu=1400', '--ipam-opt', 'x=y', '--ipv6=false', '--subnet', '10.203.0.0/24']],
    [['-d', 'bridge', '--ipam-driver', 'default', '--ipv4', '--subnet', '10.204.0.0/24', '--gateway', '10.204.0.254']],
  ])('%j makes the network docker makes', async (args) => {
    const name = n('made')
    const [created] = await expectSequenceParity({
      observe: [['network', 'inspect', name]],
      setup: () => removeNetworks([name]),
      steps: [['network', 'create', '--internal', ...LABEL, ...args, name]],
      teardown: () => removeNetworks([name]),
    })
    expect(created).toEqual({code: 0, stderr: '', stdout: '<ID>\n'})
  })
})

describe('network inspect', () => {
  it.each([
    [[n('sub')]],
    [[n('sub'), n('a')]],
    [['-v', n('sub')]],
    [['-f', '{{.Name}} {{.Internal}} {{.IPAM.Config}} {{.Labels}}', n('sub'), n('a')]],
    [['-f', 'json', n('sub')]],
    [['--format', '{{json .IPAM}}', n('sub')]],
  ])('%j', async (args) => {
    await expectParity(['network', 'inspect', ...args])
  })

  it('unknown networks, bad templates and arguments', async () => {
    await cliError(['network', 'inspect', n('nope')])
    await cliError(['network', 'inspect', n('a'), n('nope'), n('sub')])
    await cliError(['network', 'inspect', '-f', '{{.Nope}}', n('a')])
    await cliError(['network', 'inspect', '-f', '{{.Name', n('a')])
    await cliError(['network', 'inspect'])
  })

  it('`inspect` finds networks and volumes, with and without --type', async () => {
    await expectParity(['inspect', '--type', 'network', n('sub')])
    await expectParity(['inspect', '--type', 'volume', n('tmp')])
    await expectParity(['inspect', n('sub'), n('tmp')])
    await expectParity(['inspect', '-f', '{{.Name}}', n('sub'), n('tmp')])
    await cliError(['inspect', '--type', 'network', n('tmp')])
  })
})

describe('network rm', () => {
  it('removes several, reports the missing ones on stderr at once and ends with exit status 1', async () => {
    const names = [n('rm1'), n('rm2')]
    await expectSequenceParity({
      observe: [['network', 'ls', '-q', '-f', `name=${n('rm')}`]],
      setup: async () => {
        await removeNetworks(names)
        for (const name of names) await docker(['network', 'create', '--internal', ...LABEL, name])
      },
      steps: [['network', 'rm', names[0]!, n('nope'), names[1]!, n('nope2')]],
      teardown: () => removeNetworks(names),
    })
  })

  it('-f ignores networks that do not exist; `network remove` is the same command', async () => {
    const name = n('rm3')
    await expectSequenceParity({
      setup: async () => {
        await removeNetworks([name])
        await docker(['network', 'create', '--internal', ...LABEL, name])
      },
      steps: [['network', 'remove', '-f', n('nope'), name], ['network', 'rm', '-f', n('nope')]],
      teardown: () => removeNetworks([name]),
    })
    await cliError(['network', 'rm'])
  })
})

describe('network lifecycle: connect a running container, inspect, disconnect, rm', () => {
  const net = n('life')
  const box = n('box')
  const endpoint = `{{with index .NetworkSettings.Networks "${net}"}}{{json .Aliases}} {{json .IPAMConfig}} {{.IPAddress}} {{json .DriverOpts}} {{json .Links}}{{else}}none{{end}}`
  const inspectBox = ['inspect', '-f', endpoint, box]

  it('matches docker at every step', async () => {
    // One container for both CLIs: the engine adds its short ID to the aliases.
    await removeTestContainers()
    await docker(['run', '-d', ...LABEL, '--name', box, 'busybox', 'sleep', '600'])
    const results = await expectSequenceParity({
      observe: [inspectBox, ['network', 'inspect', '-f', '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}', net], [], inspectBox, inspectBox],
      setup: async () => {
        await removeNetworks([net])
        await docker(['network', 'create', '--internal', ...LABEL, '--subnet', '10.205.0.0/24', net])
      },
      steps: [
        ['network', 'connect', '--alias', 'web', '--alias', 'db,cache', '--ip', '10.205.0.50', '--driver-opt', 'k = v', net, box],
        ['network', 'connect', net, box],
        ['network', 'rm', net],
        ['network', 'disconnect', net, box],
        ['network', 'disconnect', '-f', net, box],
        ['network', 'rm', net],
      ],
      teardown: async () => {
        await runDocker(['network', 'disconnect', '-f', net, box])
        await removeNetworks([net])
      },
    })
    await removeTestContainers()
    // connected, refused twice (already connected, in use), disconnected, refused, removed
    expect(results.map((r) => r.code)).toEqual([0, 0, 1, 0, 1, 0, 0, 1, 0, 0])
  })

  it('bad values and unknown objects', async () => {
    await removeNetworks([net])
    await docker(['network', 'create', '--internal', ...LABEL, net])
    try {
      await cliError(['network', 'connect', '--driver-opt', 'x', net, n('nobox')])
      await cliError(['network', 'connect', '--link', 'a:b:c', net, n('nobox')])
      await cliError(['network', 'connect', '--gw-priority', 'x', net, n('nobox')])
      await cliError(['network', 'connect', n('nope'), n('nobox')])
      await cliError(['network', 'connect', net, n('nobox')])
      await cliError(['network', 'disconnect', net, n('nobox')])
      await cliError(['network', 'disconnect', net])
      await cliError(['network', 'connect', net])
    } finally {
      await removeNetworks([net])
    }
  })
})

describe('volume ls', () => {
  it.each([
    [[]],
    [['-q']],
    [['--format', 'json']],
    [['--format', 'raw']],
    [['-q', '--format', 'raw']],
    [['--format', 'table {{.Name}}\t{{.Driver}}\t{{.Scope}}\t{{.Mountpoint}}\t{{.Size}}\t{{.Links}}\t{{.Group}}\t{{.Availability}}\t{{.Status}}\t{{.Labels}}']],
    [['--format', '{{.Name}}: {{.Label "whalectl.test"}}']],
    [['-f', 'driver=local', '-f', 'dangling=true']],
  ])('%j, filtered by label', async (args) => {
    const {docker: reference} = await expectParity(['volume', 'ls', ...FILTER, ...args])
    expect(reference.code).toBe(0)
  })

  it('sorts by name in natural order, and lists as `volume list`', async () => {
    const {docker: reference} = await expectParity(['volume', 'list', '-f', `name=${n('vol')}`, '-q'])
    expect(reference.stdout).toBe(`${n('vol9')}\n${n('vol10')}\n`)
  })

  it("uses config.json's volumesFormat unless -q", async () => {
    const dir = tempDockerConfig()
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({volumesFormat: '{{.Name}} on {{.Driver}}'}))
    await expectParity(['volume', 'ls', ...FILTER], {env: {DOCKER_CONFIG: dir}})
    await expectParity(['volume', 'ls', '-q', ...FILTER], {env: {DOCKER_CONFIG: dir}})
  })

  it('bad filters, templates, arguments, and --cluster on an engine older than API 1.42', async () => {
    await cliError(['volume', 'ls', '-f', 'bogus=1'])
    await cliError(['volume', 'ls', '-f', 'dangling=maybe'])
    await cliError(['volume', 'ls', '-f', 'bogus'])
    await cliError(['volume', 'ls', ...FILTER, '--format', '{{.Nope}}'])
    await cliError(['volume', 'ls', 'extra'])
    await cliError(['volume', 'ls', '--cluster'])
  })
})

describe('volume create, inspect, rm', () => {
  it.each([
    [['--label', 'a=1', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m']],
    [['-d', 'local', '--label', 'b']],
  ])('%j makes the volume docker makes', async (args) => {
    const name = n('made')
    const [created] = await expectSequenceParity({
      observe: [['volume', 'inspect', name]],
      setup: () => removeVolumes([name]),
      steps: [['volume', 'create', ...LABEL, ...args, name]],
      teardown: () => removeVolumes([name]),
    })
    expect(created).toEqual({code: 0, stderr: '', stdout: `${name}\n`})
  })

  it('names it by --name too, and lets the engine name an anonymous one', async () => {
    const name = n('named')
    await expectSequenceParity({
      observe: [['volume', 'ls', '-q', '-f', `name=${name}`]],
      setup: () => removeVolumes([name]),
      steps: [['volume', 'create', ...LABEL, '--name', name]],
      teardown: () => removeVolumes([name]),
    })
    const anonymous = await runWhalectl(['volume', 'create', '--label', cleanupLabel])
    expect(anonymous.stdout).toMatch(/^[0-9a-f]{64}\n$/)
    await removeVolumes([anonymous.stdout.trim()])
  })

  it('refusals: arguments, flags, the engine', async () => {
    await cliError(['volume', 'create', 'a', 'b'])
    await cliError(['volume', 'create', '--name', 'x', 'y'])
    await cliError(['volume', 'create', '--group', 'g', 'x'])
    await cliError(['volume', 'create', '--label', '=x', 'x'])
    await cliError(['volume', 'create', '--limit-bytes', 'lots', 'x'])
    await expectParity(['volume', 'create', '-d', 'nosuchdriver', n('never')], {normalise: maskIds})
  })

  it.each([
    [[n('tmp')]],
    [[n('tmp'), n('vol9')]],
    [['-f', '{{.Name}} {{.Driver}} {{.Options}} {{.Labels}} {{.UsageData}} {{.Status}}', n('tmp')]],
    [['-f', 'json', n('tmp'), n('vol9')]],
    [['-f', '{{json .}}', n('tmp')]],
  ])('inspect %j', async (args) => {
    await expectParity(['volume', 'inspect', ...args])
  })

  it('inspect: unknown volumes and failing templates', async () => {
    await cliError(['volume', 'inspect', n('nope')])
    await cliError(['volume', 'inspect', n('tmp'), n('nope')])
    await cliError(['volume', 'inspect', '-f', '{{.Nope}}', n('tmp')])
    await cliError(['volume', 'inspect', '-f', '{{.Name', n('tmp')])
    await cliError(['volume', 'inspect'])
  })

  it('rm: several, unknown ones reported together at the end, -f ignores them', async () => {
    const names = [n('rm1'), n('rm2')]
    await expectSequenceParity({
      observe: [['volume', 'ls', '-q', '-f', `name=${n('rm')}`]],
      setup: async () => {
        await removeVolumes(names)
        for (const name of names) await docker(['volume', 'create', ...LABEL, name])
      },
      steps: [['volume', 'rm', names[0]!, n('nope'), names[1]!, n('nope2')], ['volume', 'remove', '-f', n('nope')]],
      teardown: () => removeVolumes(names),
    })
    await cliError(['volume', 'rm'])
  })

  it('lifecycle: a volume mounted in a running container cannot be removed until the container is gone', async () => {
    const vol = n('used')
    const box = n('volbox')
    const results = await expectSequenceParity({
      observe: [['volume', 'ls', '-q', '-f', `name=${vol}`], [], ['volume', 'ls', '-q', '-f', `name=${vol}`]],
      setup: async () => {
        await removeTestContainers()
        await removeVolumes([vol])
        await docker(['volume', 'create', ...LABEL, vol])
        await docker(['run', '-d', ...LABEL, '--name', box, '-v', `${vol}:/data`, 'busybox', 'sh', '-c', 'echo hi > /data/f; sleep 600'])
      },
      steps: [['volume', 'rm', vol], ['rm', '-f', box], ['volume', 'rm', vol]],
      teardown: async () => {
        await removeTestContainers()
        await removeVolumes([vol])
      },
    })
    expect(results.map((r) => r.code)).toEqual([1, 0, 0, 0, 0])
    expect(results[0]!.stderr).toContain('volume is in use')
  })
})
