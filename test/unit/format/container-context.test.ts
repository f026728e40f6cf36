import {existsSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import type {ContainerSummary} from '../../../src/lib/engine/types.js'
import {
  containerContext,
  containerHeaders,
  goTimeString,
  loadGoLocalLocation,
  UTC_LOCATION,
  type GoLocation,
} from '../../../src/lib/format/container-context.js'
import {goTypeName, kindOf, marshalJSON, signatureOf, typeNameOf} from '../../../src/lib/format/go-values.js'
import {dockerTemplateFuncs, parseTemplate} from '../../../src/lib/format/template.js'

const CREATED = Date.UTC(2026, 10, 23, 17, 39, 18) / 1000
const ID = 'e4ec5f4aceb1' + '0'.repeat(52)

function marshal(row: {[marshalJSON]: () => string}): string {
  return row[marshalJSON]()
}

function summary(overrides: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    Id: ID,
    Names: ['/web'],
    Image: 'busybox',
    ImageID: `sha256:${'b'.repeat(64)}`,
    Command: 'sleep 600',
    Created: CREATED,
    Ports: [],
    Labels: {b: '2', a: '1'},
    State: 'running',
    Status: 'Up 2 seconds',
    HostConfig: {NetworkMode: 'bridge'},
    NetworkSettings: {Networks: {bridge: {}}},
    Mounts: [
      {Type: 'volume', Name: 'myvol', Source: '/var/lib/docker/volumes/myvol/_data', Destination: '/data', Driver: 'local'},
      {Type: 'bind', Source: '/tmp', Destination: '/tmp'},
    ],
    ...overrides,
  }
}

const truncated = {trunc: true, now: (CREATED + 3) * 1000, location: UTC_LOCATION}
const full = {...truncated, trunc: false}

describe('containerContext', () => {
  it('formats the default table fields', () => {
    const row = containerContext(summary({Ports: [{IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp'}]}), truncated)
    expect(row.ID()).toBe('e4ec5f4aceb1')
    expect(row.Image()).toBe('busybox')
    expect(row.Command()).toBe('"sleep 600"')
    expect(row.RunningFor()).toBe('3 seconds ago')
    expect(row.Status()).toBe('Up 2 seconds')
    expect(row.State()).toBe('running')
    expect(row.Ports()).toBe('0.0.0.0:8080->80/tcp')
    expect(row.Names()).toBe('web')
  })

  it('measures RUNNING FOR on the client clock', () => {
    expect(containerContext(summary(), {...truncated, now: (CREATED + 90) * 1000}).RunningFor()).toBe('About a minute ago')
    expect(containerContext(summary(), {...truncated, now: CREATED * 1000 - 5000}).RunningFor()).toBe('Less than a second ago')
  })

  it('keeps the full ID, image and command with --no-trunc', () => {
    const row = containerContext(summary({Image: `docker.io/library/busybox@sha256:${'c'.repeat(64)}`, Command: 'nginx -g \'daemon off;\''}), full)
    expect(row.ID()).toBe(ID)
    expect(row.Image()).toBe(`docker.io/library/busybox@sha256:${'c'.repeat(64)}`)
    expect(row.Command()).toBe(`"nginx -g 'daemon off;'"`)
  })

  it.each([
    ["nginx -g 'daemon off;'", `"nginx -g 'daemon of…"`],
    ["/bin/sh -c 'echo 日本語'", `"/bin/sh -c 'echo 日…"`],
    ['abcdefghijklmnopqrstuvwxyz', '"abcdefghijklmnopqrs…"'],
    ['abcdefghijklmnopqrst', '"abcdefghijklmnopqrst"'],
    ['printf "a\tb\n"', '"printf \\"a\\tb\\n\\""'],
    ['', '""'],
  ])('truncates then quotes the command %j', (command, shown) => {
    expect(containerContext(summary({Command: command}), truncated).Command()).toBe(shown)
  })

  it('hides link aliases unless --no-trunc', () => {
    for (const names of [['/web', '/linked/webalias'], ['/linked/webalias', '/web']]) {
      expect(containerContext(summary({Names: names}), truncated).Names()).toBe('web')
      expect(containerContext(summary({Names: names}), full).Names()).toBe(names.map((n) => n.slice(1)).join(','))
    }
    // docker 28 falls back to every name when all of them are aliases
    expect(containerContext(summary({Names: ['/a/x', '/b/y']}), truncated).Names()).toBe('a/x,b/y')
  })

  it.each<[number | undefined, number | undefined, string]>([
    [12_300, 188_000_000, '12.3kB (virtual 188MB)'],
    [0, 1_990_000, '0B (virtual 1.99MB)'],
    [undefined, undefined, '0B'],
    [2, 0, '2B'],
  ])('shows SizeRw %s and SizeRootFs %s as %s', (rw, rootFs, shown) => {
    expect(containerContext(summary({SizeRw: rw, SizeRootFs: rootFs}), truncated).Size()).toBe(shown)
  })

  it('sorts labels and looks single ones up', () => {
    const row = containerContext(summary({Labels: {'com.x': 'y', b: '2', a: '1', é: 'e', '\u{1f600}': 's', '\uff5e': 'w'}}), truncated)
    // Go sorts by UTF-8 bytes: U+FF5E comes before U+1F600, unlike UTF-16 order.
    expect(row.Labels()).toBe('a=1,b=2,com.x=y,é=e,\uff5e=w,\u{1f600}=s')
    expect(row.Label('com.x')).toBe('y')
    expect(row.Label('missing')).toBe('')
    expect(containerContext(summary({Labels: null}), truncated).Labels()).toBe('')
    expect(containerContext(summary({Labels: null}), truncated).Label('a')).toBe('')
  })

  it('lists mounts by volume name or source and counts local volumes', () => {
    const row = containerContext(summary(), truncated)
    expect(row.Mounts()).toBe('myvol,/tmp')
    expect(row.LocalVolumes()).toBe('1')
    const long = summary({Mounts: [{Source: '/very/long/host/path'}, {Name: '0123456789abcdef0123', Driver: 'local'}]})
    expect(containerContext(long, truncated).Mounts()).toBe('/very/long/hos…,0123456789abcd…')
    expect(containerContext(long, full).Mounts()).toBe('/very/long/host/path,0123456789abcdef0123')
    expect(containerContext(summary({Mounts: null}), truncated).Mounts()).toBe('')
    expect(containerContext(summary({Mounts: null}), truncated).LocalVolumes()).toBe('0')
  })

  it('lists networks and has no platform for older daemons', () => {
    expect(containerContext(summary({NetworkSettings: {Networks: {bridge: {}, backend: {}}}}), truncated).Networks()).toBe('bridge,backend')
    expect(containerContext(summary({NetworkSettings: null}), truncated).Networks()).toBe('')
    expect(containerContext(summary(), truncated).Platform()).toBeNull()
  })

  it('shows CREATED AT like Go time.Time.String in UTC', () => {
    expect(containerContext(summary(), truncated).CreatedAt()).toBe('2026-11-23 17:39:18 +0000 UTC')
    expect(goTimeString(0, UTC_LOCATION)).toBe('1970-01-01 00:00:00 +0000 UTC')
  })

  it('writes docker’s --format json line', () => {
    const row = containerContext(summary(), truncated)
    expect(marshal(row)).toBe(
      '{"Command":"\\"sleep 600\\"","CreatedAt":"2026-11-23 17:39:18 +0000 UTC","ID":"e4ec5f4aceb1","Image":"busybox","Labels":"a=1,b=2","LocalVolumes":"1","Mounts":"myvol,/tmp","Names":"web","Networks":"bridge","Platform":null,"Ports":"","RunningFor":"3 seconds ago","Size":"0B","State":"running","Status":"Up 2 seconds"}',
    )
  })

  it('HTML-escapes JSON values and parses back to the displayed strings', () => {
    const row = containerContext(summary({Labels: {x: '<a&b>'}, Command: 'echo "<hi>" && true; exit'}), truncated)
    const json = marshal(row)
    expect(json).toContain('"Labels":"x=\\u003ca\\u0026b\\u003e"')
    expect(json).toContain('"Command":"\\"echo \\\\\\"\\u003chi\\u003e\\\\\\" \\u0026\\u0026 true…\\""')
    const parsed = JSON.parse(json) as Record<string, unknown>
    expect(parsed['Labels']).toBe(row.Labels())
    expect(parsed['Command']).toBe(row.Command())
  })

  it('reports each field the template reads, and JSON reads them all', () => {
    const seen: string[] = []
    const row = containerContext(summary(), {...truncated, onField: (name) => seen.push(name)})
    row.ID()
    row.Label('a')
    expect(seen).toEqual(['ID', 'Label'])
    seen.length = 0
    marshal(row)
    expect(seen).toContain('Size')
    expect(new Set(seen)).toEqual(
      new Set(['Command', 'CreatedAt', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Names', 'Networks', 'Platform', 'Ports', 'RunningFor', 'Size', 'State', 'Status']),
    )
  })

  it('is a Go struct pointer with Go method signatures for the template engine', () => {
    const row = containerContext(summary(), truncated)
    expect(row[goTypeName]).toBe('formatter.ContainerContext')
    expect(kindOf(row)).toBe('ptr')
    expect(typeNameOf(row)).toBe('*formatter.ContainerContext')
    expect(signatureOf(row.ID)).toEqual({params: [], variadic: false})
    expect(signatureOf(row.Label)).toEqual({params: ['string'], variadic: false})
    // Methods work detached, the way a template engine may call them.
    const {ID: id} = row
    expect(id()).toBe('e4ec5f4aceb1')
  })

  it('renders an image platform when the daemon reports one', () => {
    const c = {...summary(), ImageManifestDescriptor: {platform: {architecture: 'arm64', os: 'linux', variant: 'v8'}}}
    const row = containerContext(c, truncated)
    const platform = row.Platform()
    expect(String(platform)).toBe('linux/arm64/v8')
    expect(marshal(row)).toContain('"Platform":{"architecture":"arm64","os":"linux","variant":"v8"}')
    const windows = {...summary(), ImageManifestDescriptor: {platform: {architecture: 'amd64', os: 'windows', 'os.version': '10.0.1'}}}
    expect(String(containerContext(windows, truncated).Platform())).toBe('windows(10.0.1)/amd64')
  })

  it('has docker’s header names', () => {
    expect(containerHeaders['ID']).toBe('CONTAINER ID')
    expect(containerHeaders['RunningFor']).toBe('CREATED')
    expect(containerHeaders['LocalVolumes']).toBe('LOCAL VOLUMES')
    expect(Object.keys(containerHeaders)).toHaveLength(15)
  })
})

// `{{.}}` and `{{printf "%v" .}}` print formatter.ContainerContext with fmt, as docker does
// (issue 15 item 10): its embedded HeaderContext, the unexported trunc and c (the API's
// container.Summary, decoded into Go's struct), and FieldsUsed. Pointers below the top level
// print as addresses; Go's differ from run to run, so they are masked here.
describe('the context as fmt prints it', () => {
  const render = (source: string, row: unknown): string => parseTemplate(source, dockerTemplateFuncs()).execute(row).replace(/0xc[0-9a-f]{9}/g, '0xADDR')
  const row = () => containerContext(summary(), {now: CREATED * 1000, trunc: true})
  const mounts = '[{volume myvol /var/lib/docker/volumes/myvol/_data /data local  false } {bind  /tmp /tmp   false }]'
  const c = `{${ID} [/web] busybox sha256:${'b'.repeat(64)} <nil> sleep 600 ${CREATED} [] 0 0 map[a:1 b:2] running Up 2 seconds {bridge map[]} 0xADDR ${mounts}}`

  it('{{.}} is the struct, {{printf "%v" .}} the pointer to it', () => {
    expect(render('{{.}}', row())).toBe(`{{<nil>} true ${c} map[]}`)
    expect(render('{{printf "%v" .}}', row())).toBe(`&{{<nil>} true ${c} map[]}`)
  })

  it('%+v names the fields, %#v the types, %s flags what is not a string', () => {
    expect(render('{{printf "%+v" .HeaderContext}} {{printf "%+v" .FieldsUsed}}', row())).toBe('{Header:<nil>} map[]')
    const sharp = render('{{printf "%#v" .}}', row())
    expect(sharp.startsWith('&formatter.ContainerContext{HeaderContext:formatter.HeaderContext{Header:interface {}(nil)}, trunc:true, c:container.Summary{ID:"')).toBe(true)
    expect(sharp).toContain('ImageManifestDescriptor:(*v1.Descriptor)(nil), Command:"sleep 600", Created:' + CREATED + ', Ports:[]container.Port{}, SizeRw:0')
    expect(sharp).toContain('HostConfig:struct { NetworkMode string "json:\\",omitempty\\""; Annotations map[string]string "json:\\",omitempty\\"" }{NetworkMode:"bridge", Annotations:map[string]string(nil)}')
    expect(sharp).toContain('NetworkSettings:(*container.NetworkSettingsSummary)(0xADDR), Mounts:[]container.MountPoint{container.MountPoint{Type:"volume"')
    expect(sharp.endsWith('}}, FieldsUsed:map[string]interface {}(nil)}')).toBe(true)
    const s = render('{{printf "%s" .}}', row())
    expect(s).toContain('%!s(bool=true)')
    expect(s).toContain('%!s(*v1.Descriptor=<nil>)')
    expect(s).toContain(`%!s(int64=${CREATED})`)
    expect(s).toContain('%!s(*container.NetworkSettingsSummary=&{map[bridge:0xADDR]})')
  })

  it('Size records itself in FieldsUsed, as docker\'s preprocessing step relies on', () => {
    expect(render('{{.FieldsUsed}}|{{json .FieldsUsed}}', row())).toBe('map[]|null')
    expect(render('{{.Size}} {{.FieldsUsed}} {{json .FieldsUsed}}', row())).toBe('0B map[Size:{}] {"Size":{}}')
  })

  it('keeps the unexported fields from templates', () => {
    expect(() => render('{{.trunc}}', row())).toThrow('trunc is an unexported field of struct type *formatter.ContainerContext')
    expect(() => render('{{.c.ID}}', row())).toThrow('c is an unexported field of struct type *formatter.ContainerContext')
  })

  it('shows the same address for the same pointer', () => {
    const r = row()
    const text = parseTemplate('{{printf "%v" .}}|{{printf "%v" .}}').execute(r)
    const [a, b] = text.split('|')
    expect(a).toBe(b)
    expect(a).toMatch(/ 0xc[0-9a-f]{9} /)
  })

  it('decodes what the API leaves out or sends as null to Go\'s zero values', () => {
    const bare = containerContext(summary({Labels: null, Mounts: null, NetworkSettings: null}), {now: CREATED * 1000, trunc: true})
    expect(render('{{printf "%#v" .}}', bare)).toContain('Labels:map[string]string(nil)')
    expect(render('{{printf "%#v" .}}', bare)).toContain('NetworkSettings:(*container.NetworkSettingsSummary)(nil), Mounts:[]container.MountPoint(nil)')
    expect(render('{{.}}', bare)).toContain(' map[] running Up 2 seconds {bridge map[]} <nil> []} map[]}')
  })
})

describe('Go local time zone', () => {
  it('falls back to UTC as Go does', () => {
    expect(loadGoLocalLocation('')).toBe(UTC_LOCATION)
    expect(loadGoLocalLocation('UTC')).toBe(UTC_LOCATION)
    expect(loadGoLocalLocation(':UTC')).toBe(UTC_LOCATION)
    expect(loadGoLocalLocation('No/Such_Zone')).toBe(UTC_LOCATION)
  })

  it('uses the footer rule past the last transition', () => {
    const dubai: GoLocation = {types: [{offset: 13272, isDst: false, abbreviation: 'LMT'}, {offset: 14400, isDst: false, abbreviation: '+04'}], transitions: [-1577936472], transitionTypes: [1], extend: '<+04>-4'}
    expect(goTimeString(CREATED, dubai)).toBe('2026-11-23 21:39:18 +0400 +04')
    expect(goTimeString(-1577936473, dubai)).toBe('1919-12-31 23:59:59 +0341 LMT')
  })

  const zoneinfo = existsSync('/usr/share/zoneinfo/America/New_York')
  it.skipIf(!zoneinfo).each([
    ['America/New_York', CREATED, '2026-11-23 12:39:18 -0500 EST'],
    ['America/New_York', Date.UTC(2026, 6, 1, 12, 0, 0) / 1000, '2026-07-01 08:00:00 -0400 EDT'],
    ['Europe/Berlin', CREATED, '2026-11-23 18:39:18 +0100 CET'],
    ['Europe/Berlin', Date.UTC(2026, 6, 1, 12, 0, 0) / 1000, '2026-07-01 14:00:00 +0200 CEST'],
    ['Asia/Kolkata', CREATED, '2026-11-23 23:09:18 +0530 IST'],
    ['Asia/Dubai', CREATED, '2026-11-23 21:39:18 +0400 +04'],
    ['/usr/share/zoneinfo/Asia/Tokyo', CREATED, '2026-11-24 02:39:18 +0900 JST'],
    ['Etc/UTC', CREATED, '2026-11-23 17:39:18 +0000 UTC'],
  ])('reads %s from the zoneinfo files', (tz, seconds, shown) => {
    expect(goTimeString(seconds, loadGoLocalLocation(tz))).toBe(shown)
  })
})
