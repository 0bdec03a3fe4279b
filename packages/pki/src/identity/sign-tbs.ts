import { createSignature, ECDSA_OIDS } from '../algorithms/signature.js'
import type { DigestName } from '../algorithms/oids.js'
import { pqSignatureParams } from '../algorithms/pq-params.js'
import { UnsupportedAlgorithmError } from '../errors.js'
import { der } from '../lib/der.js'
import type { PrivateKey } from '../key/private-key.js'

// X.509 names the digest in the signature algorithm (RFC 4055 §5, RFC 5758 §3.2, RFC 8410 §3).
const RSA_WITH: Readonly<Record<string, string>> = {
  'SHA-256': '1.2.840.113549.1.1.11',
  'SHA-384': '1.2.840.113549.1.1.12',
  'SHA-512': '1.2.840.113549.1.1.13',
}
const CURVE_DIGEST: Readonly<Record<string, DigestName>> = {
  'P-256': 'SHA-256',
  'P-384': 'SHA-384',
  'P-521': 'SHA-512',
}

function digestFor(key: PrivateKey): DigestName {
  if (key.type === 'EC') return CURVE_DIGEST[key.namedCurve!]!
  return key.modulusBits && key.modulusBits > 3072 ? 'SHA-384' : 'SHA-256'
}

/** The DER AlgorithmIdentifier this key signs certificates and requests with. */
export function signatureAlgorithm(key: PrivateKey): Uint8Array {
  if (key.type === 'RSA') return der.seq(der.oid(RSA_WITH[digestFor(key)]!), der.null())
  if (key.type === 'EC') return der.seq(der.oid(ECDSA_OIDS[digestFor(key)]!))
  if (key.type === 'Ed25519') return der.seq(der.oid('1.3.101.112'))
  // RFC 9881 §3, RFC 9909 §3: the parameter set's OID, parameters absent.
  const pq = pqSignatureParams(key.type)
  if (pq) return der.seq(der.oid(pq.oid))
  throw new UnsupportedAlgorithmError(key.type, `cannot sign certificates with a ${key.type} key`)
}

/** Signs a TBSCertificate or CertificationRequestInfo; returns the full signed SEQUENCE. */
export async function signTbs(
  key: PrivateKey,
  tbs: Uint8Array,
  crypto?: Crypto,
): Promise<Uint8Array> {
  const algorithm = signatureAlgorithm(key)
  const options = crypto ? { crypto } : {}
  if (pqSignatureParams(key.type)) {
    const signed = await createSignature(key, tbs)
    return der.seq(tbs, algorithm, der.bits(signed.signature))
  }
  const cryptoKey = await key.toCryptoKey({ usage: 'sign', hash: digestFor(key), ...options })
  const signed = await createSignature(cryptoKey, tbs, { digest: digestFor(key), ...options })
  return der.seq(tbs, algorithm, der.bits(signed.signature))
}
