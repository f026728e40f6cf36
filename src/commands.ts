// The command table: one import per verb, no directory scanning at start-up.
import type {DockerCommandClass} from './lib/cli/docker-command.js'
import Ps from './commands/ps.js'

export const COMMANDS: Record<string, DockerCommandClass> = {
  ps: Ps,
}
