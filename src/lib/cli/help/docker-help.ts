// The help class: oclif's Help, rendering docker's layout. oclif stays the framework that owns
// the command metadata (its Config loads the command table, src/oclif-commands.ts); this class
// turns it into docker's pages through command-tree.ts and help-page.ts.
import {type Command, Config, Help, type Interfaces} from '@oclif/core'

import type {AdaptedCommand} from '../../../oclif-commands.js'
import {defaultConfigDir} from '../../config/config-file.js'
import {BIN, type DockerCommandClass} from '../docker-command.js'
import {CliError} from '../errors.js'
import {GLOBAL_FLAGS} from '../global-flags.js'
import {type CommandMeta, CommandTree} from './command-tree.js'
import {globalHelpSpecs} from './docker-layout.js'
import {flagUsages} from './flag-usages.js'
import {type HelpPage, renderHelpPage} from './help-page.js'
import {pluginHelpEntries} from './plugin-entries.js'
import {helpWidth} from './terminal-width.js'

/** How a page is printed: where it goes, its width, and the environment the defaults read. */
export interface HelpSettings {
  write: (text: string) => void
  width: number
  env: NodeJS.ProcessEnv
}

/**
 * A registered command class that extends another registered one (`image ls` from `images`)
 * is that command under another spelling: both answer to the oldest registered ancestor.
 */
function implementationOf(cmd: DockerCommandClass, registered: ReadonlySet<unknown>): unknown {
  let identity: unknown = cmd
  for (let cls: unknown = Object.getPrototypeOf(cmd); cls; cls = Object.getPrototypeOf(cls)) {
    if (registered.has(cls)) identity = cls
  }
  return identity
}

export class DockerHelp extends Help {
  settings: HelpSettings = {
    env: process.env,
    width: helpWidth(),
    write: (text) => process.stdout.write(text),
  }

  private tree?: CommandTree

  /** The command tree, from the commands oclif's Config loaded. */
  async commandTree(): Promise<CommandTree> {
    if (this.tree) return this.tree
    // Config.load imported every command already: load() only hands the class back.
    const adapted = await Promise.all(this.config.commands.map(async (loadable) => [loadable.id, (await loadable.load()) as AdaptedCommand] as const))
    const registered = new Set<unknown>(adapted.map(([, {dockerCommand}]) => dockerCommand))
    const catalog = new Map<string, CommandMeta>(
      adapted.map(([id, {dockerCommand: cmd}]) => [
        id,
        {
          description: cmd.description,
          examples: cmd.examples,
          flagSpecs: cmd.flagSpecs,
          hidden: cmd.hidden,
          implementation: implementationOf(cmd, registered),
          summary: cmd.summary,
          usageLine: cmd.usageLine,
        },
      ]),
    )
    this.tree = new CommandTree(catalog)
    return this.tree
  }

  /** The page for the words given to `help` (or found before `--help`), as docker prints it. */
  async renderTopic(words: readonly string[]): Promise<string> {
    const tree = await this.commandTree()
    const {rest, topic} = tree.resolve(words)
    if (rest.length > 0) throw new CliError(`unknown help topic: ${rest.join(' ')}`)
    switch (topic.kind) {
      case 'root': {
        return this.renderRoot()
      }
      case 'help': {
        return renderHelpPage(tree.helpCommandPage())
      }
      case 'group': {
        return renderHelpPage(tree.groupPage(topic.group))
      }
      case 'command': {
        return this.renderCommand(topic.id, topic.path)
      }
    }
  }

  async renderRoot(): Promise<string> {
    const tree = await this.commandTree()
    const {env, width} = this.settings
    const specs = globalHelpSpecs(GLOBAL_FLAGS, {bin: BIN, configDir: defaultConfigDir(env), env})
    const page: HelpPage = tree.rootPage(flagUsages(specs, width), await pluginHelpEntries())
    return renderHelpPage(page)
  }

  /** A command's page under the path it was invoked by (`container ls`, `ps`). */
  async renderCommand(id: string, path: string): Promise<string> {
    const page = (await this.commandTree()).commandPage(id, path, this.settings.width)
    if (!page) throw new CliError(`unknown help topic: ${path}`)
    return renderHelpPage(page)
  }

  override async showHelp(argv: string[]): Promise<void> {
    this.settings.write(await this.renderTopic(argv))
  }

  override async showCommandHelp(command: Command.Loadable): Promise<void> {
    this.settings.write(await this.renderCommand(command.id, command.id.replaceAll(':', ' ')))
  }

  protected override async showRootHelp(): Promise<void> {
    this.settings.write(await this.renderRoot())
  }

  protected override async showTopicHelp(topic: Interfaces.Topic): Promise<void> {
    await this.showHelp(topic.name.split(':'))
  }
}

/** oclif's Config for the package at `root`, with docker's help class on it. */
export async function createDockerHelp(root: string, settings?: Partial<HelpSettings>): Promise<DockerHelp> {
  const config = await Config.load({root})
  const help = new DockerHelp(config)
  help.settings = {...help.settings, ...settings}
  return help
}
