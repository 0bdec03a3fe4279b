import { equalBytes, toHex } from '../lib/bytes.js'
import { latin1 } from '../lib/character-string.js'
import { DerReader, type Tlv } from '../lib/der.js'

// RFC 5280 §4.1: what a CA signs is DER; a second encoding of the same value is refused.
const reader: DerReader = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'distinguished name', {
  strict: true,
})

/** One attribute of a relative distinguished name, with its comparison form. */
interface Attribute {
  type: string
  /** The normalised string (RFC 5280 §7.1), or the hex of the raw value for other types. */
  key: string
}

const STRING_TAGS = new Set([0x0c, 0x13, 0x14, 0x16, 0x1c, 0x1e, 0x1a])
const utf8 = new TextDecoder()
const utf16 = new TextDecoder('utf-16be')

const cache = new WeakMap<Uint8Array, Attribute[][]>()

/** The RDNs of a DER Name as sets of normalised attributes. */
function rdns(name: Uint8Array): Attribute[][] {
  let parsed = cache.get(name)
  if (!parsed) {
    parsed = reader.sequence(reader.one(name), 'Name').map((set) =>
      reader.children(set).map((atv) => {
        const [type, value] = reader.sequence(atv, 'AttributeTypeAndValue')
        return { type: reader.oid(type, 'AttributeType'), key: normalise(value) }
      }),
    )
    cache.set(name, parsed)
  }
  return parsed
}

// RFC 5280 §7.1 (via RFC 4518): compare DirectoryStrings case-insensitively with insignificant
// white space removed, whatever string type each side used (PrintableString vs UTF8String is
// common in V-PKI chains). Other attribute types compare by their exact encoding.
function normalise(value: Tlv | undefined): string {
  if (!value) return ''
  if (value.cls !== 0 || !STRING_TAGS.has(value.tag)) {
    return 'x:' + Array.from(value.raw, (b) => b.toString(16).padStart(2, '0')).join('')
  }
  const text =
    value.tag === 0x0c
      ? utf8.decode(value.content)
      : value.tag === 0x1e
        ? utf16.decode(value.content)
        : latin1(value.content)
  return 's:' + text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()
}

function sameRdn(a: readonly Attribute[], b: readonly Attribute[]): boolean {
  return (
    a.length === b.length && a.every((x) => b.some((y) => x.type === y.type && x.key === y.key))
  )
}

/**
 * True if two DER Names are the same name: exact bytes first (as webpki and Go compare), then
 * RFC 5280 §7.1 comparison of the RDN sequences. Never compares display strings.
 */
export function sameName(a: Uint8Array, b: Uint8Array): boolean {
  if (equalBytes(a, b)) return true
  try {
    const x = rdns(a)
    const y = rdns(b)
    return x.length === y.length && x.every((rdn, i) => sameRdn(rdn, y[i]!))
  } catch (error) {
    // A name that does not parse equals only its own bytes (checked above).
    if (error instanceof Error) return false
    throw error
  }
}

/**
 * A key under which names that {@link sameName} equates meet: the normalised RDN sequence, or
 * `undefined` for a name with an attribute repeated within one RDN (such a name may equal one
 * of another shape, so it is compared one by one). A name that does not parse keys by its bytes.
 */
export function nameKey(name: Uint8Array): string | undefined {
  let parsed: Attribute[][]
  try {
    parsed = rdns(name)
  } catch (error) {
    if (error instanceof Error) return 'b:' + toHex(name)
    throw error
  }
  const sets = parsed.map((rdn) => rdn.map((a) => `${a.type}\u0000${a.key}`).sort())
  if (sets.some((set) => set.some((a, i) => a === set[i - 1]))) return undefined
  return 'n:' + JSON.stringify(sets)
}

/** True if `subtree` is a prefix of `name` in RDN order (RFC 5280 §4.2.1.10 directoryName). */
export function nameWithin(name: Uint8Array, subtree: Uint8Array): boolean {
  const x = rdns(name)
  const y = rdns(subtree)
  return y.length <= x.length && y.every((rdn, i) => sameRdn(rdn, x[i]!))
}

/** True if a DER Name has no RDNs. */
export function isEmptyName(name: Uint8Array): boolean {
  return rdns(name).length === 0
}
