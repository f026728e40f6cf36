// cobra's getCompletions for docker's command tree: what to offer for the last word of a partly
// typed command line. Commands, subcommands and flags come from the registered commands'
// own metadata; values come from the completion functions (completers.ts).
import {type FlagSpec, parseArgv, type ParsedArgs} from '../cli/argv.js'
import {FlagError, HelpRequested} from '../cli/errors.js'
import {type CommandCompletions, type Completer, type CompletionRequest} from './completers.js'
import {type CommandNode, type CommandTable, isFlagArg, takesNoValue, traverse} from './command-line.js'
import {type Candidate, type CompletionResult, Directive} from './protocol.js'
import type {CommandSummary} from './summaries.js'

/** What completing a line needs from the rest of whalectl; tests give their own. */
export interface CompletionSources {
  table: CommandTable
  /** The root's flags, with the descriptions docker's help gives them. */
  globalFlags: readonly FlagSpec[]
  globalCompleters: Readonly<Record<string, Completer>>
  commandCompleters: Readonly<Record<string, CommandCompletions>>
  /** A command's flags and whether flags may follow its arguments; undefined if it cannot be loaded. */
  command(id: string): Promise<{flagSpecs: readonly FlagSpec[]; interspersed: boolean} | undefined>
  summaries(ids: readonly string[]): Promise<Map<string, CommandSummary>>
  groupSummary(group: string): string
  helpSummary: string
  /** The program's name: cobra names the root so in its errors. */
  bin: string
  /** The rest of a completion function's request, once the global flags are known. */
  request(globals: ParsedArgs | undefined): Omit<CompletionRequest, 'args' | 'toComplete' | 'flags'>
}

interface NodeFlags {
  specs: readonly FlagSpec[]
  interspersed: boolean
}

const {Default, NoFileComp, NoSpace} = Directive

function goList(words: readonly string[]): string {
  return `[${words.join(' ')}]`
}

function fail(message: string): CompletionResult {
  return {candidates: [], directive: Default, error: message}
}

function findFlag(specs: readonly FlagSpec[], name: string): FlagSpec | undefined {
  return name.length === 1 ? specs.find((spec) => spec.short === name) : specs.find((spec) => spec.name === name)
}

/** cobra's checkIfFlagCompletion: is the word a flag's value, and which flag's? */
function flagBeingCompleted(specs: readonly FlagSpec[], args: readonly string[], last: string, nodeName: string) {
  let name = ''
  let trimmed = [...args]
  let toComplete = last
  let withEqual = false
  if (last.startsWith('-')) {
    const eq = last.indexOf('=')
    if (eq === -1) return {args: trimmed, toComplete}
    // `-asd=x` completes the value of the last shorthand, d
    name = last.startsWith('--') ? last.slice(2, eq) : last.slice(eq - 1, eq)
    toComplete = last.slice(eq + 1)
    withEqual = true
  } else {
    const previous = args[args.length - 1]
    if (previous !== undefined && isFlagArg(previous) && !previous.includes('=')) {
      name = previous.startsWith('--') ? previous.slice(2) : previous.slice(-1)
      trimmed = args.slice(0, -1)
    }
  }
  if (name === '') return {args: trimmed, toComplete}
  const flag = findFlag(specs, name)
  if (flag === undefined) return {args: [...args], error: `Subcommand '${nodeName}' does not support flag '${name}'`, toComplete: last}
  // a bool before the word takes no value: the word is an argument after all
  if (!withEqual && takesNoValue(flag)) return {args: [...args], toComplete}
  return {args: trimmed, flag, toComplete}
}

function parse(words: readonly string[], node: NodeFlags): ParsedArgs {
  return parseArgv(words, node.specs, {interspersed: node.interspersed})
}

/** The flag name candidates for `toComplete` (cobra's getFlagNameCompletions, in pflag's name order). */
function flagNames(specs: readonly FlagSpec[], changed: ReadonlySet<string>, toComplete: string): Candidate[] {
  const out: Candidate[] = []
  const sorted = [...specs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const spec of sorted) {
    if (spec.hidden || spec.deprecated !== undefined) continue
    if (changed.has(spec.name) && spec.kind !== 'stringArray') continue
    if (`--${spec.name}`.startsWith(toComplete)) out.push({description: spec.description, value: `--${spec.name}`})
    if (spec.short && `-${spec.short}`.startsWith(toComplete)) out.push({description: spec.description, value: `-${spec.short}`})
  }
  return out
}

/** The subcommands of a node that cobra would list (available ones), with their summaries. */
async function subcommands(node: CommandNode, sources: CompletionSources): Promise<Candidate[]> {
  const {table} = sources
  if (node.kind === 'root') {
    const verbs = table.ids.filter((id) => !id.includes(':'))
    const summaries = await sources.summaries(verbs)
    const shown = verbs.filter((id) => summaries.get(id)?.hidden === false).map((id) => ({description: summaries.get(id)?.summary ?? '', value: id}))
    const groups = Object.keys(table.groups)
      .filter((group) => Object.values(table.groups[group] ?? {}).some((id) => table.ids.includes(id)))
      .map((group) => ({description: sources.groupSummary(group), value: group}))
    const help = table.ids.includes('help') ? [] : [{description: sources.helpSummary, value: 'help'}]
    return [...shown, ...groups, ...help].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
  }
  if (node.kind === 'group') {
    const subs = table.groups[node.name] ?? {}
    const aliases = table.groupAliases[node.name] ?? {}
    const names = Object.keys(subs).filter((name) => !(name in aliases) && table.ids.includes(subs[name] as string))
    const summaries = await sources.summaries(names.map((name) => subs[name] as string))
    return names
      .filter((name) => summaries.get(subs[name] as string)?.hidden === false)
      .map((name) => ({description: summaries.get(subs[name] as string)?.summary ?? '', value: name}))
      .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
  }
  return []
}

function nodeName(node: CommandNode, bin: string): string {
  if (node.kind === 'root') return bin
  if (node.kind === 'help') return 'help'
  return node.name
}

/** Completes the last of `words` (the words after the program name; the last may be ''). */
export async function completeLine(words: readonly string[], sources: CompletionSources): Promise<CompletionResult> {
  const toCompleteWord = words[words.length - 1] ?? ''
  const typed = words.slice(0, -1)
  const root: NodeFlags = {interspersed: false, specs: sources.globalFlags}
  const loaded = new Map<string, NodeFlags>()
  const flagsOf = (node: CommandNode): NodeFlags => (node.kind === 'root' ? root : node.kind === 'command' ? (loaded.get(node.id) ?? {interspersed: true, specs: []}) : {interspersed: true, specs: []})

  // Traversal needs each command's flags only at the leaf, which is known once the walk ends.
  const walk = traverse(sources.table, typed, (node) => flagsOf(node).specs)
  const {node} = walk
  if (node.kind === 'command') {
    const command = await sources.command(node.id)
    if (command === undefined) return fail(`unable to find a command for arguments: ${goList(typed)}`)
    loaded.set(node.id, {interspersed: command.interspersed, specs: command.flagSpecs})
  }

  // The flags before each command word, parsed on the way down as Traverse does.
  let globals: ParsedArgs | undefined
  for (const level of walk.levels) {
    try {
      const parsed = parse(level.flags, flagsOf(level.node))
      if (level.node.kind === 'root') globals = parsed
    } catch {
      return fail(`unable to find a command for arguments: ${goList(typed)}`)
    }
  }

  const own = flagsOf(node)
  const {args: flagArgs, error: flagError, flag, toComplete} = flagBeingCompleted(own.specs, walk.args, toCompleteWord, nodeName(node, sources.bin))

  // cobra tells whether flags are still possible by parsing once more with `--` added: when
  // the `--` counts as an argument, an earlier `--` (or, without interspersing, an argument)
  // already ended the flags.
  let parsed: ParsedArgs
  let flagCompletion = true
  try {
    let withTerminator: number | undefined
    try {
      withTerminator = parse([...flagArgs, '--'], own).args.length
    } catch {
      withTerminator = undefined
    }
    parsed = parse(flagArgs, own)
    if (withTerminator !== undefined && withTerminator > parsed.args.length) flagCompletion = false
  } catch (error) {
    if (error instanceof HelpRequested) return {candidates: [], directive: NoFileComp}
    const message = error instanceof FlagError ? error.message : String(error)
    return fail(`Error while parsing flags from args ${goList(flagArgs)}: ${message}`)
  }
  if (node.kind === 'root' && globals === undefined) globals = parsed
  if (flagError !== undefined && flagCompletion) return fail(flagError)

  const finalArgs = parsed.args
  const request = (): CompletionRequest => ({...sources.request(globals), args: finalArgs, flags: parsed.flags, toComplete})

  if (flag === undefined && toComplete.startsWith('-') && !toComplete.includes('=') && flagCompletion) {
    const candidates = flagNames(own.specs, parsed.changed, toComplete)
    const single = candidates.length === 1 && candidates[0]?.value.endsWith('=')
    return {candidates, directive: single ? NoSpace : NoFileComp}
  }

  const candidates: Candidate[] = []
  let directive: number = Default
  if (flag === undefined && finalArgs.length === 0) {
    const subs = await subcommands(node, sources)
    if (subs.length > 0) directive = NoFileComp
    candidates.push(...subs.filter((sub) => sub.value.startsWith(toComplete)))
  }

  let completer: Completer | undefined
  if (flag !== undefined && flagCompletion) {
    if (node.kind === 'root') completer = sources.globalCompleters[flag.name]
    else if (node.kind === 'command') {
      const table = sources.commandCompleters[node.id]
      completer = table?.flags?.[flag.name] ?? table?.otherFlags
    }
  } else if (node.kind === 'command') {
    completer = sources.commandCompleters[node.id]?.args
  }
  if (completer !== undefined) {
    const result = await completer(request())
    candidates.push(...result.candidates)
    directive = result.directive
  }
  return {candidates, directive}
}
