// The root help's view of CLI plugins (`docker-<name>` in cli-plugins directories). Discovering
// them is the plugin module's job; it hands the help a source here, which is asked only when
// the root help is actually rendered, so other commands never pay for the directory scan.

export interface PluginHelpEntry {
  /** The command name (`compose` for `docker-compose`). */
  name: string
  /** The metadata's ShortDescription. */
  summary: string
  /** Why docker would refuse it (its metadata error); such plugins are listed under "Invalid Plugins". */
  invalidReason?: string
}

export type PluginHelpSource = () => Promise<readonly PluginHelpEntry[]> | readonly PluginHelpEntry[]

let source: PluginHelpSource | undefined

/** Installs (or, with undefined, removes) the function that lists plugins for the root help. */
export function setPluginHelpSource(next: PluginHelpSource | undefined): void {
  source = next
}

export async function pluginHelpEntries(): Promise<readonly PluginHelpEntry[]> {
  return source ? await source() : []
}
