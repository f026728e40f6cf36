import {describe, expect, it} from 'vitest'

import {displayImage, truncateID} from '../../../src/lib/format/image-ref.js'

const HEX = 'd'.repeat(64)
const OTHER = 'a'.repeat(64)
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`

describe('truncateID', () => {
  it.each([
    [`sha256:${HEX}`, 'dddddddddddd'],
    [HEX, 'dddddddddddd'],
    ['e4ec5f4aceb1', 'e4ec5f4aceb1'],
    ['short', 'short'],
    ['', ''],
  ])('%s → %s', (id, short) => {
    expect(truncateID(id)).toBe(short)
  })
})

describe('displayImage', () => {
  it('shows <no image> when the API has none', () => {
    expect(displayImage('', `sha256:${HEX}`, true)).toBe('<no image>')
    expect(displayImage('', `sha256:${HEX}`, false)).toBe('<no image>')
  })

  it('shows the short ID for containers created from an image ID', () => {
    expect(displayImage(`sha256:${HEX}`, `sha256:${HEX}`, true)).toBe('dddddddddddd')
    expect(displayImage('dddddddddddd', `sha256:${HEX}`, true)).toBe('dddddddddddd')
    expect(displayImage('dddd', `sha256:${HEX}`, true)).toBe('dddd')
  })

  it.each([
    ['busybox', 'busybox'],
    ['busybox:latest', 'busybox:latest'],
    ['busybox:1.36', 'busybox:1.36'],
    ['docker.io/library/busybox', 'busybox'],
    ['docker.io/library/busybox:1.36', 'busybox:1.36'],
    ['index.docker.io/library/busybox', 'busybox'],
    ['library/busybox', 'busybox'],
    ['docker.io/foo/bar', 'foo/bar'],
    ['docker.io/library/foo/bar', 'library/foo/bar'],
    ['foo/bar:v1', 'foo/bar:v1'],
    [`busybox:1.36@${DIGEST}`, 'busybox:1.36'],
    [`busybox@${DIGEST}`, 'busybox'],
    [`127.0.0.1:5000/busybox@${DIGEST}`, '127.0.0.1:5000/busybox'],
    [`localhost:5000/team/app:2@${DIGEST}`, 'localhost:5000/team/app:2'],
    ['localhost/app', 'localhost/app'],
    ['[::1]:5000/app:dev', '[::1]:5000/app:dev'],
    ['Example.com/app', 'Example.com/app'],
    // Not parseable: shown as the API sent it.
    ['Busybox', 'Busybox'],
    ['registry/Bad:1', 'registry/Bad:1'],
    ['busybox@sha256:1234', 'busybox@sha256:1234'],
    [`busybox@md5:${'0'.repeat(32)}`, `busybox@md5:${'0'.repeat(32)}`],
    [OTHER, OTHER],
  ])('%s → %s when truncating', (image, shown) => {
    expect(displayImage(image, `sha256:${HEX}`, true)).toBe(shown)
  })

  it('keeps the API string without truncation', () => {
    expect(displayImage(`docker.io/library/busybox:1.36@${DIGEST}`, `sha256:${HEX}`, false)).toBe(`docker.io/library/busybox:1.36@${DIGEST}`)
    expect(displayImage(`sha256:${HEX}`, `sha256:${HEX}`, false)).toBe(`sha256:${HEX}`)
  })
})
