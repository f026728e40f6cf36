// `whalectl inspect` and `whalectl container inspect` against the reference docker on the same
// engine. beforeAll makes, with docker itself, a created (never started) container carrying most
// of what inspect shows (labels with integer-like keys, a 2^63-1 and a 2^53+1 number, ports,
// a healthcheck config, tmpfs, restart policy…), a running one, a healthy one, an internal
// network and a volume. Created and idle containers give the same answer twice, so nothing is
// normalised except the program's name in the CLI's own argument errors.
//
// The templates cover the two ways docker runs them: against its Go types (Go field order,
// zero values for fields the engine did not send, `{{json .X}}` re-encoded, durations as `1m30s`,
// network times as Go's Time.String), and, when that fails (`{{.Id}}`: the Go field is `ID`),
// against the raw answer with json.Number numbers and missingkey=error, which then sticks for
// the following objects.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, removeTestContainers, runDocker, runWhalectl} from '../engine/harness.js'
import {docker} from './image-fixtures.js'
import {expectParity, renameProgram} from './normalise.js'

const full = 'insptest-full'
const running = 'insptest-run'
const healthy = 'insptest-healthy'
const network = 'insptest-net'
const volume = 'insptest-vol'

async function removeFixtures(): Promise<void> {
  await removeTestContainers()
  await runDocker(['network', 'rm', network])
  await runDocker(['volume', 'rm', '-f', volume])
}

beforeAll(async () => {
  await removeFixtures()
  const label = ['--label', cleanupLabel]
  await docker(['volume', 'create', ...label, '--label', 'b=2', '--label', 'a=1', volume])
  await docker(['network', 'create', '--internal', ...label, network])
  await docker([
    'create', ...label, '--name', full,
    '--label', 'com.example.x=y', '--label', '10=ten', '--label', '2=two', '--label', 'b=<&>',
    '-e', 'A=1', '-e', 'B=two words', '-p', '8080:80', '-p', '127.0.0.1:9090:90/udp', '--expose', '7000',
    '-v', '/data', '--memory', '100m', '--pids-limit', '9223372036854775807', '--cpu-rt-runtime', '9007199254740993',
    '--restart', 'on-failure:3', '--health-cmd', 'true', '--health-interval', '90s', '--health-retries', '3',
    '--stop-signal', 'SIGUSR1', '--stop-timeout', '7', '-w', '/tmp', '--entrypoint', 'sh', '--tmpfs', '/run:size=1m',
    '--hostname', 'insp', 'busybox', '-c', 'echo hi',
  ])
  await docker(['run', '-d', ...label, '--name', running, 'busybox', 'sleep', '600'])
  await docker(['run', '-d', ...label, '--name', healthy, '--health-cmd', 'true', '--health-interval', '1s', 'busybox', 'sleep', '600'])
  const deadline = Date.now() + 30_000
  while ((await docker(['inspect', '-f', '{{.State.Health.Status}}', healthy])) !== 'healthy') {
    if (Date.now() > deadline) throw new Error(`${healthy} never became healthy`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}, 120_000)

afterAll(removeFixtures)

const inspect = async (...args: string[]): Promise<void> => {
  await expectParity(['inspect', ...args])
}

describe.concurrent('whalectl inspect matches docker inspect', () => {
  describe('default output: the engine\'s JSON re-indented', () => {
    it.each([
      [[full]],
      [[running]],
      [['busybox']],
      [[network]],
      [[volume]],
      [[full, 'busybox', network, volume]],
      [[full, full]],
      [['-s', full]],
      [['--size', running, 'busybox']],
      [['--type', 'container', full]],
      [['--type', 'image', 'busybox']],
      [['--type', 'network', network]],
      [['--type', 'volume', volume]],
    ])('inspect %j', (args) => inspect(...args))

    it.each([
      [['--format', 'json', full, 'busybox', network, volume]],
      [['-f', 'json', 'nope']],
      [['-f', 'json', running, 'nope']],
    ])('--format json compacts: inspect %j', (args) => inspect(...args))
  })

  describe('names that match nothing', () => {
    it.each([
      [['nope']],
      [['-f', '{{.Id}}', 'nope']],
      [[full, 'nope', 'busybox', 'nope2']],
      [['UPPER']],
      [['a:b:c']],
      [['a b']],
      [['']],
      [[' ']],
      [['--type', 'container', 'nope']],
      [['--type', 'image', 'nope']],
      [['--type', 'network', 'nope']],
      [['--type', 'volume', 'nope']],
      [['--type', 'plugin', 'nope']],
      [['--type', 'service', 'nope']],
      [['--type', 'node', 'nope']],
      [['--type', 'task', 'nope']],
      [['--type', 'secret', 'nope']],
      [['--type', 'config', 'nope']],
      [['--type', 'config', '']],
      [['--type', 'image', full]],
      [['--type', 'container', 'busybox']],
    ])('inspect %j', (args) => inspect(...args))
  })

  describe('bad flags and templates', () => {
    it.each([
      [['--type', 'foo', full]],
      [['--type=', full]],
      [['-f', '{{', full]],
      [['-f', '{{.Name}} {{end}}', full]],
      [['-f', '{{nofunc .}}', full]],
    ])('inspect %j', (args) => inspect(...args))

    it('no argument', () => expectParity(['inspect'], {dockerStderr: renameProgram}))
    it('unknown flag', () => expectParity(['inspect', '--nope', full], {dockerStderr: renameProgram}))
  })

  describe('templates against the Go types', () => {
    it.each([
      '{{.Name}}',
      '{{.ID}}',
      '{{.Created}}',
      '{{.State}}',
      '{{json .State}}',
      '{{.State.Status}} {{.State.Running}} {{.State.Pid}} {{.State.ExitCode}}',
      '{{printf "%T %T %T" .State.Pid .Created .Config.Labels}}',
      '{{.Config.Labels}}',
      '{{json .Config.Labels}}',
      '{{index .Config.Labels "com.example.x"}}',
      '{{index .Config.Labels "nope"}}|{{.Config.Labels.nope}}',
      '{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}',
      '{{.Config.Env}}',
      '{{range .Config.Env}}{{println .}}{{end}}',
      '{{join .Config.Env ","}}|{{join .Config.Entrypoint " "}}|{{join .Config.Cmd " "}}',
      '{{len .Config.Env}} {{len .Config.Labels}}',
      '{{json .Config}}',
      '{{.Config.ExposedPorts}}',
      '{{json .Config.ExposedPorts}}',
      '{{.Config.Volumes}} {{json .Config.Volumes}}',
      '{{.Config.Healthcheck}}',
      '{{json .Config.Healthcheck}}',
      '{{.Config.Healthcheck.Interval}} {{.Config.Healthcheck.Timeout}} {{.Config.Healthcheck.Retries}}',
      '{{.Config.StopSignal}} {{.Config.StopTimeout}} {{.Config.WorkingDir}} {{.Config.Hostname}}',
      '{{json .HostConfig}}',
      '{{.HostConfig.PortBindings}}',
      '{{json .HostConfig.PortBindings}}',
      '{{(index (index .HostConfig.PortBindings "80/tcp") 0).HostPort}}',
      '{{range $p, $b := .HostConfig.PortBindings}}{{$p}}->{{(index $b 0).HostIP}}:{{(index $b 0).HostPort}} {{end}}',
      '{{.HostConfig.RestartPolicy}} {{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}',
      '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.ShmSize}}',
      '{{.HostConfig.PidsLimit}} {{json .HostConfig.PidsLimit}}',
      '{{.HostConfig.CPURealtimeRuntime}}',
      '{{.HostConfig.Tmpfs}} {{.HostConfig.LogConfig}} {{.HostConfig.ConsoleSize}}',
      '{{.HostConfig.MemorySwappiness}} {{.SizeRw}} {{json .SizeRw}}',
      '{{json .GraphDriver.Name}} {{.Mounts}} {{json .Mounts}}',
      '{{json .NetworkSettings}}',
      '{{.NetworkSettings.Ports}} {{.NetworkSettings.IPAddress}}',
      '{{(index .NetworkSettings.Networks "bridge").IPAddress}}|{{(index .NetworkSettings.Networks "bridge").NetworkID}}',
      '{{.NetworkSettings.DefaultNetworkSettings}}',
      '{{.State.Health}} {{json .State.Health}}',
      '{{if .State.Running}}up{{else}}down{{end}} {{if .HostConfig.Binds}}binds{{end}} {{with .Config.Labels}}{{len .}}{{end}}',
      '{{json .}}',
    ])('inspect -f %j on a created container', (format) => inspect('-f', format, full))

    it.each([
      '{{.State.Status}} {{.State.Running}} {{.State.Pid}}',
      '{{.State.StartedAt}} {{.Path}} {{.Args}}',
      '{{.State.Health.Status}}',
      '{{json .}}',
    ])('inspect -f %j on a running container', (format) => inspect('-f', format, running))

    it.each(['{{.State.Health.Status}}', '{{json .State.Health.Status}} {{.State.Health.FailingStreak}}', '{{(index .State.Health.Log 0).ExitCode}}'])(
      'inspect -f %j on a healthy container',
      (format) => inspect('-f', format, healthy),
    )

    it.each([
      '{{json .}}',
      '{{.Config}}',
      '{{json .Config}}',
      '{{.Config.Cmd}} {{.Config.Env}}',
      '{{.RepoTags}} {{index .RepoTags 0}} {{.Os}}/{{.Architecture}} {{.Size}}',
      '{{.RootFS}} {{json .RootFS}}',
      '{{.Metadata.LastTagTime}} {{json .Metadata}}',
      '{{.Metadata.LastTagTime.IsZero}} {{.Metadata.LastTagTime.Unix}}',
      '{{.ContainerConfig.Cmd}}',
    ])('inspect -f %j on an image', (format) => inspect('-f', format, 'busybox'))

    it.each([
      '{{json .}}',
      '{{.Name}} {{.Driver}} {{.Scope}} {{.Internal}}',
      '{{.Created}}',
      '{{.Created.Year}} {{.Created.Month}} {{.Created.Day}} {{.Created.UnixNano}}',
      '{{.IPAM}} {{json .IPAM}}',
      '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}',
      '{{.Labels}} {{.Options}} {{.Containers}}',
    ])('inspect -f %j on a network', (format) => inspect('-f', format, network))

    it.each(['{{json .}}', '{{.}}', '{{.Name}} {{.Driver}} {{.Mountpoint}}', '{{.Labels}} {{.Options}} {{.Status}} {{.UsageData}}'])(
      'inspect -f %j on a volume',
      (format) => inspect('-f', format, volume),
    )

    it('one template over every kind of object', () => inspect('-f', '{{.Name}}', full, 'busybox', network, volume))
    it('a literal typed \\t stays as typed', () => inspect('-f', '{{.Name}}\\t{{.ID}}', full, running))
  })

  describe('the raw fallback', () => {
    it.each([
      '{{.Id}}',
      '{{.Id}} {{.Name}}',
      '{{.HostConfig.CpuShares}} {{.HostConfig.CPUShares}}',
      '{{.HostConfig.KernelMemory}}',
      '{{.HostConfig.CpuRealtimeRuntime}} {{json .HostConfig.CpuRealtimeRuntime}}',
      '{{.Id}}{{json .Config.Labels}}',
      '{{.Id}}{{json .HostConfig}}',
      '{{.Id}}{{.State}}',
      '{{.Id}}{{printf "%T" .State.Pid}}',
      '{{index .HostConfig.PortBindings "80/tcp"}}',
      '{{.Foo}}',
      '{{.Config.Foo}}',
      '{{.State.Health.Status}}',
    ])('inspect -f %j', (format) => inspect('-f', format, full))

    it('a fallback leaves missingkey=error on for the objects after it', () =>
      inspect('-f', '{{.Config.Labels.nope}}{{.State.Health.Status}}', healthy, running, healthy))
    it('the image has no .State: every object fails', () => inspect('-f', '{{.State.Health.Status}}', 'busybox', healthy))
    it('the network and the volume answer {{.Id}} and {{.Name}} from their raw answers', () => inspect('-f', '{{.Name}}', network, volume))
  })
})

describe.concurrent('whalectl container inspect matches docker container inspect', () => {
  it.each([
    [[full]],
    [[full, running]],
    [['-s', full]],
    [['--size', '-f', '{{.SizeRootFs}} {{.SizeRw}}', full]],
    [['nope']],
    [['-f', '{{.Name}}', 'nope', full]],
    [['busybox']],
    [['-f', 'json', full]],
    [['-f', '{{.Id}} {{.State.Status}}', full, running]],
    [['']],
  ])('container inspect %j', async (args) => {
    await expectParity(['container', 'inspect', ...args])
  })

  it('no argument', () => expectParity(['container', 'inspect'], {dockerStderr: renameProgram}))
  it('--type is not one of its flags', () => expectParity(['container', 'inspect', '--type', 'container', full], {dockerStderr: renameProgram}))
})

describe('whalectl inspect output, checked on its own', () => {
  it('keeps the engine\'s key order and exact 64-bit numbers', async () => {
    const r = await runWhalectl(['inspect', full])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('"PidsLimit": 9223372036854775807,')
    expect(r.stdout).toContain('"CpuRealtimeRuntime": 9007199254740993,')
    expect(r.stdout.indexOf('"10": "ten"')).toBeLessThan(r.stdout.indexOf('"2": "two"'))
    expect(r.stdout.startsWith('[\n    {\n        "Id": "')).toBe(true)
  })

  it('prints [] and the error for an unknown name', async () => {
    const r = await runWhalectl(['inspect', 'insptest-nope'])
    expect(r).toMatchObject({code: 1, stderr: 'Error: No such object: insptest-nope\n', stdout: '[]\n'})
  })
})
