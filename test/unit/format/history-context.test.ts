import {describe, expect, it} from 'vitest'

import type {ImageHistoryItem} from '../../../src/lib/engine/types.js'
import {type GoLocation, UTC_LOCATION} from '../../../src/lib/format/container-context.js'
import {prepareFormat} from '../../../src/lib/format/formatter.js'
import {marshalJSON} from '../../../src/lib/format/go-values.js'
import {goRFC3339, HISTORY_FORMAT_CONTEXT, historyContext, historyFormat} from '../../../src/lib/format/history-context.js'

const CREATED = Date.UTC(2026, 11, 3, 10, 16, 7) / 1000
const NOW = (CREATED + 11 * 60) * 1000

function item(overrides: Partial<ImageHistoryItem> = {}): ImageHistoryItem {
  return {
    Comment: '',
    Created: CREATED,
    CreatedBy: '/bin/sh -c #(nop) COPY dir:743d35838b8667e7738d96bdf3905038de698e5f82edd82f47aebb2872d3e730 in /',
    Id: `sha256:512464672ed9${'5'.repeat(52)}`,
    Size: 1984287,
    Tags: null,
    ...overrides,
  }
}

const human = {human: true, location: UTC_LOCATION, now: NOW, trunc: true}

describe('historyContext', () => {
  it('shows human ages and sizes, and cuts CREATED BY to 45 cells', () => {
    const row = historyContext(item(), human)
    expect(row.ID()).toBe('512464672ed9')
    expect(row.CreatedSince()).toBe('11 minutes ago')
    expect(row.CreatedAt()).toBe('2026-12-03T10:16:07Z')
    expect(row.CreatedBy()).toBe('/bin/sh -c #(nop) COPY dir:743d35838b8667e77…')
    expect(row.Size()).toBe('1.98MB')
  })

  it('shows dates and byte counts with -H=false, whole text with --no-trunc', () => {
    const row = historyContext(item({CreatedBy: 'a\tb'}), {...human, human: false, trunc: false})
    expect(row.CreatedSince()).toBe('2026-12-03T10:16:07Z')
    expect(row.Size()).toBe('1984287')
    expect(row.ID()).toBe(`sha256:512464672ed9${'5'.repeat(52)}`)
    expect(row.CreatedBy()).toBe('a b')
  })

  it('says N/A for layers from before 2000 and keeps <missing> IDs', () => {
    const row = historyContext(item({Created: 0, Id: '<missing>'}), human)
    expect(row.CreatedSince()).toBe('N/A')
    expect(row.ID()).toBe('<missing>')
  })

  it('marshals its fields with sorted keys and HTML escaping', () => {
    expect(historyContext(item({CreatedBy: 'echo hi > /x && true'}), human)[marshalJSON]()).toBe(
      '{"Comment":"","CreatedAt":"2026-12-03T10:16:07Z","CreatedBy":"echo hi \\u003e /x \\u0026\\u0026 true","CreatedSince":"11 minutes ago","ID":"512464672ed9","Size":"1.98MB"}',
    )
  })
})

describe('goRFC3339', () => {
  it('writes the offset as ±hh:mm, and Z for UTC', () => {
    const cet: GoLocation = {extend: '', transitionTypes: [], transitions: [], types: [{abbreviation: 'CET', isDst: false, offset: 3600}]}
    expect(goRFC3339(CREATED, cet)).toBe('2026-12-03T11:16:07+01:00')
    const west: GoLocation = {extend: '', transitionTypes: [], transitions: [], types: [{abbreviation: '', isDst: false, offset: -(3 * 3600 + 30 * 60)}]}
    expect(goRFC3339(CREATED, west)).toBe('2026-12-03T06:46:07-03:30')
  })
})

describe('the history table', () => {
  it('has docker layouts for table, -q and -H=false; raw is a plain template', () => {
    expect(historyFormat('table', true, true)).toBe('{{.ID}}')
    expect(historyFormat('table', false, false)).toContain('{{.CreatedAt}}')
    expect(historyFormat('raw', false, true)).toBe('raw')
    const text = prepareFormat(historyFormat('table', false, true), HISTORY_FORMAT_CONTEXT).render([historyContext(item({Size: 0}), human)])
    expect(text).toBe(
      'IMAGE          CREATED          CREATED BY                                      SIZE      COMMENT\n' +
        '512464672ed9   11 minutes ago   /bin/sh -c #(nop) COPY dir:743d35838b8667e77…   0B        \n',
    )
  })
})
