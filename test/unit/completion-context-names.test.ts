import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {afterEach, describe, expect, it} from 'vitest'

import {contextNames, currentContextName} from '../../src/lib/completion/context-names.js'

let dir: string | undefined
afterEach(() => dir && rmSync(dir, {force: true, recursive: true}))

function store(names: string[], current?: string): string {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ctxnames-'))
  names.forEach((name, i) => {
    mkdirSync(path.join(dir as string, 'contexts', 'meta', `d${i}`), {recursive: true})
    writeFileSync(path.join(dir as string, 'contexts', 'meta', `d${i}`, 'meta.json'), JSON.stringify({Name: name}))
  })
  mkdirSync(path.join(dir, 'contexts', 'meta', 'broken'), {recursive: true})
  if (current) writeFileSync(path.join(dir, 'config.json'), JSON.stringify({currentContext: current}))
  return dir
}

describe('context names', () => {
  it('lists stored contexts in natural order, then default; skips unreadable ones', () => {
    expect(contextNames(store(['b10', 'a', 'b9']))).toEqual(['a', 'b9', 'b10', 'default'])
  })

  it('has only default without a store', () => {
    expect(contextNames('/nonexistent')).toEqual(['default'])
  })

  it('resolves the current context as docker does', () => {
    const configDir = store(['x'], 'x')
    expect(currentContextName({configDir, env: {}})).toBe('x')
    expect(currentContextName({configDir, env: {DOCKER_CONTEXT: 'y'}})).toBe('y')
    expect(currentContextName({configDir, env: {DOCKER_HOST: 'unix:///s'}})).toBe('default')
    expect(currentContextName({configDir, context: 'z', env: {}})).toBe('z')
  })
})
