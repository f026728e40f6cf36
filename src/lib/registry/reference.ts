// Image references as docker parses them (distribution/reference ParseNormalizedNamed + go-digest):
// `busybox` is docker.io/library/busybox, and every error text matches the Go library's, because
// `docker pull` and `docker run` print those texts unchanged.

export const DEFAULT_DOMAIN = 'docker.io'
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io'
const OFFICIAL_REPO_PREFIX = 'library/'
const DEFAULT_TAG = 'latest'
const REPOSITORY_NAME_MAX_LENGTH = 255

/** The config.json key docker uses for Docker Hub credentials (the "v1 index" URL). */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/'

export interface ImageReference {
  /** `docker.io`, `127.0.0.1:5000`, …; empty only for odd names the grammar reads as domainless. */
  domain: string
  /** Repository path inside the registry: `library/busybox`, `foo/bar`. */
  path: string
  tag?: string
  digest?: string
}

/** A reference docker would refuse; `message` is docker's own error text. */
export class InvalidReferenceError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InvalidReferenceError'
  }
}

// --- the grammar (distribution/reference regexp.go, rewritten as JS patterns) ---------------------

const alphanumeric = '[a-z0-9]+'
const separator = '(?:[._]|__|[-]+)'
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`
const ipv6Address = '\\[(?:[a-fA-F0-9:]+)\\]'
const domainAndPort = `(?:${domainName}|${ipv6Address})(?::[0-9]+)?`
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`
const remoteName = `${pathComponent}(?:/${pathComponent})*`
const namePattern = `(?:${domainAndPort}/)?${remoteName}`
// Go's \w is ASCII-only, as is JS's without the u flag.
const tagPattern = '[\\w][\\w.-]{0,127}'
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}'

const REFERENCE = new RegExp(`^(${namePattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`)
const ANCHORED_NAME = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`)
const ANCHORED_IDENTIFIER = /^[a-f0-9]{64}$/

/**
 * reference.ParseNormalizedNamed: familiar names get docker.io and library/, nothing else is added
 * (no default tag; see withDefaultTag). Throws InvalidReferenceError with docker's message.
 */
export function parseNormalizedNamed(s: string): ImageReference {
  if (ANCHORED_IDENTIFIER.test(s)) {
    throw new InvalidReferenceError(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`)
  }
  const {domain, remainder} = splitDockerDomain(s)
  // Everything before the first ':' — which can include an @digest, so `Foo@sha256:…` fails here too.
  const tagSep = remainder.indexOf(':')
  const remote = tagSep >= 0 ? remainder.slice(0, tagSep) : remainder
  if (remote.toLowerCase() !== remote) {
    throw new InvalidReferenceError(`invalid reference format: repository name (${remote}) must be lowercase`)
  }
  return parse(`${domain}/${remainder}`)
}

// reference.Parse on the already-normalised string.
function parse(s: string): ImageReference {
  const match = REFERENCE.exec(s)
  if (match === null) {
    if (s === '') throw new InvalidReferenceError('repository name must have at least one component')
    if (REFERENCE.test(s.toLowerCase())) throw new InvalidReferenceError('repository name must be lowercase')
    throw new InvalidReferenceError('invalid reference format')
  }
  const [, name = '', tag = '', digest = ''] = match
  const nameMatch = ANCHORED_NAME.exec(name)
  const domain = nameMatch?.[1] ?? ''
  const path = nameMatch?.[2] ?? name
  if (path.length > REPOSITORY_NAME_MAX_LENGTH) {
    throw new InvalidReferenceError(`repository name must not be more than ${REPOSITORY_NAME_MAX_LENGTH} characters`)
  }
  if (digest !== '') validateDigest(digest)
  const ref: ImageReference = {domain, path}
  if (tag !== '') ref.tag = tag
  if (digest !== '') ref.digest = digest
  return ref
}

// The first path component is a registry host only when it looks like one: it has a dot or a
// port, is `localhost`, or has uppercase letters (which a Hub namespace never has).
function splitDockerDomain(name: string): {domain: string; remainder: string} {
  const slash = name.indexOf('/')
  // A single component is always a Hub official image, even `localhost` or `example.com`.
  if (slash < 0) return {domain: DEFAULT_DOMAIN, remainder: OFFICIAL_REPO_PREFIX + name}
  const maybeDomain = name.slice(0, slash)
  const rest = name.slice(slash + 1)
  let domain: string
  let remainder: string
  if (maybeDomain === 'localhost') {
    domain = maybeDomain
    remainder = rest
  } else if (maybeDomain === LEGACY_DEFAULT_DOMAIN) {
    domain = DEFAULT_DOMAIN
    remainder = rest
  } else if (/[.:]/.test(maybeDomain) || maybeDomain.toLowerCase() !== maybeDomain) {
    domain = maybeDomain
    remainder = rest
  } else {
    domain = DEFAULT_DOMAIN
    remainder = name
  }
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder
  return {domain, remainder}
}

// go-digest's Digest.Validate. sha384/sha512 count as available: the docker binary links them.
const DIGEST_HEX_LENGTH: Record<string, number> = {sha256: 64, sha384: 96, sha512: 128}
const ANCHORED_GO_DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/

function validateDigest(digest: string): void {
  const colon = digest.indexOf(':')
  if (colon <= 0 || colon + 1 === digest.length) throw new InvalidReferenceError('invalid checksum digest format')
  const algorithm = digest.slice(0, colon)
  const encoded = digest.slice(colon + 1)
  const length = Object.hasOwn(DIGEST_HEX_LENGTH, algorithm) ? DIGEST_HEX_LENGTH[algorithm] : undefined
  if (length === undefined) {
    if (!ANCHORED_GO_DIGEST.test(digest)) throw new InvalidReferenceError('invalid checksum digest format')
    throw new InvalidReferenceError('unsupported digest algorithm')
  }
  if (encoded.length !== length) throw new InvalidReferenceError('invalid checksum digest length')
  if (!/^[a-f0-9]+$/.test(encoded)) throw new InvalidReferenceError('invalid checksum digest format')
}

// --- derived forms ---------------------------------------------------------------------------

/** reference.IsNameOnly: neither a tag nor a digest. */
export function isNameOnly(ref: ImageReference): boolean {
  return ref.tag === undefined && ref.digest === undefined
}

/** reference.TagNameOnly: adds `:latest` when the reference has neither tag nor digest. */
export function withDefaultTag(ref: ImageReference): ImageReference {
  return isNameOnly(ref) ? {...ref, tag: DEFAULT_TAG} : ref
}

/** Named.Name(): `docker.io/library/busybox`, `127.0.0.1:5000/busybox`; what `fromImage=` carries. */
export function repositoryName(ref: ImageReference): string {
  return ref.domain === '' ? ref.path : `${ref.domain}/${ref.path}`
}

/** The name as docker shows it: `busybox`, `foo/bar`, `127.0.0.1:5000/busybox`. */
export function familiarName(ref: ImageReference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return repositoryName(ref)
  if (ref.path.startsWith(OFFICIAL_REPO_PREFIX)) {
    const remainder = ref.path.slice(OFFICIAL_REPO_PREFIX.length)
    // Only a single-component name under library/ is an official image.
    if (!remainder.includes('/')) return remainder
  }
  return ref.path
}

/** reference.FamiliarString: familiar name plus `:tag` and `@digest` as present. */
export function familiarString(ref: ImageReference): string {
  return familiarName(ref) + suffix(ref)
}

/** Named.String(): `docker.io/library/busybox:latest`, as `docker pull` prints last. */
export function fullString(ref: ImageReference): string {
  return repositoryName(ref) + suffix(ref)
}

function suffix(ref: ImageReference): string {
  return (ref.tag === undefined ? '' : `:${ref.tag}`) + (ref.digest === undefined ? '' : `@${ref.digest}`)
}

/** The API's `tag=` value: the digest when there is one (it wins over a tag), else the tag or `latest`. */
export function apiTag(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? DEFAULT_TAG
}

/** The key credentials are stored under: the Hub's v1 index URL, otherwise the registry host. */
export function registryAuthKey(ref: ImageReference): string {
  return authKeyForDomain(ref.domain)
}

export function authKeyForDomain(domain: string): string {
  return domain === DEFAULT_DOMAIN || domain === LEGACY_DEFAULT_DOMAIN ? DOCKER_HUB_AUTH_KEY : domain
}

/**
 * reference.ParseAnyReference: a bare 64-hex image ID or a valid digest stands for itself;
 * anything else must be a name (ParseNormalizedNamed, with its errors).
 */
export function parseAnyReference(s: string): ImageReference | {digest: string} {
  if (ANCHORED_IDENTIFIER.test(s)) return {digest: `sha256:${s}`}
  try {
    validateDigest(s)
    return {digest: s}
  } catch (error) {
    if (!(error instanceof InvalidReferenceError)) throw error
  }
  return parseNormalizedNamed(s)
}
