import type {Shell} from '../shell-help.js'
import {bashScript} from './bash.js'
import {fishScript} from './fish.js'
import {zshScript} from './zsh.js'

/** The completion script for `shell`, completing the program named `bin`. */
export function completionScript(shell: Shell, bin: string, descriptions: boolean): string {
  if (shell === 'bash') return bashScript(bin, descriptions)
  if (shell === 'zsh') return zshScript(bin, descriptions)
  return fishScript(bin, descriptions)
}
