import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { CbcError } from '../lib/legacy/cbc.js'
import {
  cbcDecrypt,
  legacyBlockCipher,
  rc2EffectiveBits,
  type LegacyCipherName,
} from '../lib/legacy/ciphers.js'

/** A block cipher that WebCrypto lacks, still found in old mail and PKCS#12 files. */
export type LegacyCipher = LegacyCipherName

/** Options of {@link decryptLegacyCbc}. */
export interface DecryptLegacyCbcOptions {
  /**
   * RC2 only: the effective key bits (RFC 2268), e.g. from the rc2ParameterVersion of CMS.
   * Default: eight times the key length.
   */
  effectiveKeyBits?: number
  /**
   * RC2 only: the rc2ParameterVersion of an RC2-CBC AlgorithmIdentifier (RFC 8018 appendix
   * B.2.3, RFC 3370 §5.2): 160 = 40 bits, 120 = 64, 58 = 128, 256 and above stand for
   * themselves. Used when `effectiveKeyBits` is not given.
   */
  rc2ParameterVersion?: number
  /**
   * Remove and check the PKCS#5 padding. Default `true`; `false` returns every block, for key
   * wraps that carry their own length and check (RFC 3211, RFC 3217).
   */
  padding?: boolean
}

/**
 * Decrypts CBC data with DES, Triple-DES (EDE, 16 or 24-byte keys) or RC2, and removes the
 * PKCS#5 padding (unless `padding` is false). Pure TypeScript, so it runs in every runtime; WebCrypto has none of these.
 *
 * WARNING: these ciphers are broken or weak and the code is not constant-time. Use them only
 * to read what you already hold (old mail, old PKCS#12 files); never to protect new data.
 *
 * Reachable from `@siegel/pki`.
 * @param cipher - `'des-ede3-cbc'`, `'rc2-cbc'` or `'des-cbc'`
 * @param key - the key bytes
 * @param iv - the 8-byte IV
 * @param ciphertext - a non-empty multiple of 8 bytes
 * @param options - RC2 effective key bits (or the rc2ParameterVersion that encodes them), padding
 * @returns the plaintext without padding
 * @throws PkiError `ERR_PKI_INVALID_INPUT` for a key or IV of the wrong size,
 *   `ERR_PKI_DECRYPTION_FAILED` if the length or the padding is wrong (usually: wrong key)
 * @example
 * ```ts
 * const content = decryptLegacyCbc('des-ede3-cbc', cek, iv, encryptedContent)
 * ```
 */
export function decryptLegacyCbc(
  cipher: LegacyCipher,
  key: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  options?: DecryptLegacyCbcOptions,
): Uint8Array {
  let effectiveKeyBits = options?.effectiveKeyBits
  if (effectiveKeyBits === undefined && options?.rc2ParameterVersion !== undefined) {
    effectiveKeyBits = rc2EffectiveBits(options.rc2ParameterVersion)
    if (effectiveKeyBits === undefined)
      throw new UnsupportedAlgorithmError(
        'rc2-cbc',
        `unsupported rc2ParameterVersion ${options.rc2ParameterVersion}`,
      )
  }
  let block
  try {
    block = legacyBlockCipher(cipher, key, effectiveKeyBits)
  } catch (cause) {
    throw new PkiError('ERR_PKI_INVALID_INPUT', `${cipher}: ${(cause as Error).message}`, { cause })
  }
  if (iv.length !== 8)
    throw new PkiError(
      'ERR_PKI_INVALID_INPUT',
      `${cipher}: expected an IV of 8 bytes, got ${iv.length}`,
    )
  try {
    return cbcDecrypt(block, iv, ciphertext, options?.padding ?? true)
  } catch (cause) {
    if (!(cause instanceof CbcError)) throw cause
    throw new PkiError('ERR_PKI_DECRYPTION_FAILED', `${cipher}: ${cause.message}`, { cause })
  }
}
