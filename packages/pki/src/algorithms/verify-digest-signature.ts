import { Certificate } from '../certificate/certificate.js'
import { describePublicKey } from '../key/public-key-info.js'
import { OID, SIGNATURE_OIDS, type DigestName } from './oids.js'
import { rsaPkcs1Check } from './rsa-pkcs1-digest.js'
import type { AlgorithmIdentifier, SignatureCheck } from './signature.js'

/**
 * Verifies a signature from the digest of the signed data, for when the data itself is gone (a
 * stream hashed as it passed, as a CMS signer without signed attributes needs). Only
 * RSASSA-PKCS1-v1_5 can be checked so: `rsaEncryption` with the digest given, or
 * sha1/sha256/sha384/sha512WithRSAEncryption with that same digest. RSA-PSS, ECDSA and EdDSA
 * give `ERR_PKI_UNSUPPORTED_ALGORITHM` here: use `verifySignature` with the data.
 *
 * Reachable from `@siegel/pki`.
 * @param signer - the certificate or SPKI whose key made the signature
 * @param digestName - the digest algorithm of `digest`
 * @param digest - the digest of the signed bytes
 * @param signature - the signature as it appears in CMS or X.509
 * @param algorithm - the signature algorithm identifier
 * @returns `{ valid: true }` or `{ valid: false, code, message }`; never throws for a bad signature
 * @example
 * ```ts
 * const check = verifySignatureOverDigest(cert, 'SHA-256', digest, sig, { oid: '1.2.840.113549.1.1.1' })
 * ```
 */
export function verifySignatureOverDigest(
  signer: Certificate | Uint8Array,
  digestName: DigestName,
  digest: Uint8Array,
  signature: Uint8Array,
  algorithm: AlgorithmIdentifier,
): SignatureCheck {
  const key = signer instanceof Certificate ? signer.publicKey : describePublicKey(signer)
  const fixed = SIGNATURE_OIDS[algorithm.oid]
  const pkcs1 = algorithm.oid === OID.rsaEncryption || fixed?.key === 'RSA'
  if (!pkcs1 || key.type !== 'RSA' || (fixed && fixed.digest !== digestName))
    return {
      valid: false,
      code: 'ERR_PKI_UNSUPPORTED_ALGORITHM',
      message: `a ${algorithm.oid} signature by a ${key.type} key cannot be checked from a ${digestName} digest alone`,
    }
  return rsaPkcs1Check(key.spki, digestName, digest, signature)
}
