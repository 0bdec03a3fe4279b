import { PkiError } from '../errors.js'

// Arcs up to here are exact as numbers; larger ones (2.25.<UUID> arcs of X.667 have 128 bits)
// are decoded with BigInt, so that two different OIDs never print the same.
const MAX_NUMBER_ARC = Number.MAX_SAFE_INTEGER / 128

/**
 * Why the content octets of an OBJECT IDENTIFIER are not a valid encoding, or `undefined` when
 * they are: empty content, a subidentifier that starts with 0x80 (X.690 §8.19.2 requires the
 * fewest octets, in BER as in DER, so that one OID has exactly one encoding), or a last octet
 * with its continuation bit set (a truncated subidentifier).
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param content - the content octets, without tag and length (or a buffer holding them)
 * @param start - where the content octets start in `content`
 * @param end - where they end
 * @returns the problem in words, or `undefined`
 * @example
 * ```ts
 * oidProblem(Uint8Array.of(0x2a, 0x80, 0x03)) // 'subidentifier 2 starts with 0x80 ...'
 * ```
 */
export function oidProblem(
  content: Uint8Array,
  start = 0,
  end: number = content.length,
): string | undefined {
  if (end <= start) return 'an OBJECT IDENTIFIER is empty'
  let first = true
  let index = 1
  for (let i = start; i < end; i++) {
    if (first && content[i] === 0x80)
      return `subidentifier ${index} starts with 0x80 (not the fewest octets, X.690 §8.19.2)`
    first = (content[i]! & 0x80) === 0
    if (first) index++
  }
  return first ? undefined : 'the last subidentifier of an OBJECT IDENTIFIER is truncated'
}

/**
 * The dotted form of OBJECT IDENTIFIER content octets (X.690 §8.19). The caller checks the
 * encoding with {@link oidProblem} first (the DER readers do so for every OID they read).
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param content - the content octets, without tag and length
 * @returns the OID, e.g. `1.2.840.113549.1.7.2`
 * @example
 * ```ts
 * decodeOid(Uint8Array.of(0x2a, 0x86, 0x48)) // '1.2.840'
 * ```
 */
export function decodeOid(content: Uint8Array): string {
  const parts: string[] = []
  let value = 0
  let big: bigint | undefined
  for (const b of content) {
    if (big === undefined && value > MAX_NUMBER_ARC) big = BigInt(value)
    if (big === undefined) value = value * 128 + (b & 0x7f)
    else big = big * 128n + BigInt(b & 0x7f)
    if (b & 0x80) continue
    // X.690 §8.19.4: the first subidentifier is 40 × first arc + second arc (first arc ≤ 2).
    if (parts.length === 0) {
      if (big !== undefined) parts.push('2', String(big - 80n))
      else {
        const arc = value < 80 ? Math.floor(value / 40) : 2
        parts.push(String(arc), String(value - arc * 40))
      }
    } else parts.push(String(big ?? value))
    value = 0
    big = undefined
  }
  return parts.join('.')
}

const ARC = /^(0|[1-9]\d*)$/

/**
 * The content octets of an OBJECT IDENTIFIER in dotted form (X.690 §8.19), minimal.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param dotted - e.g. `2.5.4.3`
 * @returns the content octets (without tag and length)
 * @throws PkiError `ERR_PKI_INVALID_INPUT` for fewer than two arcs, a first arc over 2, a
 *   second arc over 39 under arcs 0 and 1, or an arc that is not a decimal number
 * @example
 * ```ts
 * encodeOid('2.5.4.3') // Uint8Array [0x55, 0x04, 0x03]
 * ```
 */
export function encodeOid(dotted: string): Uint8Array {
  // A copy: the caller may change what it gets, the remembered encoding must not change.
  const known = ENCODED.get(dotted)
  if (known) return known.slice()
  const encoded = encodeArcs(dotted)
  if (ENCODED.size >= MAX_REMEMBERED_OIDS) ENCODED.delete(ENCODED.keys().next().value!)
  ENCODED.set(dotted, encoded)
  return encoded.slice()
}

// Signing and encrypting encode the same few dozen OIDs (content types, attributes, algorithms)
// for every message, and the BigInt arithmetic costs more than the lookup. Bounded, since the
// dotted strings may come from the caller: the oldest goes first.
const ENCODED = new Map<string, Uint8Array>()
const MAX_REMEMBERED_OIDS = 256

function encodeArcs(dotted: string): Uint8Array {
  const arcs = dotted.split('.')
  if (arcs.length < 2 || !arcs.every((arc) => ARC.test(arc)))
    throw new PkiError('ERR_PKI_INVALID_INPUT', `expected a dotted OID, got "${dotted}"`)
  const values = arcs.map(BigInt)
  const [first, second] = values as [bigint, bigint]
  if (first > 2n || (first < 2n && second > 39n))
    throw new PkiError('ERR_PKI_INVALID_INPUT', `"${dotted}" is not a valid OID (X.660 §A.3)`)
  const out: number[] = []
  for (const arc of [first * 40n + second, ...values.slice(2)]) {
    const septets = [Number(arc & 0x7fn)]
    for (let v = arc >> 7n; v > 0n; v >>= 7n) septets.unshift(Number(v & 0x7fn) | 0x80)
    out.push(...septets)
  }
  return Uint8Array.from(out)
}
