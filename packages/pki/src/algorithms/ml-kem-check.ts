// The checks an ML-KEM private key passes before it is accepted (RFC 9935 §8, FIPS 203 §7.3).
// A module of its own, imported on first use: the PrivateKey class refers to it, and would
// otherwise carry it into every bundle that has a PrivateKey (one that only verifies, too).
import { PkiError } from '../errors.js'
import { equalBytes } from '../lib/bytes.js'
import {
  ML_KEM,
  mlKem,
  mlKemPublicKeyInfo,
  parseMlKemPrivateKey,
  type MlKemType,
} from './ml-kem.js'

/** The encapsulation key inside an expanded decapsulation key (FIPS 203 §6.1, Algorithm 16). */
function embeddedPublicKey(type: MlKemType, expandedKey: Uint8Array): Uint8Array {
  const { k, publicKeyBytes } = ML_KEM[type]
  return expandedKey.subarray(384 * k, 384 * k + publicKeyBytes)
}

/**
 * Checks an ML-KEM private key before it is accepted, and gives its public key.
 * FIPS 203 §7.3: the hash check H(ek) of an expanded key; RFC 9935 §8: the seed of `both` must
 * expand to exactly the expanded key given (else the key is malformed).
 */
async function checkMlKemPrivateKey(type: MlKemType, octets: Uint8Array): Promise<Uint8Array> {
  const key = parseMlKemPrivateKey(type, octets)
  const kem = await mlKem(type)
  if (key.seed) {
    const { secretKey, publicKey } = kem.keygen(key.seed)
    const consistent = !key.expandedKey || equalBytes(secretKey, key.expandedKey)
    secretKey.fill(0)
    if (!consistent)
      throw new PkiError(
        'ERR_PKI_MALFORMED_KEY',
        `the ${type} private key's seed does not expand to its expandedKey`,
      )
    return publicKey
  }
  const expandedKey = key.expandedKey!
  const { k } = ML_KEM[type]
  const publicKey = embeddedPublicKey(type, expandedKey)
  const { sha3_256 } = await import('@noble/hashes/sha3.js')
  const stored = expandedKey.subarray(768 * k + 32, 768 * k + 64)
  if (!equalBytes(sha3_256(publicKey), stored))
    throw new PkiError(
      'ERR_PKI_MALFORMED_KEY',
      `the ${type} expandedKey fails the hash check of FIPS 203 §7.3`,
    )
  // Without a seed, a pairwise consistency test (FIPS 203 §7.1 note, SP 800-56C) finds an
  // altered s: encapsulate to the embedded key and decapsulate with the private key.
  const { cipherText, sharedSecret } = kem.encapsulate(publicKey)
  const recovered = kem.decapsulate(cipherText, expandedKey)
  const pairwise = equalBytes(recovered, sharedSecret)
  recovered.fill(0)
  sharedSecret.fill(0)
  if (!pairwise)
    throw new PkiError(
      'ERR_PKI_MALFORMED_KEY',
      `the ${type} expandedKey fails the pairwise consistency test`,
    )
  return publicKey.slice()
}

/** The SubjectPublicKeyInfo of a checked ML-KEM private key (its PKCS#8 privateKey octets). */
export async function checkedMlKemPublicKeyInfo(
  type: MlKemType,
  octets: Uint8Array,
): Promise<Uint8Array> {
  return mlKemPublicKeyInfo(type, await checkMlKemPrivateKey(type, octets))
}
