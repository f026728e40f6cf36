// Runs the built CLI (bin/run.js) as a child process: the only way to see true exit codes,
// stream separation and flushing.
import {spawn} from 'node:child_process'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN_RUN = path.join(REPO_ROOT, 'bin', 'run.js')

export interface CliResult {
  stdout: string
  stderr: string
  code: number
}

export async function runCli(args: string[], env: Record<string, string | undefined>, input?: string): Promise<CliResult> {
  const child = spawn(BIN_RUN, args, {
    env: {PATH: process.env.PATH, HOME: process.env.HOME, ...env},
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout.on('data', (c: Buffer) => out.push(c))
  child.stderr.on('data', (c: Buffer) => err.push(c))
  child.stdin.end(input)
  const code = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`whalectl ${args.join(' ')} timed out`))
    }, 20_000)
    child.on('close', (c) => {
      clearTimeout(timer)
      resolve(c ?? -1)
    })
  })
  return {code, stderr: Buffer.concat(err).toString('utf8'), stdout: Buffer.concat(out).toString('utf8')}
}
