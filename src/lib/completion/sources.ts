// Completion wired to whalectl itself: its command table, its commands' metadata, the global
// flags as docker's help describes them, and the engine and context store of the line's
// own global flags (`whalectl -c other stop <Tab>` lists the containers of `other`).
import {COMMANDS, GROUP_ALIASES, GROUPS, loadCommand} from '../../commands.js'
import type {ParsedArgs} from '../cli/argv.js'
import {createContext, type GlobalOptions} from '../cli/context.js'
import {BIN} from '../cli/docker-command.js'
import {summaryOf} from '../cli/help/command-tree.js'
import {GROUP_SUMMARIES, globalHelpSpecs, HELP_COMMAND} from '../cli/help/docker-layout.js'
import {GLOBAL_FLAGS} from '../cli/global-flags.js'
import type {OutStream} from '../io.js'
import {defaultConfigDir} from '../config/config-file.js'
import type {CompletionSources} from './complete-line.js'
import {COMMAND_COMPLETIONS, GLOBAL_FLAG_COMPLETIONS} from './completers.js'
import {contextNames, currentContextName} from './context-names.js'
import {engineNames} from './live-names.js'
import {commandSummaries} from './summaries.js'

const TLS_FLAGS = ['tls', 'tlsverify', 'tlscacert', 'tlscert', 'tlskey']

/** The endpoint options of the global flags typed on the line being completed. */
function lineGlobals(parsed: ParsedArgs | undefined, env: NodeJS.ProcessEnv): GlobalOptions {
  const flags = parsed?.flags ?? {}
  const changed = parsed?.changed ?? new Set<string>()
  const text = (name: string): string | undefined => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined)
  const hosts = Array.isArray(flags.host) ? flags.host : []
  return {
    changed,
    configDir: text('config') ?? defaultConfigDir(env),
    context: text('context'),
    debug: false,
    host: hosts[0],
    tls: flags.tls === true,
    tlsCaCert: text('tlscacert'),
    tlsCert: text('tlscert'),
    tlsFlagChanged: TLS_FLAGS.some((name) => changed.has(name)),
    tlsKey: text('tlskey'),
    tlsVerify: flags.tlsverify === true,
  }
}

/** Nothing a lookup does may reach the terminal: the shell reads our stdout. */
const silent: OutStream = {write: () => true}

export function whalectlSources(env: NodeJS.ProcessEnv, stdin: NodeJS.ReadableStream): CompletionSources {
  const configDir = defaultConfigDir(env)
  return {
    bin: BIN,
    async command(id) {
      try {
        const cls = await loadCommand(id)
        return cls === undefined ? undefined : {flagSpecs: cls.flagSpecs, interspersed: cls.interspersed}
      } catch {
        return undefined
      }
    },
    commandCompleters: COMMAND_COMPLETIONS,
    globalCompleters: GLOBAL_FLAG_COMPLETIONS,
    globalFlags: globalHelpSpecs(GLOBAL_FLAGS, {bin: BIN, configDir, env}),
    groupSummary: (group) => GROUP_SUMMARIES[group] ?? '',
    helpSummary: HELP_COMMAND.summary,
    request(parsed) {
      const globals = lineGlobals(parsed, env)
      const ctx = createContext(globals, {env, stderr: silent, stdin, stdout: silent})
      return {
        contexts: () => ({current: currentContextName({...globals, env}), names: contextNames(globals.configDir)}),
        env,
        names: engineNames(() => ctx.engine(), env),
      }
    },
    summaries: (ids) =>
      commandSummaries(
        ids,
        async (id) => {
          try {
            const cls = await loadCommand(id)
            return cls === undefined ? undefined : {hidden: cls.hidden, summary: summaryOf(cls)}
          } catch {
            return undefined
          }
        },
        env,
        BIN,
      ),
    table: {groupAliases: GROUP_ALIASES, groups: GROUPS, ids: Object.keys(COMMANDS)},
  }
}
