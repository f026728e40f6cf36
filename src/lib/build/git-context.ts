// Git URL build contexts, as docker's CLI prepares them (build.GetContextFromGitURL and the git
// package it vendors from moby): the repository is fetched on this machine with the local `git`
// into a fresh directory, the `#ref:subdir` fragment picks what to check out and where the
// context starts, submodules are fetched too, and the checkout is then sent like any local
// directory. The engine never sees the URL, so it needs neither network access nor git.
import {spawn} from 'node:child_process'
import {randomInt} from 'node:crypto'
import {lstatSync, mkdirSync, readlinkSync, rmSync} from 'node:fs'
import {stat} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type {Readable} from 'node:stream'

import {goQuote} from '../format/go-print.js'
import {lookPathOnEnvPath} from '../registry/auth.js'
import {type BuildContext, BuildContextError, contextFromLocalDir, resolveContextDir, resolveDockerfile} from './context.js'

/** What a `git://…`/`https://….git#ref:dir` URL names: the remote, the ref to fetch, the context directory in it. */
export interface GitRemote {
  remote: string
  ref: string
  subdir: string
}

/** A checkout made for one build; `root` is removed with everything in it once the build is done. */
export interface GitCheckout {
  root: string
  /** The context directory: `root`, or the fragment's subdirectory of it. */
  dir: string
}

/** How git is run; tests replace `fetchSupportsShallow` to keep HTTP out. */
export interface GitOptions {
  env?: NodeJS.ProcessEnv
  /** Whether the remote can serve a shallow fetch (docker asks smart HTTP servers; other transports can). */
  fetchSupportsShallow?: (remote: string) => Promise<boolean>
}

// The clone's own failures, worded as docker's git package words them; wrapped by the caller.
class GitCloneError extends Error {}

/**
 * GetContextFromGitURL plus the directory handling docker's build does next: the context of a
 * build from `url`, with the checkout removed when the context stream closes (or when the
 * process exits first, should the stream never be read).
 */
export async function contextFromGitURL(
  url: string,
  opts: {file?: string; stdin?: Readable; onSkip?: (message: string) => void} & GitOptions = {},
): Promise<BuildContext & {contextDir: string}> {
  if (!lookPathOnEnvPath('git')) {
    throw new BuildContextError(`unable to prepare context: unable to find 'git': exec: "git": executable file not found in $PATH`)
  }
  let checkout: GitCheckout
  try {
    checkout = await cloneGitRepository(url, opts)
  } catch (error) {
    if (!(error instanceof GitCloneError)) throw error
    throw new BuildContextError(`unable to prepare context: unable to 'git clone' to temporary context directory: ${error.message}`)
  }
  const remove = (): void => rmSync(checkout.root, {force: true, recursive: true})
  process.once('exit', remove)
  const cleanup = (): void => {
    process.removeListener('exit', remove)
    remove()
  }
  try {
    const file = opts.file ?? ''
    const contextDir = await resolveContextDir(checkout.dir)
    // A relative -f names a file in the checkout, and it may not lead out of it.
    const relDockerfile = await resolveDockerfile(contextDir, file, contextDir)
    if (relDockerfile.startsWith('../')) {
      throw new BuildContextError(`unable to prepare context: the Dockerfile (${file}) must be within the build context`)
    }
    const context = await contextFromLocalDir(contextDir, {cwd: contextDir, file, onSkip: opts.onSkip, stdin: opts.stdin})
    context.stream.once('close', cleanup)
    return context
  } catch (error) {
    cleanup()
    throw error
  }
}

/** git.Clone: init, add the remote, fetch the ref (shallow where the server can), check out, update submodules. */
export async function cloneGitRepository(url: string, opts: GitOptions = {}): Promise<GitCheckout> {
  const repo = parseGitURL(url)
  const env = opts.env ?? process.env
  const shallow = await (opts.fetchSupportsShallow ?? supportsShallowClone)(repo.remote)
  const fetch = ['fetch', ...(shallow ? ['--depth', '1'] : []), 'origin', '--', repo.ref]
  const root = mkdirTemp('docker-build-git')
  try {
    // Like docker: no submodule may come from the local filesystem, and no unsafe protocol.
    const gitWithin = (...args: string[]) => run(['-c', 'protocol.file.allow=never', ...args], root, {...env, GIT_PROTOCOL_FROM_USER: '0'})
    const init = await gitWithin('init')
    if (init.error) throw new GitCloneError(`failed to init repo at ${root}: ${init.output}: ${init.error}`)
    const remote = await gitWithin('remote', 'add', 'origin', repo.remote)
    if (remote.error) throw new GitCloneError(`failed add origin repo at ${repo.remote}: ${remote.output}: ${remote.error}`)
    const fetched = await gitWithin(...fetch)
    if (fetched.error) throw new GitCloneError(`error fetching: ${fetched.output}: ${fetched.error}`)
    // A branch name checks out the branch; anything else (a tag, a pull ref) the fetched commit.
    const byName = await gitWithin('checkout', repo.ref)
    if (byName.error && (await gitWithin('checkout', 'FETCH_HEAD')).error) {
      throw new GitCloneError(`error checking out ${repo.ref}: ${byName.output}: ${byName.error}`)
    }
    let dir = root
    if (repo.subdir !== '') {
      let inScope: string
      try {
        inScope = followSymlinkInScope(path.join(root, repo.subdir), root)
      } catch (error) {
        throw new GitCloneError(`error setting git context, ${goQuote(repo.subdir)} not within git root: ${(error as Error).message}`)
      }
      const info = await stat(inScope).catch((error: NodeJS.ErrnoException) => {
        throw new GitCloneError(`stat ${inScope}: ${ERRNO_TEXT[error.code ?? ''] ?? error.message}`)
      })
      if (!info.isDirectory()) throw new GitCloneError(`error setting git context, not a directory: ${inScope}`)
      dir = inScope
    }
    // docker runs this one without the protocol restrictions above.
    const submodules = await run(['submodule', 'update', '--init', '--recursive', '--depth=1'], root, env)
    if (submodules.error) throw new GitCloneError(`error initializing submodules: ${submodules.output}: ${submodules.error}`)
    return {dir, root}
  } catch (error) {
    rmSync(root, {force: true, recursive: true})
    throw error
  }
}

/**
 * git's parseRemoteURL: an address without a git transport is taken as https; the fragment is
 * `ref:subdir`, the ref defaulting to master.
 */
export function parseGitURL(url: string): GitRemote {
  const transport = url.startsWith('git@') || ['git', 'http', 'https', 'ssh'].includes(schemeOf(url))
  const full = transport ? url : `https://${url}`
  const hash = full.indexOf('#')
  const remote = hash >= 0 ? full.slice(0, hash) : full
  let fragment = hash >= 0 ? full.slice(hash + 1) : ''
  // url.Parse unescapes the fragment of a URL; `git@host:repo` is no URL and is taken as written.
  if (!full.startsWith('git@')) {
    try {
      fragment = unescapeFragment(fragment)
    } catch (error) {
      throw new GitCloneError(`parse ${goQuote(full)}: ${(error as Error).message}`)
    }
  }
  const colon = fragment.indexOf(':')
  const ref = (colon >= 0 ? fragment.slice(0, colon) : fragment) || 'master'
  const subdir = colon >= 0 ? fragment.slice(colon + 1) : ''
  if (ref.startsWith('-')) throw new GitCloneError(`invalid refspec: ${ref}`)
  return {ref, remote, subdir}
}

function schemeOf(url: string): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)
  return match ? (match[1] as string).toLowerCase() : ''
}

function unescapeFragment(text: string): string {
  const bytes: number[] = []
  const raw = Buffer.from(text, 'utf8')
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] as number
    if (b !== 0x25) {
      bytes.push(b)
      continue
    }
    const hex = raw.toString('latin1', i + 1, i + 3)
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Error(`invalid URL escape ${goQuote(raw.toString('utf8', i, i + 3))}`)
    bytes.push(Number.parseInt(hex, 16))
    i += 2
  }
  return Buffer.from(bytes).toString('utf8')
}

/**
 * supportsShallowClone: every transport but HTTP can fetch shallow; over HTTP only a smart
 * server can, which answers `info/refs?service=git-upload-pack` with its own content type.
 */
export async function supportsShallowClone(remote: string): Promise<boolean> {
  const scheme = schemeOf(remote)
  if (scheme !== 'http' && scheme !== 'https') return true
  const {got} = await import('got')
  const serviceURL = `${remote}/info/refs?service=git-upload-pack`
  const ask = async (method: 'GET' | 'HEAD') => {
    try {
      const response = await got(serviceURL, {method, retry: {limit: 0}, throwHttpErrors: false})
      return response.statusCode === 200 ? response : undefined
    } catch {
      return undefined
    }
  }
  const response = (await ask('HEAD')) ?? (await ask('GET'))
  return response?.headers['content-type'] === 'application/x-git-upload-pack-advertisement'
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
}

// Go's ExitError text for a process a signal ended.
const SIGNAL_TEXT: Record<string, string> = {
  SIGABRT: 'aborted',
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGKILL: 'killed',
  SIGPIPE: 'broken pipe',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
}

/** `git <args>` in `cwd`, as exec.Cmd.CombinedOutput runs it: stdout and stderr in one buffer, and Go's error text. */
function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{output: string; error?: string}> {
  return new Promise((resolve) => {
    const child = spawn('git', args, {cwd, env, stdio: ['ignore', 'pipe', 'pipe']})
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.once('error', (error) => resolve({error: `exec: "git": ${error.message}`, output: ''}))
    child.once('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8')
      if (signal !== null) resolve({error: `signal: ${SIGNAL_TEXT[signal] ?? signal}`, output})
      else if (code !== 0) resolve({error: `exit status ${code ?? -1}`, output})
      else resolve({output})
    })
  })
}

/** os.MkdirTemp("", prefix): the name ends in random decimal digits, as Go makes them. */
function mkdirTemp(prefix: string): string {
  for (let attempt = 0; ; attempt++) {
    const dir = path.join(os.tmpdir(), `${prefix}${randomInt(0, 2 ** 32)}`)
    try {
      mkdirSync(dir, {mode: 0o700})
      return dir
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 10_000) throw error
    }
  }
}

/**
 * moby/sys/symlink.FollowSymlinkInScope: `target` with its symlinks resolved as if `root` were
 * the filesystem's root, so that no link (and no `..`) leads out of it. Missing components are
 * accepted as they are.
 */
export function followSymlinkInScope(target: string, root: string): string {
  const scope = path.resolve(root)
  const full = path.resolve(target)
  if (full === scope) return full
  if (!full.startsWith(scope)) throw new Error(`evalSymlinksInScope: ${full} is not in ${scope}`)
  let rest = path.normalize(full.slice(scope.length))
  if (!rest.startsWith('/')) throw new Error(`evalSymlinksInScope: ${rest} is not in ${scope}`)
  let resolved = ''
  for (let n = 0; rest !== ''; n++) {
    if (n > 255) throw new Error(`evalSymlinksInScope: too many links in ${full}`)
    const slash = rest.indexOf('/')
    const part = slash < 0 ? rest : rest.slice(0, slash)
    rest = slash < 0 ? '' : rest.slice(slash + 1)
    if (part === '') continue
    const clean = path.normalize(`/${resolved}${part}`)
    if (clean === '/') {
      resolved = ''
      continue
    }
    const candidate = path.normalize(scope + clean)
    let link: string | undefined
    try {
      if (lstatSync(candidate).isSymbolicLink()) link = readlinkSync(candidate)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    if (link === undefined) {
      resolved += `${part}/`
      continue
    }
    if (path.isAbsolute(link)) resolved = ''
    rest = `${link}/${rest}`
  }
  return path.normalize(scope + path.normalize(`/${resolved}`)).replace(/(.)\/$/, '$1')
}
