// Password-based encryption for what Siegel writes: PBES2 (RFC 8018 §6.2) with PBKDF2-HMAC-SHA-256
// and AES-256-CBC, or the PKCS#12 3DES scheme (RFC 7292 appendix C) for old Windows.
import { bmpBytes, der } from './der.js'
import { hash, loadHashes } from './hash.js'
import { subtle } from './bytes.js'
import { cbcEncrypt, legacyBlockCipher } from './legacy/ciphers.js'
import { PKCS12_IV, PKCS12_KEY, pkcs12Kdf } from './legacy/pkcs12-kdf.js'
import { derivePbkdf2, PBES2, PBKDF2, PKCS12_3DES_OID } from './pbe.js'

/** What {@link pbeEncrypt} writes: modern PBES2 or the 3DES scheme old Windows reads. */
export type PbeScheme = 'pbes2-aes256-cbc' | 'pkcs12-3des'

/** Encrypts `data`; returns the DER AlgorithmIdentifier and the ciphertext. */
export async function pbeEncrypt(
  scheme: PbeScheme,
  password: string,
  data: Uint8Array,
  iterations: number,
  crypto?: Crypto,
): Promise<{ algorithm: Uint8Array; encrypted: Uint8Array }> {
  await loadHashes()
  const webcrypto = subtle(crypto)
  const random = (n: number): Uint8Array<ArrayBuffer> =>
    (crypto ?? globalThis.crypto).getRandomValues(new Uint8Array(n))
  if (scheme === 'pkcs12-3des') {
    const salt = random(8)
    const sha1 = hash('SHA-1')
    const pass = bmpBytes(password, true)
    const key = pkcs12Kdf(sha1, pass, salt, iterations, PKCS12_KEY, 24)
    const iv = pkcs12Kdf(sha1, pass, salt, iterations, PKCS12_IV, 8)
    return {
      algorithm: der.seq(der.oid(PKCS12_3DES_OID), der.seq(der.octets(salt), der.int(iterations))),
      encrypted: cbcEncrypt(legacyBlockCipher('des-ede3-cbc', key), iv, data),
    }
  }
  const salt = random(16)
  const iv = random(16)
  const key = await derivePbkdf2(
    'SHA-256',
    new TextEncoder().encode(password),
    salt,
    iterations,
    32,
    crypto,
  )
  const aesKey = await webcrypto.importKey(
    'raw',
    key as Uint8Array<ArrayBuffer>,
    'AES-CBC',
    false,
    ['encrypt'],
  )
  const encrypted = new Uint8Array(
    await webcrypto.encrypt({ name: 'AES-CBC', iv }, aesKey, new Uint8Array(data)),
  )
  const algorithm = der.seq(
    der.oid(PBES2),
    der.seq(
      der.seq(
        der.oid(PBKDF2),
        der.seq(
          der.octets(salt),
          der.int(iterations),
          der.seq(der.oid('1.2.840.113549.2.9'), der.null()),
        ),
      ),
      der.seq(der.oid('2.16.840.1.101.3.4.1.42'), der.octets(iv)),
    ),
  )
  return { algorithm, encrypted }
}
