import { PkiError } from '../errors.js'
import { CURVE_OIDS, KEY_TYPES } from '../algorithms/oids.js'
import { asn1js, parseDer } from '../lib/asn1.js'

/** What kind of public key a certificate or SubjectPublicKeyInfo holds. */
export interface PublicKeyInfo {
  /** `RSA`, `EC`, `Ed25519`, `Ed448`, `X25519`, `X448`, or the algorithm OID if unknown. */
  type: string
  /** For EC keys: `P-256`, `P-384`, `P-521`, or the curve OID if unknown. */
  namedCurve?: string
  /** For RSA keys: the modulus size in bits. */
  modulusBits?: number
  /** The DER SubjectPublicKeyInfo. */
  spki: Uint8Array
}

/** Reads the algorithm of a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7). */
export function describePublicKey(spki: Uint8Array): PublicKeyInfo {
  const root = parseDer(spki, 'ERR_PKI_MALFORMED_CERTIFICATE', 'SubjectPublicKeyInfo')
  const [algorithm, bits] = root instanceof asn1js.Sequence ? root.valueBlock.value : []
  const [oid, parameters] = algorithm instanceof asn1js.Sequence ? algorithm.valueBlock.value : []
  if (!(oid instanceof asn1js.ObjectIdentifier) || !(bits instanceof asn1js.BitString)) {
    throw new PkiError(
      'ERR_PKI_MALFORMED_CERTIFICATE',
      'expected SubjectPublicKeyInfo ::= SEQUENCE { algorithm, BIT STRING }',
    )
  }
  const algorithmOid = oid.valueBlock.toString()
  const info: PublicKeyInfo = { type: KEY_TYPES[algorithmOid] ?? algorithmOid, spki }
  if (info.type === 'EC' && parameters instanceof asn1js.ObjectIdentifier) {
    const curve = parameters.valueBlock.toString()
    info.namedCurve = CURVE_OIDS[curve] ?? curve
  }
  if (info.type === 'RSA' || info.type === 'RSA-PSS') info.modulusBits = rsaModulusBits(bits)
  return info
}

function rsaModulusBits(bits: asn1js.BitString): number | undefined {
  const key = asn1js.fromBER(bits.valueBlock.valueHexView)
  const modulus = key.result instanceof asn1js.Sequence ? key.result.valueBlock.value[0] : undefined
  if (!(modulus instanceof asn1js.Integer)) return undefined
  const bytes = modulus.valueBlock.valueHexView
  let start = 0
  while (start < bytes.length && bytes[start] === 0) start++
  if (start === bytes.length) return 0
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start]!))
}
