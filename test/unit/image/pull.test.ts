import {describe, expect, it} from 'vitest'

import {pullReference} from '../../../src/commands/pull.js'
import {CliError} from '../../../src/lib/cli/errors.js'
import {encodeQuery} from '../../../src/lib/engine/query.js'
import {withErrorDetail} from '../../../src/lib/image/messages.js'
import {fullString, parseNormalizedNamed} from '../../../src/lib/registry/reference.js'

const DIGEST = 'sha256:c22d59f19b09aa4132bc0f52ac96b4bd87a9cf4b3db5adbb5c63a383f5927165'

describe('pullReference', () => {
  it('adds latest and says so', () => {
    const {defaulted, ref} = pullReference('busybox', false)
    expect(defaulted).toBe(true)
    expect(fullString(ref)).toBe('docker.io/library/busybox:latest')
  })

  it('keeps a tag or digest', () => {
    expect(pullReference('127.0.0.1:5000/busybox:1', false).defaulted).toBe(false)
    expect(fullString(pullReference(`127.0.0.1:5000/busybox@${DIGEST}`, false).ref)).toBe(`127.0.0.1:5000/busybox@${DIGEST}`)
  })

  it('-a keeps the bare name and refuses a tag', () => {
    expect(fullString(pullReference('127.0.0.1:5000/busybox', true).ref)).toBe('127.0.0.1:5000/busybox')
    expect(() => pullReference('127.0.0.1:5000/busybox:1', true)).toThrow(new CliError("tag can't be used with --all-tags/-a"))
  })

  it('an invalid reference is docker\'s message, exit 1', () => {
    try {
      pullReference('Bad', false)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(CliError)
      expect((error as CliError).message).toBe('invalid reference format: repository name (library/Bad) must be lowercase')
      expect((error as CliError).exitCode).toBe(1)
    }
  })
})

describe('withErrorDetail', () => {
  it('a bare error string is a failure too', () => {
    expect(withErrorDetail({error: 'boom'}).errorDetail).toEqual({message: 'boom'})
  })

  it('leaves messages with errorDetail, and ordinary ones, alone', () => {
    const both = {error: 'x', errorDetail: {code: 3, message: 'y'}}
    expect(withErrorDetail(both)).toBe(both)
    const status = {status: 'Pulling fs layer', id: 'abc'}
    expect(withErrorDetail(status)).toBe(status)
  })
})
