// Which plugins a command wakes (manager.pluginMatch): config.json `plugins.<name>.hooks` is a
// comma list of command prefixes, compared word by word with the command that ran.

/** The first configured hook that `command` (`image ls`, root name omitted) starts with, as written. */
export function pluginMatch(pluginConfig: Readonly<Record<string, string>> | undefined, command: string): string | undefined {
  const configured = pluginConfig?.hooks
  if (configured === undefined || configured === '') return undefined
  // Entries are not trimmed: docker compares `image, ps` as "image" and " ps".
  return configured.split(',').find((hook) => hookMatch(hook, command))
}

export function hookMatch(hook: string, command: string): boolean {
  const hookWords = hook.split(' ')
  const commandWords = command.split(' ')
  if (hookWords.length > commandWords.length) return false
  return hookWords.every((word, i) => word === commandWords[i])
}
