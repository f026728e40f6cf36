import {describe, expect, it} from 'vitest'

import type {EngineClient} from '../../../src/lib/engine/client.js'
import type {ImagePushOptions, JSONMessage} from '../../../src/lib/engine/types.js'
import {encodePlatform} from '../../../src/lib/image/platform.js'
import {pushAuxNote, pushImage, PushRequestError} from '../../../src/lib/image/push.js'
import {parseNormalizedNamed} from '../../../src/lib/registry/reference.js'

function fakeEngine(apiVersion: string, messages: JSONMessage[] = [{status: 'done'}]) {
  const calls: Array<{name: string; opts: ImagePushOptions}> = []
  const engine = {
    apiVersion: async () => apiVersion,
    imagePush: async (name: string, opts: ImagePushOptions) => {
      calls.push({name, opts})
      return Object.assign((async function* () {
        yield* messages
      })(), {destroy: () => {}})
    },
  } as unknown as EngineClient
  return {calls, ctx: {config: () => ({auths: {'127.0.0.1:5000': {auth: 'dTpw'}}}), engine: () => engine}}
}

describe('pushImage', () => {
  it("sends the repository, `latest` for a bare name and the config file's credentials", async () => {
    const {calls, ctx} = fakeEngine('1.41')
    await pushImage(ctx, parseNormalizedNamed('127.0.0.1:5000/app'))
    expect(calls).toEqual([{name: '127.0.0.1:5000/app', opts: {auth: {password: 'p', serveraddress: '127.0.0.1:5000', username: 'u'}, platform: undefined, signal: undefined, tag: 'latest'}}])
  })

  it('sends no tag for every tag (-a)', async () => {
    const {calls, ctx} = fakeEngine('1.41')
    await pushImage(ctx, parseNormalizedNamed('busybox'), {all: true, auth: {}})
    expect(calls[0]).toMatchObject({name: 'docker.io/library/busybox', opts: {tag: undefined}})
  })

  it('refuses a digest, a bad platform, and a platform the engine is too old for', async () => {
    const {calls, ctx} = fakeEngine('1.41')
    const digest = `busybox@sha256:${'a'.repeat(64)}`
    await expect(pushImage(ctx, parseNormalizedNamed(digest))).rejects.toThrow(new PushRequestError('cannot push a digest reference'))
    await expect(pushImage(ctx, parseNormalizedNamed('busybox'), {platform: 'a/b/c/d'})).rejects.toThrow('"a/b/c/d": cannot parse platform specifier: invalid argument')
    await expect(pushImage(ctx, parseNormalizedNamed('busybox'), {platform: 'linux/amd64'})).rejects.toThrow(
      '"platform" requires API version 1.46, but the Docker daemon API version is 1.41',
    )
    expect(calls).toEqual([])
  })

  it('sends the platform as OCI JSON to a new enough engine', async () => {
    const {calls, ctx} = fakeEngine('1.47')
    await pushImage(ctx, parseNormalizedNamed('busybox:1'), {auth: {}, platform: 'linux/arm64/v8'})
    expect(calls[0]?.opts.platform).toBe('{"architecture":"arm64","os":"linux","variant":"v8"}')
  })

  it('hands every message to onProgress, then rejects on an error message', async () => {
    const {ctx} = fakeEngine('1.41', [{id: 'abc', status: 'Preparing'}, {error: 'denied', errorDetail: {message: 'denied'}}])
    const seen: JSONMessage[] = []
    await expect(pushImage(ctx, parseNormalizedNamed('x/y:1'), {auth: {}, onProgress: (m) => seen.push(m)})).rejects.toThrow('denied')
    expect(seen).toHaveLength(2)
  })
})

describe('encodePlatform', () => {
  it("normalises as containerd does and writes ocispec.Platform's fields in order", () => {
    expect(encodePlatform('linux/amd64')).toBe('{"architecture":"amd64","os":"linux"}')
    expect(encodePlatform('linux/arm/v6')).toBe('{"architecture":"arm","os":"linux","variant":"v6"}')
    expect(encodePlatform('windows(10.0.17763)/amd64')).toBe('{"architecture":"amd64","os":"windows","os.version":"10.0.17763"}')
  })
})

describe('pushAuxNote', () => {
  it("gives docker's notes for an index pushed as one manifest and for missing content", () => {
    expect(pushAuxNote({manifestPushedInsteadOfIndex: true, originalIndex: {digest: 'sha256:a'}, selectedManifest: {digest: 'sha256:b'}})).toBe(
      'Not all multiplatform-content is present and only the available single-platform image was pushed\n\x1b[31msha256:a\x1b[0m -> \x1b[32msha256:b\x1b[0m',
    )
    expect(pushAuxNote({contentMissing: true})).toMatch(/^You're trying to push a manifest list\/index which \n/)
    expect(pushAuxNote({Tag: '1', Digest: 'sha256:x', Size: 528})).toBeUndefined()
  })
})
