// Signature verification for CMS signers, by @siegel/pki's verifySignature (RSA PKCS#1 v1.5 and
// RSASSA-PSS with its parameters, ECDSA, Ed25519, ML-DSA, SLH-DSA), with its reasons as S/MIME codes.
import {
  verifySignature,
  verifySignatureOverDigest,
  type AlgorithmIdentifier,
  type Certificate,
  type DigestName,
} from '@siegel/pki'

export type SignatureOutcome =
  | { valid: true }
  | {
      valid: false
      code:
        | 'ERR_SMIME_BAD_SIGNATURE'
        | 'ERR_SMIME_UNSUPPORTED_ALGORITHM'
        | 'ERR_SMIME_UNSUPPORTED_CONTENT'
      message: string
    }

export async function verifyCmsSignature(
  certificate: Certificate,
  data: Uint8Array,
  signature: Uint8Array,
  algorithm: AlgorithmIdentifier,
  digest: DigestName | undefined,
  crypto: Crypto | undefined,
): Promise<SignatureOutcome> {
  const check = await verifySignature(certificate, data, signature, algorithm, {
    ...(digest ? { digest } : {}),
    ...(crypto ? { crypto } : {}),
  })
  if (check.valid) return { valid: true }
  // An algorithm we lack and one we refuse (MD5) both leave the signature unchecked.
  const code =
    check.code === 'ERR_PKI_BAD_SIGNATURE'
      ? 'ERR_SMIME_BAD_SIGNATURE'
      : 'ERR_SMIME_UNSUPPORTED_ALGORITHM'
  return { valid: false, code, message: check.message }
}

/**
 * A signature over content that is gone but for its digest (a stream, hashed as it passed; a
 * signer without signed attributes signs the content itself). RSASSA-PKCS1-v1_5 is checked from
 * the digest; any other scheme needs the content: `ERR_SMIME_UNSUPPORTED_CONTENT`.
 */
export function verifyCmsSignatureOverDigest(
  certificate: Certificate,
  digestName: DigestName,
  digest: Uint8Array,
  signature: Uint8Array,
  algorithm: AlgorithmIdentifier,
): SignatureOutcome {
  const check = verifySignatureOverDigest(certificate, digestName, digest, signature, algorithm)
  if (check.valid) return { valid: true }
  if (check.code === 'ERR_PKI_BAD_SIGNATURE')
    return { valid: false, code: 'ERR_SMIME_BAD_SIGNATURE', message: check.message }
  return {
    valid: false,
    code: 'ERR_SMIME_UNSUPPORTED_CONTENT',
    message: `the signer has no signed attributes, so its signature covers the content itself, which a stream does not keep (${check.message}): verify this message with verifyMessage`,
  }
}
