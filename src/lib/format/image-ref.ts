// The ps IMAGE column and short IDs. Truncated output shows image references in "familiar"
// form (busybox, not docker.io/library/busybox) without digests, which takes a parse by the
// distribution/reference grammar; anything that does not parse is shown as the API sent it.
import {familiarString, type ImageReference, InvalidReferenceError, parseNormalizedNamed} from '../registry/reference.js'

const SHORT_ID_LENGTH = 12

/** docker's stringid.TruncateID: drop an `algo:` prefix, keep the first 12 characters. */
export function truncateID(id: string): string {
  const colon = id.indexOf(':')
  const bare = colon >= 0 ? id.slice(colon + 1) : id
  return bare.length > SHORT_ID_LENGTH ? bare.slice(0, SHORT_ID_LENGTH) : bare
}

/** The ps `.Image` field for a container's `Image` and `ImageID`. */
export function displayImage(image: string, imageID: string, trunc: boolean): string {
  if (image === '') return '<no image>'
  if (!trunc) return image
  // Created from an image ID: show the short ID, as for any other ID.
  const shortID = truncateID(imageID)
  if (shortID === truncateID(image)) return shortID
  let ref: ImageReference
  try {
    ref = parseNormalizedNamed(image)
  } catch (error) {
    if (error instanceof InvalidReferenceError) return image
    throw error
  }
  const {domain, path, tag} = ref
  return familiarString(tag === undefined ? {domain, path} : {domain, path, tag})
}
