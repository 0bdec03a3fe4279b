import { Certificate } from '../certificate/certificate.js'
import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { describePublicKey } from './public-key-info.js'
import { rsaPublicKey, rsaPublicOperation } from './rsa-public-key.js'

/**
 * RSAES-PKCS1-v1_5 encryption (RFC 8017 §7.2.1) of a short secret such as a content key, for
 * recipients that announce no RSA-OAEP (Outlook's default). WebCrypto has no such encryption,
 * so the RSA operation runs on BigInt; only public data and fresh random padding are involved.
 * Prefer RSA-OAEP wherever the recipient supports it.
 *
 * Reachable from `@siegel/pki`.
 * @param recipient - the recipient's certificate, or its DER SubjectPublicKeyInfo
 * @param secret - at most the modulus length minus 11 bytes
 * @param options - crypto implementation (for the random padding)
 * @returns the ciphertext, as long as the modulus
 * @throws UnsupportedAlgorithmError `ERR_PKI_UNSUPPORTED_ALGORITHM` for a key that is not RSA;
 *   PkiError `ERR_PKI_INVALID_INPUT` for a secret too long for the key
 * @example
 * ```ts
 * const encryptedKey = await encryptRsaPkcs1v15(recipientCertificate, contentKey)
 * ```
 */
export async function encryptRsaPkcs1v15(
  recipient: Certificate | Uint8Array,
  secret: Uint8Array,
  options?: { crypto?: Crypto },
): Promise<Uint8Array> {
  const info = recipient instanceof Certificate ? recipient.publicKey : describePublicKey(recipient)
  if (info.type !== 'RSA')
    throw new UnsupportedAlgorithmError(
      info.type,
      `a ${info.type} key cannot encrypt RSAES-PKCS1-v1_5`,
    )
  const key = rsaPublicKey(info.spki)
  const k = key.bytes
  if (secret.length > k - 11)
    throw new PkiError(
      'ERR_PKI_INVALID_INPUT',
      `a ${k}-byte RSA key encrypts at most ${k - 11} bytes, got ${secret.length}`,
    )
  // EM = 00 02 PS 00 M, PS at least 8 random non-zero bytes.
  const em = new Uint8Array(k)
  em[1] = 2
  const ps = em.subarray(2, k - secret.length - 1)
  const random = options?.crypto ?? globalThis.crypto
  random.getRandomValues(ps)
  for (let i = 0; i < ps.length; i++)
    while (ps[i] === 0) ps[i] = random.getRandomValues(new Uint8Array(1))[0]!
  em.set(secret, k - secret.length)
  const c = rsaPublicOperation(key, em)
  em.fill(0)
  return c
}
