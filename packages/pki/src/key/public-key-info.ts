import { PkiError } from '../errors.js'
import { CURVE_OIDS, KEY_TYPES } from '../algorithms/oids.js'
import { DerReader, type Tlv } from '../lib/der.js'

/** What kind of public key a certificate or SubjectPublicKeyInfo holds. */
export interface PublicKeyInfo {
  /**
   * `RSA`, `EC`, `Ed25519`, `Ed448`, `X25519`, `X448`, an ML-DSA or SLH-DSA parameter set
   * (`ML-DSA-65`, `SLH-DSA-SHA2-128s`, ...), or the algorithm OID if unknown.
   */
  type: string
  /** For EC keys: `P-256`, `P-384`, `P-521`, or the curve OID if unknown. */
  namedCurve?: string
  /** For RSA keys: the modulus size in bits. */
  modulusBits?: number
  /** The DER SubjectPublicKeyInfo. */
  spki: Uint8Array
}

// RFC 5280 §4.1: what a CA signs is DER; a second encoding of the same value is refused.
const reader: DerReader = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'SubjectPublicKeyInfo', {
  strict: true,
})

/** Reads the algorithm of a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7). */
export function describePublicKey(spki: Uint8Array): PublicKeyInfo {
  const [algorithm, bits, ...extra] = reader.sequence(reader.one(spki), 'SubjectPublicKeyInfo')
  const [oid, parameters] = reader.sequence(algorithm, 'AlgorithmIdentifier')
  if (extra.length > 0 || !bits || bits.cls !== 0 || bits.tag !== 3 || bits.content.length === 0)
    reader.fail('expected SubjectPublicKeyInfo ::= SEQUENCE { algorithm, BIT STRING }')
  const algorithmOid = reader.oid(oid, 'algorithm')
  const info: PublicKeyInfo = { type: KEY_TYPES[algorithmOid] ?? algorithmOid, spki }
  if (info.type === 'EC' && parameters?.cls === 0 && parameters.tag === 6) {
    const curve = reader.oid(parameters, 'namedCurve')
    info.namedCurve = CURVE_OIDS[curve] ?? curve
  }
  if (info.type === 'RSA' || info.type === 'RSA-PSS')
    info.modulusBits = rsaModulusBits(bits.content.subarray(1))
  return info
}

/** The size of an RSAPublicKey's modulus, or `undefined` if the key does not parse. */
function rsaModulusBits(key: Uint8Array): number | undefined {
  let modulus: Tlv | undefined
  try {
    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 §A.1.1)
    modulus = reader.sequence(reader.one(key), 'RSAPublicKey')[0]
  } catch (error) {
    // The size is descriptive: a key that does not parse fails when it is imported for use.
    if (error instanceof PkiError) return undefined
    throw error
  }
  if (modulus?.cls !== 0 || modulus.tag !== 2) return undefined
  const bytes = modulus.content
  let start = 0
  while (start < bytes.length && bytes[start] === 0) start++
  if (start === bytes.length) return 0
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start]!))
}
