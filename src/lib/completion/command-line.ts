// Finds the command a partly typed line names, as cobra's Traverse does for docker (whose root
// has TraverseChildren): the global flags before the command are parsed on the way, and what
// follows the last command word is left for that command.
import type {FlagSpec} from '../cli/argv.js'

/** A node of docker's command tree as whalectl registers it. */
export type CommandNode = {kind: 'root'} | {kind: 'group'; name: string} | {kind: 'command'; id: string; name: string} | {kind: 'help'}

/** The registration the tree comes from (src/commands.ts). */
export interface CommandTable {
  ids: readonly string[]
  groups: Readonly<Record<string, Readonly<Record<string, string>>>>
  groupAliases: Readonly<Record<string, Readonly<Record<string, string>>>>
}

export interface Traversal {
  node: CommandNode
  /** The words after the last command word (flags included). */
  args: string[]
  /** The flag words typed before each command word, with the node they belong to; the root's first. */
  levels: Array<{node: CommandNode; flags: string[]}>
}

export function nextNode(table: CommandTable, node: CommandNode, word: string): CommandNode | undefined {
  if (node.kind === 'root') {
    if (table.ids.includes(word) && !word.includes(':')) return {id: word, kind: 'command', name: word}
    if (word in table.groups) return {kind: 'group', name: word}
    if (word === 'help') return {kind: 'help'}
    return undefined
  }
  if (node.kind === 'group') {
    const id = table.groups[node.name]?.[word]
    return id !== undefined && table.ids.includes(id) ? {id, kind: 'command', name: word} : undefined
  }
  return undefined
}

/** pflag: does the flag take no value (a bool, or one with NoOptDefVal)? */
export function takesNoValue(spec: FlagSpec | undefined): boolean {
  return spec !== undefined && (spec.kind === 'bool' || spec.noOptDefault !== undefined)
}

/** cobra's isFlagArg. */
export function isFlagArg(word: string): boolean {
  return (word.length >= 3 && word.startsWith('--')) || (word.length >= 2 && word.startsWith('-') && word[1] !== '-')
}

/** cobra's Traverse: `flagsOf` gives each node's own flags, which decide whether a flag takes the next word. */
export function traverse(table: CommandTable, words: readonly string[], flagsOf: (node: CommandNode) => readonly FlagSpec[]): Traversal {
  let node: CommandNode = {kind: 'root'}
  let rest = [...words]
  const levels: Array<{node: CommandNode; flags: string[]}> = []
  for (;;) {
    const specs = flagsOf(node)
    const flags: string[] = []
    let inFlag = false
    let next: {node: CommandNode; index: number} | undefined
    for (let i = 0; i < rest.length && next === undefined; i++) {
      const word = rest[i] as string
      if (word.startsWith('--') && !word.includes('=')) {
        // cobra assumes a flag it does not know takes a value
        inFlag = !takesNoValue(specs.find((spec) => spec.name === word.slice(2)))
        flags.push(word)
      } else if (word.startsWith('-') && !word.includes('=') && word.length === 2 && !takesNoValue(specs.find((spec) => spec.short === word[1]))) {
        inFlag = true
        flags.push(word)
      } else if (inFlag) {
        inFlag = false
        flags.push(word)
      } else if (isFlagArg(word)) {
        flags.push(word)
      } else {
        const found = nextNode(table, node, word)
        if (found === undefined) return {args: rest, levels, node}
        next = {index: i, node: found}
      }
    }
    if (next === undefined) return {args: rest, levels, node}
    levels.push({flags, node})
    node = next.node
    rest = rest.slice(next.index + 1)
  }
}
