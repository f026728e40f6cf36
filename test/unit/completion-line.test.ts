// completeLine against a small fake command tree: cobra's rules for commands, flags and values.
import {describe, expect, it} from 'vitest'

import type {FlagSpec} from '../../src/lib/cli/argv.js'
import {completeLine, type CompletionSources} from '../../src/lib/completion/complete-line.js'
import {type CompletionResult, Directive, directiveName, renderCandidates, renderNotes, values} from '../../src/lib/completion/protocol.js'

const GLOBALS: FlagSpec[] = [
  {description: 'Name of the context', kind: 'string', name: 'context', short: 'c'},
  {description: 'Enable debug mode', kind: 'bool', name: 'debug', short: 'D'},
]
const STOP_FLAGS: FlagSpec[] = [
  {description: 'Signal to send\nsecond line', kind: 'string', name: 'signal', short: 's'},
  {description: 'Seconds to wait', kind: 'int', name: 'timeout', short: 't'},
  {description: 'Old flag', hidden: true, kind: 'bool', name: 'secret'},
]
const RUN_FLAGS: FlagSpec[] = [
  {description: 'Add an env var', kind: 'stringArray', name: 'env', short: 'e'},
  {description: 'Remove when done', kind: 'bool', name: 'rm'},
]

function sources(seen: string[][] = []): CompletionSources {
  const commands: Record<string, {flagSpecs: FlagSpec[]; interspersed: boolean; summary: string; hidden?: boolean}> = {
    ps: {flagSpecs: [], interspersed: true, summary: 'List containers'},
    run: {flagSpecs: RUN_FLAGS, interspersed: false, summary: 'Run a container'},
    stop: {flagSpecs: STOP_FLAGS, interspersed: true, summary: 'Stop containers'},
    secret: {flagSpecs: [], hidden: true, interspersed: true, summary: 'Hidden'},
  }
  return {
    bin: 'whalectl',
    command: async (id) => commands[id],
    commandCompleters: {
      run: {args: ({args}) => values(args.length >= 1 ? [] : ['busybox:latest'], Directive.NoFileComp), flags: {env: () => values(['HOME'], Directive.NoFileComp)}},
      stop: {
        args: ({args}) => {
          seen.push([...args])
          return values(['web'], Directive.NoFileComp)
        },
        flags: {signal: () => values(['KILL', 'TERM'], Directive.NoFileComp)},
      },
    },
    globalCompleters: {context: () => values(['default'], Directive.NoFileComp)},
    globalFlags: GLOBALS,
    groupSummary: (group) => `Manage ${group}s`,
    helpSummary: 'Help about the command',
    request: () => ({contexts: () => ({current: 'default', names: ['default']}), env: {}, names: {containers: async () => [], images: async () => [], info: async () => undefined, networks: async () => [], volumes: async () => []}}),
    summaries: async (ids) => new Map(ids.filter((id) => id in commands).map((id) => [id, {hidden: commands[id]?.hidden === true, summary: commands[id]?.summary ?? ''}])),
    table: {groupAliases: {container: {list: 'ls'}}, groups: {container: {list: 'ps', ls: 'ps', stop: 'stop'}, empty: {x: 'missing'}}, ids: ['ps', 'run', 'stop', 'secret']},
  }
}

const texts = (result: CompletionResult): string[] => result.candidates.map((c) => (c.description === undefined ? c.value : `${c.value}\t${c.description}`))

describe('completeLine', () => {
  it('lists visible commands, groups with commands, and help, sorted, with their summaries', async () => {
    const result = await completeLine([''], sources())
    expect(texts(result)).toEqual(['container\tManage containers', 'help\tHelp about the command', 'ps\tList containers', 'run\tRun a container', 'stop\tStop containers'])
    expect(result.directive).toBe(Directive.NoFileComp)
  })

  it('filters subcommands by prefix and leaves aliases out', async () => {
    expect(texts(await completeLine(['container', ''], sources()))).toEqual(['ls\tList containers', 'stop\tStop containers'])
    expect(texts(await completeLine(['container', 'l'], sources()))).toEqual(['ls\tList containers'])
  })

  it('lists flags after a dash, long then short, sorted, hidden and given ones left out', async () => {
    expect(texts(await completeLine(['stop', '-'], sources()))).toEqual(['--signal\tSignal to send\nsecond line', '-s\tSignal to send\nsecond line', '--timeout\tSeconds to wait', '-t\tSeconds to wait'])
    expect(texts(await completeLine(['stop', '-t', '5', '--'], sources()))).toEqual(['--signal\tSignal to send\nsecond line'])
    // a repeatable flag is offered again
    expect(texts(await completeLine(['run', '-e', 'A', '--e'], sources()))).toEqual(['--env\tAdd an env var'])
  })

  it('completes flag values after a space or an =, and knows bools take none', async () => {
    expect(texts(await completeLine(['stop', '--signal', ''], sources()))).toEqual(['KILL', 'TERM'])
    expect(texts(await completeLine(['stop', '-s='], sources()))).toEqual(['KILL', 'TERM'])
    expect(texts(await completeLine(['--context', ''], sources()))).toEqual(['default'])
    expect(texts(await completeLine(['run', '--rm', ''], sources()))).toEqual(['busybox:latest'])
    // a flag without a completion function: nothing, files allowed
    expect(await completeLine(['stop', '--timeout', ''], sources())).toEqual({candidates: [], directive: Directive.Default})
  })

  it('passes the positional arguments to the completion function', async () => {
    const seen: string[][] = []
    await completeLine(['-D', 'stop', '-t', '3', 'a', 'b', ''], sources(seen))
    expect(seen).toEqual([['a', 'b']])
  })

  it('stops completing flags after -- or, without interspersing, after an argument', async () => {
    expect(texts(await completeLine(['stop', '--', '-'], sources()))).toEqual(['web'])
    expect(texts(await completeLine(['run', 'busybox', '-'], sources()))).toEqual([])
  })

  it('reports what cobra reports for bad lines', async () => {
    expect((await completeLine(['stop', '--nope', ''], sources())).error).toBe('Error while parsing flags from args [--nope]: unknown flag: --nope')
    expect((await completeLine(['stop', '--nope='], sources())).error).toBe("Subcommand 'stop' does not support flag 'nope'")
    expect((await completeLine(['-x', ''], sources())).error).toBe("Error while parsing flags from args [-x]: unknown shorthand flag: 'x' in -x")
    // the value's last letter is taken for a shorthand, as cobra does
    expect((await completeLine(['-cdefault', ''], sources())).error).toBe("Subcommand 'whalectl' does not support flag 't'")
    expect(await completeLine(['stop', '--help', ''], sources())).toEqual({candidates: [], directive: Directive.NoFileComp})
  })
})

describe('protocol', () => {
  it('prints candidates, first lines only, then the directive', () => {
    const result: CompletionResult = {candidates: [{description: 'a\nb', value: 'x'}, {value: 'y'}], directive: Directive.NoSpace | Directive.NoFileComp}
    expect(renderCandidates(result, true)).toBe('x\ta\ny\n:6\n')
    expect(renderCandidates(result, false)).toBe('x\ny\n:6\n')
    expect(renderNotes(result)).toBe('Completion ended with directive: ShellCompDirectiveNoSpace, ShellCompDirectiveNoFileComp\n')
    expect(renderNotes({...result, error: 'bad'})).toMatch(/^\[Debug\] \[Error\] bad\n/)
  })

  it('names directives as cobra does', () => {
    expect(directiveName(0)).toBe('ShellCompDirectiveDefault')
    expect(directiveName(Directive.FilterDirs | Directive.KeepOrder)).toBe('ShellCompDirectiveFilterDirs, ShellCompDirectiveKeepOrder')
    expect(directiveName(64)).toBe('ERROR: unexpected ShellCompDirective value: 64')
  })
})
