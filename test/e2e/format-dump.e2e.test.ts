// `--format '{{.}}'` and `{{printf "%v" .}}` print Go's dump of docker's formatter context
// (issue 15 item 10). Go prints a pointer inside the struct as its address, which differs
// between any two runs, so addresses are masked; everything else must match byte for byte.
import {afterAll, beforeAll, describe, it} from 'vitest'

import {cleanupLabel, removeTestContainers, runDocker} from '../engine/harness.js'
import {expectParity} from './normalise.js'

const NAME = 'whalectl-format-dump'
const maskAddresses = (text: string): string => text.replace(/0xc[0-9a-f]{9}/g, '0xADDR').replace(/\b8246\d{8}\b/g, 'ADDR')

beforeAll(async () => {
  await runDocker(['rm', '-f', NAME])
  const created = await runDocker(['create', '--name', NAME, '--label', cleanupLabel, '--label', 'b=2', '-v', '/tmp:/host:ro', 'busybox', 'true'])
  if (created.code !== 0) throw new Error(`creating ${NAME} failed: ${created.stderr}`)
})

afterAll(() => removeTestContainers())

describe('ps --format with the whole context', () => {
  it.each([
    ['{{.}}'],
    ['{{printf "%v" .}}'],
    ['{{printf "%+v" .}}'],
    ['{{printf "%#v" .}}'],
    ['{{printf "%s" .}}'],
    ['{{.Size}} {{.}}'],
    ['{{.HeaderContext}} {{.FieldsUsed}} {{printf "%T" .}}'],
    ['table {{.}}'],
    ['{{.trunc}}'],
    ['{{.c.ID}}'],
  ])('%s', async (format) => {
    await expectParity(['ps', '-a', '--filter', `name=${NAME}`, '--format', format], {normalise: maskAddresses})
  })
})
