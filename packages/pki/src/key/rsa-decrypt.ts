import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { subtle } from '../lib/bytes.js'
import { bitLength, toBigInt } from '../lib/big-int.js'
import { DerReader } from '../lib/der.js'
import { parsePrivateKeyInfo } from '../lib/pkcs8.js'
import { rsaPrivateOperation, toFixedBytes, type RsaCrtKey } from '../lib/rsa-private-operation.js'
import { privateKeyMaterial, type PrivateKey } from './private-key.js'

/** Options of {@link decryptRsaPkcs1v15}. */
export interface DecryptRsaPkcs1v15Options {
  /**
   * WebCrypto implementation (HMAC-SHA-256, and random numbers for blinding). Default
   * `globalThis.crypto`.
   */
  crypto?: Crypto
}

const reader = new DerReader('ERR_PKI_MALFORMED_KEY', 'RSAPrivateKey')

/**
 * RSAES-PKCS1-v1_5 decryption (RFC 8017 §7.2.2) of a key that is `expectedBytes` long, with
 * **implicit rejection**: when the padding is wrong, or the message is not `expectedBytes` long,
 * the result is a pseudo-random key of `expectedBytes` bytes derived from the private key and
 * the ciphertext (RFC 3218 §2.3.2; the "Marvin" countermeasure of
 * draft-irtf-cfrg-rsa-guidance). Nothing in the result tells the two cases apart: the caller
 * goes on with that key, and the content decryption fails as it would with a wrong key.
 *
 * WebCrypto has no RSAES-PKCS1-v1_5, so the RSA operation is done here on BigInt with the CRT,
 * hardened against the timing side channel that Marvin measures: the ciphertext is blinded
 * with a fresh random r^e and the CRT exponents with a fresh random multiple of p−1, the
 * exponentiation is a fixed-window one (the same squarings and multiplications whatever the
 * exponent bits), the result becomes bytes in fixed 64-bit steps, and the unpadding and the
 * choice between message and synthetic key have no branches or early exits on secret data.
 *
 * WARNING: this is not constant-time code. BigInt multiplication and division take time that
 * depends on their operands, the window table is indexed by (blinded) exponent bits, which a
 * program on the same machine could observe through the cache, and a JIT may compile code
 * differently. Blinding makes the remaining variation depend on fresh random values rather than
 * on the attacker's ciphertext. Use RSA-OAEP for new keys.
 *
 * Reachable from `@siegel/pki`.
 * @param key - an RSA private key
 * @param ciphertext - the encrypted key (at most the modulus length)
 * @param expectedBytes - the length of the key the caller expects (e.g. 32 for AES-256)
 * @param options - crypto implementation
 * @returns the decrypted key, or the synthetic key if the padding is wrong
 * @throws UnsupportedAlgorithmError `ERR_PKI_UNSUPPORTED_ALGORITHM` for a key that is not RSA;
 *   PkiError `ERR_PKI_INVALID_INPUT` for a ciphertext longer than the modulus or a bad length,
 *   `ERR_PKI_MALFORMED_KEY` for an unreadable key
 * @example
 * ```ts
 * const cek = await decryptRsaPkcs1v15(privateKey, encryptedKey, 32)
 * ```
 */
export async function decryptRsaPkcs1v15(
  key: PrivateKey,
  ciphertext: Uint8Array,
  expectedBytes: number,
  options?: DecryptRsaPkcs1v15Options,
): Promise<Uint8Array> {
  if (key.type !== 'RSA')
    throw new UnsupportedAlgorithmError(
      key.type,
      `a ${key.type} key cannot decrypt RSAES-PKCS1-v1_5`,
    )
  const rsa = rsaPrivateKey(privateKeyMaterial(key))
  const k = Math.ceil(bitLength(rsa.n) / 8)
  if (!Number.isInteger(expectedBytes) || expectedBytes < 1 || expectedBytes > k - 11)
    throw new PkiError(
      'ERR_PKI_INVALID_INPUT',
      `expected a key length between 1 and ${k - 11} bytes, got ${expectedBytes}`,
    )
  if (ciphertext.length > k)
    throw new PkiError(
      'ERR_PKI_INVALID_INPUT',
      `expected a ciphertext of at most ${k} bytes, got ${ciphertext.length}`,
    )
  const c = toBigInt(ciphertext)
  if (c >= rsa.n)
    throw new PkiError('ERR_PKI_INVALID_INPUT', 'the ciphertext is not below the modulus')
  const em = rsaPrivateOperation(rsa, c, k, options?.crypto ?? globalThis.crypto)
  const padded = new Uint8Array(k)
  padded.set(ciphertext, k - ciphertext.length)
  const synthetic = await syntheticKey(rsa.d, k, padded, expectedBytes, options?.crypto)
  const good = checkPadding(em, expectedBytes)
  // Constant-time select: mask is 0xff when the padding is good, else 0.
  const mask = -good & 0xff
  const out = new Uint8Array(expectedBytes)
  const offset = k - expectedBytes
  for (let i = 0; i < expectedBytes; i++)
    out[i] = (em[offset + i]! & mask) | (synthetic[i]! & ~mask & 0xff)
  em.fill(0)
  return out
}

/** 1 if `em` is 00 02 PS(≥ 8 non-zero) 00 M with M of `length` bytes, else 0; no early exit. */
function checkPadding(em: Uint8Array, length: number): number {
  const k = em.length
  const separator = k - length - 1
  let bad = em[0]! | (em[1]! ^ 2)
  // Every byte of PS non-zero, the separator zero.
  for (let i = 2; i < k; i++) {
    const b = em[i]!
    const isZero = ((b - 1) >>> 8) & 1
    const inPs = ((i - separator) >>> 31) & 1 // i < separator
    const atSeparator = 1 ^ (((i - separator) | (separator - i)) >>> 31)
    bad |= (inPs & isZero) | (atSeparator & (1 ^ isZero))
  }
  return 1 ^ (((bad | -bad) >>> 31) & 1)
}

function rsaPrivateKey(pkcs8: Uint8Array): RsaCrtKey {
  const fields = reader.sequence(reader.one(parsePrivateKeyInfo(pkcs8).privateKey), 'RSAPrivateKey')
  const int = (i: number): bigint => {
    const f = fields[i]
    if (!f || f.cls !== 0 || f.tag !== 2) return reader.fail(`expected INTEGER field ${i}`)
    return toBigInt(f.content)
  }
  const [n, e, d, p, q, dp, dq, qInv] = [1, 2, 3, 4, 5, 6, 7, 8].map(int) as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ]
  return { n, e, d, p, q, dp, dq, qInv }
}

/**
 * The implicit-rejection key: HMAC-SHA-256 keyed with a digest of the private exponent over
 * the ciphertext (the key-derivation key), then expanded in counter mode to `length` bytes.
 */
async function syntheticKey(
  d: bigint,
  k: number,
  ciphertext: Uint8Array,
  length: number,
  crypto: Crypto | undefined,
): Promise<Uint8Array> {
  const webcrypto = subtle(crypto)
  const dBytes = toFixedBytes(d, k)
  const secret = new Uint8Array(
    await webcrypto.digest('SHA-256', dBytes as Uint8Array<ArrayBuffer>),
  )
  dBytes.fill(0)
  const hmac = async (keyBytes: Uint8Array, data: Uint8Array): Promise<Uint8Array> => {
    const hmacKey = await webcrypto.importKey(
      'raw',
      keyBytes as Uint8Array<ArrayBuffer>,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    return new Uint8Array(await webcrypto.sign('HMAC', hmacKey, data as Uint8Array<ArrayBuffer>))
  }
  const kdk = await hmac(secret, ciphertext)
  const label = new TextEncoder().encode('siegel implicit rejection key')
  const out = new Uint8Array(length)
  for (let block = 0, offset = 0; offset < length; block++, offset += 32) {
    const input = new Uint8Array(4 + label.length + 2)
    new DataView(input.buffer).setUint32(0, block)
    input.set(label, 4)
    new DataView(input.buffer).setUint16(4 + label.length, length * 8)
    out.set((await hmac(kdk, input)).subarray(0, Math.min(32, length - offset)), offset)
  }
  return out
}
