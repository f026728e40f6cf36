// The published type declarations, as a consumer sees them: the README's "Use it from
// TypeScript" example and test/types/typed-calls.ts compile with tsc --strict against
// `whalectl` resolved through package.json's exports (dist/index.d.ts, built by `npm test`),
// and a wrong field name fails to compile.
import {spawnSync} from 'node:child_process'
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {REPO_ROOT} from '../fake-engine/run-cli.js'

const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
let dir: string

/** The first ```ts block after the README's "Use it from TypeScript" heading. */
function readmeExample(): string {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Use it from TypeScript'))
  const match = /```ts\n([\s\S]*?)```/.exec(section)
  if (!match) throw new Error('no TypeScript example in the README')
  return match[1] as string
}

function compile(files: string[]): {code: number; output: string} {
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        noEmit: true,
        strict: true,
        target: 'es2022',
        typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')],
        types: ['node'],
      },
      files,
    }),
  )
  const r = spawnSync(process.execPath, [TSC, '-p', dir], {encoding: 'utf8'})
  return {code: r.status ?? 1, output: `${r.stdout}${r.stderr}`}
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'whalectl-types-'))
  mkdirSync(path.join(dir, 'node_modules'))
  symlinkSync(REPO_ROOT, path.join(dir, 'node_modules', 'whalectl'))
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n')
  writeFileSync(path.join(dir, 'readme-example.ts'), readmeExample())
  copyFileSync(path.join(REPO_ROOT, 'test', 'types', 'typed-calls.ts'), path.join(dir, 'typed-calls.ts'))
})

afterAll(() => rmSync(dir, {force: true, recursive: true}))

describe('published declarations', () => {
  it('the README example and the typed calls compile under --strict', () => {
    const r = compile(['readme-example.ts', 'typed-calls.ts'])
    expect(r.output).toBe('')
    expect(r.code).toBe(0)
  })

  it('a wrong field name does not compile', () => {
    writeFileSync(path.join(dir, 'wrong.ts'), "import {Docker} from 'whalectl'\nawait Docker.fromEnv().containerStop('x', {timeOut: 1})\n")
    const r = compile(['wrong.ts'])
    expect(r.code).not.toBe(0)
    expect(r.output).toContain("'timeOut' does not exist in type 'ContainerStopOptions'")
  })
})
