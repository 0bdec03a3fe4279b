import { PkiError } from '../errors.js'
import { der, DerReader, type Tlv } from '../lib/der.js'

const reader: DerReader = new DerReader('ERR_PKI_BAD_SIGNATURE', 'ECDSA-Sig-Value')

/** WebCrypto's r‖s to the DER `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 5480). */
export function rawToDerSignature(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2
  return der.seq(der.uint(raw.subarray(0, half)), der.uint(raw.subarray(half)))
}

/** DER ECDSA-Sig-Value to r‖s of `size` bytes each, or `undefined` if malformed. */
export function derToRawSignature(signature: Uint8Array, size: number): Uint8Array | undefined {
  let fields: Tlv[]
  try {
    fields = reader.sequence(reader.one(signature), 'ECDSA-Sig-Value')
  } catch (error) {
    // A signature that does not parse is a signature that does not verify, not an error.
    if (error instanceof PkiError) return undefined
    throw error
  }
  const [r, s, ...extra] = fields
  if (!isInteger(r) || !isInteger(s) || extra.length > 0) return undefined
  const out = new Uint8Array(size * 2)
  for (const [i, integer] of [r, s].entries()) {
    let bytes = integer.content
    while (bytes.length > size && bytes[0] === 0) bytes = bytes.subarray(1)
    if (bytes.length > size) return undefined
    out.set(bytes, size * (i + 1) - bytes.length)
  }
  return out
}

function isInteger(tlv: Tlv | undefined): tlv is Tlv {
  return tlv?.cls === 0 && tlv.tag === 2 && !tlv.constructed && tlv.content.length > 0
}

export const CURVE_SIZES: Readonly<Record<string, number>> = {
  'P-256': 32,
  'P-384': 48,
  'P-521': 66,
}
