// docker's resolveContextName, the one rule every caller follows: --context, else `default` when
// -H or DOCKER_HOST names the engine, else DOCKER_CONTEXT, else config.json's currentContext, else
// `default`. No imports: a Tab completion and the version command use it without the context store.

/** The context that is never stored: -H/DOCKER_HOST and the TLS settings of this run. */
export const DEFAULT_CONTEXT = 'default'

/** The current context's name; `configured` (config.json's currentContext) is read only when needed. The name is not checked. */
export function resolveContextName(flags: {context?: string; host?: string}, env: NodeJS.ProcessEnv, configured: () => string | undefined): string {
  if (flags.context) return flags.context
  if (flags.host !== undefined || env.DOCKER_HOST) return DEFAULT_CONTEXT
  return env.DOCKER_CONTEXT || configured() || DEFAULT_CONTEXT
}
