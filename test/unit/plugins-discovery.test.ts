import {chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {findRunnablePlugin, listPlugins} from '../../src/lib/plugins/discovery.js'
import {parseMetadata} from '../../src/lib/plugins/metadata.js'

describe('parseMetadata (json.Unmarshal into metadata.Metadata)', () => {
  it('reads the fields case-insensitively and ignores unknown ones', () => {
    expect(parseMetadata(Buffer.from('{"schemaversion":"0.1.0","Vendor":"V","Experimental":true}\n'))).toEqual({metadata: {SchemaVersion: '0.1.0', Vendor: 'V'}})
  })

  it.each([
    ['', 'unexpected end of JSON input'],
    ['{"Vendor":', 'unexpected end of JSON input'],
    ['{bad', "invalid character 'b' looking for beginning of object key string"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['"text"', 'json: cannot unmarshal string into Go value of type metadata.Metadata'],
    ['{"Vendor":7}', 'json: cannot unmarshal number into Go struct field Metadata.Vendor of type string'],
  ])('%j: %s', (input, error) => {
    expect(parseMetadata(Buffer.from(input)).error).toBe(error)
  })
})

describe('listPlugins and findRunnablePlugin', () => {
  let root = ''
  let configDir = ''
  let extra = ''
  const plugin = (dir: string, name: string, metadata: string): void => {
    mkdirSync(dir, {recursive: true})
    const file = path.join(dir, `docker-${name}`)
    writeFileSync(file, `#!/bin/sh\nprintf '%s' '${metadata}'\n`)
    chmodSync(file, 0o755)
  }
  const valid = (vendor: string): string => JSON.stringify({SchemaVersion: '0.1.0', Vendor: vendor})

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'whalectl-plugins-unit-'))
    configDir = path.join(root, 'config')
    extra = path.join(root, 'extra')
    const own = path.join(configDir, 'cli-plugins')
    plugin(own, 'p10', valid('ten'))
    plugin(own, 'p9', valid('nine'))
    plugin(own, 'dup', valid('config dir'))
    plugin(extra, 'dup', valid('extra dir'))
    plugin(own, 'run', valid('x'))
    plugin(own, 'noschema', '{"Vendor":"x"}')
    symlinkSync(path.join(root, 'nowhere'), path.join(own, 'docker-dangling'))
    mkdirSync(path.join(own, 'docker-adir'))
  })
  afterAll(() => rmSync(root, {force: true, recursive: true}))

  it('lists every candidate once, first directory winning, in natural order, with docker\'s reasons', async () => {
    const plugins = await listPlugins(configDir, {cliPluginsExtraDirs: [extra]}, process.env)
    expect(plugins.map((p) => [p.Name, p.Err ?? p.Vendor])).toEqual([
      ['dangling', `failed to fetch metadata: fork/exec ${path.join(configDir, 'cli-plugins', 'docker-dangling')}: no such file or directory`],
      ['dup', 'extra dir'],
      ['noschema', 'plugin SchemaVersion "" is not valid, must be 0.1.0'],
      ['p9', 'nine'],
      ['p10', 'ten'],
      ['run', 'plugin "run" duplicates builtin command'],
    ])
    expect(plugins.find((p) => p.Name === 'dup')?.ShadowedPaths).toEqual([path.join(configDir, 'cli-plugins', 'docker-dup')])
  })

  it('runs only valid plugins with valid names', async () => {
    expect((await findRunnablePlugin('p9', configDir, {}, process.env))?.Path).toBe(path.join(configDir, 'cli-plugins', 'docker-p9'))
    expect(await findRunnablePlugin('noschema', configDir, {}, process.env)).toBeUndefined()
    expect(await findRunnablePlugin('run', configDir, {}, process.env)).toBeUndefined()
    expect(await findRunnablePlugin('P9', configDir, {}, process.env)).toBeUndefined()
  })
})
