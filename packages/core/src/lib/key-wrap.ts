// Symmetric key wrap for KEKRecipientInfo and KeyAgreeRecipientInfo: AES key wrap (RFC 3394,
// RFC 3565 §2.3.2), and for reading old messages the Triple-DES key wrap (RFC 3217 §3). The pure-JS AES of @noble/ciphers does it, so AES-192 works where WebCrypto
// lacks it (Chromium), and the unwrapped key never becomes a CryptoKey that must be exported.
import { decryptLegacyCbc, type AlgorithmIdentifier } from '@siegel/pki'
import { SmimeError, SmimeUnsupportedAlgorithmError } from '../errors.js'
import { digestBytes, equalBytes } from './bytes.js'
import { nobleAes } from './noble-ciphers.js'

export const AES_WRAP_OID = {
  aes128Wrap: '2.16.840.1.101.3.4.1.5',
  aes192Wrap: '2.16.840.1.101.3.4.1.25',
  aes256Wrap: '2.16.840.1.101.3.4.1.45',
} as const

/** The key-encryption key length of each AES key wrap OID. */
export const AES_WRAP_BYTES: Readonly<Record<string, number>> = {
  [AES_WRAP_OID.aes128Wrap]: 16,
  [AES_WRAP_OID.aes192Wrap]: 24,
  [AES_WRAP_OID.aes256Wrap]: 32,
}

function failed(cause?: unknown): SmimeError {
  return new SmimeError(
    'ERR_SMIME_DECRYPTION_FAILED',
    'the wrapped key does not unwrap',
    cause === undefined ? undefined : { cause },
  )
}

/** RFC 3394 unwrap; a wrong key or altered input fails the integrity check. */
export async function aesUnwrap(kek: Uint8Array, wrapped: Uint8Array): Promise<Uint8Array> {
  const { aeskw } = await nobleAes()
  try {
    return aeskw(kek).decrypt(wrapped)
  } catch (cause) {
    throw failed(cause)
  }
}

// id-alg-CMS3DESwrap (RFC 3370 §4.3.1) and the fixed IV of its second pass (RFC 3217 §3.1).
export const DES3_WRAP_OID = '1.2.840.113549.1.9.16.3.6'
const DES3_WRAP_IV = Uint8Array.of(0x4a, 0xdd, 0xa2, 0x2c, 0x79, 0xe8, 0x21, 0x05)

/**
 * RFC 3217 §3.2: decrypt with the fixed IV, reverse the octets, take the first 8 as the IV of
 * the inner pass, decrypt the rest, and compare the CMS key checksum (RFC 3217 §2: the first
 * 8 octets of SHA-1 of the key).
 */
async function des3Unwrap(
  kek: Uint8Array,
  wrapped: Uint8Array,
  crypto: Crypto | undefined,
): Promise<Uint8Array> {
  if (kek.length !== 24 || wrapped.length !== 40) throw failed()
  const raw = { padding: false }
  const temp2 = decryptLegacyCbc('des-ede3-cbc', kek, DES3_WRAP_IV, wrapped, raw).reverse()
  const keyAndCheck = decryptLegacyCbc(
    'des-ede3-cbc',
    kek,
    temp2.subarray(0, 8),
    temp2.subarray(8),
    raw,
  )
  const key = keyAndCheck.slice(0, 24)
  const checksum = (await digestBytes('SHA-1', key, crypto)).subarray(0, 8)
  const ok = equalBytes(checksum, keyAndCheck.subarray(24))
  keyAndCheck.fill(0)
  temp2.fill(0)
  if (ok) return key
  key.fill(0)
  throw failed()
}

/** Unwraps the content key of a KEKRecipientInfo with the key-encryption key it names. */
export async function unwrapWithKek(
  kek: Uint8Array,
  algorithm: AlgorithmIdentifier,
  wrapped: Uint8Array,
  crypto?: Crypto,
): Promise<Uint8Array> {
  if (algorithm.oid === DES3_WRAP_OID) return des3Unwrap(kek, wrapped, crypto)
  const kekBytes = AES_WRAP_BYTES[algorithm.oid]
  if (kekBytes === undefined)
    throw new SmimeUnsupportedAlgorithmError(algorithm.oid, `unsupported key wrap ${algorithm.oid}`)
  // A key of another size cannot be the one the sender wrapped with: like a wrong key.
  if (kek.length !== kekBytes) throw failed()
  return aesUnwrap(kek, wrapped)
}

/** RFC 3394 wrap of a content key (a multiple of 8 bytes). */
export async function aesWrap(kek: Uint8Array, key: Uint8Array): Promise<Uint8Array> {
  const { aeskw } = await nobleAes()
  return aeskw(kek).encrypt(key)
}
