// `whalectl login`: docker login. The credentials are checked by the engine (POST /auth) and only
// then stored, in the configured credential helper or in config.json (written atomically); a
// failed login leaves config.json as it was. Secrets are never printed, whatever --debug says.
import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext} from '../lib/cli/context.js'
import {readInputLine, withEchoDisabled} from '../lib/cli/credentials-prompt.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError} from '../lib/cli/errors.js'
import {printNote} from '../lib/cli/note.js'
import {ConnectionError, EngineError} from '../lib/engine/errors.js'
import type {AuthConfig, AuthResponse} from '../lib/engine/types.js'
import {convertToHostname, CredentialHelperError, resolveAuthStrict} from '../lib/registry/auth.js'
import {type Credentials, CredentialStore} from '../lib/registry/credentials-store.js'
import {DOCKER_HUB_AUTH_KEY} from '../lib/registry/reference.js'

const FLAGS: FlagSpec[] = [
  {description: 'Password or Personal Access Token (PAT)', kind: 'string', name: 'password', short: 'p', valueName: 'string'},
  {description: 'Take the Password or Personal Access Token (PAT) from stdin', kind: 'bool', name: 'password-stdin'},
  {description: 'Username', kind: 'string', name: 'username', short: 'u', valueName: 'string'},
]

const REGISTER_SUGGEST =
  "Log in with your Docker ID or email address to push and pull images from Docker Hub. If you don't have a Docker ID, head over to https://hub.docker.com/ to create one."
const PAT_SUGGEST =
  'You can log in with your password or a Personal Access Token (PAT). Using a limited-scope PAT grants better security and is required for organizations using SSO. Learn more at https://docs.docker.com/go/access-tokens/'

export interface LoginOptions {
  serverAddress: string
  user: string
  password: string
  passwordStdin: boolean
}

/** verifyLoginFlags: the flag combinations docker refuses before doing anything. */
export function toLoginOptions(parsed: ParsedArgs): LoginOptions {
  const f = parsed.flags
  const opts: LoginOptions = {
    password: (f.password as string | undefined) ?? '',
    passwordStdin: f['password-stdin'] === true,
    serverAddress: parsed.args[0] ?? '',
    user: (f.username as string | undefined) ?? '',
  }
  if (parsed.changed.has('password-stdin')) {
    if (parsed.changed.has('password')) throw new CliError('conflicting options: cannot specify both --password and --password-stdin')
    if (!parsed.changed.has('username')) throw new CliError('the --password-stdin option requires --username to be set')
  }
  if (parsed.changed.has('username') && opts.user === '') throw new CliError('username is empty')
  if (parsed.changed.has('password') && opts.password === '') throw new CliError('password is empty')
  return opts
}

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of input as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks).toString('utf8')
}

/** registry.AuthConfig as the engine is sent it: Go's field order, empty fields left out. */
function authBody(creds: Credentials): AuthConfig {
  const body: AuthConfig = {}
  for (const field of ['username', 'password', 'email', 'serveraddress', 'identitytoken'] as const) {
    const value = creds[field]
    if (value) body[field] = value
  }
  return body
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof EngineError && error.status === 401
}

export async function runLogin(ctx: CommandContext, opts: LoginOptions): Promise<void> {
  let password = opts.password
  if (password !== '') ctx.stderr.write('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n')
  if (opts.passwordStdin) {
    if (opts.user === '') throw new CliError('username is empty')
    password = (await readAll(ctx.stdin)).replace(/\n$/, '').replace(/\r$/, '')
  }
  const address = opts.serverAddress !== '' && opts.serverAddress !== 'docker.io' ? opts.serverAddress : DOCKER_HUB_AUTH_KEY
  const server = address === DOCKER_HUB_AUTH_KEY ? address : convertToHostname(address)
  const store = new CredentialStore({config: ctx.config(), configDir: ctx.globals.configDir, warn: (text) => ctx.stderr.write(text)})

  // With neither user nor password given, the stored credentials are tried first.
  let stored: Credentials = {serveraddress: server}
  let lookupFailed = false
  if (opts.user === '' && password === '') {
    try {
      const found = await resolveAuthStrict(ctx.config(), server)
      stored = {email: found.email, password: found.password, serveraddress: server, username: found.username}
    } catch (error) {
      if (!(error instanceof CredentialHelperError)) throw error
      lookupFailed = true
    }
  }
  let status: string | undefined
  if (!lookupFailed && stored.username && stored.password) {
    status = await loginWithStoredCredentials(ctx, store, stored)
  }
  if (status === undefined) status = await loginUser(ctx, store, {...opts, password}, stored.username ?? '', server)
  if (status !== '') ctx.stdout.write(`${status}\n`)
}

/** Status text on success, undefined when the stored credentials did not work. */
async function loginWithStoredCredentials(ctx: CommandContext, store: CredentialStore, creds: Credentials): Promise<string | undefined> {
  ctx.stderr.write(`Authenticating with existing credentials... [Username: ${creds.username}]\n`)
  printNote(ctx.stderr, "To login with a different account, run 'docker logout' followed by 'docker login'")
  ctx.stderr.write('\n\n')
  let response: AuthResponse | undefined
  let failed = false
  try {
    response = await ctx.engine().registryLogin(authBody(creds))
  } catch (error) {
    if (!(error instanceof EngineError || error instanceof ConnectionError)) throw error
    failed = true
    ctx.stderr.write(isUnauthorized(error) ? 'Stored credentials invalid or expired\n' : `Login did not succeed, error: ${error.message}\n`)
  }
  const token = response?.IdentityToken ?? ''
  await storeCredentials(store, token !== '' ? {...creds, identitytoken: token, password: ''} : creds)
  return failed ? undefined : (response?.Status ?? '')
}

async function loginUser(ctx: CommandContext, store: CredentialStore, opts: LoginOptions, defaultUsername: string, server: string): Promise<string> {
  if ((opts.user === '' || opts.password === '') && ctx.stdin.isTTY !== true) {
    throw new CliError('Error: Cannot perform an interactive login from a non TTY device')
  }
  const creds = await promptUserForCredentials(ctx, opts.user, opts.password, defaultUsername, server)
  const response = await ctx.engine().registryLogin(authBody(creds))
  const token = response.IdentityToken ?? ''
  await storeCredentials(store, token !== '' ? {...creds, identitytoken: token, password: ''} : creds)
  return response.Status ?? ''
}

async function storeCredentials(store: CredentialStore, creds: Credentials): Promise<void> {
  try {
    await store.store(creds)
  } catch (error) {
    throw new CliError(`Error saving credentials: ${(error as Error).message}`)
  }
}

/** command.PromptUserForCredentials: asks for what the flags did not give; both end up trimmed. */
async function promptUserForCredentials(ctx: CommandContext, argUser: string, argPassword: string, defaultUsername: string, server: string): Promise<Credentials> {
  let user = argUser.trim()
  if (user === '') {
    if (server === DOCKER_HUB_AUTH_KEY) {
      ctx.stdout.write(`${REGISTER_SUGGEST}\n`)
      if (hintsEnabled(ctx.env)) ctx.stdout.write(`${PAT_SUGGEST}\n\n`)
    }
    const fallback = defaultUsername.trim()
    ctx.stdout.write(fallback === '' ? 'Username: ' : `Username (${fallback}): `)
    user = (await readInputLine(ctx.stdin, ctx.stdout)) || fallback
    if (user === '') throw new CliError('Error: Non-null Username Required')
  }
  let password = argPassword.trim()
  if (password === '') {
    password = await withEchoDisabled(async () => {
      if (server === DOCKER_HUB_AUTH_KEY) {
        printNote(ctx.stderr, 'A Personal Access Token (PAT) can be used instead.\nTo create a PAT, visit \x1b[4mhttps://app.docker.com/settings\x1b[0m\n\n')
      }
      ctx.stdout.write('Password: ')
      const line = await readInputLine(ctx.stdin, ctx.stdout)
      ctx.stdout.write('\n')
      return line
    }, ctx.stderr)
    if (password === '') throw new CliError('Error: Password Required')
  }
  return {password, serveraddress: server, username: user}
}

/** hints.Enabled: on unless DOCKER_CLI_HINTS says false. */
function hintsEnabled(env: NodeJS.ProcessEnv): boolean {
  const value = env.DOCKER_CLI_HINTS
  if (value === undefined || value === '') return true
  return !['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)
}

export default class Login extends DockerCommand {
  static override argRule = {kind: 'max', n: 1} as const
  static override description = 'Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.'
  static override summary = 'Authenticate to a registry'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'login [OPTIONS] [SERVER]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    await runLogin(ctx, toLoginOptions(parsed))
  }
}
