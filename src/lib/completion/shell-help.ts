// docker's help texts for `completion` and its shell subcommands (cobra's default completion
// command), with the program's own name in them.
import {SHELLS} from './value-lists.js'

export type Shell = 'bash' | 'zsh' | 'fish'

export function isShell(word: string): word is Shell {
  return SHELLS.includes(word)
}

export function shellSummary(shell: string): string {
  return `Generate the autocompletion script for ${shell}`
}

export function completionDescription(bin: string): string {
  return `Generate the autocompletion script for ${bin} for the specified shell.\nSee each sub-command's help for details on how to use the generated script.\n`
}

/** The usage line after `Usage:  `: cobra adds `[flags]` where the Use line has no arguments but bash's does not. */
export function shellUsage(bin: string, shell: Shell): string {
  return shell === 'bash' ? `${bin} completion bash` : `${bin} completion ${shell} [flags]`
}

export function shellDescription(bin: string, shell: Shell): string {
  const head = `Generate the autocompletion script for the ${shell} shell.\n\n`
  const tail = '\nYou will need to start a new shell for this setup to take effect.\n'
  if (shell === 'bash') {
    return `${head}This script depends on the 'bash-completion' package.
If it is not installed already, you can install it via your OS's package manager.

To load completions in your current shell session:

\tsource <(${bin} completion bash)

To load completions for every new session, execute once:

#### Linux:

\t${bin} completion bash > /etc/bash_completion.d/${bin}

#### macOS:

\t${bin} completion bash > $(brew --prefix)/etc/bash_completion.d/${bin}
${tail}`
  }
  if (shell === 'zsh') {
    return `${head}If shell completion is not already enabled in your environment you will need
to enable it.  You can execute the following once:

\techo "autoload -U compinit; compinit" >> ~/.zshrc

To load completions in your current shell session:

\tsource <(${bin} completion zsh)

To load completions for every new session, execute once:

#### Linux:

\t${bin} completion zsh > "\${fpath[1]}/_${bin}"

#### macOS:

\t${bin} completion zsh > $(brew --prefix)/share/zsh/site-functions/_${bin}
${tail}`
  }
  return `${head}To load completions in your current shell session:

\t${bin} completion fish | source

To load completions for every new session, execute once:

\t${bin} completion fish > ~/.config/fish/completions/${bin}.fish
${tail}`
}
