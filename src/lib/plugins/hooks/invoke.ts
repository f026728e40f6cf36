// Plugin.RunHook: `docker-<name> <name> docker-cli-plugin-hooks '<HookPluginData JSON>'`, with
// the CLI's environment plus the variable that lets it run us again; its stdout is the answer.
import {spawn} from 'node:child_process'

import {goJSON, goJSONString} from '../../format/template.js'
import {ORIGINAL_CLI_COMMAND_ENV} from '../exec.js'

export const HOOK_SUBCOMMAND = 'docker-cli-plugin-hooks'

/** manager.HookPluginData. */
export interface HookPluginData {
  /** The configured hook that matched (`context` for `context ls`). */
  RootCmd: string
  Flags: Readonly<Record<string, string>>
  CommandError: string
}

/** json.Marshal of the struct: fields in order, map keys sorted, HTML characters escaped. */
export function marshalHookData(data: HookPluginData): string {
  return `{"RootCmd":${goJSONString(data.RootCmd, true)},"Flags":${goJSON({...data.Flags})},"CommandError":${goJSONString(data.CommandError, true)}}`
}

export interface HookPlugin {
  Name: string
  Path: string
}

/**
 * exec.Cmd.Output(): no stdin, stderr discarded. Resolves to stdout, or undefined when the
 * plugin could not start or did not exit 0 (docker skips such a plugin without a word).
 */
export function runHook(plugin: HookPlugin, data: HookPluginData, env: NodeJS.ProcessEnv, cliCommand: string): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const child = spawn(plugin.Path, [plugin.Name, HOOK_SUBCOMMAND, marshalHookData(data)], {
      argv0: plugin.Path,
      env: {...env, [ORIGINAL_CLI_COMMAND_ENV]: cliCommand},
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.once('error', () => resolve(undefined))
    child.once('close', (code) => resolve(code === 0 ? Buffer.concat(chunks) : undefined))
  })
}
