// docker's command tree as whalectl has it: the registered verbs (COMMANDS), the management
// commands with their subcommands and aliases (GROUPS, GROUP_ALIASES), and the help pages made
// from them. Everything comes from that registration and each command's own metadata, so a
// command added by registering it shows up in every listing and gets its own page.
import {COMMANDS, GROUP_ALIASES, GROUPS} from '../../../commands.js'
import type {FlagSpec} from '../argv.js'
import {BIN, useLine} from '../docker-command.js'
import {ADDITIONAL_HELP, COMMON_COMMANDS, GROUP_SUMMARIES, HELP_COMMAND, ROOT_DESCRIPTION, SWARM_GROUPS} from './docker-layout.js'
import {flagUsages} from './flag-usages.js'
import {type HelpEntry, type HelpPage, MIN_NAME_PADDING} from './help-page.js'
import type {PluginHelpEntry} from './plugin-entries.js'

/** The help metadata of one command (a DockerCommand class's statics). */
export interface CommandMeta {
  description: string
  summary?: string
  usageLine: string
  flagSpecs: readonly FlagSpec[]
  examples: readonly string[]
  hidden: boolean
  /**
   * What runs the command (the class defining `execute`): ids sharing it are one docker command
   * under several spellings (`images` and `image ls`), listed together under `Aliases:`.
   */
  implementation?: unknown
}

/** The registration the tree is built from; by default whalectl's own (src/commands.ts). */
export interface CommandTable {
  /** Command ids: a verb (`ps`) or a group's own command (`container:prune`). */
  ids: readonly string[]
  groups: Readonly<Record<string, Readonly<Record<string, string>>>>
  groupAliases: Readonly<Record<string, Readonly<Record<string, string>>>>
}

export const WHALECTL_TABLE: CommandTable = {groupAliases: GROUP_ALIASES, groups: GROUPS, ids: Object.keys(COMMANDS)}

/** What a help request names. */
export type HelpTopic =
  | {kind: 'root'}
  | {kind: 'help'}
  | {kind: 'group'; group: string}
  | {kind: 'command'; id: string; path: string}

/** The listing line of a command: its summary, else the first line of its description. */
export function summaryOf(meta: Pick<CommandMeta, 'description' | 'summary'>): string {
  return meta.summary ?? meta.description.split('\n')[0] ?? ''
}

export class CommandTree {
  readonly table: CommandTable
  /** Loaded metadata by id; an id missing here (not loadable) is left out everywhere. */
  private readonly catalog: ReadonlyMap<string, CommandMeta>

  constructor(catalog: ReadonlyMap<string, CommandMeta>, table: CommandTable = WHALECTL_TABLE) {
    this.catalog = catalog
    this.table = table
  }

  private isTopLevel(id: string): boolean {
    return !id.includes(':') && this.table.ids.includes(id) && this.catalog.has(id)
  }

  /** The group's subcommand names that are not aliases, whose command whalectl has. */
  private subcommands(group: string): string[] {
    const subs = this.table.groups[group] ?? {}
    const aliases = this.table.groupAliases[group] ?? {}
    return Object.keys(subs).filter((name) => !(name in aliases) && this.catalog.has(subs[name] as string))
  }

  /** Groups with at least one command whalectl has. */
  groups(): string[] {
    return Object.keys(this.table.groups).filter((group) => this.subcommands(group).length > 0)
  }

  /** Words as typed after `help` (or before `--help`): the topic, and the words it left over. */
  resolve(words: readonly string[]): {topic: HelpTopic; rest: string[]} {
    const [first, second, ...more] = words
    if (first === undefined) return {rest: [], topic: {kind: 'root'}}
    if (first === 'help') return {rest: words.slice(1), topic: {kind: 'help'}}
    if (this.isTopLevel(first)) return {rest: words.slice(1), topic: {id: first, kind: 'command', path: first}}
    if (this.groups().includes(first)) {
      const subs = this.table.groups[first] ?? {}
      const id = second === undefined ? undefined : subs[second]
      if (second === undefined || id === undefined || !this.catalog.has(id)) return {rest: words.slice(1), topic: {group: first, kind: 'group'}}
      const name = this.table.groupAliases[first]?.[second] ?? second
      return {rest: more, topic: {id, kind: 'command', path: `${first} ${name}`}}
    }
    return {rest: [...words], topic: {kind: 'root'}}
  }

  /** Every spelling of a command, as docker's `Aliases:` line lists them: groups first, then the verb. */
  spellings(id: string): string[] {
    const implementation = this.catalog.get(id)?.implementation
    const same = new Set(implementation === undefined ? [id] : [...this.catalog].filter(([, meta]) => meta.implementation === implementation).map(([other]) => other))
    const out: string[] = []
    for (const [group, subs] of Object.entries(this.table.groups)) {
      const aliases = this.table.groupAliases[group] ?? {}
      const names = Object.keys(subs).filter((name) => same.has(subs[name] as string))
      const canonical = names.filter((name) => !(name in aliases))
      for (const name of [...canonical, ...names.filter((name) => name in aliases)]) out.push(`${group} ${name}`)
    }
    out.push(...this.table.ids.filter((other) => same.has(other) && this.isTopLevel(other)))
    return out
  }

  commandPage(id: string, path: string, width: number): HelpPage | undefined {
    const meta = this.catalog.get(id)
    if (!meta) return undefined
    const page: HelpPage = {description: meta.description, usage: `${BIN} ${useLine(meta.usageLine, path)}`}
    const spellings = this.spellings(id)
    if (spellings.length > 1) page.aliases = spellings.map((spelling) => `${BIN} ${spelling}`).join(', ')
    if (meta.examples.length > 0) page.examples = meta.examples.join('\n')
    const options = flagUsages(withHelpFlag(meta.flagSpecs), width)
    if (options !== '') page.options = options
    return page
  }

  /** docker's `help` command's own page. */
  helpCommandPage(): HelpPage {
    return {description: HELP_COMMAND.summary, usage: `${BIN} ${HELP_COMMAND.usageLine}`}
  }

  groupPage(group: string): HelpPage {
    const subs = this.table.groups[group] ?? {}
    const names = this.subcommands(group)
    const entries = names
      .map((name) => ({meta: this.catalog.get(subs[name] as string) as CommandMeta, name}))
      .filter(({meta}) => !meta.hidden)
      .map(({meta, name}) => ({name, summary: summaryOf(meta)}))
      .sort(byName)
    return {
      commandPath: `${BIN} ${group}`,
      commands: entries,
      description: GROUP_SUMMARIES[group] ?? '',
      padding: padding(names),
      usage: `${BIN} ${group} COMMAND`,
    }
  }

  rootPage(globalOptions: string, plugins: readonly PluginHelpEntry[]): HelpPage {
    const verbs = this.table.ids.filter((id) => this.isTopLevel(id))
    const shown = verbs.filter((id) => !(this.catalog.get(id) as CommandMeta).hidden)
    const entry = (id: string): HelpEntry => ({name: id, summary: summaryOf(this.catalog.get(id) as CommandMeta)})
    const groups = this.groups()
    const groupEntry = (group: string): HelpEntry => ({name: group, summary: GROUP_SUMMARIES[group] ?? ''})
    const validPlugins = plugins.filter((plugin) => !plugin.invalidReason).map((plugin) => ({name: plugin.name, plugin: true, summary: plugin.summary}))
    return {
      additionalHelp: ADDITIONAL_HELP,
      commandPath: BIN,
      commands: shown.filter((id) => !COMMON_COMMANDS.includes(id)).map(entry).sort(byName),
      common: COMMON_COMMANDS.filter((id) => shown.includes(id)).map(entry),
      description: ROOT_DESCRIPTION,
      globalOptions,
      invalidPlugins: plugins.filter((plugin) => plugin.invalidReason).map((plugin) => ({name: plugin.name, summary: plugin.invalidReason as string})),
      management: [...groups.filter((group) => !SWARM_GROUPS.has(group)).map(groupEntry), ...validPlugins].sort(byName),
      // cobra's hidden __complete commands exist only while a completion request runs.
      padding: padding([...verbs.filter((id) => !id.startsWith('__')), ...groups, ...plugins.map((plugin) => plugin.name), 'help']),
      swarm: groups.filter((group) => SWARM_GROUPS.has(group)).map(groupEntry).sort(byName),
      usage: `${BIN} [OPTIONS] COMMAND`,
    }
  }
}

/**
 * Where a command's own flags take -h (run's and create's --hostname), docker gives it a plain
 * `--help` flag of its own, which its help lists with the others.
 */
function withHelpFlag(specs: readonly FlagSpec[]): readonly FlagSpec[] {
  if (!specs.some((spec) => spec.short === 'h')) return specs
  return [...specs, {description: 'Print usage', kind: 'bool', name: 'help'}]
}

function byName(a: HelpEntry, b: HelpEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}

/** cobra's NamePadding: the parent's longest subcommand name (hidden ones too), at least 11. */
function padding(names: readonly string[]): number {
  return Math.max(MIN_NAME_PADDING, ...names.map((name) => [...name].length))
}
