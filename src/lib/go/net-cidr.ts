// Go's net.ParseCIDR and IPNet.Contains, which docker's `network create` uses to match ranges,
// gateways and auxiliary addresses to their subnets (and whose error texts it prints).
import {parseGoIP} from './net-ip.js'

/** Go's net.IPNet: the network number (4 or 16 bytes) and a mask of the same length. */
export interface GoIPNet {
  readonly ip: number[]
  readonly mask: number[]
}

/** What net.ParseCIDR returns: the address as written (16 bytes) and its network. */
export interface GoCIDR {
  readonly ip: number[]
  readonly net: GoIPNet
}

/** net.ParseError for a CIDR: `invalid CIDR address: <text>`. */
export class CIDRParseError extends Error {
  override name = 'CIDRParseError'

  constructor(text: string) {
    super(`invalid CIDR address: ${text}`)
  }
}

const IPV4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]

function isIPv4Mapped(ip: readonly number[]): boolean {
  return ip.length === 16 && IPV4_MAPPED_PREFIX.every((b, i) => ip[i] === b)
}

/** net.IP.To4: the last four bytes of an IPv4(-mapped) address, else undefined. */
function to4(ip: readonly number[]): number[] | undefined {
  if (ip.length === 4) return [...ip]
  return isIPv4Mapped(ip) ? ip.slice(12) : undefined
}

function cidrMask(ones: number, bits: number): number[] {
  return Array.from({length: bits / 8}, (_, i) => {
    const left = Math.min(8, Math.max(0, ones - i * 8))
    return (0xff << (8 - left)) & 0xff
  })
}

/**
 * net.ParseCIDR. The address is read as netip.ParseAddr reads it: a dotted IPv4 address has a
 * 32-bit mask, anything with colons (an IPv4-mapped one too) a 128-bit one.
 */
export function parseGoCIDR(text: string): GoCIDR {
  const slash = text.indexOf('/')
  if (slash === -1) throw new CIDRParseError(text)
  const addr = text.slice(0, slash)
  const maskText = text.slice(slash + 1)
  const ip = addr.includes('%') ? undefined : parseGoIP(addr)
  // Go's dtoi: decimal digits only, at least one, no sign.
  if (ip === undefined || !/^\d+$/.test(maskText)) throw new CIDRParseError(text)
  const bits = addr.includes(':') ? 128 : 32
  const ones = Number(maskText)
  if (ones > bits) throw new CIDRParseError(text)
  const mask = cidrMask(ones, bits)
  const number = (bits === 32 ? ip.slice(12) : ip).map((b, i) => b & (mask[i] as number))
  return {ip, net: {ip: bits === 32 ? [...IPV4_MAPPED_PREFIX, ...number] : number, mask}}
}

/** IPNet.Contains, with networkNumberAndMask's handling of 4- and 16-byte forms. */
export function goNetContains(net: GoIPNet, ip: readonly number[] | undefined): boolean {
  if (ip === undefined) return false
  let number = to4(net.ip) ?? net.ip
  let mask = net.mask
  if (mask.length === 4 && number.length !== 4) return false
  if (mask.length === 16 && number.length === 4) mask = mask.slice(12)
  if (mask.length !== number.length) return false
  number = number.map((b, i) => b & (mask[i] as number))
  const addr = to4(ip) ?? [...ip]
  if (addr.length !== number.length) return false
  return addr.every((b, i) => (b & (mask[i] as number)) === number[i])
}
