import { asn1js } from '../lib/asn1.js'

/** WebCrypto's r‖s to the DER `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 5480). */
export function rawToDerSignature(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2
  const integer = (bytes: Uint8Array): asn1js.Integer => {
    let start = 0
    while (start < bytes.length - 1 && bytes[start] === 0) start++
    const trimmed = bytes.subarray(start)
    const value = trimmed[0]! & 0x80 ? Uint8Array.of(0, ...trimmed) : trimmed
    return new asn1js.Integer({ valueHex: value })
  }
  const sequence = new asn1js.Sequence({
    value: [integer(raw.subarray(0, half)), integer(raw.subarray(half))],
  })
  return new Uint8Array(sequence.toBER())
}

/** DER ECDSA-Sig-Value to r‖s of `size` bytes each, or `undefined` if malformed. */
export function derToRawSignature(der: Uint8Array, size: number): Uint8Array | undefined {
  const parsed = asn1js.fromBER(der)
  if (parsed.offset !== der.length || !(parsed.result instanceof asn1js.Sequence)) return undefined
  const [r, s] = parsed.result.valueBlock.value
  if (!(r instanceof asn1js.Integer) || !(s instanceof asn1js.Integer)) return undefined
  const out = new Uint8Array(size * 2)
  for (const [i, integer] of [r, s].entries()) {
    let bytes = integer.valueBlock.valueHexView
    while (bytes.length > size && bytes[0] === 0) bytes = bytes.subarray(1)
    if (bytes.length > size) return undefined
    out.set(bytes, size * (i + 1) - bytes.length)
  }
  return out
}

export const CURVE_SIZES: Readonly<Record<string, number>> = {
  'P-256': 32,
  'P-384': 48,
  'P-521': 66,
}
