import { encodePem } from '../encoding/pem.js'
import { PkiError } from '../errors.js'
import { der } from '../lib/der.js'
import { pbeEncrypt } from '../lib/pbe-encrypt.js'
import { privateKeyMaterial, type PrivateKey } from './private-key.js'

/** Options of {@link writePrivateKey}. */
export interface WritePrivateKeyOptions {
  /** The password that protects the key. */
  password: string
  /** PBKDF2 iterations. Default 100,000. */
  iterations?: number
  /** WebCrypto implementation. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/**
 * Writes a private key as encrypted PKCS#8 PEM (`ENCRYPTED PRIVATE KEY`, PBES2 with
 * PBKDF2-HMAC-SHA-256 and AES-256-CBC), as `openssl pkcs8 -topk8 -v2 aes-256-cbc` does. There
 * is deliberately no unencrypted variant.
 *
 * Reachable from `@siegel/pki`.
 * @param key - the key
 * @param options - password, iterations
 * @returns PEM text
 * @throws PkiError `ERR_PKI_INVALID_OPTION` for an empty password or bad iterations
 * @example
 * ```ts
 * const pem = await writePrivateKey(key, { password: 'secret' })
 * ```
 */
export async function writePrivateKey(
  key: PrivateKey,
  options: WritePrivateKeyOptions,
): Promise<string> {
  if (typeof options?.password !== 'string' || options.password.length === 0)
    throw new PkiError('ERR_PKI_INVALID_OPTION', 'a non-empty password is required')
  const iterations = options.iterations ?? 100_000
  if (!Number.isInteger(iterations) || iterations < 1000 || iterations > 10_000_000)
    throw new PkiError(
      'ERR_PKI_INVALID_OPTION',
      `iterations must be 1000…10000000, got ${iterations}`,
    )
  const { algorithm, encrypted } = await pbeEncrypt(
    'pbes2-aes256-cbc',
    options.password,
    privateKeyMaterial(key),
    iterations,
    options.crypto,
  )
  return encodePem('ENCRYPTED PRIVATE KEY', der.seq(algorithm, der.octets(encrypted)))
}
