// docker/go-units' size parsing (RAMInBytes), which docker runs on memory and size flags.
import {goParseFloat} from './strconv.js'

/** Go's int64(f) on amd64: out-of-range values become math.MinInt64. */
function goInt64(f: number): number {
  return f >= 2 ** 63 || f < -(2 ** 63) ? -(2 ** 63) : Math.trunc(f)
}

const SIZE_UNITS: Record<string, number> = {k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5}

/** go-units RAMInBytes: `512m`, `1.5G`, `64MiB`, `1 GB`; binary multiples, suffix case-insensitive. */
export function ramInBytes(sizeStr: string): number {
  let sep = -1
  for (let i = sizeStr.length - 1; i >= 0; i--) {
    if ('0123456789. '.includes(sizeStr[i] as string)) {
      sep = i
      break
    }
  }
  if (sep === -1) throw new Error(`invalid size: '${sizeStr}'`)
  const num = sizeStr[sep] === ' ' ? sizeStr.slice(0, sep) : sizeStr.slice(0, sep + 1)
  let sfx = sizeStr.slice(sep + 1)
  let size = goParseFloat(num)
  if (size < 0) throw new Error(`invalid size: '${sizeStr}'`)
  if (sfx.length === 0) return goInt64(size)
  const badSuffix = (): Error => new Error(`invalid suffix: '${sfx}'`)
  if (sfx.length > 3) throw badSuffix()
  sfx = sfx.toLowerCase()
  if (sfx[0] === 'b') {
    if (sfx.length > 1) throw badSuffix()
    return goInt64(size)
  }
  const mul = SIZE_UNITS[sfx[0] as string]
  if (mul === undefined) throw badSuffix()
  size *= mul
  if ((sfx.length === 2 && sfx[1] !== 'b') || (sfx.length === 3 && sfx.slice(1) !== 'ib')) throw badSuffix()
  return goInt64(size)
}
