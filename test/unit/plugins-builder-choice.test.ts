import {describe, expect, it} from 'vitest'

import type {PluginInfo} from '../../src/lib/plugins/plugin.js'
import {type BuilderInputs, checkAliases, chooseBuilder} from '../../src/lib/plugins/builder-choice.js'

const buildx: PluginInfo = {Name: 'buildx', Path: '/p/docker-buildx', SchemaVersion: '0.1.0', Vendor: 'Docker Inc.'}

function inputs(over: Partial<BuilderInputs> & {warnings?: string[]} = {}): BuilderInputs {
  const warnings = over.warnings ?? []
  return {
    args: ['build', '.'],
    config: {},
    currentContext: () => 'default',
    env: {},
    getPlugin: async (name) => (name === 'buildx' ? buildx : undefined),
    osArgs: ['-D', 'build', '.'],
    rootPath: 'docker',
    serverInfo: async () => ({builderVersion: '', osType: 'linux'}),
    warn: (text) => warnings.push(text),
    ...over,
  }
}

describe('chooseBuilder', () => {
  it('hands build to buildx with the current context as builder', async () => {
    expect(await chooseBuilder(inputs())).toEqual({
      args: ['buildx', 'build', '.'],
      commandPath: 'docker',
      extraEnv: {BUILDX_BUILDER: 'default'},
      kind: 'plugin',
      osArgs: ['-D', 'buildx', 'build', '.'],
    })
  })

  it('rewrites `image build` and `builder` with their command paths', async () => {
    const image = await chooseBuilder(inputs({args: ['image', 'build', '.'], osArgs: ['image', 'build', '.']}))
    expect(image).toMatchObject({args: ['buildx', 'build', '.'], commandPath: 'docker image'})
    const builder = await chooseBuilder(inputs({args: ['builder', 'prune'], osArgs: ['builder', 'prune']}))
    expect(builder).toMatchObject({args: ['buildx', 'prune'], commandPath: 'docker builder'})
  })

  it('leaves BUILDX_BUILDER alone when --builder comes before any other flag, or the variable is set', async () => {
    expect(await chooseBuilder(inputs({args: ['build', '--builder', 'x', '-t', 'y', '.']}))).toMatchObject({extraEnv: {}})
    expect(await chooseBuilder(inputs({args: ['build', '-t', 'y', '--builder', 'x', '.']}))).toMatchObject({extraEnv: {BUILDX_BUILDER: 'default'}})
    expect(await chooseBuilder(inputs({env: {BUILDX_BUILDER: 'mine'}}))).toMatchObject({extraEnv: {}})
  })

  it('keeps the classic builder with DOCKER_BUILDKIT=0, saying BuildKit is disabled', async () => {
    const warnings: string[] = []
    expect(await chooseBuilder(inputs({env: {DOCKER_BUILDKIT: '0'}, warnings}))).toEqual({args: ['build', '.'], kind: 'builtin'})
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/BuildKit is currently disabled[^]*environment-variable\.\n\n$/)
  })

  it('falls back to the classic builder without buildx, with the install notice', async () => {
    const warnings: string[] = []
    const route = await chooseBuilder(inputs({getPlugin: async () => undefined, warnings}))
    expect(route.kind).toBe('builtin')
    expect(warnings[0]).toMatch(/^DEPRECATED: [^]*Install the buildx component/)
  })

  it('puts a broken plugin\'s error before the notice', async () => {
    const warnings: string[] = []
    await chooseBuilder(inputs({getPlugin: async () => ({...buildx, Err: 'plugin metadata does not define a vendor'}), warnings}))
    expect(warnings[0]).toMatch(/^plugin metadata does not define a vendor\n\nDEPRECATED: /)
  })

  it('fails when BuildKit is asked for and buildx is missing, and for bake', async () => {
    const missing = {getPlugin: async () => undefined}
    await expect(chooseBuilder(inputs({...missing, env: {DOCKER_BUILDKIT: 'true'}}))).rejects.toThrow(/^ERROR: BuildKit is enabled but the buildx component is missing/)
    await expect(chooseBuilder(inputs({...missing, args: ['bake'], env: {DOCKER_BUILDKIT: '0'}}))).rejects.toThrow(/^ERROR: docker bake requires the buildx component/)
    await expect(chooseBuilder(inputs({env: {DOCKER_BUILDKIT: 'maybe'}}))).rejects.toThrow(
      'DOCKER_BUILDKIT environment variable expects boolean value: strconv.ParseBool: parsing "maybe": invalid syntax',
    )
  })

  it('keeps the classic builder silently on a Windows daemon without BuildKit', async () => {
    const warnings: string[] = []
    const route = await chooseBuilder(inputs({serverInfo: async () => ({builderVersion: '1', osType: 'windows'}), warnings}))
    expect(route.kind).toBe('builtin')
    expect(warnings).toEqual([])
  })

  it('uses aliases.builder without BUILDX_BUILDER, and leaves other commands alone', async () => {
    const getPlugin = async (name: string) => ({...buildx, Name: name})
    expect(await chooseBuilder(inputs({config: {aliases: {builder: 'mine'}}, getPlugin}))).toMatchObject({args: ['mine', 'build', '.'], extraEnv: {}})
    expect(await chooseBuilder(inputs({args: ['ps']}))).toEqual({args: ['ps'], kind: 'builtin'})
  })
})

describe('checkAliases', () => {
  it('allows only a builder alias to a non-builtin', () => {
    expect(() => checkAliases({aliases: {builder: 'buildx'}})).not.toThrow()
    expect(() => checkAliases({aliases: {foo: 'bar'}})).toThrow('not allowed to alias "foo" (allowed: map[string]struct {}{"builder":struct {}{}})')
    expect(() => checkAliases({aliases: {builder: 'image build'}})).toThrow('not allowed to alias with builtin "image build" as target')
  })
})
