import { SmimeError, type RecipientId } from '../errors.js'
import { openEnvelope, type DecryptionIdentity } from './open-envelope.js'

/** Options of {@link decryptData}. */
export interface DecryptDataOptions {
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/** What {@link decryptData} returns. */
export interface DecryptedData {
  /** The decrypted content octets. */
  content: Uint8Array
  /** True only for AuthEnvelopedData with an AEAD cipher (the tag was checked). */
  authenticated: boolean
  /** The content cipher, e.g. `AES-256-GCM`. */
  contentEncryption: string
  /** The OID of the key transport or key agreement algorithm. */
  keyEncryption: string
  /** The recipient entry that was decrypted. */
  recipient: RecipientId
  /** Which of the given identities decrypted it (index). */
  identityIndex: number
}

/**
 * Decrypts a CMS ContentInfo (DER or BER) holding EnvelopedData or AuthEnvelopedData, without
 * MIME around it: the `.p7m` bytes. The algorithms and the oracle-safe behaviour are those of
 * `decryptMessage`.
 *
 * Reachable from `@siegel/core`.
 * @param cms - the ContentInfo bytes
 * @param identities - one or more certificates with their private keys
 * @param options - crypto implementation
 * @returns the content octets and how they were protected
 * @throws NotARecipientError `ERR_SMIME_NOT_A_RECIPIENT`; SmimeError
 *   `ERR_SMIME_DECRYPTION_FAILED`, `ERR_SMIME_MALFORMED_CMS`, `ERR_SMIME_INVALID_INPUT`;
 *   SmimeUnsupportedAlgorithmError `ERR_SMIME_UNSUPPORTED_ALGORITHM` naming the OID
 * @example
 * ```ts
 * const { content, authenticated } = await decryptData(p7m, { certificate, privateKey })
 * ```
 */
export async function decryptData(
  cms: Uint8Array,
  identities: DecryptionIdentity | readonly DecryptionIdentity[],
  options?: DecryptDataOptions,
): Promise<DecryptedData> {
  if (!(cms instanceof Uint8Array))
    throw new SmimeError('ERR_SMIME_INVALID_INPUT', 'expected the CMS bytes as Uint8Array')
  const list: readonly DecryptionIdentity[] = Array.isArray(identities)
    ? identities
    : [identities as DecryptionIdentity]
  if (list.length === 0 || list.some((i) => !i?.privateKey || !i.certificate))
    throw new SmimeError(
      'ERR_SMIME_INVALID_INPUT',
      'expected identities with certificate and privateKey',
    )
  return openEnvelope(cms, list, options?.crypto)
}
