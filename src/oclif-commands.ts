// oclif's explicit command table (package.json oclif.commands.target), loaded only to render
// help: each whalectl command is wrapped in an oclif Command class carrying its help metadata.
import {Command} from '@oclif/core'

import {COMMANDS, loadCommand} from './commands.js'
import type {DockerCommandClass} from './lib/cli/docker-command.js'

function adapt(id: string, cmd: DockerCommandClass): typeof Command {
  return class extends Command {
    static override aliases = cmd.aliases
    static override description = cmd.description
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

const ids = Object.keys(COMMANDS)
const classes = await Promise.all(ids.map(async (id) => adapt(id, (await loadCommand(id)) as DockerCommandClass)))

export const OCLIF_COMMANDS: Record<string, typeof Command> = Object.fromEntries(ids.map((id, i) => [id, classes[i] as typeof Command]))
