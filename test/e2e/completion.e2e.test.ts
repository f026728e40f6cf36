// Shell completion against the reference docker on the same engine: `__complete`'s answers
// line by line, `completion`'s help and errors, and Tab pressed in real bash, zsh and fish
// (through tmux) with the scripts `whalectl completion <shell>` prints.
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanupLabel, dockerHost, repoRoot, runDocker, runWhalectl, tempDockerConfig} from '../engine/harness.js'
import {renameProgram} from './normalise.js'
import {type ShellName, TmuxShell} from './tmux-shell.js'

const prefix = `cmpl${process.pid}`
const running = `${prefix}-running`
const stopped = `${prefix}-stopped`

beforeAll(async () => {
  const run = await runDocker(['run', '-d', '--label', cleanupLabel, '--name', running, 'busybox', 'sleep', '600'])
  const create = await runDocker(['create', '--label', cleanupLabel, '--name', stopped, 'busybox', 'true'])
  expect([run.code, create.code]).toEqual([0, 0])
}, 60_000)

afterAll(async () => {
  await runDocker(['rm', '-f', running, stopped])
})

/** `__complete`'s stdout as lines, with the directive. */
function parse(stdout: string): {lines: string[]; directive: string} {
  const lines = stdout.split('\n').filter((line) => line !== '')
  return {directive: lines.pop() ?? '', lines}
}

/** Both CLIs' answers for one line, with the same config directory and engine. */
async function answers(words: string[]) {
  const env = {DOCKER_CONFIG: tempDockerConfig()}
  const [docker, whalectl] = await Promise.all([runDocker(['__complete', ...words], {env}), runWhalectl(['__complete', ...words], {env})])
  return {docker, whalectl}
}

describe('__complete answers as docker does', () => {
  // Lines whose answer is fixed (no other test's objects in it), compared whole.
  const exact: string[][] = [
    ['ps', '-'],
    ['ps', '--'],
    ['ps', '-q', '-'],
    ['ps', '-a'],
    ['ps', ''],
    ['ps', '--format', ''],
    ['images', '--filter', ''],
    ['-'],
    ['--log-level', ''],
    ['-l', ''],
    ['--log-level='],
    ['--context', ''],
    ['run', '--pull', ''],
    ['run', '--restart', ''],
    ['run', '--attach', ''],
    ['run', '--ulimit', ''],
    ['run', '--name', ''],
    ['run', '--env-file', ''],
    ['run', '--detach-keys', ''],
    ['run', '--security-opt', 'la'],
    ['run', '--pid', ''],
    ['run', '--platform', ''],
    ['run', 'busybox', ''],
    ['run', 'busybox', '--'],
    ['events', '--filter', ''],
    ['events', '--filter', 'type='],
    ['events', '--filter', 'event='],
    ['events', '--filter', 'nokey='],
    ['container', 's'],
    ['image', ''],
    ['image', 'ls', '-'],
    ['stop', '-t', ''],
    ['build', ''],
    ['pull', ''],
    ['tag', 'a', 'b', ''],
    ['nosuch', ''],
    ['--foo', 'ps', ''],
    ['ps', '--foo=', ''],
    ['ps', '-x', ''],
    ['ps', '--help', ''],
    ['stop', '--signal=K'],
    ['completion', ''],
    ['completion', 'bash', '-'],
    ['help', ''],
  ]
  it.each(exact.map((words) => [words.join(' '), words]))('%s', async (_, words) => {
    const {docker, whalectl} = await answers(words as string[])
    // docker lists signals and log options from Go maps, in a new order each time
    const sorted = (text: string): string[] => parse(text).lines.sort()
    // whalectl writes no powershell script
    const dockerLines = sorted(renameProgram(docker.stdout)).filter((line) => !line.startsWith('powershell\t'))
    expect(whalectl.code).toBe(docker.code)
    expect(parse(whalectl.stdout).directive).toBe(parse(docker.stdout).directive)
    expect(sorted(whalectl.stdout)).toEqual(dockerLines)
    expect(whalectl.stderr).toBe(renameProgram(docker.stderr))
  })

  // Lines that list the engine's objects: other tests' objects come and go, so only ours are compared.
  const live: string[][] = [['stop', ''], ['start', ''], ['rm', ''], ['rm', '-f', ''], ['logs', ''], ['exec', ''], ['pause', ''], ['unpause', ''], ['run', '--volumes-from', ''], ['container', 'inspect', ''], ['events', '--filter', 'container=']]
  it.each(live.map((words) => [words.join(' '), words]))('%s', async (_, words) => {
    const {docker, whalectl} = await answers(words as string[])
    const ours = (text: string): string[] => parse(text).lines.filter((line) => line.replace(/^container=/, '').startsWith(prefix)).sort()
    expect(parse(whalectl.stdout).directive).toBe(parse(docker.stdout).directive)
    expect(ours(whalectl.stdout)).toEqual(ours(docker.stdout))
  })

  it('lists images, networks and the current context as docker does', async () => {
    for (const words of [['run', ''], ['rmi', ''], ['network', 'rm', ''], ['run', '--network', ''], ['context', 'use', ''], ['volume', 'rm', '']]) {
      const {docker, whalectl} = await answers(words)
      expect({lines: parse(whalectl.stdout).lines.sort(), words}).toEqual({lines: parse(docker.stdout).lines.sort(), words})
    }
  })

  it.each([[''], ['con']])('lists whalectl commands with docker descriptions at the top level (%j)', async (word) => {
    const {docker, whalectl} = await answers([word])
    const dockerLines = new Set(parse(docker.stdout).lines)
    const ours = parse(whalectl.stdout).lines
    expect(ours).toContain('container\tManage containers')
    expect(ours.filter((line) => !dockerLines.has(line))).toEqual([])
    expect(ours).toEqual([...ours].sort())
  })

  it('gives the error directive and no names when the engine is down', async () => {
    const env = {DOCKER_HOST: 'unix:///nonexistent/docker.sock'}
    const [docker, whalectl] = await Promise.all([runDocker(['__complete', 'stop', ''], {env}), runWhalectl(['__complete', 'stop', ''], {env})])
    expect(whalectl.stdout).toBe(':1\n')
    expect(whalectl.stdout).toBe(docker.stdout)
    expect(whalectl.code).toBe(0)
  })

  it('names the containers of the engine the line itself selects', async () => {
    const result = await runWhalectl(['__complete', '-H', dockerHost(), 'stop', ''], {env: {DOCKER_HOST: 'unix:///nonexistent/docker.sock'}})
    expect(parse(result.stdout).lines).toContain(running)
  })

  it('__completeNoDesc drops the descriptions, and a missing line is an error', async () => {
    const noDesc = await runWhalectl(['__completeNoDesc', 'container', 'l'])
    expect(noDesc.stdout).toBe('logs\nls\n:4\n')
    const [docker, whalectl] = await Promise.all([runDocker(['__complete']), runWhalectl(['__complete'])])
    expect([whalectl.code, whalectl.stdout, whalectl.stderr]).toEqual([docker.code, docker.stdout, docker.stderr])
  })
})

describe('completion command', () => {
  const cases: string[][] = [[], ['--help'], ['-h'], ['bogus'], ['bash', '--help'], ['zsh', '--help'], ['fish', '--help'], ['bash', 'extra'], ['--foo'], ['zsh', '--foo'], ['bash', '--no-descriptions=maybe']]
  it.each(cases.map((args) => [args.join(' ') || '(none)', args]))('completion %s', async (_, args) => {
    const [docker, whalectl] = await Promise.all([runDocker(['completion', ...(args as string[])]), runWhalectl(['completion', ...(args as string[])])])
    // whalectl writes no powershell script, so its listing has no powershell line
    const withoutPowershell = (text: string): string => text.replace(/^ {2}powershell .*\n/m, '')
    expect(whalectl.code).toBe(docker.code)
    // zsh's completion file is named _<program>, which renameProgram's word match leaves alone
    expect(whalectl.stdout).toBe(renameProgram(withoutPowershell(docker.stdout)).replaceAll('/_docker', '/_whalectl'))
    expect(whalectl.stderr).toBe(renameProgram(docker.stderr))
  })

  it('prints scripts that ask __complete, or __completeNoDesc with --no-descriptions', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const withDesc = await runWhalectl(['completion', shell])
      const noDesc = await runWhalectl(['completion', shell, '--no-descriptions'])
      expect(withDesc.code).toBe(0)
      expect(withDesc.stdout).toContain('__complete ')
      expect(noDesc.stdout).toContain('__completeNoDesc')
    }
  })
})

describe.each<ShellName>(['bash', 'zsh', 'fish'])('Tab in %s', (shellName) => {
  let shell: TmuxShell
  beforeAll(async () => {
    const script = await runWhalectl(['completion', shellName])
    shell = await TmuxShell.start(shellName, {
      env: {DOCKER_CONFIG: tempDockerConfig(), DOCKER_HOST: dockerHost()},
      name: 'whalectl',
      program: path.join(repoRoot, 'bin', 'run.js'),
      script: script.stdout,
    })
  }, 30_000)
  afterAll(async () => shell?.stop())

  const lineIs = (expected: string) => (screen: string) => TmuxShell.promptLine(screen).trimEnd() === expected

  it('completes a command name', async () => {
    await shell.complete('whalectl contai', lineIs('$ whalectl container'))
  }, 30_000)

  it('completes a flag', async () => {
    await shell.complete('whalectl ps --no-tr', lineIs('$ whalectl ps --no-trunc'))
  }, 30_000)

  it('completes a flag value', async () => {
    await shell.complete('whalectl run --pull mis', lineIs('$ whalectl run --pull missing'))
    await shell.complete('whalectl kill --signal=KI', lineIs('$ whalectl kill --signal=KILL'))
  }, 40_000)

  it('completes a running container name', async () => {
    await shell.complete(`whalectl stop ${prefix}-r`, lineIs(`$ whalectl stop ${running}`))
  }, 30_000)

  it('lists candidates with their descriptions', async () => {
    const screen = await shell.complete('whalectl container st', (s) => s.includes('stats') && s.includes('stop') && s.includes('Stop one or more running containers'), 2)
    expect(screen).toContain('start')
  }, 30_000)
})
