// The flags `docker stop` and `docker restart` share: -s/--signal, -t/--timeout, and the
// deprecated --time (hidden; each use prints pflag's notice on stdout). --time and --timeout set
// the same value, and giving both is refused once the arguments are known to be there.
import type {FlagSpec, ParsedArgs} from '../cli/argv.js'
import {CliError} from '../cli/errors.js'

const TIMEOUT_HELP = 'Seconds to wait before killing the container'

export const STOP_FLAGS: FlagSpec[] = [
  {description: 'Signal to send to the container', kind: 'string', name: 'signal', short: 's', valueName: 'string'},
  {deprecated: 'use --timeout instead', description: `${TIMEOUT_HELP} (deprecated: use --timeout)`, hidden: true, kind: 'int', name: 'time', valueName: 'int'},
  {description: TIMEOUT_HELP, kind: 'int', name: 'timeout', short: 't', valueName: 'int'},
]

export interface StopOptions {
  containers: string[]
  /** Empty: the container's own stop signal. */
  signal: string
  /** Seconds; undefined leaves it to the container's stop timeout (-t was not given). */
  timeout?: number
}

export function toStopOptions(parsed: ParsedArgs): StopOptions {
  const {changed, flags} = parsed
  if (changed.has('time') && changed.has('timeout')) throw new CliError('conflicting options: cannot specify both --timeout and --time')
  // Both flags write one variable in docker, so the one given is the value.
  const given = changed.has('time') ? 'time' : changed.has('timeout') ? 'timeout' : undefined
  return {
    containers: parsed.args,
    signal: flags.signal as string | undefined ?? '',
    timeout: given === undefined ? undefined : (flags[given] as number),
  }
}
