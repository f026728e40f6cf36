// The `docker events` line and template row. Expected texts follow what docker 28.2.2 printed
// for the same engine messages (DOCKER-CLI-BEHAVIOUR.md §7.3 and side-by-side runs).
import {describe, expect, it} from 'vitest'

import {
  EMPTY_EVENT,
  eventJSON,
  eventTemplateRow,
  eventTemplateSource,
  formatEventLine,
  formatEventTime,
  parseEventMessage,
  topLevelNumberText,
} from '../../../src/lib/format/event-context.js'
import {dockerTemplateFuncs, parseTemplate} from '../../../src/lib/format/template.js'

const ID = '62975f96beb7361de00f4a0ebccd6476b01cb721f4933243efd9eb3eb4ba0a6d'
const DIE =
  `{"status":"die","id":"${ID}","from":"busybox","Type":"container","Action":"die",` +
  `"Actor":{"ID":"${ID}","Attributes":{"name":"ev1","image":"busybox","x":"<a&b>","exitCode":"0"}},` +
  `"scope":"local","time":1795975987,"timeNano":1795975987807769137}\n`
const NETWORK =
  '{"Type":"network","Action":"connect","Actor":{"ID":"abc","Attributes":{"container":"c1","name":"bridge","type":"bridge"}},' +
  '"scope":"local","time":1795975987,"timeNano":1795975987000000001}'

const utc = (): number => 0

function render(format: string, json: string): string {
  const template = parseTemplate(eventTemplateSource(format) ?? '', dockerTemplateFuncs())
  return template.execute(eventTemplateRow(parseEventMessage(json)))
}

describe('parseEventMessage', () => {
  it('keeps every nanosecond of timeNano', () => {
    const msg = parseEventMessage(DIE)
    expect(msg.timeNano).toBe(1795975987807769137n)
    expect(msg.time).toBe(1795975987n)
    expect(msg.Actor.Attributes).toEqual({exitCode: '0', image: 'busybox', name: 'ev1', x: '<a&b>'})
  })

  it('tells a missing attribute map from an empty one', () => {
    expect(parseEventMessage('{"Type":"daemon","Actor":{"ID":"x"}}').Actor.Attributes).toBeNull()
    expect(parseEventMessage('{"Type":"daemon","Actor":{"ID":"x","Attributes":{}}}').Actor.Attributes).toEqual({})
  })

  it('finds top-level numbers only', () => {
    const text = '{"Actor":{"Attributes":{"timeNano":"5"},"timeNano":7},"x":"\\"timeNano\\":9","timeNano": 123456789012345678901}'
    expect(topLevelNumberText(text, 'timeNano')).toBe('123456789012345678901')
    expect(topLevelNumberText('{"time":1}', 'timeNano')).toBeUndefined()
  })
})

describe('formatEventLine', () => {
  it('prints docker default line with sorted attributes', () => {
    expect(formatEventLine(parseEventMessage(DIE), utc)).toBe(
      `2026-11-29T18:13:07.807769137Z container die ${ID} (exitCode=0, image=busybox, name=ev1, x=<a&b>)\n`,
    )
  })

  it('leaves out the parentheses without attributes', () => {
    const msg = parseEventMessage('{"Type":"image","Action":"pull","Actor":{"ID":"busybox:latest"},"time":1795975987,"timeNano":1795975987000000000}')
    expect(formatEventLine(msg, utc)).toBe('2026-11-29T18:13:07.000000000Z image pull busybox:latest\n')
  })

  it('falls back to time, then to no time at all', () => {
    expect(formatEventLine(parseEventMessage('{"Type":"t","Action":"a","Actor":{"ID":"i"},"time":1}'), utc)).toBe('1970-01-01T00:00:01.000000000Z t a i\n')
    expect(formatEventLine(EMPTY_EVENT, utc)).toBe('  \n')
  })

  it('shows the local zone as an offset', () => {
    expect(formatEventTime(1795975987n, 5, () => -5 * 3600)).toBe('2026-11-29T13:13:07.000000005-05:00')
    expect(formatEventTime(1795975987n, 0, () => 5.5 * 3600)).toBe('2026-11-29T23:43:07.000000000+05:30')
  })
})

describe('eventJSON / {{json .}}', () => {
  it('follows events.Message field order without HTML escaping', () => {
    expect(eventJSON(parseEventMessage(DIE))).toBe(
      `{"status":"die","id":"${ID}","from":"busybox","Type":"container","Action":"die",` +
        `"Actor":{"ID":"${ID}","Attributes":{"exitCode":"0","image":"busybox","name":"ev1","x":"<a&b>"}},` +
        `"scope":"local","time":1795975987,"timeNano":1795975987807769137}`,
    )
    expect(render('json', DIE)).toBe(eventJSON(parseEventMessage(DIE)))
  })

  it('omits the empty deprecated fields and writes a nil map as null', () => {
    expect(render('{{json .}}', NETWORK)).toBe(
      '{"Type":"network","Action":"connect","Actor":{"ID":"abc","Attributes":{"container":"c1","name":"bridge","type":"bridge"}},"scope":"local","time":1795975987,"timeNano":1795975987000000001}',
    )
    expect(render('{{json .}}', '{"Type":"x","Actor":{"ID":""}}')).toBe('{"Type":"x","Action":"","Actor":{"ID":"","Attributes":null}}')
    expect(render('{{json .Actor}}', '{"Actor":{"ID":"a","Attributes":{}}}')).toBe('{"ID":"a","Attributes":{}}')
  })
})

describe('eventTemplateRow', () => {
  it('exposes the Go field names', () => {
    expect(render('{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.Status}} {{.ID}} {{.From}} {{.Time}} {{.TimeNano}} {{.Scope}}', DIE)).toBe(
      `container die ev1 die ${ID} busybox 1795975987 1795975987807769137 local`,
    )
  })

  it('prints structs and maps as Go does', () => {
    expect(render('{{.Actor}}', DIE)).toBe(`{${ID} map[exitCode:0 image:busybox name:ev1 x:<a&b>]}`)
    expect(render('{{.}}', DIE)).toBe(
      `{die ${ID} busybox container die {${ID} map[exitCode:0 image:busybox name:ev1 x:<a&b>]} local 1795975987 1795975987807769137}`,
    )
  })

  it('reads a missing attribute as <no value>, even from a nil map', () => {
    expect(render('{{.Actor.Attributes.nope}}', DIE)).toBe('<no value>')
    expect(render('{{.Actor.Attributes.nope}}', '{}')).toBe('<no value>')
  })

  it('names docker types in errors', () => {
    const template = parseTemplate('{{.Bad}}', dockerTemplateFuncs())
    expect(() => template.execute(eventTemplateRow(EMPTY_EVENT, {pointer: true}))).toThrow(
      'template: :1:2: executing "" at <.Bad>: can\'t evaluate field Bad in type *events.Message',
    )
    expect(() => template.execute(eventTemplateRow(EMPTY_EVENT))).toThrow("can't evaluate field Bad in type events.Message")
    expect(() => parseTemplate('{{.Actor.Bad}}', dockerTemplateFuncs()).execute(eventTemplateRow(EMPTY_EVENT, {pointer: true}))).toThrow(
      'template: :1:8: executing "" at <.Actor.Bad>: can\'t evaluate field Bad in type events.Actor',
    )
  })

  it('maps --format values to templates', () => {
    expect(eventTemplateSource('')).toBeUndefined()
    expect(eventTemplateSource('json')).toBe('{{json .}}')
    expect(eventTemplateSource('table {{.ID}}')).toBe('table {{.ID}}')
  })
})
