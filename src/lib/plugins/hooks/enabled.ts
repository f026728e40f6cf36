// Whether docker 28 runs CLI plugin hooks (DockerCli.HooksEnabled): the first of
// DOCKER_CLI_HOOKS, the legacy DOCKER_CLI_HINTS and config.json's `features.hooks` that is set
// decides; a value strconv.ParseBool refuses means off, and so does having none.
import {goParseBool} from '../../go/strconv.js'

function parsedOrOff(value: string): boolean {
  try {
    return goParseBool(value)
  } catch {
    return false
  }
}

/** `features` is a getter so that config.json is read only when neither variable decides. */
export function hooksEnabled(env: NodeJS.ProcessEnv, features: () => Readonly<Record<string, string>> | undefined): boolean {
  // An empty variable counts as unset, as docker's `v != ""` test has it.
  for (const name of ['DOCKER_CLI_HOOKS', 'DOCKER_CLI_HINTS']) {
    const value = env[name]
    if (value !== undefined && value !== '') return parsedOrOff(value)
  }
  const feature = features()?.hooks
  return feature === undefined ? false : parsedOrOff(feature)
}
