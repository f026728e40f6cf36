// The ps IMAGE column and short IDs. Truncated output shows image references in "familiar"
// form (busybox, not docker.io/library/busybox) without digests, which takes a parse by the
// distribution/reference grammar; anything that does not parse is shown as the API sent it.

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
  const ref = parseNormalizedNamed(image)
  if (ref === undefined) return image
  const name = familiarName(ref.domain, ref.path)
  return ref.tag === '' ? name : `${name}:${ref.tag}`
}

// --- distribution/reference grammar --------------------------------------------------------

const DEFAULT_DOMAIN = 'docker.io'
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io'
const OFFICIAL_REPO_PREFIX = 'library/'
const REPOSITORY_NAME_MAX_LENGTH = 255

const alphanumeric = '[a-z0-9]+'
const separator = '(?:[._]|__|[-]+)'
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`
const ipv6Address = '\\[(?:[a-fA-F0-9:]+)\\]'
const domainAndPort = `(?:${domainName}|${ipv6Address})(?::[0-9]+)?`
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`
const remoteName = `${pathComponent}(?:/${pathComponent})*`
const namePattern = `(?:${domainAndPort}/)?${remoteName}`
const tagPattern = '[\\w][\\w.-]{0,127}'
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}'

const REFERENCE = new RegExp(`^(${namePattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`)
const ANCHORED_NAME = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`)
const BARE_IDENTIFIER = /^[a-f0-9]{64}$/
const DIGEST_ENCODED_LENGTH: Record<string, number> = {sha256: 64, sha384: 96, sha512: 128}

interface NamedReference {
  domain: string
  path: string
  tag: string
  digest: string
}

/** reference.ParseNormalizedNamed; undefined wherever Go returns an error. */
function parseNormalizedNamed(s: string): NamedReference | undefined {
  if (BARE_IDENTIFIER.test(s)) return undefined
  const {domain, remainder} = splitDockerDomain(s)
  const tagSep = remainder.indexOf(':')
  const remote = tagSep >= 0 ? remainder.slice(0, tagSep) : remainder
  if (remote.toLowerCase() !== remote) return undefined

  const match = REFERENCE.exec(`${domain}/${remainder}`)
  if (match === null) return undefined
  const [, name = '', tag = '', digest = ''] = match
  const nameMatch = ANCHORED_NAME.exec(name)
  const path = nameMatch?.[2] ?? name
  if (path.length > REPOSITORY_NAME_MAX_LENGTH) return undefined
  if (digest !== '' && !isSupportedDigest(digest)) return undefined
  return {domain: nameMatch?.[1] ?? '', path, tag, digest}
}

function splitDockerDomain(name: string): {domain: string; remainder: string} {
  const slash = name.indexOf('/')
  if (slash < 0) return {domain: DEFAULT_DOMAIN, remainder: OFFICIAL_REPO_PREFIX + name}
  const maybeDomain = name.slice(0, slash)
  const rest = name.slice(slash + 1)
  let domain: string
  let remainder: string
  if (maybeDomain === LEGACY_DEFAULT_DOMAIN) {
    domain = DEFAULT_DOMAIN
    remainder = rest
  } else if (maybeDomain === 'localhost' || /[.:]/.test(maybeDomain) || maybeDomain.toLowerCase() !== maybeDomain) {
    domain = maybeDomain
    remainder = rest
  } else {
    domain = DEFAULT_DOMAIN
    remainder = name
  }
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder
  return {domain, remainder}
}

// go-digest accepts only algorithms the binary links (sha256/384/512) with lowercase hex of
// the right length.
function isSupportedDigest(digest: string): boolean {
  const colon = digest.indexOf(':')
  const length = DIGEST_ENCODED_LENGTH[digest.slice(0, colon)]
  const encoded = digest.slice(colon + 1)
  return length !== undefined && encoded.length === length && /^[a-f0-9]+$/.test(encoded)
}

function familiarName(domain: string, path: string): string {
  if (domain !== DEFAULT_DOMAIN) return domain === '' ? path : `${domain}/${path}`
  if (path.startsWith(OFFICIAL_REPO_PREFIX)) {
    const remainder = path.slice(OFFICIAL_REPO_PREFIX.length)
    if (!remainder.includes('/')) return remainder
  }
  return path
}
