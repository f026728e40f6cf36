import {describe, expect, it} from 'vitest'

import type {FlagSpec} from '../../../src/lib/cli/argv.js'
import {flagText, type HookCommand, parseCommandLine} from '../../../src/lib/plugins/hooks/command.js'
import {hooksEnabled} from '../../../src/lib/plugins/hooks/enabled.js'
import {commandFlags, naiveFlags} from '../../../src/lib/plugins/hooks/flags.js'
import {marshalHookData} from '../../../src/lib/plugins/hooks/invoke.js'
import {hookMatch, pluginMatch} from '../../../src/lib/plugins/hooks/match.js'
import {nextStepsTemplate} from '../../../src/lib/plugins/hooks/message.js'
import {hasContent, nextStepsText} from '../../../src/lib/plugins/hooks/print.js'
import {renderHookTemplate} from '../../../src/lib/plugins/hooks/template.js'

describe('hooksEnabled (DockerCli.HooksEnabled)', () => {
  const none = () => undefined
  it.each([
    [{DOCKER_CLI_HOOKS: '1'}, none, true],
    [{DOCKER_CLI_HOOKS: 'true', DOCKER_CLI_HINTS: 'false'}, none, true],
    [{DOCKER_CLI_HOOKS: 'false'}, () => ({hooks: 'true'}), false],
    // unparsable is off, and does not fall through to the next setting
    [{DOCKER_CLI_HOOKS: 'yes', DOCKER_CLI_HINTS: 'true'}, none, false],
    // empty counts as unset
    [{DOCKER_CLI_HOOKS: '', DOCKER_CLI_HINTS: 'T'}, none, true],
    [{DOCKER_CLI_HINTS: '0'}, () => ({hooks: 'true'}), false],
    [{}, () => ({hooks: 'TRUE'}), true],
    [{}, () => ({hooks: 'on'}), false],
    [{}, () => ({other: 'true'}), false],
    [{}, none, false],
  ])('%j, features %s → %s', (env, features, expected) => {
    expect(hooksEnabled(env, features)).toBe(expected)
  })

  it('reads the config only when neither variable decides', () => {
    let reads = 0
    const features = () => {
      reads++
      return {hooks: 'true'}
    }
    expect(hooksEnabled({DOCKER_CLI_HOOKS: '1'}, features)).toBe(true)
    expect(reads).toBe(0)
    expect(hooksEnabled({}, features)).toBe(true)
    expect(reads).toBe(1)
  })
})

describe('pluginMatch / hookMatch', () => {
  it.each([
    ['image', 'image ls', true],
    ['image ls', 'image ls', true],
    ['image ls', 'image', false],
    ['image', 'images', false],
    ['', 'image', false],
    ['ps', 'ps', true],
  ])('%j against %j → %s', (hook, command, expected) => {
    expect(hookMatch(hook, command)).toBe(expected)
  })

  it('returns the first configured hook that matches, as written', () => {
    expect(pluginMatch({hooks: 'build,image,image ls'}, 'image ls -a')).toBe('image')
    // not trimmed: " ps" is a different first word
    expect(pluginMatch({hooks: 'image, ps'}, 'ps')).toBeUndefined()
    expect(pluginMatch({hooks: ''}, 'ps')).toBeUndefined()
    expect(pluginMatch({other: 'ps'}, 'ps')).toBeUndefined()
    expect(pluginMatch(undefined, 'ps')).toBeUndefined()
  })
})

describe('flag maps', () => {
  it('a builtin: the flags set, bools with their value, others empty', () => {
    const values = {all: false, format: '{{.ID}}', quiet: true, last: 3}
    expect(commandFlags({bools: new Set(['all', 'quiet']), changed: new Set(['all', 'format', 'quiet']), values})).toEqual({all: 'false', format: '', quiet: 'true'})
  })

  it('a plugin: naive --x / -x words, values never known', () => {
    expect(naiveFlags(['compose', '-f', 'x.yml', 'up', '--detach', '--wait=true', '-', '--'])).toEqual({'': '', detach: '', f: '', 'wait=true': ''})
    expect(naiveFlags(['--__proto__'])).toEqual({['__proto__']: ''})
    expect(Object.keys(naiveFlags(['--__proto__']))).toEqual(['__proto__'])
  })

  const specs: FlagSpec[] = [
    {description: '', kind: 'bool', name: 'all', short: 'a'},
    {description: '', kind: 'string', name: 'format'},
    {description: '', kind: 'int', name: 'last', short: 'n'},
    {description: '', kind: 'bool', name: 'help', short: 'h'},
  ]

  it('parses the command line as pflag does; a refused line keeps the flags set before the refusal', () => {
    const ok = parseCommandLine(['-a', 'x', '--format', 'f', '-h'], specs, true)
    expect([...ok.changed].sort()).toEqual(['all', 'format', 'help'])
    expect(ok.args).toEqual(['x'])
    const refused = parseCommandLine(['-a', '--last', 'many', '--format', 'f'], specs, true)
    expect([...refused.changed]).toEqual(['all'])
  })

  it("prints values as pflag's Value.String()", () => {
    expect(flagText({description: '', kind: 'bool', name: 'b'}, undefined)).toBe('false')
    expect(flagText({description: '', kind: 'int', name: 'i'}, 5)).toBe('5')
    expect(flagText({description: '', kind: 'string', name: 's'}, undefined)).toBe('')
    expect(flagText({description: '', kind: 'stringArray', name: 'l'}, ['a', 'b'])).toBe('[a b]')
  })
})

describe('nextStepsTemplate (json.Unmarshal into hooks.HookMessage)', () => {
  it.each([
    ['{"Type":0,"Template":"hi"}', 'hi'],
    ['{"type":0,"template":"hi"}', 'hi'],
    ['{"Template":"hi"}\n', 'hi'],
    ['{"Type":-0,"Template":"hi"}', 'hi'],
    ['{"Type":null,"Template":null}', ''],
    ['{"Type":1,"Template":"hi"}', undefined],
    ['{"Type":0.0,"Template":"hi"}', undefined],
    ['{"Type":"0","Template":"hi"}', undefined],
    ['{"Template":5}', undefined],
    ['{"Template":"hi"} x', undefined],
    ['[]', undefined],
    ['junk', undefined],
    ['', undefined],
  ])('%j → %j', (output, expected) => {
    expect(nextStepsTemplate(Buffer.from(output))).toBe(expected)
  })
})

describe('HookPluginData and the printed block', () => {
  it('marshals as json.Marshal: field order, sorted keys, HTML escaped', () => {
    expect(marshalHookData({CommandError: 'a <b> & "c"\n', Flags: {z: '', a: 'true'}, RootCmd: 'image ls'})).toBe(
      '{"RootCmd":"image ls","Flags":{"a":"true","z":""},"CommandError":"a \\u003cb\\u003e \\u0026 \\"c\\"\\n"}',
    )
    expect(marshalHookData({CommandError: '', Flags: {}, RootCmd: 'ps'})).toBe('{"RootCmd":"ps","Flags":{},"CommandError":""}')
  })

  it("prints aec.Bold's heading and four-space lines, and nothing for no lines", () => {
    expect(nextStepsText(['one', ''])).toBe("\u001B[1m\nWhat's next:\u001B[0m\n    one\n    \n")
    expect(nextStepsText([])).toBe('')
    expect(hasContent([' ', '\t'])).toBe(false)
    expect(hasContent(['', 'x'])).toBe(true)
  })
})

describe('renderHookTemplate (hooks.ParseTemplate)', () => {
  const command: HookCommand = {
    args: ['web'],
    changed: new Set(['name']),
    name: 'ls',
    path: 'container ls',
    short: 'List containers',
    specs: [
      {description: '', kind: 'string', name: 'name'},
      {description: '', kind: 'bool', name: 'help'},
    ],
    use: 'ls [OPTIONS]',
    values: {name: 'box'},
  }

  it('reaches the command, its flags and its arguments', () => {
    expect(renderHookTemplate('{{.Name}} {{flag . "name"}} {{flag . "help"}} {{arg . 0}}[{{arg . 3}}]\n{{.CommandPath}}|{{.Use}}', command, 'docker')).toEqual([
      'ls box false web[]',
      'docker container ls|ls [OPTIONS]',
    ])
  })

  it.each(['{{flag . "nope"}}', '{{.Nope}}', '{{', '{{nofunc}}', '{{arg . "x"}}'])('drops %j', (template) => {
    expect(renderHookTemplate(template, command, 'docker')).toBeUndefined()
  })
})
