// oclif's explicit command table (package.json oclif.commands.target), loaded only to render
// help: each whalectl command is wrapped in an oclif Command class carrying its help metadata,
// and the help class (src/lib/cli/help/docker-help.ts) reads the wrapped command from it.
import {Command} from '@oclif/core'

import {COMMANDS, loadCommand} from './commands.js'
import {type DockerCommandClass, setProgramName} from './lib/cli/docker-command.js'
import {programNameFrom} from './lib/cli/help/program-name.js'

// oclif loads this table from dist/, modules apart from the bundled CLI's own: the name the CLI
// answers to must be set here too, before the commands' help texts (which name it) are read.
setProgramName(programNameFrom(process.argv[1]))

/** An oclif command class standing for a whalectl command. */
export type AdaptedCommand = typeof Command & {readonly dockerCommand: DockerCommandClass}

function adapt(id: string, cmd: DockerCommandClass): AdaptedCommand {
  return class extends Command {
    static override aliases = cmd.aliases
    static override description = cmd.description
    static readonly dockerCommand = cmd
    static override examples = cmd.examples
    static override flags = cmd.flags
    static override hidden = cmd.hidden
    static override id = id
    static override strict = false
    static override summary = cmd.summary
    static override usage = cmd.usageLine

    override async run(): Promise<void> {
      // whalectl dispatches commands itself (src/main.ts); oclif only renders their help.
    }
  }
}

/**
 * A registered command whose module is not there (yet) is left out of help rather than
 * breaking it for every command; any other failure to load is a bug and is thrown.
 */
async function loadForHelp(id: string): Promise<DockerCommandClass | undefined> {
  try {
    return await loadCommand(id)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined
    throw error
  }
}

const ids = Object.keys(COMMANDS)
const classes = await Promise.all(ids.map(async (id) => loadForHelp(id)))

export const OCLIF_COMMANDS: Record<string, AdaptedCommand> = Object.fromEntries(
  ids.flatMap((id, i) => {
    const cmd = classes[i]
    return cmd ? [[id, adapt(id, cmd)]] : []
  }),
)
