import {describe, expect, it} from 'vitest'

import {JSONNumber, JSONObject, JSONSyntaxError, jsonCompact, jsonIndent, parseJSONLiteral} from '../../../src/lib/format/json-raw.js'

const indent = (text: string): string => jsonIndent(Buffer.from(text), '', '    ').toString()
const compact = (text: string): string => jsonCompact(Buffer.from(text)).toString()

describe('jsonIndent (Go json.Indent)', () => {
  it('puts every element on its own line with ": " after keys', () => {
    expect(indent('{"b":1,"a":[true,null,"x"]}')).toBe('{\n    "b": 1,\n    "a": [\n        true,\n        null,\n        "x"\n    ]\n}')
  })

  it('keeps empty containers as {} and []', () => {
    expect(indent('{"a":{},"b":[],"c":[{}]}')).toBe('{\n    "a": {},\n    "b": [],\n    "c": [\n        {}\n    ]\n}')
  })

  it('drops the whitespace between tokens, engine newlines included', () => {
    expect(indent('[{"Id":"a"}\n,{"Id" : "b"}\n]')).toBe('[\n    {\n        "Id": "a"\n    },\n    {\n        "Id": "b"\n    }\n]')
  })

  it('copies strings and numbers byte for byte: escapes, spaces, big and float literals', () => {
    const src = '{"s":"a \\u003c b\\n, {x: [y]}","n":9223372036854775807,"f":1.50e+3,"neg":-0}'
    expect(indent(src)).toBe('{\n    "s": "a \\u003c b\\n, {x: [y]}",\n    "n": 9223372036854775807,\n    "f": 1.50e+3,\n    "neg": -0\n}')
  })

  it('keeps keys in the order sent, integer-like ones too', () => {
    expect(indent('{"10":"ten","2":"two","b":"x"}')).toBe('{\n    "10": "ten",\n    "2": "two",\n    "b": "x"\n}')
  })

  it('handles a prefix and an escaped quote before a closing bracket', () => {
    expect(jsonIndent(Buffer.from('{"a":"\\"]"}'), '>', '\t').toString()).toBe('{\n>\t"a": "\\"]"\n>}')
  })

  it('keeps non-ASCII bytes', () => {
    expect(indent('["日本", "é"]')).toBe('[\n    "日本",\n    "é"\n]')
  })
})

describe('jsonCompact (Go json.Compact)', () => {
  it('removes whitespace outside strings only', () => {
    expect(compact('[ {"a" : "x y" ,\n "b":\t[1, 2]}\n]')).toBe('[{"a":"x y","b":[1,2]}]')
    expect(compact('{"a":"\\" , "}')).toBe('{"a":"\\" , "}')
  })
})

describe('parseJSONLiteral', () => {
  it('keeps member order, duplicates and number literals', () => {
    const v = parseJSONLiteral('{"2":1,"1":12345678901234567890,"2":-1.5e3}')
    expect(v).toBeInstanceOf(JSONObject)
    const entries = (v as JSONObject).entries
    expect(entries.map(([k]) => k)).toEqual(['2', '1', '2'])
    expect(entries.map(([, n]) => (n as JSONNumber).text)).toEqual(['1', '12345678901234567890', '-1.5e3'])
  })

  it('reads strings with escapes, arrays and literals', () => {
    expect(parseJSONLiteral('["a\\u00e9\\n\\"", true, false, null, []]')).toEqual(['aé\n"', true, false, null, []])
    expect(parseJSONLiteral(Buffer.from(' "x" \n'))).toBe('x')
  })

  it.each([
    ['', 'unexpected end of JSON input'],
    ['{"a":1', 'unexpected end of JSON input'],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['{1:2}', "invalid character '1' looking for beginning of object key string"],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['tru', 'unexpected end of JSON input'],
    ['nul!', "invalid character '!' in literal null (expecting 'l')"],
    ['1 2', "invalid character '2' after top-level value"],
  ])('refuses %j with Go\'s message', (text, message) => {
    expect(() => parseJSONLiteral(text)).toThrow(new JSONSyntaxError(message))
  })
})
