import { isMlKem, ML_KEM, mlKem, type MlKemType } from '../algorithms/ml-kem.js'
import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { publicKeyBits } from '../pkcs12/match.js'
import { describePublicKey } from './public-key-info.js'

/** Options of {@link encapsulateKey}. */
export interface EncapsulateKeyOptions {
  /** Source of the encapsulation randomness. Default `globalThis.crypto`. */
  crypto?: Crypto
}

/** What {@link encapsulateKey} gives: the ciphertext for the key holder, and the secret. */
export interface EncapsulatedKey {
  /** The KEM, e.g. `'ML-KEM-768'`. */
  algorithm: MlKemType
  /** The ciphertext that only the private key's holder can decapsulate. */
  ciphertext: Uint8Array
  /** The 32-byte shared secret. Wipe it (`fill(0)`) once the key-encryption key is derived. */
  sharedSecret: Uint8Array
}

/**
 * Encapsulates a fresh shared secret to a KEM public key (FIPS 203 ML-KEM.Encaps): the sender
 * half of a KEMRecipientInfo (RFC 9629). ML-KEM-512, -768 and -1024 (RFC 9935 public keys).
 * The ML-KEM code is loaded on first use.
 *
 * Reachable from `@siegel/pki`.
 * @param publicKeyInfo - DER SubjectPublicKeyInfo, e.g. `certificate.publicKey.spki`
 * @param options - randomness source
 * @returns the ciphertext and the shared secret
 * @throws UnsupportedAlgorithmError `ERR_PKI_UNSUPPORTED_ALGORITHM` for a key that is no KEM
 *   key; PkiError `ERR_PKI_MALFORMED_KEY` for a key of the wrong length or one that fails the
 *   FIPS 203 §7.2 modulus check; `ERR_PKI_MALFORMED_CERTIFICATE` for bytes that are no
 *   SubjectPublicKeyInfo
 * @example
 * ```ts
 * const { ciphertext, sharedSecret } = await encapsulateKey(certificate.publicKey.spki)
 * ```
 */
export async function encapsulateKey(
  publicKeyInfo: Uint8Array,
  options?: EncapsulateKeyOptions,
): Promise<EncapsulatedKey> {
  const info = describePublicKey(publicKeyInfo)
  const type = info.type
  if (!isMlKem(type))
    throw new UnsupportedAlgorithmError(type, `a ${type} key is no key encapsulation key`)
  const bits = publicKeyBits(publicKeyInfo)
  // RFC 9935 §4: the key is the BIT STRING's whole octets (no unused bits).
  const publicKey = bits[0] === 0 ? bits.subarray(1) : new Uint8Array(0)
  const expected = ML_KEM[type].publicKeyBytes
  if (publicKey.length !== expected)
    throw new PkiError(
      'ERR_PKI_MALFORMED_KEY',
      `expected a ${expected}-byte ${type} public key, got ${publicKey.length}`,
    )
  const kem = await mlKem(type)
  const random = (options?.crypto ?? globalThis.crypto).getRandomValues(new Uint8Array(32))
  try {
    const { cipherText, sharedSecret } = kem.encapsulate(publicKey, random)
    return { algorithm: type, ciphertext: cipherText, sharedSecret }
  } catch (cause) {
    // FIPS 203 §7.2: a coefficient at or above q fails the modulus check.
    throw new PkiError('ERR_PKI_MALFORMED_KEY', `the ${type} public key is invalid`, { cause })
  } finally {
    random.fill(0)
  }
}
