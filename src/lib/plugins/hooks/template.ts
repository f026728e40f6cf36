// hooks.ParseTemplate: a hook's Template run as a Go text/template against the cobra command,
// with docker's two functions, `flag` (the named flag's value) and `arg` (the i-th argument).
// Its output is split into lines; any parse or execution error drops the hook.
import {goFunc, goTypeName, parseTemplate, type TemplateFunc} from '../../format/template.js'
import type {HookCommand} from './command.js'
import {flagText} from './command.js'

const COMMAND_TYPE = 'cobra.Command'
/** What a template reaches through `.`, kept beside the Go value for the functions. */
const COMMAND = Symbol('hookCommand')

interface CommandValue {
  readonly [goTypeName]: string
  readonly [COMMAND]: HookCommand
  readonly [member: string]: unknown
}

/** The fields and methods of *cobra.Command that docker's hook templates use. */
function commandValue(command: HookCommand, rootName: string): CommandValue {
  return {
    [COMMAND]: command,
    [goTypeName]: COMMAND_TYPE,
    CommandPath: goFunc(() => (command.path === '' ? rootName : `${rootName} ${command.path}`), []),
    Name: goFunc(() => command.name, []),
    Short: command.short,
    Use: command.use,
  }
}

/** hooks.ErrHookTemplateParse, which both functions return for what they cannot find. */
const PARSE_ERROR = 'failed to parse hook template'

const FUNCS: Readonly<Record<string, TemplateFunc>> = {
  // The executor passes only values of the declared Go types, so these casts hold.
  arg: goFunc((cmd: CommandValue, i: number) => cmd[COMMAND].args[i] ?? '', [`*${COMMAND_TYPE}`, 'int']) as TemplateFunc,
  flag: goFunc(
    (cmd: CommandValue, name: string) => {
      const {specs, values} = cmd[COMMAND]
      const spec = specs.find((s) => s.name === name)
      if (spec === undefined) throw new Error(PARSE_ERROR)
      return flagText(spec, values[name])
    },
    [`*${COMMAND_TYPE}`, 'string'],
  ) as TemplateFunc,
}

/** The template's lines, or undefined when docker would drop the hook. */
export function renderHookTemplate(source: string, command: HookCommand, rootName: string): string[] | undefined {
  try {
    return parseTemplate(source, FUNCS).execute(commandValue(command, rootName)).split('\n')
  } catch {
    return undefined
  }
}
