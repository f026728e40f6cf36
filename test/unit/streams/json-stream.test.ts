import {describe, expect, it} from 'vitest'

import {decodeJSONStream, goQuoteChar, JSONValueScanner} from '../../../src/lib/streams/json-stream.js'

async function* chunks(...parts: Array<Buffer | string>): AsyncGenerator<Buffer | string> {
  for (const part of parts) yield part
}

async function decodeAll(...parts: Array<Buffer | string>): Promise<unknown[]> {
  const out: unknown[] = []
  for await (const value of decodeJSONStream(chunks(...parts))) out.push(value)
  return out
}

/** Values decoded before the failure, and the failure's message. */
async function decodeUntilError(...parts: Array<Buffer | string>): Promise<{values: unknown[]; error?: string}> {
  const values: unknown[] = []
  try {
    for await (const value of decodeJSONStream(chunks(...parts))) values.push(value)
  } catch (error) {
    return {error: (error as Error).message, values}
  }
  return {values}
}

const pullStream = [
  '{"status":"Pulling from library/busybox","id":"1"}\r\n',
  '{"status":"Downloading","progressDetail":{"current":1024,"total":2048},"progress":"[=>   ]","id":"abc"}\n',
  '{"status":"Digest: sha256:0123"}\n',
  '{"status":"Status: Downloaded newer image for busybox:1","aux":{"ID":"sha256:x"},"escaped":"tab\\there \\u00e9 \\"q\\" \\\\"}\n',
].join('')

describe('decodeJSONStream', () => {
  const expected = pullStream
    .trim()
    .split(/\r?\n/)
    .map((line) => JSON.parse(line) as unknown)

  it('decodes JSON lines', async () => {
    expect(await decodeAll(pullStream)).toEqual(expected)
  })

  it('gives the same values wherever a chunk boundary falls, and for one-byte chunks', async () => {
    const bytes = Buffer.from(pullStream)
    for (let at = 0; at <= bytes.length; at++) {
      expect(await decodeAll(bytes.subarray(0, at), bytes.subarray(at))).toEqual(expected)
    }
    expect(await decodeAll(...[...bytes].map((byte) => Buffer.from([byte])))).toEqual(expected)
  })

  it('keeps multi-byte UTF-8 split across chunks intact', async () => {
    const bytes = Buffer.from('{"msg":"héllo wörld ✓"}')
    for (let at = 0; at <= bytes.length; at++) {
      expect(await decodeAll(bytes.subarray(0, at), bytes.subarray(at))).toEqual([{msg: 'héllo wörld ✓'}])
    }
  })

  it('decodes concatenated objects with no separator (events)', async () => {
    expect(await decodeAll('{"a":1}{"b":[1,2,{"c":null}]}  \t{"d":true}')).toEqual([{a: 1}, {b: [1, 2, {c: null}]}, {d: true}])
  })

  it('decodes scalars and top-level numbers, which end only at a delimiter or EOF', async () => {
    expect(await decodeAll('1 2', '3 -4.5e+2"s"true', ' false null', ' 0')).toEqual([1, 23, -450, 's', true, false, null, 0])
    // Go's decoder reads "01" as two values
    expect(await decodeAll('01')).toEqual([0, 1])
  })

  it('accepts strings as chunks', async () => {
    expect(await decodeAll('{"a":', '"b"}')).toEqual([{a: 'b'}])
  })

  it('ends cleanly on empty or whitespace-only input', async () => {
    expect(await decodeAll()).toEqual([])
    expect(await decodeAll(' \n\r\t ')).toEqual([])
  })

  it('yields the values before a syntax error, then fails with Go wording', async () => {
    expect(await decodeUntilError('{"a":1}\n{"b":2}x{"c":3}')).toEqual({
      error: "invalid character 'x' looking for beginning of value",
      values: [{a: 1}, {b: 2}],
    })
  })

  it('fails with unexpected EOF when the stream stops inside a value', async () => {
    expect(await decodeUntilError('{"a":1}{"b":')).toEqual({error: 'unexpected EOF', values: [{a: 1}]})
    expect(await decodeUntilError('"abc')).toEqual({error: 'unexpected EOF', values: []})
    expect(await decodeUntilError('tru')).toEqual({error: 'unexpected EOF', values: []})
    expect(await decodeUntilError('1.')).toEqual({error: 'unexpected EOF', values: []})
  })

  it.each([
    ['<html>', "invalid character '<' looking for beginning of value"],
    ['{x', "invalid character 'x' looking for beginning of object key string"],
    ['{"a",', "invalid character ',' after object key"],
    ['{"a":1 2', "invalid character '2' after object key:value pair"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['[1 2]', "invalid character '2' after array element"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['[01]', "invalid character '1' after array element"],
    ['"a\nb"', String.raw`invalid character '\n' in string literal`],
    ['"\\x"', "invalid character 'x' in string escape code"],
    ['"\\u12g4"', String.raw`invalid character 'g' in \u hexadecimal character escape`],
    ['-a', "invalid character 'a' in numeric literal"],
    ['1.e5', "invalid character 'e' after decimal point in numeric literal"],
    ['1e+x', "invalid character 'x' in exponent of numeric literal"],
    ['trUe', "invalid character 'U' in literal true (expecting 'u')"],
    ['nul1', "invalid character '1' in literal null (expecting 'l')"],
    ['fals', 'unexpected EOF'],
    ["'single'", String.raw`invalid character '\'' looking for beginning of value`],
    [Buffer.from([0xc3, 0xa9]), "invalid character 'Ã' looking for beginning of value"],
  ])('reports %j as %s', async (input, message) => {
    expect((await decodeUntilError(input)).error).toBe(message)
  })
})

describe('JSONValueScanner', () => {
  it('holds only the value in progress', () => {
    const scanner = new JSONValueScanner()
    const first = scanner.push(Buffer.from('{"a":1}\n{"b":'))
    expect(first.values.map(String)).toEqual(['{"a":1}'])
    const second = scanner.push(Buffer.from('2}\n'))
    expect(second.values.map(String)).toEqual(['{"b":2}'])
    expect(scanner.end()).toBeUndefined()
  })

  it('reports the same error on every later push', () => {
    const scanner = new JSONValueScanner()
    expect(scanner.push(Buffer.from('}')).error?.message).toBe("invalid character '}' looking for beginning of value")
    expect(scanner.push(Buffer.from('{}')).error?.message).toBe("invalid character '}' looking for beginning of value")
    expect(() => scanner.end()).toThrow("invalid character '}'")
  })
})

describe('goQuoteChar', () => {
  it('quotes bytes like Go', () => {
    expect(goQuoteChar(0x78)).toBe("'x'")
    expect(goQuoteChar(0x22)).toBe(`'"'`)
    expect(goQuoteChar(0x5c)).toBe(String.raw`'\\'`)
    expect(goQuoteChar(0x00)).toBe(String.raw`'\x00'`)
    expect(goQuoteChar(0x09)).toBe(String.raw`'\t'`)
    expect(goQuoteChar(0x7f)).toBe(String.raw`'\x7f'`)
    expect(goQuoteChar(0x85)).toBe(String.raw`'\u0085'`)
    expect(goQuoteChar(0xa0)).toBe(String.raw`'\u00a0'`)
    expect(goQuoteChar(0xff)).toBe("'ÿ'")
  })
})
