// `whalectl update`: docker update. The resource flags are run's (the same value parsers, so the
// same pflag errors); docker wants at least one flag. The containers are updated one after the
// other, each success printed as named; the engine's warnings follow on stdout, then the failures
// together on stderr (exit 1).
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {eachContainer, joinedError} from '../lib/container/each-container.js'
import {parseRestartPolicy} from '../lib/container/create-options.js'
import {memSwapBytes, parseNanoCpus, RUN_FLAGS} from '../lib/container/run-flags.js'
import type {Open} from '../lib/engine/types.js'
import {goParseUint} from '../lib/go/strconv.js'
import {ramInBytes} from '../lib/go/units.js'

/** run's flag of that name, with update's own help text where it differs. */
function runFlag(name: string, changes: Partial<FlagSpec> = {}): FlagSpec {
  const spec = RUN_FLAGS.find((f) => f.name === name)
  if (!spec) throw new Error(`no run flag --${name}`)
  const {default: _unused, ...rest} = spec
  return {...rest, ...changes}
}

const FLAGS: FlagSpec[] = [
  runFlag('blkio-weight'),
  runFlag('cpu-period'),
  runFlag('cpu-quota'),
  runFlag('cpu-rt-period', {description: 'Limit the CPU real-time period in microseconds'}),
  runFlag('cpu-rt-runtime', {description: 'Limit the CPU real-time runtime in microseconds'}),
  runFlag('cpu-shares'),
  runFlag('cpus'),
  runFlag('cpuset-cpus'),
  runFlag('cpuset-mems'),
  runFlag('kernel-memory', {description: 'Kernel memory limit (deprecated)', hidden: true}),
  runFlag('memory'),
  runFlag('memory-reservation'),
  runFlag('memory-swap', {description: 'Swap limit equal to memory plus swap: -1 to enable unlimited swap'}),
  runFlag('pids-limit'),
  runFlag('restart'),
]

/** The resources docker's update sets (its container.Resources, as the CLI fills it). */
export interface UpdateResources {
  BlkioWeight: number
  CpusetCpus: string
  CpusetMems: string
  CpuShares: number
  Memory: number
  MemoryReservation: number
  MemorySwap: number
  KernelMemory: number
  CpuPeriod: number
  CpuQuota: number
  CpuRealtimePeriod: number
  CpuRealtimeRuntime: number
  NanoCpus: number
  /** Sent only when --pids-limit is given and not 0. */
  PidsLimit?: number
}

/** POST /containers/{id}/update: docker's UpdateConfig. */
export interface ContainerUpdateBody extends Open, UpdateResources {
  RestartPolicy: {Name: string; MaximumRetryCount: number}
}

export interface UpdateOptions {
  containers: string[]
  /** How many flags were given (pflag's NFlag): docker refuses none. */
  flagCount: number
  resources: UpdateResources
  /** --restart as typed; '' leaves the policy alone. */
  restart: string
}

export function toUpdateOptions(parsed: ParsedArgs): UpdateOptions {
  const f = parsed.flags
  const int = (name: string): number => (f[name] as number | undefined) ?? 0
  const str = (name: string): string => (f[name] as string | undefined) ?? ''
  const through = <T>(name: string, parse: (v: string) => T, zero: T): T => (typeof f[name] === 'string' ? parse(f[name]) : zero)
  const pids = int('pids-limit')
  return {
    containers: parsed.args,
    flagCount: parsed.changed.size,
    resources: {
      BlkioWeight: through('blkio-weight', (v) => Number(goParseUint(v, 0, 16)), 0),
      CpuPeriod: int('cpu-period'),
      CpuQuota: int('cpu-quota'),
      CpuRealtimePeriod: int('cpu-rt-period'),
      CpuRealtimeRuntime: int('cpu-rt-runtime'),
      CpuShares: int('cpu-shares'),
      CpusetCpus: str('cpuset-cpus'),
      CpusetMems: str('cpuset-mems'),
      KernelMemory: through('kernel-memory', ramInBytes, 0),
      Memory: through('memory', ramInBytes, 0),
      MemoryReservation: through('memory-reservation', ramInBytes, 0),
      MemorySwap: through('memory-swap', memSwapBytes, 0),
      NanoCpus: through('cpus', parseNanoCpus, 0),
      ...(pids === 0 ? {} : {PidsLimit: pids}),
    },
    restart: str('restart'),
  }
}

export async function runUpdate(ctx: CommandContext, opts: UpdateOptions): Promise<void> {
  if (opts.flagCount === 0) throw new CliError('you must provide one or more flags when using this command')
  let restartPolicy: ContainerUpdateBody['RestartPolicy']
  try {
    restartPolicy = parseRestartPolicy(opts.restart)
  } catch (error) {
    throw new CliError((error as Error).message)
  }
  const body: ContainerUpdateBody = {...opts.resources, RestartPolicy: restartPolicy}
  const engine = ctx.engine()
  const warnings: string[] = []
  const update = async (name: string, signal: AbortSignal): Promise<string> => {
    const answer = await engine.containerUpdate(name, body, {signal})
    const list: unknown = (answer as {Warnings?: unknown} | null)?.Warnings
    if (Array.isArray(list)) warnings.push(...list.map(String))
    return name
  }
  const errors = await eachContainer(ctx, opts.containers, update, {concurrency: 1})
  if (warnings.length > 0) ctx.stdout.write(`${warnings.join('\n')}\n`)
  const error = joinedError(errors)
  if (error) throw error
}

export default class Update extends DockerCommand {
  static override aliases = ['container:update']
  static override argRule = {kind: 'min', n: 1} as const
  static override description = 'Update configuration of one or more containers'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'update [OPTIONS] CONTAINER [CONTAINER...]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runUpdate(ctx, toUpdateOptions(parsed))
  }
}
