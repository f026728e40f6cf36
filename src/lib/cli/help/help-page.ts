// One help page in docker's layout: the text docker's cobra usage template makes, from a plain
// description of the page. Knows nothing of whalectl's command table; command-tree.ts fills it.

/** A line of a command listing: name and one-line description. */
export interface HelpEntry {
  name: string
  summary: string
  /** A CLI plugin: docker marks it with `*` after the name. */
  plugin?: boolean
}

export interface HelpPage {
  /**
   * The text after `Usage:  `. A page with subcommands shows `<path> [OPTIONS] COMMAND`; a
   * command shows its use line (`docker ps [OPTIONS]`).
   */
  usage: string
  /** Long description, else the short one; trimmed when printed. */
  description: string
  /** docker's `Aliases:` line (`docker container ls, docker container list, …`). */
  aliases?: string
  examples?: string
  /** The flag table (flag-usages.ts) of a command, printed under `Options:`. */
  options?: string
  /** The root's flag table, printed under `Global Options:`. */
  globalOptions?: string
  common?: HelpEntry[]
  management?: HelpEntry[]
  swarm?: HelpEntry[]
  commands?: HelpEntry[]
  /** Plugins that failed their metadata check, with the reason. */
  invalidPlugins?: HelpEntry[]
  /** cobra's NamePadding: the longest subcommand name, at least 11. */
  padding?: number
  /** A page with subcommands ends with `Run '<path> COMMAND --help' …`. */
  commandPath?: string
  /** The root's closing line (the link to docker's guides). */
  additionalHelp?: string
}

/** cobra's minimum name column in command listings. */
export const MIN_NAME_PADDING = 11

/** Go's `%-*s`: pads to `width` characters, never cuts. */
function rpad(text: string, width: number): string {
  const length = [...text].length
  return length >= width ? text : text + ' '.repeat(width - length)
}

function section(title: string, entries: HelpEntry[] | undefined, line: (entry: HelpEntry) => string): string {
  if (!entries || entries.length === 0) return ''
  return `\n\n${title}:${entries.map((entry) => `\n  ${line(entry)}`).join('')}`
}

/** The page as docker prints it, ending in one newline. */
export function renderHelpPage(page: HelpPage): string {
  const padding = page.padding ?? MIN_NAME_PADDING
  // The categorised listings give the name one more column than `Commands:` does, with a
  // marker (a space, or `*` for a plugin) in the first of them; the widths come out equal.
  const decorated = (entry: HelpEntry): string => `${rpad(`${entry.name}${entry.plugin ? '*' : ' '}`, padding + 1)}${entry.summary}`
  const plain = (entry: HelpEntry): string => `${rpad(entry.name, padding)} ${entry.summary}`
  let out = `Usage:  ${page.usage}\n\n${page.description.trim()}`
  if (page.aliases) out += `\n\nAliases:\n  ${page.aliases}`
  if (page.examples) out += `\n\nExamples:\n${page.examples}`
  if (page.options) out += `\n\nOptions:\n${page.options.trimEnd()}`
  out += section('Common Commands', page.common, decorated)
  out += section('Management Commands', page.management, decorated)
  out += section('Swarm Commands', page.swarm, decorated)
  out += section('Commands', page.commands, plain)
  out += section('Invalid Plugins', page.invalidPlugins, plain)
  if (page.globalOptions) out += `\n\nGlobal Options:\n${page.globalOptions.trimEnd()}`
  if (page.commandPath) out += `\n\nRun '${page.commandPath} COMMAND --help' for more information on a command.`
  if (page.additionalHelp) out += `\n\n${page.additionalHelp}`
  return `${out}\n`
}
