// Fixtures and normalisers for the image parity tests (images, rmi, tag, history, image prune):
// images built FROM busybox with the classic builder, saved once so that each CLI can get its
// own identical copy (same IDs) back with `docker load`.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {runDocker} from '../engine/harness.js'
import {shellQuote} from './normalise.js'

export async function docker(args: string[], input?: string): Promise<string> {
  const result = await runDocker(args, input === undefined ? {} : {input})
  if (result.code !== 0) throw new Error(`docker ${shellQuote(args)} failed (${result.code}): ${result.stderr}`)
  return result.stdout.trim()
}

/** Builds `dockerfile` (FROM busybox …) with `docker build -q`; resolves to the image ID. */
export async function buildImage(dockerfile: string, args: string[] = []): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'whalectl-imgctx-'))
  try {
    writeFileSync(path.join(dir, 'Dockerfile'), dockerfile)
    return await docker(['build', '-q', ...args, dir])
  } finally {
    rmSync(dir, {force: true, recursive: true})
  }
}

/** Removes images by reference or ID, ignoring the ones already gone. */
export async function removeImages(refs: readonly string[]): Promise<void> {
  if (refs.length > 0) await runDocker(['rmi', '-f', ...refs])
}

/** The IDs of every image carrying `label` (dangling ones included). */
export async function imagesLabelled(label: string): Promise<string[]> {
  const out = await docker(['images', '-aq', '--no-trunc', '--filter', `label=${label}`])
  return [...new Set(out.split('\n').filter((id) => id !== ''))]
}

/**
 * Replaces each distinct image/layer/container ID (full `sha256:…`, bare 64-hex or 12-hex short)
 * by `<id1>`, `<id2>`… in order of first appearance; for outputs whose IDs differ between two
 * otherwise identical fixtures (a build's created time is part of its ID).
 */
export function numberIds(text: string): string {
  const seen = new Map<string, string>()
  const name = (hex: string): string => {
    const key = hex.slice(0, 12)
    let label = seen.get(key)
    if (label === undefined) {
      label = `<id${seen.size + 1}>`
      seen.set(key, label)
    }
    return label
  }
  return text.replace(/(?:sha256:)?\b([0-9a-f]{64}|[0-9a-f]{12})\b/g, (_match, hex: string) => name(hex))
}

/**
 * Sorts the lines after the first (a table's header), for listings whose order is not docker's
 * to keep: the engine orders images of the same second at random, and docker walks a Go map
 * for the repositories of one image.
 */
export function sortRows(text: string): string {
  if (text === '') return text
  const lines = text.split('\n')
  const last = lines.pop() ?? ''
  const [header, ...rows] = lines
  return [header, ...rows.sort(), last].join('\n')
}

/** Sorts every line (for outputs with no header). */
export function sortLines(text: string): string {
  const lines = text.split('\n')
  const last = lines.pop() ?? ''
  return [...lines.sort(), last].join('\n')
}
