import {Readable} from 'node:stream'
import {describe, expect, it} from 'vitest'

import {checkBuilderEnv} from '../../../src/commands/build.js'
import {BuildFailedError, renderBuildStream} from '../../../src/lib/image/build-stream.js'

function body(lines: string[]): Readable {
  return Readable.from(lines.map((l) => Buffer.from(`${l}\r\n`)))
}

async function render(lines: string[]): Promise<{out: string; warn: string; id?: string; error?: unknown}> {
  let out = ''
  let warn = ''
  try {
    const id = await renderBuildStream(body(lines), {write: (s) => ((out += String(s)), true), isTTY: true}, (t) => (warn += t))
    return {id, out, warn}
  } catch (error) {
    return {error, out, warn}
  }
}

describe('renderBuildStream', () => {
  it('prints stream text as is and takes the ID from aux', async () => {
    const r = await render([
      '{"stream":"Step 1/2 : FROM busybox\\n"}',
      '{"stream":" ---\\u003e 0db8342cd846\\n"}',
      '{"aux":{"ID":"sha256:c472307a17a7"}}',
      '{"stream":"Successfully built c472307a17a7\\n"}',
    ])
    expect(r.out).toBe('Step 1/2 : FROM busybox\n ---> 0db8342cd846\nSuccessfully built c472307a17a7\n')
    expect(r.id).toBe('sha256:c472307a17a7')
  })

  it('renders FROM pull progress as plain lines even on a terminal', async () => {
    const r = await render([
      '{"status":"Pulling fs layer","progressDetail":{},"id":"5cf0082e59ce"}',
      '{"status":"Downloading","progressDetail":{"current":10,"total":100},"progress":"[=>  ]","id":"5cf0082e59ce"}',
      '{"status":"Pull complete","progressDetail":{},"id":"5cf0082e59ce"}',
    ])
    expect(r.out).toBe('5cf0082e59ce: Pulling fs layer\n5cf0082e59ce: Pull complete\n')
  })

  it('a failing step carries its exit code', async () => {
    const r = await render([
      '{"stream":"before\\n"}',
      '{"errorDetail":{"code":3,"message":"The command \'/bin/sh -c exit 3\' returned a non-zero code: 3"},"error":"The command \'/bin/sh -c exit 3\' returned a non-zero code: 3"}',
      '{"stream":"never\\n"}',
    ])
    expect(r.out).toBe('before\n')
    expect(r.error).toBeInstanceOf(BuildFailedError)
    expect((r.error as BuildFailedError).code).toBe(3)
  })

  it('an error without a code (or code 0) exits 1', async () => {
    const r = await render(['{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}'])
    expect((r.error as BuildFailedError).code).toBe(1)
    expect((r.error as BuildFailedError).message).toBe('manifest unknown')
    const zero = await render(['{"errorDetail":{"code":0,"message":"x"}}'])
    expect((zero.error as BuildFailedError).code).toBe(1)
  })

  it('an aux that is not an object is reported like docker', async () => {
    const r = await render(['{"aux":"x"}'])
    expect(r.warn).toBe('Failed to parse aux message: json: cannot unmarshal string into Go value of type types.BuildResult')
    expect(r.id).toBe('')
  })
})

describe('checkBuilderEnv (DOCKER_BUILDKIT)', () => {
  it('unset, empty or false: the classic builder', () => {
    expect(() => checkBuilderEnv({})).not.toThrow()
    expect(() => checkBuilderEnv({DOCKER_BUILDKIT: ''})).not.toThrow()
    expect(() => checkBuilderEnv({DOCKER_BUILDKIT: '0'})).not.toThrow()
    expect(() => checkBuilderEnv({DOCKER_BUILDKIT: 'False'})).not.toThrow()
  })

  it('true: fails as docker without buildx does', () => {
    expect(() => checkBuilderEnv({DOCKER_BUILDKIT: '1'})).toThrow(
      'ERROR: BuildKit is enabled but the buildx component is missing or broken.\n       Install the buildx component to build images with BuildKit:\n       https://docs.docker.com/go/buildx/',
    )
  })

  it('not a boolean: strconv wording', () => {
    expect(() => checkBuilderEnv({DOCKER_BUILDKIT: 'foo'})).toThrow(
      'DOCKER_BUILDKIT environment variable expects boolean value: strconv.ParseBool: parsing "foo": invalid syntax',
    )
  })
})
