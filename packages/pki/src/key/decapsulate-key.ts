import { expandedMlKemKey, isMlKem, ML_KEM, mlKem } from '../algorithms/ml-kem.js'
import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { parsePrivateKeyInfo } from '../lib/pkcs8.js'
import { privateKeyMaterial, type PrivateKey } from './private-key.js'

/**
 * Decapsulates a KEM ciphertext with a private key (FIPS 203 ML-KEM.Decaps): the recipient
 * half of a KEMRecipientInfo (RFC 9629). A ciphertext made for another key does not fail: it
 * gives another, pseudorandom secret (implicit rejection), which the key wrap that follows
 * then refuses. The ML-KEM code is loaded on first use.
 *
 * Reachable from `@siegel/pki`.
 * @param privateKey - an ML-KEM-512, -768 or -1024 key
 * @param ciphertext - the ciphertext (768, 1088 or 1568 bytes)
 * @returns the 32-byte shared secret; wipe it once used
 * @throws UnsupportedAlgorithmError `ERR_PKI_UNSUPPORTED_ALGORITHM` for a key that is no KEM
 *   key; PkiError `ERR_PKI_INVALID_INPUT` for a ciphertext of the wrong length (checked
 *   before any work)
 * @example
 * ```ts
 * const sharedSecret = await decapsulateKey(privateKey, kemCiphertext)
 * ```
 */
export async function decapsulateKey(
  privateKey: PrivateKey,
  ciphertext: Uint8Array,
): Promise<Uint8Array> {
  const type = privateKey.type
  if (!isMlKem(type)) throw new UnsupportedAlgorithmError(type, `a ${type} key cannot decapsulate`)
  if (!(ciphertext instanceof Uint8Array))
    throw new PkiError('ERR_PKI_INVALID_INPUT', 'expected the ciphertext as Uint8Array')
  const expected = ML_KEM[type].ciphertextBytes
  if (ciphertext.length !== expected)
    throw new PkiError(
      'ERR_PKI_INVALID_INPUT',
      `expected a ${expected}-byte ${type} ciphertext, got ${ciphertext.length}`,
    )
  const { privateKey: octets } = parsePrivateKeyInfo(privateKeyMaterial(privateKey))
  const secretKey = await expandedMlKemKey(type, octets)
  try {
    return (await mlKem(type)).decapsulate(ciphertext, secretKey)
  } finally {
    secretKey.fill(0)
  }
}
