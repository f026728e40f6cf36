// manager.RunCLICommandHooks / RunPluginHooks: once a command has run on a terminal with hooks
// enabled, each plugin whose config.json `hooks` names the command is asked for its hints, and
// the non-blank ones are printed on stderr under "What's next:".
import {BIN} from '../../cli/docker-command.js'
import {AbortedError} from '../../engine/errors.js'
import {getPlugin} from '../discovery.js'
import {hookCommand, type HookCommand} from './command.js'
import {hooksEnabled} from './enabled.js'
import {commandFlags, naiveFlags} from './flags.js'
import {runHook} from './invoke.js'
import {pluginMatch} from './match.js'
import {nextStepsTemplate} from './message.js'
import {hasContent, nextStepsText} from './print.js'
import type {HookSite} from './site.js'
import {renderHookTemplate} from './template.js'

/** What the hooks are told: the command as matched, its flags, and the command's error text. */
interface Invocation {
  name: string
  flags: Record<string, string>
  error: string
  /** The template's `.`. */
  command: HookCommand
  /** The builtins a plugin is checked against: after a builtin ran, cobra had added `help` and `completion`. */
  phase: 'run' | 'list'
}

function invocation(site: HookSite, error: unknown): Invocation {
  const command = hookCommand(site)
  if (site.command.kind === 'plugin') {
    const {args} = site.command
    return {command, error: '', flags: naiveFlags(args), name: args.join(' '), phase: 'run'}
  }
  const bools = new Set(command.specs.filter((spec) => spec.kind === 'bool').map((spec) => spec.name))
  return {
    command,
    error: error === undefined ? '' : ((error as Error)?.message ?? String(error)),
    flags: commandFlags({bools, changed: command.changed, values: command.values}),
    // The command path without the root's name: the root itself keeps it (`docker`).
    name: command.path === '' ? BIN : command.path,
    phase: 'list',
  }
}

/** The hint lines of every matching plugin. */
async function collectNextSteps(site: HookSite, run: Invocation): Promise<string[]> {
  const {ctx} = site
  const config = ctx.config()
  const lines: string[] = []
  // docker ranges over a Go map, so its order is random; by name is the deterministic choice.
  for (const name of Object.keys(config.plugins ?? {}).sort()) {
    const match = pluginMatch(config.plugins?.[name], run.name)
    if (match === undefined) continue
    // An invalid plugin (bad metadata, a builtin's name) is still asked, as docker asks it.
    const plugin = await getPlugin(name, ctx.globals.configDir, config, ctx.env, run.phase)
    if (plugin === undefined) continue
    const output = await runHook(plugin, {CommandError: run.error, Flags: run.flags, RootCmd: match}, ctx.env, site.cliCommand)
    if (output === undefined) continue
    const template = nextStepsTemplate(output)
    if (template === undefined) continue
    const rendered = renderHookTemplate(template, run.command, BIN)
    if (rendered !== undefined && hasContent(rendered)) lines.push(...rendered)
  }
  return lines
}

/**
 * Runs the hooks for a command that ended (with `error` when it failed); never throws, so a
 * hook can never change the command's outcome. The caller has checked stdout is a terminal.
 */
export async function runHooksAfter(site: HookSite, error?: unknown): Promise<void> {
  // A command cancelled by a signal gets no hints: docker checks its context first.
  if (error instanceof AbortedError) return
  try {
    const {ctx} = site
    if (!hooksEnabled(ctx.env, () => ctx.config().features)) return
    if (ctx.config().plugins === undefined) return
    const text = nextStepsText(await collectNextSteps(site, invocation(site, error)))
    if (text !== '') ctx.stderr.write(text)
  } catch {
    // docker's hooks report nothing either: a broken hook leaves the command's own output alone.
  }
}
