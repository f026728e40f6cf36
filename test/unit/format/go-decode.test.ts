import {describe, expect, it} from 'vitest'

import {
  decodeGeneric,
  embed,
  GoDecodeError,
  goDecode,
  goDuration,
  goInt,
  goInt64,
  goString,
  goTime,
  goUint16,
  mapOf,
  OMIT,
  orderedStruct,
  ptrTo,
  sliceOf,
  structType,
} from '../../../src/lib/format/go-decode.js'
import {ContainerInspectType, NetworkInspectType} from '../../../src/lib/format/inspect-types.js'
import {parseJSONLiteral} from '../../../src/lib/format/json-raw.js'
import {dockerTemplateFuncs, goJSON, goPrint, parseTemplate} from '../../../src/lib/format/template.js'

const decode = (json: string, type: Parameters<typeof goDecode>[1]): unknown => goDecode(parseJSONLiteral(json), type)
const run = (source: string, data: unknown): string => parseTemplate(source, dockerTemplateFuncs()).execute(data)
const json = (v: unknown): string => goJSON(v, {escapeHTML: false})

const Inner = structType('pkg.Inner', [
  ['A', goString],
  ['B', goInt, OMIT],
])
const Outer = structType('pkg.Outer', [
  ['ID', goString, {json: 'Id'}],
  ['Count', goInt64],
  ['Tags', sliceOf(goString)],
  ['Labels', mapOf(goString)],
  ['Inner', ptrTo(Inner), OMIT],
  ['Wait', goDuration],
  ['Small', goUint16],
])

describe('goDecode: json.Unmarshal into Go types', () => {
  it('fills fields the JSON does not have with zero values, in declaration order', () => {
    const v = decode('{"Small":3,"Id":"x"}', Outer)
    expect(goPrint(v)).toBe('{x 0 [] map[] <nil> 0s 3}')
    expect(json(v)).toBe('{"Id":"x","Count":0,"Tags":null,"Labels":null,"Wait":0,"Small":3}')
  })

  it('tells nil slices and maps from empty ones only in JSON', () => {
    const v = decode('{"Tags":[],"Labels":{}}', Outer)
    expect(run('{{.Tags}} {{.Labels}} {{len .Tags}} {{if .Tags}}y{{else}}n{{end}}', v)).toBe('[] map[] 0 n')
    expect(run('{{json .Tags}} {{json .Labels}}', v)).toBe('[] {}')
    expect(run('{{json .Tags}} {{json .Labels}}', decode('{"Tags":null}', Outer))).toBe('null null')
  })

  it('matches member names case-insensitively after an exact match, ignores unknown ones', () => {
    const v = decode('{"id":"lower","COUNT":7,"Nope":1}', Outer)
    expect(run('{{.ID}} {{.Count}}', v)).toBe('lower 7')
  })

  it('keeps 64-bit integers exact', () => {
    const v = decode('{"Count":9223372036854775807}', Outer)
    expect(run('{{.Count}}', v)).toBe('9223372036854775807')
    expect(run('{{json .Count}}', v)).toBe('9223372036854775807')
  })

  it('omits omitempty fields from JSON but keeps them for templates', () => {
    const v = decode('{"Inner":{"A":"a"}}', Outer)
    expect(run('{{json .Inner}} {{.Inner.B}}', v)).toBe('{"A":"a"} 0')
  })

  it('prints durations as Go does and encodes them as nanoseconds', () => {
    const v = decode('{"Wait":90000000000}', Outer)
    expect(run('{{.Wait}} {{json .Wait}}', v)).toBe('1m30s 90000000000')
  })

  it('sorts map keys when printing and encoding', () => {
    const v = decode('{"Labels":{"b":"2","10":"x","a":"1"}}', Outer)
    expect(run('{{.Labels}}', v)).toBe('map[10:x a:1 b:2]')
    expect(run('{{json .Labels}}', v)).toBe('{"10":"x","a":"1","b":"2"}')
  })

  it('promotes embedded struct fields in templates and flattens them in JSON', () => {
    const Base = structType('pkg.Base', [['Name', goString]])
    const WithBase = structType('pkg.WithBase', [embed(ptrTo(Base)), embed(Inner), ['Extra', goString]])
    const v = decode('{"Name":"n","A":"a","Extra":"e"}', WithBase)
    expect(run('{{.Name}} {{.A}} {{.Inner.A}} {{.Extra}}', v)).toBe('n a a e')
    expect(json(v)).toBe('{"Name":"n","A":"a","Extra":"e"}')
    expect(run('{{.Inner}}', v)).toBe('{a 0}')
  })

  it('reports a value of the wrong JSON type with Go\'s message', () => {
    expect(() => decode('{"Count":"7"}', Outer)).toThrow(new GoDecodeError('json: cannot unmarshal string into Go struct field Outer.Count of type int64'))
    expect(() => decode('{"Small":70000}', Outer)).toThrow('json: cannot unmarshal number 70000 into Go struct field Outer.Small of type uint16')
    expect(() => decode('{"Count":1.5}', Outer)).toThrow('json: cannot unmarshal number 1.5 into Go struct field Outer.Count of type int64')
    expect(() => decode('[]', Outer)).toThrow('json: cannot unmarshal array into Go value of type pkg.Outer')
  })

  it('reads times as time.Time', () => {
    const T = structType('pkg.T', [['At', goTime], ['Zero', goTime]])
    const v = decode('{"At":"2024-03-05T06:07:08.120000000Z"}', T)
    expect(run('{{.At}}|{{json .At}}|{{.Zero}}|{{json .Zero}}', v)).toBe(
      '2024-03-05 06:07:08.12 +0000 UTC|"2024-03-05T06:07:08.12Z"|0001-01-01 00:00:00 +0000 UTC|"0001-01-01T00:00:00Z"',
    )
    expect(run('{{.At.Year}} {{.At.Month}} {{.At.Day}} {{.At.Unix}} {{.At.UnixNano}} {{.Zero.IsZero}}', v)).toBe('2024 March 5 1709618828 1709618828120000000 true')
    expect(run('{{.At}} {{.At.Unix}}', decode('{"At":"2024-03-05T06:07:08+01:30"}', T))).toBe('2024-03-05 06:07:08 +0130 +0130 1709613428')
  })

  it('reads the unknown as structs in the order sent', () => {
    const v = decode('{"B":1,"A":{"Y":2.5,"X":"s"}}', orderedStruct('swarm.Service'))
    expect(run('{{.B}} {{.A.Y}} {{json .}}', v)).toBe('1 2.5 {"B":1,"A":{"Y":2.5,"X":"s"}}')
  })
})

describe('decodeGeneric (interface{}, UseNumber)', () => {
  it('gives maps with sorted keys and json.Number literals', () => {
    const v = decodeGeneric(parseJSONLiteral('{"b":1.50,"a":[1,"x"],"n":12345678901234567890}'), true)
    expect(run('{{.b}} {{.a}} {{.n}} {{json .}} {{printf "%T" .b}}', v)).toBe('1.50 [1 x] 12345678901234567890 {"a":[1,"x"],"b":1.50,"n":12345678901234567890} json.Number')
  })
})

describe('docker API types', () => {
  it('decode a container with Go field names and the types\' field order', () => {
    const raw = '{"Id":"abc","State":{"Pid":7,"Status":"running"},"NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}]},"Bridge":"","Networks":{}},"HostConfig":{"CpuShares":2}}'
    const v = decode(raw, ContainerInspectType)
    expect(run('{{.ID}} {{.State.Pid}} {{.State.Status}} {{.HostConfig.CPUShares}} {{.NetworkSettings.Ports}}', v)).toBe('abc 7 running 2 map[80/tcp:[{0.0.0.0 8080}]]')
    expect(run('{{json .NetworkSettings}}', v)).toBe(
      '{"Bridge":"","SandboxID":"","SandboxKey":"","Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}]},"HairpinMode":false,"LinkLocalIPv6Address":"","LinkLocalIPv6PrefixLen":0,"SecondaryIPAddresses":null,"SecondaryIPv6Addresses":null,"EndpointID":"","Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","MacAddress":"","Networks":{}}',
    )
    expect(() => run('{{.Id}}', v)).toThrow("can't evaluate field Id in type container.InspectResponse")
  })

  it('decode a network with its time.Time', () => {
    const v = decode('{"Name":"n","Id":"x","Created":"2026-12-03T10:28:39.192287496Z"}', NetworkInspectType)
    expect(run('{{.Created}}', v)).toBe('2026-12-03 10:28:39.192287496 +0000 UTC')
  })
})
