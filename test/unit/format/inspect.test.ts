import {describe, expect, it} from 'vitest'

import {structType, goString, goInt, mapOf, sliceOf} from '../../../src/lib/format/go-decode.js'
import {inspectAll, InspectFormatError, type InspectTarget} from '../../../src/lib/format/inspect.js'
import {ContainerInspectType} from '../../../src/lib/format/inspect-types.js'

const Thing = structType('pkg.Thing', [
  ['ID', goString, {json: 'Id'}],
  ['Name', goString],
  ['N', goInt],
  ['Labels', mapOf(goString)],
  ['List', sliceOf(goString)],
])

const objects: Record<string, string> = {
  a: '{"Id":"1","Name":"a","N":5,"Labels":{"k":"v"},"Extra":9007199254740993}\n',
  b: '{"Id":"2","Name":"b","N":6,"Labels":{}}\n',
  c: '{"Id":"3","Name":"c","N":7,"Labels":{}}',
}

const lookup = async (ref: string): Promise<InspectTarget> => {
  const raw = objects[ref]
  if (raw === undefined) throw new Error(`Error: No such object: ${ref}`)
  return {raw: Buffer.from(raw), type: Thing}
}

const inspect = async (refs: string[], format: string): Promise<[string, string[]]> => {
  const r = await inspectAll(refs, format, lookup)
  return [r.stdout.toString(), r.errors]
}

describe('inspectAll without a template', () => {
  it('indents the raw answers as one array, numbers and order untouched', async () => {
    const [out, errors] = await inspect(['a', 'nope', 'b'], '')
    expect(out).toBe(
      '[\n    {\n        "Id": "1",\n        "Name": "a",\n        "N": 5,\n        "Labels": {\n            "k": "v"\n        },\n        "Extra": 9007199254740993\n    },\n    {\n        "Id": "2",\n        "Name": "b",\n        "N": 6,\n        "Labels": {}\n    }\n]\n',
    )
    expect(errors).toEqual(['Error: No such object: nope'])
  })

  it('prints [] when nothing was found', async () => {
    expect(await inspect(['x', 'y'], '')).toEqual(['[]\n', ['Error: No such object: x', 'Error: No such object: y']])
  })

  it('compacts with --format json', async () => {
    expect(await inspect(['b', 'a'], 'json')).toEqual(['[{"Id":"2","Name":"b","N":6,"Labels":{}},{"Id":"1","Name":"a","N":5,"Labels":{"k":"v"},"Extra":9007199254740993}]\n', []])
  })
})

describe('inspectAll with a template', () => {
  it('runs it against the typed object, one line per object', async () => {
    expect(await inspect(['a', 'b'], '{{.ID}} {{.Name}} {{.List}} {{json .Labels}}')).toEqual(['1 a [] {"k":"v"}\n2 b [] {}\n', []])
  })

  it('falls back to the raw answer with json.Number when the typed run fails', async () => {
    expect(await inspect(['a'], '{{.Id}} {{.Extra}} {{printf "%T" .N}}')).toEqual(['1 9007199254740993 json.Number\n', []])
  })

  it('reports a failing fallback as a template parsing error, and keeps missingkey=error afterwards', async () => {
    const [out, errors] = await inspect(['c', 'b', 'c'], '{{.Labels.k}}{{if eq .Name "b"}}{{.Nope}}{{end}}')
    expect(out).toBe('<no value>\n')
    const message = 'template parsing error: template: :1:9: executing "" at <.Labels.k>: map has no entry for key "k"'
    expect(errors).toEqual([message, message])
  })

  it('prints one empty line when no object printed anything', async () => {
    expect(await inspect(['nope'], '{{.Name}}')).toEqual(['\n', ['Error: No such object: nope']])
  })

  it('refuses a template that does not parse before any lookup, exit 64', async () => {
    let looked = false
    const promise = inspectAll(['a'], '{{.Name', async (ref) => {
      looked = true
      return lookup(ref)
    })
    await expect(promise).rejects.toThrow(new InspectFormatError('template parsing error: template: :1: unclosed action'))
    await expect(promise).rejects.toHaveProperty('exitCode', 64)
    expect(looked).toBe(false)
  })

  it('refuses a plain string key on a nat.Port map, so the raw answer answers', async () => {
    const raw = Buffer.from('{"NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}]}}}')
    const r = await inspectAll(['c'], '{{index .NetworkSettings.Ports "80/tcp"}}', async () => ({raw, type: ContainerInspectType}))
    expect(r.stdout.toString()).toBe('[map[HostIp:0.0.0.0 HostPort:8080]]\n')
  })

  it('records a decoding failure as that object\'s error', async () => {
    const r = await inspectAll(['c'], '', async () => ({raw: Buffer.from('{"N":"x"}'), type: Thing}))
    expect(r.errors).toEqual(['json: cannot unmarshal string into Go struct field Thing.N of type int'])
    expect(r.stdout.toString()).toBe('[]\n')
  })
})
