import { decompressContent } from '../cms/decompress-data.js'
import { resolveCmsLimits, type DecompressionLimits } from '../cms/limits.js'
import { SmimeError } from '../errors.js'
import {
  pbkdf2Budget,
  resolveCredentials,
  type DecryptionCredential,
  type DecryptionLimits,
} from './credentials.js'
import { openEnvelope, type DecryptedData } from './open-envelope.js'

/** Options of {@link decryptData}. */
export interface DecryptDataOptions extends DecryptionLimits, Partial<DecompressionLimits> {
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

export type { DecryptedData } from './open-envelope.js'

/**
 * Decrypts a CMS ContentInfo (DER or BER) holding EnvelopedData or AuthEnvelopedData, without
 * MIME around it: the `.p7m` bytes. The algorithms, the order in which recipient entries are
 * tried and the single error for every failed decryption are those of `decryptMessage`. As no
 * content type is expected here, a CBC content that only an RSA v1.5 entry vouches for is
 * judged less strictly: among different candidates the most plausible (a MIME entity, then
 * text) wins and a tie fails, but a single one is returned whatever it looks like. Such content
 * is unauthenticated (`authenticated: false`) in any case: a wrong or altered entry gives
 * random bytes about one time in 256, as in OpenSSL. Encrypted CompressedData (RFC 3274) is
 * decompressed under the limits of `DecompressionLimits`.
 *
 * Reachable from `@siegel/core`.
 * @param cms - the ContentInfo bytes
 * @param identities - one or more credentials: a certificate with its private key, a KEK with
 *   its key identifier, or a password
 * @param options - crypto implementation, PBKDF2 budget
 * @returns the content octets and how they were protected
 * @throws NotARecipientError `ERR_SMIME_NOT_A_RECIPIENT`; SmimeError
 *   `ERR_SMIME_DECRYPTION_FAILED`, `ERR_SMIME_MALFORMED_CMS`, `ERR_SMIME_INVALID_INPUT`,
 *   `ERR_SMIME_LIMIT_EXCEEDED` (SmimeLimitExceededError past `maxRecipientInfos`, or for
 *   compressed content past `maxDecompressedBytes` or `maxCompressionRatio`); the errors of
 *   {@link decompressData} for compressed content;
 *   SmimeUnsupportedAlgorithmError `ERR_SMIME_UNSUPPORTED_ALGORITHM` naming the OID
 * @example
 * ```ts
 * const { content, authenticated } = await decryptData(p7m, { certificate, privateKey })
 * const opened = await decryptData(p7m, { password: 'correct horse battery staple' })
 * ```
 */
export async function decryptData(
  cms: Uint8Array,
  identities: DecryptionCredential | readonly DecryptionCredential[],
  options?: DecryptDataOptions,
): Promise<DecryptedData> {
  if (!(cms instanceof Uint8Array))
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected the CMS bytes as Uint8Array')
  const credentials = resolveCredentials(identities)
  const maxPbkdf2Iterations = pbkdf2Budget(options?.maxPbkdf2Iterations)
  const limits = resolveCmsLimits({ maxRecipientInfos: options?.maxRecipientInfos })
  const opened = await openEnvelope(cms, credentials, {
    crypto: options?.crypto,
    maxPbkdf2Iterations,
    limits,
  })
  return { ...opened, ...(await decompressContent(opened.content, opened.contentType, options)) }
}
