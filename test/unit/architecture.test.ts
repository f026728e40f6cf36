// Two layering rules the code relies on, checked on the source: only the engine client knows
// Engine API paths, and the library entry reaches no CLI module (so a program importing
// whalectl gets no flag parser, no exit codes, no process handling).
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

const SRC = path.resolve(import.meta.dirname, '../../src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') ? [full] : []
  })
}

/** Every module reachable from `entry` through static imports and re-exports. */
function importGraph(entry: string): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/^(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/gms)) {
      visit(path.resolve(path.dirname(file), (m[1] as string).replace(/\.js$/, '.ts')))
    }
  }
  visit(entry)
  return seen
}

describe('layering', () => {
  it('no Engine API path is written outside src/lib/engine', () => {
    const raw = /['"`]\/(containers|images|exec|build|events|networks|volumes|auth|session|_ping|distribution|system|commit|version|info)(\/|['"`?$])/
    const offenders = sourceFiles(SRC)
      .filter((f) => !f.startsWith(path.join(SRC, 'lib', 'engine') + path.sep))
      .filter((f) => raw.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(SRC, f))
    expect(offenders).toEqual([])
  })

  it('the library entry imports nothing from the CLI layer', () => {
    const graph = [...importGraph(path.join(SRC, 'index.ts'))].map((f) => path.relative(SRC, f))
    expect(graph).toContain('lib/docker.ts')
    expect(graph.filter((f) => f.startsWith('lib/cli/') || f.startsWith('commands/') || f === 'main.ts')).toEqual([])
  })
})
