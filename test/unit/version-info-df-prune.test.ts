// Unit tests of the pure parts of version, info, system df and system prune: date reformatting,
// context naming, security options, the prune prompt and the df arithmetic.
import {describe, expect, it} from 'vitest'

import {needsServerInfo, hubUserName} from '../../src/commands/info.js'
import {systemPruneWarning} from '../../src/commands/system-prune.js'
import {dfSummaryRows, goTimeText} from '../../src/lib/format/df-context.js'
import {decodeSecurityOptions, serverInfoText} from '../../src/lib/format/info-render.js'
import {resolveContextName} from '../../src/lib/context/context-name.js'
import {goPlatform, reformatDate} from '../../src/lib/format/version-client.js'
import {newVersionTemplate, renderVersion} from '../../src/lib/format/version-render.js'

describe('version', () => {
  it('reformats RFC 3339 build times as ANSIC at their own offset, and leaves others alone', () => {
    expect(reformatDate('2026-05-07T21:09:36.000000000+00:00')).toBe('Thu May  7 21:09:36 2026')
    expect(reformatDate('2025-05-30T12:07:14Z')).toBe('Fri May 30 12:07:14 2025')
    expect(reformatDate('2025-02-30T12:07:14Z')).toBe('2025-02-30T12:07:14Z')
    expect(reformatDate('unknown-buildtime')).toBe('unknown-buildtime')
  })

  it('names the platform as Go does', () => {
    expect(goPlatform('linux', 'x64')).toEqual({arch: 'amd64', os: 'linux'})
    expect(goPlatform('win32', 'ia32')).toEqual({arch: '386', os: 'windows'})
  })

  it('picks the context as docker does', () => {
    const config = (): string => 'fromconfig'
    expect(resolveContextName({context: 'flag'}, {}, config)).toBe('flag')
    expect(resolveContextName({}, {DOCKER_HOST: 'unix:///x'}, config)).toBe('default')
    expect(resolveContextName({}, {DOCKER_CONTEXT: 'env'}, config)).toBe('env')
    expect(resolveContextName({}, {}, config)).toBe('fromconfig')
    expect(resolveContextName({}, {}, () => undefined)).toBe('default')
  })

  it('adds an Engine component from the top-level fields when the engine sends none', () => {
    const client = {Arch: 'amd64', BuildTime: 'b', Context: 'default', DefaultAPIVersion: '1.50', GitCommit: 'c', GoVersion: 'v20', Os: 'linux', Version: '0.1.0', ApiVersion: '1.41'}
    const server = {ApiVersion: '1.41', Arch: 'amd64', BuildTime: '2020-01-02T03:04:05Z', GitCommit: 'abc', GoVersion: 'go1', MinAPIVersion: '1.12', Os: 'linux', Version: '20.10'}
    const {text} = renderVersion(newVersionTemplate('{{range .Server.Components}}{{.Name}} {{index .Details "BuildTime"}}{{end}}'), client, server)
    expect(text).toBe('Engine Thu Jan  2 03:04:05 2020\n')
  })
})

describe('info', () => {
  it('decodes security options like docker', () => {
    expect(decodeSecurityOptions(['name=seccomp,profile=default', 'apparmor'])).toEqual([
      {name: 'seccomp', options: [['profile', 'default']]},
      {name: 'apparmor', options: []},
    ])
    expect(() => decodeSecurityOptions(['name=x,bad'])).toThrow('invalid security option "bad"')
  })

  it('reports a bad security option as an error, not a crash', () => {
    const printed = serverInfoText({OSType: 'linux', SecurityOptions: ['name=a,=b']}, {clientDebug: false, userName: ''})
    expect(printed.errors).toEqual(['invalid empty security option'])
  })

  it('prints the engine warnings on stderr', () => {
    expect(serverInfoText({Warnings: ['WARNING: one', 'WARNING: two']}, {clientDebug: false, userName: ''}).err).toBe('WARNING: one\nWARNING: two\n')
  })

  it('needs the engine unless the template reads client fields only', () => {
    const client = {Context: 'default', Debug: false, Plugins: [], Version: '0.1.0'}
    expect(needsServerInfo('', client)).toBe(true)
    expect(needsServerInfo('json', client)).toBe(true)
    expect(needsServerInfo('{{.ClientInfo.Version}}', client)).toBe(false)
    expect(needsServerInfo('{{.ServerVersion}}', client)).toBe(true)
  })

  it('shows the Docker Hub user name only, never the password', () => {
    const auth = Buffer.from('whale:s3cr:et').toString('base64')
    expect(hubUserName({auths: {'https://index.docker.io/v1/': {auth}}})).toBe('whale')
    expect(hubUserName({auths: {'127.0.0.1:5000': {auth}}})).toBe('')
  })
})

describe('system df', () => {
  it('computes reclaimable space and whole percentages as docker does', () => {
    const rows = dfSummaryRows({
      Containers: [{Id: 'a', SizeRw: 300, State: 'running'} as never, {Id: 'b', SizeRw: 100, State: 'exited'} as never],
      Images: [{Containers: 1, SharedSize: 0, Size: 1000} as never, {Containers: 0, SharedSize: 0, Size: 2000} as never],
      LayersSize: 3000,
      Volumes: [{Name: 'v', UsageData: {RefCount: 0, Size: 10}} as never, {Name: 'w', UsageData: {RefCount: 1, Size: -1}} as never],
    })
    expect(rows.map((r) => [r.Type(), r.TotalCount(), r.Active(), r.Size(), r.Reclaimable()])).toEqual([
      ['Images', '2', '1', '3kB', '2kB (66%)'],
      ['Containers', '2', '1', '400B', '100B (25%)'],
      ['Local Volumes', '2', '1', '10B', '10B (100%)'],
      ['Build Cache', '0', '0', '0B', '0B'],
    ])
  })

  it('prints times as Go prints a time.Time', () => {
    expect(goTimeText('2024-01-02T03:04:05.500Z')).toBe('2024-01-02 03:04:05.5 +0000 UTC')
  })
})

describe('system prune', () => {
  it('lists what goes and the filters that narrow it', () => {
    const opts = {all: true, filters: {}, force: false, volumes: true}
    expect(systemPruneWarning(opts, {label: ['b=2', 'a=1'], until: ['1h']}, true)).toBe(
      'WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n  - all anonymous volumes not used by at least one container\n  - all images without at least one container associated to them\n  - all build cache\n\n  Items to be pruned will be filtered with:\n  - label=a=1\n  - label=b=2\n  - until=1h\n\nAre you sure you want to continue?',
    )
    expect(systemPruneWarning({...opts, all: false, volumes: false}, {}, true)).toBe(
      'WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n  - all dangling images\n  - unused build cache\n\nAre you sure you want to continue?',
    )
  })
})
