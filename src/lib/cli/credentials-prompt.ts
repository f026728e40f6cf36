// docker's interactive login prompts (command.PromptUserForCredentials): a line read from the
// terminal for the user name, and one with the terminal's echo turned off for the password.
import {spawnSync} from 'node:child_process'

import type {InStream, OutStream} from '../io.js'
import {CancelledError} from './interrupt.js'

/**
 * One line of `input` (its end of line and surrounding space trimmed, as docker's ReadInput does);
 * '' at the end of the input. Whatever follows the line is left in the stream for the next read.
 * SIGINT/SIGTERM end the prompt as docker's does: a newline, then a quiet 128+signal exit.
 */
export function readInputLine(input: InStream, out: OutStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const stop = (): void => {
      input.removeListener('data', onData)
      input.removeListener('end', onEnd)
      input.removeListener('error', onEnd)
      process.removeListener('SIGINT', onSignal)
      process.removeListener('SIGTERM', onSignal)
      input.pause()
    }
    const finish = (line: string, rest?: Buffer): void => {
      stop()
      if (rest !== undefined && rest.length > 0) input.unshift(rest)
      resolve(line.trim())
    }
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      const newline = buffer.indexOf(0x0a)
      if (newline === -1) {
        chunks.push(buffer)
        return
      }
      chunks.push(buffer.subarray(0, newline))
      finish(Buffer.concat(chunks).toString('utf8'), buffer.subarray(newline + 1))
    }
    const onEnd = (): void => finish(Buffer.concat(chunks).toString('utf8'))
    const onSignal = (signal: NodeJS.Signals): void => {
      stop()
      out.write('\n')
      reject(new CancelledError(signal === 'SIGTERM' ? 143 : 130))
    }
    input.on('data', onData)
    input.once('end', onEnd)
    input.once('error', onEnd)
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    input.resume()
  })
}

/**
 * Runs `read` with the terminal's echo off (term.DisableEcho: only ECHO is cleared, line editing
 * stays), and restores it afterwards whatever happens. `stty` works on our own stdin (fd 0).
 */
export async function withEchoDisabled<T>(read: () => Promise<T>, stderr: OutStream): Promise<T> {
  const stty = (arg: string): boolean => spawnSync('stty', [arg], {stdio: ['inherit', 'ignore', 'ignore']}).status === 0
  const disabled = stty('-echo')
  try {
    return await read()
  } finally {
    if (disabled && !stty('echo')) stderr.write('Error: failed to restore terminal state to echo input: stty echo failed\n')
  }
}
