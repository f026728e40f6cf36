// `--filter key=value` as docker's opts.FilterOpt reads it.
import type {Filters} from '../engine/types.js'

export const FILTER_FORMAT_ERROR = 'bad format of filter (expected name=value)'

export function validateFilter(flagLabel: string) {
  return (raw: string): void => {
    if (!raw.includes('=')) throw new Error(`invalid argument "${raw}" for "${flagLabel}" flag: ${FILTER_FORMAT_ERROR}`)
  }
}

export function parseFilters(values: readonly string[]): Filters {
  const filters: Filters = {}
  for (const raw of values) {
    const idx = raw.indexOf('=')
    const key = raw.slice(0, idx).trim().toLowerCase()
    const value = raw.slice(idx + 1).trim()
    ;(filters[key] ??= []).push(value)
  }
  return filters
}
