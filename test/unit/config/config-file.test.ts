// config.json as docker 28 reads it: Go's json.Decoder into configfile.ConfigFile, then the
// `auth` fields. What docker warns about, and what it still uses, must match (issue 15 item 9).
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {decodeConfigFile, loadConfigFile} from '../../../src/lib/config/config-file.js'

// Each file's text and the message docker 28.2.2 printed after
// "WARNING: Error parsing config file (<path>): " (null: no warning), recorded with
// `docker --config DIR context ls`.
const DOCKER_WARNINGS: Array<[string, string | null]> = [
  ["{\"auths\":{\"x\":{\"auth\":5}}}", "json: cannot unmarshal number into Go struct field AuthConfig.auths.auth of type string"],
  ["{\"auths\":{\"x\":5}}", "json: cannot unmarshal number into Go struct field ConfigFile.auths of type types.AuthConfig"],
  ["{\"proxies\":{\"default\":{\"httpProxy\":1}}}", "json: cannot unmarshal number into Go struct field ProxyConfig.proxies.httpProxy of type string"],
  ["{\"proxies\":{\"default\":5}}", "json: cannot unmarshal number into Go struct field ConfigFile.proxies of type configfile.ProxyConfig"],
  ["{\"plugins\":{\"a\":{\"b\":1}}}", "json: cannot unmarshal number into Go struct field ConfigFile.plugins of type string"],
  ["{\"plugins\":{\"a\":1}}", "json: cannot unmarshal number into Go struct field ConfigFile.plugins of type map[string]string"],
  ["{\"pruneFilters\":[1]}", "json: cannot unmarshal number into Go struct field ConfigFile.pruneFilters of type string"],
  ["{\"pruneFilters\":\"x\"}", "json: cannot unmarshal string into Go struct field ConfigFile.pruneFilters of type []string"],
  ["{\"psFormat\":true}", "json: cannot unmarshal bool into Go struct field ConfigFile.psFormat of type string"],
  ["{\"psFormat\":null}", null],
  ["{\"psFormat\":1.5}", "json: cannot unmarshal number into Go struct field ConfigFile.psFormat of type string"],
  ["{\"psFormat\":{}}", "json: cannot unmarshal object into Go struct field ConfigFile.psFormat of type string"],
  ["{\"psFormat\":[]}", "json: cannot unmarshal array into Go struct field ConfigFile.psFormat of type string"],
  ["{\"auths\":[]}", "json: cannot unmarshal array into Go struct field ConfigFile.auths of type map[string]types.AuthConfig"],
  ["{\"psFormat\":\"a\",\"psFormat\":5}", "json: cannot unmarshal number into Go struct field ConfigFile.psFormat of type string"],
  ["{\"PSFORMAT\":5}", "json: cannot unmarshal number into Go struct field ConfigFile.psFormat of type string"],
  ["{\"a\" 1}", "invalid character '1' after object key"],
  ["{\"a\":1 \"b\":2}", "invalid character '\"' after object key:value pair"],
  ["[1 2]", "invalid character '2' after array element"],
  ["{\"a\":\"\\q\"}", "invalid character 'q' in string escape code"],
  ["{\"a\":\"\\u12x4\"}", "invalid character 'x' in \\u hexadecimal character escape"],
  ["{\"a\":tru}", "invalid character '}' in literal true (expecting 'e')"],
  ["{\"a\":trux}", "invalid character 'x' in literal true (expecting 'e')"],
  ["{\"a\":-}", "invalid character '}' in numeric literal"],
  ["{\"a\":1.}", "invalid character '}' after decimal point in numeric literal"],
  ["{\"a\":1e}", "invalid character '}' in exponent of numeric literal"],
  ["{\"a\":01}", "invalid character '1' after object key:value pair"],
  ["{\"a\":\"x", "unexpected EOF"],
  ["{\"a\":\"\u0001\"}", "invalid character '\\x01' in string literal"],
  ["}", "invalid character '}' looking for beginning of value"],
  ["{,}", "invalid character ',' looking for beginning of object key string"],
  ["{\"a\":1,}", "invalid character '}' looking for beginning of object key string"],
  ["x", "invalid character 'x' looking for beginning of value"],
  ["  {", "unexpected EOF"],
  ["{é}", "invalid character 'Ã' looking for beginning of object key string"],
  ["{\"auths\":{\"x\":{\"auth\":\"!!\"}}}", "illegal base64 data at input byte 0"],
  ["{\"auths\":{\"x\":{\"auth\":\"dXNlcg==\"}}}", "Invalid auth configuration file"],
  ["{\"auths\":{\"x\":{\"auth\":\"YQ\"}}}", "illegal base64 data at input byte 0"],
  ["{\"auths\":{\"x\":{\"auth\":\"YTpi\\nYw==\"}}}", null],
  ["{\"a\":1e999}", null],
  ["{\"auths\":null}", null],
  ["{\"psFormat\":1,\"auths\":2}", "json: cannot unmarshal number into Go struct field ConfigFile.psFormat of type string"],
  ["{\"auths\":{\"x\":{\"auth\":\"YTpi\"}},\"psFormat\":1}", "json: cannot unmarshal number into Go struct field ConfigFile.psFormat of type string"],
  ["{\"credHelpers\":{\"a\":[]}}", "json: cannot unmarshal array into Go struct field ConfigFile.credHelpers of type string"],
  ["{\"HttpHeaders\":[\"a\"]}", "json: cannot unmarshal array into Go struct field ConfigFile.HttpHeaders of type map[string]string"],
  ["{\"aliases\":{\"builder\":false}}", "json: cannot unmarshal bool into Go struct field ConfigFile.aliases of type string"],
  ["{\"cliPluginsExtraDirs\":[[]]}", "json: cannot unmarshal array into Go struct field ConfigFile.cliPluginsExtraDirs of type string"],
  ["{\"auths\":{\"x\":{\"username\":{}}}}", "json: cannot unmarshal object into Go struct field AuthConfig.auths.username of type string"],
  ["{\"features\":{\"a\":-1}}", "json: cannot unmarshal number into Go struct field ConfigFile.features of type string"],
  ["{\"a\":[}", "invalid character '}' looking for beginning of value"],
  ["{\"a\":[1,]}", "invalid character ']' looking for beginning of value"],
  ["{\"a\":{\"b\"}}", "invalid character '}' after object key"],
  ["{\"a\":nul}", "invalid character '}' in literal null (expecting 'l')"],
  ["{\"a\":falsx}", "invalid character 'x' in literal false (expecting 'e')"],
  ["{\"a\":\"\\ud800\"}", null],
  ["﻿{}", "invalid character 'ï' looking for beginning of value"],
  ["{\"a\":1}garbage", null],
  ["{\"a\":1}}", null],
  ["[", "unexpected EOF"],
  ["\"", "unexpected EOF"],
  ["{\"a\":-01}", "invalid character '1' after object key:value pair"],
  ["{\"a\":1.5e+}", "invalid character '}' in exponent of numeric literal"],
  ["{\"a\":.5}", "invalid character '.' looking for beginning of value"],
  ["{\"psFormat\":-0}", "json: cannot unmarshal number into Go struct field ConfigFile.psFormat of type string"],
  ["{\"auths\":{\"x\":{\"auth\":\"YTpiYw=\"}}}", "illegal base64 data at input byte 7"],
  ["{\"auths\":{\"x\":{\"auth\":\"YTpi=Yw==\"}}}", "illegal base64 data at input byte 4"],
  ["{\"auths\":{\"x\":{\"auth\":\"YTpiYw==x\"}}}", "illegal base64 data at input byte 8"],
  ["{\"auths\":{\"x\":{\"auth\":\"OmI=\"}}}", "Invalid auth configuration file"],
  ["{\"auths\":{\"x\":{\"auth\":\"YTpiYw===\"}}}", "illegal base64 data at input byte 8"],
  ["{\"auths\":{\"x\":{\"auth\":\"YTpiY\"}}}", "illegal base64 data at input byte 4"],
  ["{\"auths\":{\"x\":{\"auth\":\"YTpiYwA=\"}}}", null],
]

describe('decodeConfigFile', () => {
  it.each(DOCKER_WARNINGS)('%j', (text, expected) => {
    expect(decodeConfigFile(Buffer.from(text, 'utf8')).error ?? null).toBe(expected)
  })

  it('fills the struct as Go does: first value only, keys folded, unknown keys dropped', () => {
    expect(decodeConfigFile(Buffer.from('{"PSFORMAT":"{{.ID}}","nope":1,"credsstore":"x"} trailing')).config).toEqual({credsStore: 'x', psFormat: '{{.ID}}'})
  })

  it('keeps what decoded around a type error, as docker goes on with it', () => {
    const {config, error} = decodeConfigFile(Buffer.from('{"psFormat":"{{.Names}}","auths":5,"detachKeys":"ctrl-x"}'))
    expect(error).toBe('json: cannot unmarshal number into Go struct field ConfigFile.auths of type map[string]types.AuthConfig')
    expect(config).toEqual({detachKeys: 'ctrl-x', psFormat: '{{.Names}}'})
  })

  it('decodes maps into the same map and map elements from scratch; null empties maps', () => {
    const text = '{"auths":{"a":{"username":"u"}},"auths":{"a":{"password":"p"},"b":null},"aliases":{"x":"y"},"aliases":null}'
    expect(decodeConfigFile(Buffer.from(text)).config).toEqual({auths: {a: {password: 'p'}, b: {}}})
  })

  it('decodes strings as Go does (escapes, surrogate pairs, invalid UTF-8)', () => {
    const bytes = Buffer.concat([Buffer.from('{"psFormat":"a\\t\\u00e9\\ud83d\\ude00\\ud800'), Buffer.from([0xff]), Buffer.from('"}')])
    expect(decodeConfigFile(bytes).config.psFormat).toBe('a\té😀\ufffd\ufffd')
  })
})

describe('loadConfigFile', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, {force: true, recursive: true})
  })
  const configDir = (text?: string): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-config-'))
    dirs.push(dir)
    if (text !== undefined) writeFileSync(path.join(dir, 'config.json'), text)
    return dir
  }
  const load = (dir: string): {config: unknown; warnings: string[]} => {
    const warnings: string[] = []
    return {config: loadConfigFile(dir, (line) => warnings.push(line)), warnings}
  }

  it('warns with the file path and the decoder message, then goes on', () => {
    const dir = configDir('{"psFormat":"x","auths":{"r":{"auth":"!!"}}}')
    const file = path.join(dir, 'config.json')
    expect(load(dir)).toEqual({
      config: {auths: {r: {auth: '!!'}}, psFormat: 'x'},
      warnings: [`WARNING: Error parsing config file (${file}): illegal base64 data at input byte 0`],
    })
    expect(load(configDir('{"auths":')).warnings).toEqual([`WARNING: Error parsing config file (${path.join(dirs.at(-1) as string, 'config.json')}): unexpected EOF`])
  })

  it('says nothing for a missing or blank file', () => {
    expect(load(configDir())).toEqual({config: {}, warnings: []})
    expect(load(configDir(' \n'))).toEqual({config: {}, warnings: []})
  })

  it('reports a directory where the file should be as Go reading it does', () => {
    const dir = configDir()
    mkdirSync(path.join(dir, 'config.json'))
    const file = path.join(dir, 'config.json')
    expect(load(dir).warnings).toEqual([`WARNING: Error parsing config file (${file}): read ${file}: is a directory`])
  })
})
