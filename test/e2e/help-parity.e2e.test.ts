// docker's help pages (issue 13 item 1): every registered command, under every spelling, and
// every management command, against the reference docker, byte for byte. whalectl runs under
// the name `docker` (a symlink), so no renaming is needed; program-name handling has its own
// test (docker-name.e2e.test.ts).
//
// Both CLIs get an unreachable DOCKER_HOST: docker's help asks the daemon and hides flags the
// daemon's API version or configuration lacks (against the 1.41 test engine: run's
// --annotation, push's --platform…), while whalectl's help never contacts a daemon and shows
// every flag it has, which is what docker shows when it cannot ask.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {COMMANDS, GROUP_ALIASES, GROUPS} from '../../src/commands.js'
import {dockerNamedWhalectl, type Ran, referenceDocker, runWith} from './help-support.js'

/** docker flags whalectl does not implement, by command id; their entries are left out of the comparison. */
const FLAGS_WHALECTL_LACKS: Record<string, string[]> = {
  'image:inspect': ['platform'], // an API 1.49 feature: inspecting one platform of an index
  start: ['checkpoint', 'checkpoint-dir'], // checkpoints need an experimental daemon and CRIU
}

/** docker subcommands whalectl does not have, by command id; their listing lines are left out. */
const SUBCOMMANDS_WHALECTL_LACKS: Record<string, string[]> = {
  completion: ['powershell'], // no PowerShell here to test a script against (README)
}

let whalectl: ReturnType<typeof dockerNamedWhalectl>
let env: Record<string, string>

beforeAll(() => {
  whalectl = dockerNamedWhalectl()
  env = {DOCKER_CONFIG: whalectl.configDir, DOCKER_HOST: 'unix:///nonexistent-whalectl-help.sock', PATH: `${whalectl.bin}:/usr/bin:/bin`}
})
afterAll(() => whalectl.dispose())

// Each command line runs once per program: the `help X` cases compare with `X --help` pages
// other cases have already run (a help page costs whalectl a start-up with oclif).
const ran = new Map<string, Ran>()
function once(program: string, args: string[]): Ran {
  const key = JSON.stringify([program, args])
  let result = ran.get(key)
  if (result === undefined) ran.set(key, (result = runWith(program, args, env)))
  return result
}
const ours = (args: string[]): Ran => once(`${whalectl.bin}/docker`, args)
const theirs = (args: string[]): Ran => once(referenceDocker, args)

/** Registered ids whose module loads (a command being written by another change may not yet). */
async function loadableIds(): Promise<Set<string>> {
  const ids = await Promise.all(
    Object.entries(COMMANDS).map(async ([id, load]) => {
      try {
        await load()
        return id
      } catch {
        return undefined
      }
    }),
  )
  return new Set(ids.filter((id): id is string => id !== undefined && !id.startsWith('__')))
}

const loadable = await loadableIds()

/** Every way to name a registered command: verbs, and each group's subcommands with their aliases. */
function spellings(): {words: string[]; id: string}[] {
  const out: {words: string[]; id: string}[] = []
  for (const id of loadable) if (!id.includes(':')) out.push({id, words: [id]})
  for (const [group, subs] of Object.entries(GROUPS)) {
    for (const [sub, id] of Object.entries(subs)) if (loadable.has(id)) out.push({id, words: [group, sub]})
  }
  return out
}

const groups = Object.keys(GROUPS).filter((group) => Object.values(GROUPS[group] ?? {}).some((id) => loadable.has(id)))

/** Whether whalectl has this spelling (`docker image build`, `docker build`). */
function hasSpelling(spelling: string): boolean {
  const [, first = '', second] = spelling.split(' ')
  return second === undefined ? loadable.has(first) : loadable.has(GROUPS[first]?.[second] ?? '')
}

interface Page {
  /** The page with its Options block cut out. */
  frame: string
  /** One line per flag: its label and its description, whitespace collapsed. */
  options: string[]
}

/** Splits a page into its Options entries and the rest, so that one flag can be left out. */
function parsePage(text: string): Page {
  const match = /\n\nOptions:\n([\s\S]*?)(?=\n\n|\n?$)/.exec(text)
  if (!match) return {frame: text, options: []}
  const entries: string[] = []
  for (const line of (match[1] ?? '').split('\n')) {
    if (/^ {2}(-\w, |    )--/.test(line)) entries.push(line)
    else entries[entries.length - 1] += ` ${line}`
  }
  return {frame: text.replace(match[0], '\n\nOptions:\n<flags>'), options: entries.map((entry) => entry.trim().replace(/\s+/g, ' '))}
}

/**
 * docker's page reduced to what whalectl has: spellings under groups it lacks (`docker builder
 * build`) leave the Aliases line, and flags it lacks leave the Options.
 */
function reduce(docker: string, id: string): {text: string; page: Page; reduced: boolean} {
  let reduced = false
  const lacking = SUBCOMMANDS_WHALECTL_LACKS[id] ?? []
  const text = docker
    .split('\n')
    .filter((line) => !lacking.some((name) => line.startsWith(`  ${name} `)))
    .join('\n')
  const withAliases = text.replace(/\n\nAliases:\n {2}(.*)/, (_all, line: string) => {
    const kept = line.split(', ').filter(hasSpelling)
    if (kept.length !== line.split(', ').length) reduced = true
    return `\n\nAliases:\n  ${kept.join(', ')}`
  })
  const page = parsePage(withAliases)
  const lacks = FLAGS_WHALECTL_LACKS[id] ?? []
  const options = page.options.filter((entry) => !lacks.some((flag) => new RegExp(`^(-\\w, )?--${flag} `).test(`${entry} `)))
  if (options.length !== page.options.length) reduced = true
  return {page: {...page, options}, reduced, text: withAliases}
}

describe('<command> --help, for every registered command and spelling', () => {
  it.each(spellings().map(({id, words}) => [words.join(' '), id, words] as const))('%s', (_name, id, words) => {
    const docker = theirs([...words, '--help'])
    const mine = ours([...words, '--help'])
    expect(mine.code).toBe(docker.code)
    const expected = reduce(docker.stdout, id)
    if (expected.reduced) {
      // Only what whalectl lacks may differ; the flag column then narrows, so entries compare one by one.
      expect(parsePage(mine.stdout)).toEqual(parsePage(expected.text).options.length === 0 ? parsePage(expected.text) : expected.page)
    } else {
      expect(mine.stdout).toBe(expected.text)
    }
  })

  it.each(spellings().map(({words}) => [words.join(' '), words] as const))('help %s', (_name, words) => {
    expect(ours(['help', ...words]).stdout).toBe(ours([...words, '--help']).stdout)
  })
})

describe('management commands', () => {
  it.each(groups)('%s --help: the same page', (group) => {
    const docker = theirs([group, '--help'])
    const mine = ours([group, '--help'])
    // docker lists subcommands whalectl may not have (volume update): compare the lines whalectl lists.
    const has = (line: string): boolean => {
      const name = /^ {2}(\S+) /.exec(line)?.[1]
      return name === undefined || !(name in (GROUPS[group] ?? {})) === false ? true : loadable.has(GROUPS[group]?.[name] ?? '')
    }
    const inCommands = (text: string): string[] => text.split('\n').filter((line) => /^ {2}\S/.test(line) && has(line))
    expect(inCommands(mine.stdout)).toEqual(inCommands(docker.stdout).filter((line) => {
      const name = /^ {2}(\S+) /.exec(line)?.[1] ?? ''
      return loadable.has(GROUPS[group]?.[name] ?? '') && !(name in (GROUP_ALIASES[group] ?? {}))
    }))
    expect(mine.stdout.replace(/\nCommands:\n[\s\S]*?\n\n/, '')).toBe(docker.stdout.replace(/\nCommands:\n[\s\S]*?\n\n/, ''))
    expect(mine.code).toBe(docker.code)
  })

  it.each(groups)('%s alone: the page on stderr, exit 0', (group) => {
    const docker = theirs([group])
    const mine = ours([group])
    expect({code: mine.code, stdout: mine.stdout}).toEqual({code: docker.code, stdout: docker.stdout})
    expect(mine.stderr).toBe(ours([group, '--help']).stdout)
  })

  it.each(groups)('%s nosuch / %s --bogus: docker\'s errors', (group) => {
    for (const args of [[group, 'nosuch'], [group, '--bogus'], [group, '--help=maybe']]) {
      expect(ours(args)).toEqual(theirs(args))
    }
  })
})

/** The root page's sections, each a list of lines; listings keep only the commands whalectl has. */
function rootSections(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const block of text.split('\n\n')) {
    const [head = '', ...lines] = block.split('\n')
    if (!head.endsWith(':') || head.startsWith('Usage')) {
      out[head] = lines
      continue
    }
    out[head] = head.includes('Commands')
      ? lines.filter((line) => {
          const name = /^ {2}(\S+)/.exec(line)?.[1] ?? ''
          return loadable.has(name) || groups.includes(name)
        })
      : lines
  }
  return Object.fromEntries(Object.entries(out).filter(([, lines]) => lines.length > 0 || true))
}

describe('the root help', () => {
  it('--help: docker\'s sections, each listing the commands whalectl has, in docker\'s order', () => {
    const docker = theirs(['--help'])
    const mine = ours(['--help'])
    expect(mine.code).toBe(docker.code)
    const expected = rootSections(docker.stdout)
    // A section whose commands whalectl has none of (Swarm Commands) is left out.
    for (const [head, lines] of Object.entries(expected)) if (head.includes('Commands') && lines.length === 0) delete expected[head]
    expect(rootSections(mine.stdout)).toEqual(expected)
    // Every command whalectl lists is one docker lists, with docker's words.
    const listed = (text: string): string[] => text.split('\n').filter((line) => /^ {2}[a-z]\S* +\S/.test(line) && !line.trimStart().startsWith('-'))
    for (const line of listed(mine.stdout)) expect(listed(docker.stdout)).toContain(line)
  })

  it.each([[['-h']], [['help']], [[]], [['nosuch', '--help']], [['--foo']], [['help', 'nosuch', 'more']], [['help', 'ps', 'extra']], [['help', '--help']], [['help', '-h']]])(
    '%j: same stream and exit code as docker',
    (args) => {
      const docker = theirs(args)
      const mine = ours(args)
      expect(mine.code).toBe(docker.code)
      // Which stream carries what: both pages or neither, notices and errors alike.
      expect([mine.stdout === '', mine.stderr === '']).toEqual([docker.stdout === '', docker.stderr === ''])
      if (!docker.stdout.startsWith('Usage:  docker [OPTIONS]')) expect(mine.stdout).toBe(docker.stdout)
      if (!docker.stderr.startsWith('Usage:  docker [OPTIONS]')) expect(mine.stderr).toBe(docker.stderr)
    },
  )
})
