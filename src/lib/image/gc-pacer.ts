// Keeps peak memory flat while hundreds of MiB stream through the CLI (the build context).
// Every chunk read from disk is a fresh Buffer whose memory lives outside the JS heap; V8 only
// collects their tiny wrappers when the young generation fills, which at this allocation pattern
// lets ~40 MiB of already-sent chunks pile up. A young-generation collection every few MiB
// frees them as they go, for well under a millisecond each.
import v8 from 'node:v8'
import vm from 'node:vm'

type GcFunction = (options?: {type?: 'major' | 'minor'}) => void

let cached: GcFunction | null | undefined

function exposedGc(): GcFunction | undefined {
  if (cached !== undefined) return cached ?? undefined
  try {
    v8.setFlagsFromString('--expose-gc')
    const gc: unknown = vm.runInNewContext('gc')
    cached = typeof gc === 'function' ? (gc as GcFunction) : null
  } catch {
    cached = null
  }
  return cached ?? undefined
}

/** Returns a byte-count callback that runs a minor GC each time `every` more bytes went by. */
export function gcPacer(every = 8 * 1024 * 1024): (bytes: number) => void {
  const gc = exposedGc()
  if (!gc) return () => {}
  let last = 0
  return (bytes) => {
    if (bytes - last < every) return
    last = bytes
    gc({type: 'minor'})
  }
}
