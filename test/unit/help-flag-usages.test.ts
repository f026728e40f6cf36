// pflag's flag table (FlagUsagesWrapped), checked against blocks printed by docker 28.2.2.
import {describe, expect, it} from 'vitest'

import type {FlagSpec} from '../../src/lib/cli/argv.js'
import {flagDefaultText, flagUsages} from '../../src/lib/cli/help/flag-usages.js'

const PS_FLAGS: FlagSpec[] = [
  {description: 'Show all containers (default shows just running)', kind: 'bool', name: 'all', short: 'a'},
  {description: 'Filter output based on conditions provided', kind: 'stringArray', name: 'filter', short: 'f', valueName: 'filter'},
  {default: -1, description: 'Show n last created containers (includes all states)', kind: 'int', name: 'last', short: 'n', valueName: 'int'},
  {description: 'Show the latest created container (includes all states)', kind: 'bool', name: 'latest', short: 'l'},
  {description: "Don't truncate output", kind: 'bool', name: 'no-trunc'},
]

describe('flagUsages', () => {
  it('lays out names, types, wrapped descriptions and defaults as `docker ps --help` (80 columns)', () => {
    // Given out of order: pflag sorts by name.
    expect(flagUsages([...PS_FLAGS].reverse(), 79)).toBe(
      [
        '  -a, --all             Show all containers (default shows just running)',
        '  -f, --filter filter   Filter output based on conditions provided',
        '  -n, --last int        Show n last created containers (includes all',
        '                        states) (default -1)',
        '  -l, --latest          Show the latest created container (includes all',
        '                        states)',
        "      --no-trunc        Don't truncate output",
        '',
      ].join('\n'),
    )
  })

  it("keeps a description's own line breaks, wrapping each part (docker ps --format)", () => {
    const format: FlagSpec = {
      description: "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'json':             Print in JSON format",
      kind: 'string',
      name: 'format',
    }
    expect(flagUsages([format], 79)).toBe(
      [
        '      --format string   Format output using a custom template:',
        "                        'table':            Print output in table format",
        '                        with column headers (default)',
        "                        'json':             Print in JSON format",
        '',
      ].join('\n'),
    )
  })

  it('leaves out hidden and deprecated flags', () => {
    const flags: FlagSpec[] = [
      {description: 'Quiet', kind: 'bool', name: 'quiet', short: 'q'},
      {description: 'Old', hidden: true, kind: 'bool', name: 'old'},
      {deprecated: 'use --quiet', description: 'Silent', kind: 'bool', name: 'silent'},
    ]
    expect(flagUsages(flags, 79)).toBe('  -q, --quiet   Quiet\n')
  })

  it('stops wrapping when the terminal leaves too little room (docker --help at 40 columns)', () => {
    const flags: FlagSpec[] = [
      {description: 'Trust certs signed only by this CA', helpDefault: '"/root/.docker/ca.pem"', kind: 'string', name: 'tlscacert'},
      {description: 'Set the logging level', kind: 'string', name: 'log-level', short: 'l'},
    ]
    expect(flagUsages(flags, 39)).toBe(
      '  -l, --log-level string   Set the logging level\n      --tlscacert string   Trust certs signed only by this CA (default "/root/.docker/ca.pem")\n',
    )
  })

  it('shows pflag\'s NoOptDefVal after the type', () => {
    expect(flagUsages([{description: 'x', kind: 'string', name: 'x', noOptDefault: 'y'}], 79)).toBe('      --x string[="y"]   x\n')
  })
})

describe('flagDefaultText', () => {
  it('quotes a string default, prints other types bare, and hides zero values', () => {
    expect(flagDefaultText({default: 'info', description: '', kind: 'string', name: 'log-level'})).toBe('"info"')
    expect(flagDefaultText({default: 10, description: '', kind: 'int', name: 'time'})).toBe('10')
    expect(flagDefaultText({default: 0, description: '', kind: 'int', name: 'time'})).toBeUndefined()
    expect(flagDefaultText({default: true, description: '', kind: 'bool', name: 'sig-proxy'})).toBe('true')
    expect(flagDefaultText({default: false, description: '', kind: 'bool', name: 'all'})).toBeUndefined()
  })

  it('uses helpDefault as given, and an empty one hides the default', () => {
    expect(flagDefaultText({default: 'x', description: '', helpDefault: '', kind: 'string', name: 'a'})).toBeUndefined()
    expect(flagDefaultText({description: '', helpDefault: 'map[]', kind: 'stringArray', name: 'opt'})).toBe('map[]')
  })
})
