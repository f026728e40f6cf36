// `whalectl port`: docker port. Lists a container's published ports as `80/tcp -> 0.0.0.0:8080`
// lines, or the host addresses of one private port (`port web 80`, tcp unless `80/udp`), in
// docker's natural order.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {BIN, DockerCommand} from '../lib/cli/docker-command.js'
import {ArgCountError, CliError} from '../lib/cli/errors.js'
import {goParseUint} from '../lib/go/strconv.js'
import {compareNatural} from '../lib/go/sortorder.js'

export interface PortOptions {
  container: string
  /** PRIVATE_PORT[/PROTO], or '' for every port. */
  port: string
}

interface PortBinding {
  HostIp?: string
  HostPort?: string
}

export function toPortOptions(parsed: ParsedArgs): PortOptions {
  return {container: parsed.args[0] ?? '', port: parsed.args[1] ?? ''}
}

/** Go's net.JoinHostPort: an IPv6 host goes in brackets. */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

/** The lines docker prints for a container's port map (unsorted). */
export function portLines(ports: Readonly<Record<string, readonly PortBinding[] | null>>, port: string, container: string): string[] {
  if (port === '') {
    return Object.entries(ports).flatMap(([from, frontends]) =>
      (frontends ?? []).map((f) => `${from} -> ${joinHostPort(f.HostIp ?? '', f.HostPort ?? '')}`),
    )
  }
  const slash = port.indexOf('/')
  const number = slash < 0 ? port : port.slice(0, slash)
  const proto = (slash < 0 ? '' : port.slice(slash + 1)) || 'tcp'
  try {
    goParseUint(number, 10, 16)
  } catch (error) {
    throw new CliError(`Error: invalid port (${number}): ${(error as Error).message}`)
  }
  const key = `${number}/${proto}`
  const frontends = Object.prototype.hasOwnProperty.call(ports, key) ? ports[key] : undefined
  if (!frontends || frontends.length === 0) throw new CliError(`Error: No public port '${port}' published for ${container}`)
  return frontends.map((f) => joinHostPort(f.HostIp ?? '', f.HostPort ?? ''))
}

export async function runPort(ctx: CommandContext, opts: PortOptions): Promise<void> {
  const c = await ctx.engine().containerInspect(opts.container)
  const ports = ((c.NetworkSettings as {Ports?: Record<string, PortBinding[] | null> | null} | undefined)?.Ports ?? {}) as Record<string, PortBinding[] | null>
  const lines = portLines(ports, opts.port, opts.container).sort(compareNatural)
  if (lines.length > 0) ctx.stdout.write(`${lines.join('\n')}\n`)
}

export default class Port extends DockerCommand {
  static override aliases = ['container:port']
  // Checked in execute: cobra's RequiresRangeArgs(1, 2) has its own wording.
  static override argRule = {kind: 'min', n: 0} as const
  static override description = 'List port mappings or a specific mapping for the container'
  static override usageLine = 'port CONTAINER [PRIVATE_PORT[/PROTO]]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    if (parsed.args.length < 1 || parsed.args.length > 2) {
      const name = `${BIN} ${this.invokedAs}`
      throw new ArgCountError(
        `${BIN}: '${name}' requires at least 1 and at most 2 arguments\n\nUsage:  ${BIN} ${this.usage()}\n\nRun '${name} --help' for more information`,
      )
    }
    await runPort(ctx, toPortOptions(parsed))
  }
}
