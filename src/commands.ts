// oclif's explicit command table: one import per verb, no directory scanning at start-up.
import Ps from './commands/ps.js'

export const COMMANDS = {
  ps: Ps,
} as Record<string, typeof Ps>
