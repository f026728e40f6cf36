import {describe, expect, it} from 'vitest'

import {type FormatContext, FormatError, prepareFormat} from '../../../src/lib/format/formatter.js'
import {goFunc, goJSON, goTypeName, marshalJSON} from '../../../src/lib/format/template.js'

const DEFAULT_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}'
const RAW = 'container_id: {{.ID}}\nimage: {{.Image}}\nstate: {{- pad .State 1 0}}\nports: {{- pad .Ports 1 0}}\n'

const CTX: FormatContext = {
  defaultTableFormat: DEFAULT_TABLE,
  headers: {
    ID: 'CONTAINER ID',
    Image: 'IMAGE',
    Command: 'COMMAND',
    RunningFor: 'CREATED',
    Ports: 'PORTS',
    State: 'STATE',
    Status: 'STATUS',
    Labels: 'LABELS',
    Names: 'NAMES',
  },
  rawFormat: RAW,
  typeName: 'formatter.ContainerContext',
}

interface Summary {
  ID: string
  Image: string
  Command: string
  RunningFor: string
  Status: string
  State: string
  Ports: string
  Names: string
  Labels: Record<string, string>
}

/** A row shaped like docker's ContainerContext: methods, a Go type, and a MarshalJSON. */
function row(s: Partial<Summary>): object {
  const c: Summary = {ID: '', Image: '', Command: '""', RunningFor: '', Status: '', State: '', Ports: '', Names: '', Labels: {}, ...s}
  const method = (value: string) => goFunc(() => value, [])
  const labels = Object.entries(c.Labels)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(',')
  return {
    ID: method(c.ID),
    Image: method(c.Image),
    Command: method(c.Command),
    RunningFor: method(c.RunningFor),
    Status: method(c.Status),
    State: method(c.State),
    Ports: method(c.Ports),
    Names: method(c.Names),
    Labels: method(labels),
    Label: goFunc((name: string) => c.Labels[name] ?? '', ['string']),
    [goTypeName]: 'formatter.ContainerContext',
    [marshalJSON]: () => goJSON({ID: c.ID, Image: c.Image, Labels: labels, Names: c.Names}, {escapeHTML: true}),
  }
}

const ROWS = [
  row({ID: '4295199ffe28', Image: 'busybox', Command: '"echo hi"', RunningFor: '6 seconds ago', Status: 'Created', State: 'created', Names: 'cr'}),
  row({
    ID: '0ded225c2a80',
    Image: 'busybox',
    Command: `"sh -c 'exit 7'"`,
    RunningFor: '6 seconds ago',
    Status: 'Exited (7) 5 seconds ago',
    State: 'exited',
    Names: 'ex7',
    Labels: {'com.example.my-label': '<x&y>'},
  }),
]

function render(format: string, rows: readonly object[] = ROWS): string {
  return prepareFormat(format, CTX).render(rows)
}

function formatError(action: () => unknown): string {
  try {
    action()
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError)
    return (error as Error).message
  }
  throw new Error('no error')
}

describe('table formats', () => {
  it('renders the default table like docker ps', () => {
    expect(render('table')).toBe(
      [
        'CONTAINER ID   IMAGE     COMMAND            CREATED         STATUS                     PORTS     NAMES',
        '4295199ffe28   busybox   "echo hi"          6 seconds ago   Created                              cr',
        `0ded225c2a80   busybox   "sh -c 'exit 7'"   6 seconds ago   Exited (7) 5 seconds ago             ex7`,
        '',
      ].join('\n'),
    )
    expect(render('')).toBe(render('table'))
  })

  it('prints only the header when there are no rows', () => {
    expect(render('table', [])).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n')
  })

  it('renders a custom table, with typed \\t escapes', () => {
    expect(render('table {{.ID}}\\t{{.Names}}')).toBe('CONTAINER ID   NAMES\n4295199ffe28   cr\n0ded225c2a80   ex7\n')
  })

  it('builds the header with docker functions as identities', () => {
    expect(render('table {{upper .Names}}\\t{{lower .Image}}\\t{{truncate .ID 3}}', [])).toBe('NAMES     IMAGE     CONTAINER ID\n')
    expect(render('table {{json .Labels}}|{{pad .Names 1 1}}', [])).toBe('LABELS| NAMES \n')
  })

  it('heads a Label column with the last part of the key, - and _ as spaces', () => {
    expect(render('table {{.Label "com.x-y_z"}}\\t{{.Label "a"}}', [])).toBe('x y z     a\n')
    expect(render('table {{.ID}}\\t{{.Label "com.example.my-label"}}')).toBe(
      'CONTAINER ID   my label\n4295199ffe28   \n0ded225c2a80   <x&y>\n',
    )
  })

  it('copies literal text into the header', () => {
    expect(render('table id={{.ID}}', [])).toBe('id=CONTAINER ID\n')
  })

  it('keeps the part of the header written before a failing function', () => {
    // `json .` fails in the header pass (the header is a map, json wants a string there).
    expect(render('table {{.Names}}: {{json .}}', [])).toBe('NAMES: \n')
  })

  it('trims the keyword and surrounding spaces; any "table" prefix counts', () => {
    expect(render('table   {{.Names}}  ', ROWS.slice(0, 1))).toBe('NAMES\ncr\n')
    expect(render('tabl{{.Names}}', ROWS.slice(0, 1))).toBe('tablcr\n')
    expect(prepareFormat('table{{.Names}}', CTX).isTable).toBe(true)
  })

  it('aligns wide characters', () => {
    const rows = [row({ID: 'a', Names: '日本語の名前'}), row({ID: 'b', Names: 'x'})]
    expect(render('table {{.Names}}\\t{{.ID}}', rows)).toBe('NAMES          CONTAINER ID\n日本語の名前   a\nx              b\n')
  })

  it('aligns rows whose cells contain newlines in separate blocks', () => {
    const rows = [row({ID: 'first-long-identifier', Names: 'one\ntwo'}), row({ID: 'b', Names: 'x'})]
    expect(render('table {{.ID}}\\t{{.Names}}', rows)).toBe(
      'CONTAINER ID            NAMES\nfirst-long-identifier   one\ntwo\nb         x\n',
    )
  })
})

describe('other formats', () => {
  it('json prints one JSON object per row', () => {
    expect(render('json')).toBe(
      '{"ID":"4295199ffe28","Image":"busybox","Labels":"","Names":"cr"}\n' +
        '{"ID":"0ded225c2a80","Image":"busybox","Labels":"com.example.my-label=\\u003cx\\u0026y\\u003e","Names":"ex7"}\n',
    )
    expect(render('{{json .}}')).toBe(render('json'))
    expect(render('{{json .Labels}}', ROWS.slice(1))).toBe('"com.example.my-label=<x&y>"\n')
  })

  it('raw uses the command raw template', () => {
    expect(render('raw', ROWS.slice(0, 1))).toBe('container_id: 4295199ffe28\nimage: busybox\nstate: created\nports:\n\n')
  })

  it('custom templates get a newline per row, with typed \\n and \\t', () => {
    expect(render('{{.ID}}\\t{{.Names}}\\n--')).toBe('4295199ffe28\tcr\n--\n0ded225c2a80\tex7\n--\n')
    expect(render('  {{.Names}}  ')).toBe('cr\nex7\n')
  })

  it('prints nothing without rows', () => {
    expect(render('json', [])).toBe('')
    expect(render('{{.ID}}', [])).toBe('')
  })

  it('renders one row at a time for streaming', () => {
    const format = prepareFormat('{{.Names}}', CTX)
    expect(format.isTable).toBe(false)
    expect(format.renderHeader()).toBe('')
    expect(format.renderRow(ROWS[0]!)).toBe('cr\n')
  })

  it('gives untagged rows the context type name', () => {
    expect(formatError(() => render('{{.Nope}}', [{ID: 'x'}]))).toBe(
      'failed to execute template: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext',
    )
    expect(render('{{.ID}}', [{ID: 'x'}])).toBe('x\n')
  })

  it('handles formats the docker events way on request', () => {
    const events = (format: string) => prepareFormat(format, CTX, {jsonKeywordOnly: true})
    expect(events('table {{.Names}}\\t{{.ID}} ').renderRow(ROWS[0]!)).toBe('table cr\\t4295199ffe28 \n')
    expect(events('json').renderRow(ROWS[0]!)).toBe('{"ID":"4295199ffe28","Image":"busybox","Labels":"","Names":"cr"}\n')
    expect(events('table').isTable).toBe(false)
  })

  it('accepts extra functions', () => {
    const format = prepareFormat('{{shout .Names}}', CTX, {funcs: {shout: goFunc((s: string) => `${s}!`, ['string'])}})
    expect(format.render(ROWS.slice(0, 1))).toBe('cr!\n')
  })
})

describe('errors', () => {
  it('reports parse errors with docker ps wording', () => {
    expect(formatError(() => prepareFormat('{{.ID', CTX))).toBe('failed to parse template: template: :1: unclosed action')
    expect(formatError(() => prepareFormat('table {{foo .ID}}', CTX))).toBe(
      'failed to parse template: template: :1: function "foo" not defined',
    )
  })

  it('reports execution errors with docker ps wording', () => {
    expect(formatError(() => render('{{.Nope}}'))).toBe(
      'failed to execute template: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext',
    )
    // Positions are taken after the table keyword has been removed.
    expect(formatError(() => render('table {{.ID}}\\t{{.Nope}}'))).toBe(
      'failed to execute template: template: :1:10: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext',
    )
  })

  it('lets the caller choose the prefixes', () => {
    const options = {parseErrorPrefix: 'Error parsing format', execErrorPrefix: 'template parsing error'}
    expect(formatError(() => prepareFormat('{{', CTX, options))).toBe('Error parsing format: template: :1: unclosed action')
    expect(formatError(() => prepareFormat('{{.Bad}}', CTX, options).render(ROWS))).toBe(
      'template parsing error: template: :1:2: executing "" at <.Bad>: can\'t evaluate field Bad in type *formatter.ContainerContext',
    )
  })

  it('keeps the underlying template error', () => {
    try {
      prepareFormat('{{', CTX)
    } catch (error) {
      expect((error as FormatError).templateError.message).toBe('template: :1: unclosed action')
      return
    }
    throw new Error('no error')
  })
})
