import {describe, expect, it} from 'vitest'

import {volumePrunePlan, volumePruneReport} from '../../src/commands/volume-prune.js'
import {renderList} from '../../src/lib/cli/list-output.js'
import {VOLUME_FORMAT_CONTEXT, volumeFormat, volumeRow} from '../../src/lib/format/volume-context.js'

const VOL = {Driver: 'local', Labels: {a: '1'}, Mountpoint: '/var/lib/docker/volumes/v1/_data', Name: 'v1', Scope: 'local'}

describe('volume ls rows', () => {
  it('prints the default table, names with -q, and the raw layout', () => {
    expect(renderList(volumeFormat('table', false), VOLUME_FORMAT_CONTEXT, [volumeRow(VOL)])).toBe('DRIVER    VOLUME NAME\nlocal     v1\n')
    expect(renderList(volumeFormat('table', true), VOLUME_FORMAT_CONTEXT, [volumeRow(VOL)])).toBe('v1\n')
    expect(renderList(volumeFormat('raw', false), VOLUME_FORMAT_CONTEXT, [volumeRow(VOL)])).toBe('name: v1\ndriver: local\n\n')
  })

  it('shows N/A without usage data or a cluster volume, and the usage when the engine sends it', () => {
    expect(renderList('json', VOLUME_FORMAT_CONTEXT, [volumeRow(VOL)])).toBe(
      '{"Availability":"N/A","Driver":"local","Group":"N/A","Labels":"a=1","Links":"N/A","Mountpoint":"/var/lib/docker/volumes/v1/_data","Name":"v1","Scope":"local","Size":"N/A","Status":"N/A"}\n',
    )
    const used = volumeRow({...VOL, UsageData: {RefCount: 2, Size: 2048}})
    expect([used.Links(), used.Size()]).toEqual(['2', '2.048kB'])
    const cluster = volumeRow({...VOL, ClusterVolume: {Info: {VolumeID: 'x'}, PublishStatus: [{}, {}], Spec: {Availability: 'active', Group: 'g'}}})
    expect([cluster.Group(), cluster.Availability(), cluster.Status()]).toEqual(['g', 'active', 'in use (2 nodes)'])
  })
})

describe('volume prune', () => {
  it('warns about all volumes before API 1.42 and sends all=true only with -a from 1.42', () => {
    expect(volumePrunePlan({}, false, '1.41').warning).toContain('remove all local volumes')
    expect(volumePrunePlan({}, false, '1.42')).toEqual({filters: {}, warning: expect.stringContaining('remove anonymous local volumes')})
    expect(volumePrunePlan({label: ['a']}, true, '1.43')).toEqual({filters: {all: ['true'], label: ['a']}, warning: expect.stringContaining('remove all')})
    expect(() => volumePrunePlan({all: ['1']}, true, '1.43')).toThrow('conflicting options: cannot specify both --all and --filter all=1')
  })

  it('reports the volumes removed and the space reclaimed', () => {
    expect(volumePruneReport(['a'], 1500)).toBe('Deleted Volumes:\na\n\nTotal reclaimed space: 1.5kB\n')
    expect(volumePruneReport(null, 0)).toBe('Total reclaimed space: 0B\n')
  })
})
