// Symmetric key wrap for KEKRecipientInfo and KeyAgreeRecipientInfo: AES key wrap (RFC 3394,
// RFC 3565 §2.3.2). The pure-JS AES of @noble/ciphers does it, so AES-192 works where WebCrypto
// lacks it (Chromium), and the unwrapped key never becomes a CryptoKey that must be exported.
import { aeskw } from '@noble/ciphers/aes.js'
import type { AlgorithmIdentifier } from '@siegel/pki'
import { SmimeError, SmimeUnsupportedAlgorithmError } from '../errors.js'

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
export function aesUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  try {
    return aeskw(kek).decrypt(wrapped)
  } catch (cause) {
    throw failed(cause)
  }
}

/** Unwraps the content key of a KEKRecipientInfo with the key-encryption key it names. */
export function unwrapWithKek(
  kek: Uint8Array,
  algorithm: AlgorithmIdentifier,
  wrapped: Uint8Array,
): Uint8Array {
  const kekBytes = AES_WRAP_BYTES[algorithm.oid]
  if (kekBytes === undefined)
    throw new SmimeUnsupportedAlgorithmError(algorithm.oid, `unsupported key wrap ${algorithm.oid}`)
  // A key of another size cannot be the one the sender wrapped with: like a wrong key.
  if (kek.length !== kekBytes) throw failed()
  return aesUnwrap(kek, wrapped)
}

/** RFC 3394 wrap of a content key (a multiple of 8 bytes). */
export function aesWrap(kek: Uint8Array, key: Uint8Array): Uint8Array {
  return aeskw(kek).encrypt(key)
}
