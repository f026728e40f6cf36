// `--filter key=value` as docker's opts.FilterOpt reads it.
import type {Filters} from '../engine/types.js'
import {type FlagSpec, invalidArgumentMessage} from './argv.js'

export const FILTER_FORMAT_ERROR = 'bad format of filter (expected name=value)'

/** pflag-time check of one --filter value; docker ignores an empty one. */
export function validateFilter(flag: Pick<FlagSpec, 'name' | 'short'>) {
  return (raw: string): void => {
    if (raw !== '' && !raw.includes('=')) throw new Error(invalidArgumentMessage(raw, flag, FILTER_FORMAT_ERROR))
  }
}

export function parseFilters(values: readonly string[]): Filters {
  const filters: Filters = {}
  for (const raw of values) {
    if (raw === '') continue
    const idx = raw.indexOf('=')
    const key = raw.slice(0, idx).trim().toLowerCase()
    const value = raw.slice(idx + 1).trim()
    ;(filters[key] ??= []).push(value)
  }
  return filters
}
