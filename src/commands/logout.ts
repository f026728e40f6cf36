// `whalectl logout`: docker logout. The credentials are erased from the registry's helper or from
// config.json, under every spelling docker ever stored them (`host`, `http://host`,
// `https://host`); a server that was not logged in gets the same message, and exit 0.
import type {ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {convertToHostname, CredentialHelperError, resolveAuthStrict} from '../lib/registry/auth.js'
import {CredentialStore} from '../lib/registry/credentials-store.js'
import {DOCKER_HUB_AUTH_KEY} from '../lib/registry/reference.js'

/** Where docker's web-based (OAuth) login keeps its tokens for Docker Hub. */
const ACCESS_TOKEN_KEY = `${DOCKER_HUB_AUTH_KEY}access-token`
const REFRESH_TOKEN_KEY = `${DOCKER_HUB_AUTH_KEY}refresh-token`

export async function runLogout(ctx: CommandContext, serverAddress: string): Promise<void> {
  const isDefault = serverAddress === ''
  const server = isDefault ? DOCKER_HUB_AUTH_KEY : serverAddress
  const hostname = isDefault ? server : convertToHostname(server)
  const toErase = isDefault ? [server] : [server, hostname, `http://${hostname}`, `https://${hostname}`]
  const store = new CredentialStore({config: ctx.config(), configDir: ctx.globals.configDir, warn: (text) => ctx.stderr.write(text)})

  if (isDefault) {
    // The OAuth manager's logout: tokens the CLI itself stored (`<token>..<client id>`) are
    // erased. docker then also revokes the refresh token with Docker Hub's login service;
    // whalectl does not talk to Docker Hub.
    try {
      const refresh = await resolveAuthStrict(ctx.config(), REFRESH_TOKEN_KEY)
      if ((refresh.password ?? '').split('..').length === 2) {
        try {
          await store.erase(ACCESS_TOKEN_KEY)
          await store.erase(REFRESH_TOKEN_KEY)
        } catch (error) {
          ctx.stderr.write(`WARNING: failed to erase tokens: ${(error as Error).message}\n`)
        }
      }
    } catch (error) {
      if (!(error instanceof CredentialHelperError)) throw error
      ctx.stderr.write(`WARNING: ${error.message}\n`)
    }
  }

  ctx.stdout.write(`Removing login credentials for ${hostname}\n`)
  const failures: Array<[string, string]> = []
  for (const address of toErase) {
    try {
      await store.erase(address)
    } catch (error) {
      if (!(error instanceof CredentialHelperError)) throw error
      failures.push([address, error.message])
    }
  }
  if (failures.length === toErase.length) {
    // docker lists them from a Go map, in no particular order; duplicates collapse as map keys do.
    const unique = new Map(failures)
    ctx.stderr.write('WARNING: could not erase credentials:\n')
    for (const [address, message] of unique) ctx.stderr.write(`${address}: ${message}\n`)
  }
}

export default class Logout extends DockerCommand {
  static override argRule = {kind: 'max', n: 1} as const
  static override description = 'Log out from a registry.\nIf no server is specified, the default is defined by the daemon.'
  static override summary = 'Log out from a registry'
  static override flagSpecs = []
  static override flags = toOclifFlags([])
  static override usageLine = 'logout [SERVER]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runLogout(ctx, parsed.args[0] ?? '')
  }
}
