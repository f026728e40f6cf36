// The command tree behind docker's help pages, built from a small registration.
import {describe, expect, it} from 'vitest'

import {type CommandMeta, type CommandTable, CommandTree} from '../../src/lib/cli/help/command-tree.js'
import {renderHelpPage} from '../../src/lib/cli/help/help-page.js'

const meta = (description: string, usageLine: string, extra: Partial<CommandMeta> = {}): CommandMeta => ({description, examples: [], flagSpecs: [], hidden: false, usageLine, ...extra})

const images = {}
const TABLE: CommandTable = {
  groupAliases: {container: {list: 'ls', ps: 'ls'}, image: {list: 'ls'}},
  groups: {
    container: {list: 'ps', ls: 'ps', prune: 'container:prune', ps: 'ps'},
    image: {list: 'image:ls', ls: 'image:ls'},
    network: {ls: 'network:ls'},
  },
  ids: ['ps', 'images', 'image:ls', 'container:prune', 'wait', '__complete', 'secret'],
}
const CATALOG = new Map<string, CommandMeta>([
  ['ps', meta('List containers', 'ps [OPTIONS]', {flagSpecs: [{description: 'Show all containers', kind: 'bool', name: 'all', short: 'a'}]})],
  ['images', meta('List images', 'images [OPTIONS]', {implementation: images})],
  ['image:ls', meta('List images', 'image ls [OPTIONS]', {implementation: images})],
  ['container:prune', meta('Remove all stopped containers', 'container prune [OPTIONS]')],
  ['wait', meta('Block until one or more containers stop', 'wait CONTAINER [CONTAINER...]')],
  ['__complete', meta('Request shell completion choices', '__complete [command-line]', {hidden: true})],
  ['secret', meta('A hidden verb with a long name', 'secret', {hidden: true})],
])
const tree = new CommandTree(CATALOG, TABLE)

describe('CommandTree', () => {
  it('lists each spelling of a command, group spellings first, as docker\'s Aliases line', () => {
    expect(tree.spellings('ps')).toEqual(['container ls', 'container list', 'container ps', 'ps'])
    expect(tree.spellings('images')).toEqual(['image ls', 'image list', 'images'])
    expect(tree.spellings('wait')).toEqual(['wait'])
  })

  it('resolves help words to a topic and what is left over', () => {
    expect(tree.resolve([])).toEqual({rest: [], topic: {kind: 'root'}})
    expect(tree.resolve(['container', 'list'])).toEqual({rest: [], topic: {id: 'ps', kind: 'command', path: 'container ls'}})
    expect(tree.resolve(['container', 'nosuch'])).toEqual({rest: ['nosuch'], topic: {group: 'container', kind: 'group'}})
    expect(tree.resolve(['ps', 'extra'])).toEqual({rest: ['extra'], topic: {id: 'ps', kind: 'command', path: 'ps'}})
    // network has no command whalectl has: it is no topic
    expect(tree.resolve(['network'])).toEqual({rest: ['network'], topic: {kind: 'root'}})
  })

  it("renders a command's page: usage under the typed path, aliases, options", () => {
    expect(renderHelpPage(tree.commandPage('ps', 'container ls', 79) ?? {description: '', usage: ''})).toBe(
      [
        'Usage:  whalectl container ls [OPTIONS]',
        '',
        'List containers',
        '',
        'Aliases:',
        '  whalectl container ls, whalectl container list, whalectl container ps, whalectl ps',
        '',
        'Options:',
        '  -a, --all   Show all containers',
        '',
      ].join('\n'),
    )
  })

  it("renders a group's page with its subcommands (no aliases)", () => {
    expect(renderHelpPage(tree.groupPage('container'))).toBe(
      [
        'Usage:  whalectl container COMMAND',
        '',
        'Manage containers',
        '',
        'Commands:',
        '  ls          List containers',
        '  prune       Remove all stopped containers',
        '',
        "Run 'whalectl container COMMAND --help' for more information on a command.",
        '',
      ].join('\n'),
    )
  })

  it('sorts the root into docker\'s sections; hidden verbs widen the column, __complete does not', () => {
    const page = tree.rootPage('  -D, --debug   Enable debug mode\n', [
      {name: 'compose', summary: 'Docker Compose'},
      {invalidReason: 'plugin candidate "bad" did not have a metadata', name: 'bad', summary: ''},
    ])
    expect(renderHelpPage(page)).toBe(
      [
        'Usage:  whalectl [OPTIONS] COMMAND',
        '',
        'A self-sufficient runtime for containers',
        '',
        'Common Commands:',
        '  ps          List containers',
        '  images      List images',
        '',
        'Management Commands:',
        '  compose*    Docker Compose',
        '  container   Manage containers',
        '  image       Manage images',
        '',
        'Commands:',
        '  wait        Block until one or more containers stop',
        '',
        'Invalid Plugins:',
        '  bad         plugin candidate "bad" did not have a metadata',
        '',
        'Global Options:',
        '  -D, --debug   Enable debug mode',
        '',
        "Run 'whalectl COMMAND --help' for more information on a command.",
        '',
        'For more help on how to use Docker, head to https://docs.docker.com/go/guides/',
        '',
      ].join('\n'),
    )
  })
})
