// ML-DSA (FIPS 204, RFC 9881 §3, RFC 9882) and SLH-DSA (FIPS 205, RFC 9909 §3, RFC 9814)
// signatures in their pure mode with an empty context string: the algorithm signs the data
// itself, whether a TBSCertificate or CMS signed attributes. Loaded only when such a key or
// signature is met.
import type { DigestName } from './oids.js'
import { pqEngine, type PqEngine } from './pq-engine.js'
import { PQ_SIGNATURE_OIDS, type PqSignatureParams } from './pq-params.js'
import type { AlgorithmIdentifier, CreatedSignature, SignatureCheck } from './signature.js'
import { PkiError } from '../errors.js'
import { pqKeyPair, pqParamsOf } from '../key/pq-key-pair.js'
import type { PrivateKey } from '../key/private-key.js'
import type { PublicKeyInfo } from '../key/public-key-info.js'
import { DerReader } from '../lib/der.js'

const spkiReader = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'SubjectPublicKeyInfo')

/** Signs with an ML-DSA or SLH-DSA key (hedged: FIPS 204 §3.4 / FIPS 205 §10 randomness). */
export async function createPqSignature(
  key: PrivateKey,
  data: Uint8Array,
): Promise<CreatedSignature> {
  const params = pqParamsOf(key)
  const [engine, pair] = await Promise.all([pqEngine(params), pqKeyPair(key)])
  return {
    signature: engine.sign(data, pair.secretKey),
    algorithm: { oid: params.oid },
    // SHAKE sets have no digest Siegel computes; X.509 needs none (pure mode).
    digest: params.cmsDigest ?? 'SHA-512',
  }
}

/**
 * Verifies an ML-DSA or SLH-DSA signature. Never throws for bad input: a wrong length, a key of
 * another parameter set, parameters where RFC 9881 §2 / RFC 9909 §3 want none, or a digest
 * weaker than the set (RFC 9882 §3.3, RFC 9814) each give a verdict.
 */
export async function verifyPqSignature(
  key: PublicKeyInfo,
  data: Uint8Array,
  signature: Uint8Array,
  algorithm: AlgorithmIdentifier,
  digest: DigestName | undefined,
): Promise<SignatureCheck> {
  const params = PQ_SIGNATURE_OIDS[algorithm.oid]!
  if (key.type !== params.name)
    return unsupported(`unsupported signature algorithm ${params.name} for a ${key.type} key`)
  if (algorithm.parameters)
    return unsupported(`${params.name} signature algorithm identifiers take no parameters`)
  if (digest && !params.digests.includes(digest))
    return {
      valid: false,
      code: 'ERR_PKI_WEAK_ALGORITHM',
      message: `${digest} is too weak a digest for ${params.name} (at least ${params.digests[0]})`,
    }
  const publicKey = rawPublicKey(key.spki, params)
  if (typeof publicKey === 'string') return bad(publicKey)
  if (signature.length !== params.signatureBytes)
    return bad(
      `a ${params.name} signature has ${params.signatureBytes} bytes, this one ${signature.length}`,
    )
  let engine: PqEngine
  try {
    engine = await pqEngine(params)
  } catch (error) {
    if (error instanceof PkiError) return unsupported(error.message)
    throw error
  }
  let valid = false
  try {
    valid = engine.verify(signature, data, publicKey)
  } catch (error) {
    // noble throws for inputs it cannot decode; for a verifier that is a failed signature.
    if (!(error instanceof Error)) throw error
  }
  return valid ? { valid: true, digest } : bad('the signature does not match the data and key')
}

/** The raw public key, or why it is unusable. */
function rawPublicKey(spki: Uint8Array, params: PqSignatureParams): Uint8Array | string {
  try {
    const [algorithm, bits] = spkiReader.sequence(spkiReader.one(spki), 'SubjectPublicKeyInfo')
    if (spkiReader.sequence(algorithm, 'AlgorithmIdentifier').length !== 1)
      return `a ${params.name} public key takes no algorithm parameters`
    const content = bits!.content
    if (content[0] !== 0 || content.length - 1 !== params.publicKeyBytes)
      return `a ${params.name} public key has ${params.publicKeyBytes} bytes, this one ${content.length - 1}`
    return content.subarray(1)
  } catch (error) {
    if (error instanceof PkiError) return error.message
    throw error
  }
}

function bad(message: string): SignatureCheck {
  return { valid: false, code: 'ERR_PKI_BAD_SIGNATURE', message }
}

function unsupported(message: string): SignatureCheck {
  return { valid: false, code: 'ERR_PKI_UNSUPPORTED_ALGORITHM', message }
}
