import { PrivateKey, type CryptoKeyOptions } from './private-key.js'
import { readPrivateKey } from './read-private-key.js'

/** Options of {@link importPrivateKey}. */
export interface ImportPrivateKeyOptions extends CryptoKeyOptions {
  /** The password of an encrypted PKCS#8 key. */
  password?: string
}

/**
 * Imports a private key as a **non-extractable** WebCrypto `CryptoKey`.
 *
 * Accepts everything {@link readPrivateKey} reads (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1; PEM
 * or DER) and {@link PrivateKey} objects. Key types: RSA, RSA-PSS, EC P-256/384/521, Ed25519,
 * X25519, and Ed448/X448 where the runtime has them. ML-DSA and SLH-DSA keys have no WebCrypto
 * form and are refused (`ERR_PKI_UNSUPPORTED_ALGORITHM`): read them with `readPrivateKey` and
 * sign with the `PrivateKey` itself.
 *
 * Reachable from `@siegel/pki`.
 * @param input - the key as DER bytes, PEM bytes, a PEM string or a `PrivateKey`
 * @param options - usage, digest and scheme, password, crypto implementation
 * @returns a non-extractable `CryptoKey`
 * @throws PkiError `ERR_PKI_MALFORMED_KEY` if the bytes are no private key,
 *   `ERR_PKI_INVALID_PEM` for PEM without a key block, `ERR_PKI_PASSWORD_REQUIRED` /
 *   `ERR_PKI_BAD_PASSWORD` for encrypted keys; UnsupportedAlgorithmError
 *   (`ERR_PKI_UNSUPPORTED_ALGORITHM`) for a key type or usage this runtime cannot import
 * @example
 * ```ts
 * const key = await importPrivateKey(pemText) // RSASSA-PKCS1-v1_5 with SHA-256
 * ```
 */
export async function importPrivateKey(
  input: Uint8Array | string | PrivateKey,
  options?: ImportPrivateKeyOptions,
): Promise<CryptoKey> {
  const key =
    input instanceof PrivateKey
      ? input
      : await readPrivateKey(input, {
          ...(options?.password !== undefined ? { password: options.password } : {}),
          ...(options?.crypto ? { crypto: options.crypto } : {}),
        })
  return key.toCryptoKey(options)
}
