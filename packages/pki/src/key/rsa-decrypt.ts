import { PkiError, UnsupportedAlgorithmError } from '../errors.js'
import { subtle } from '../lib/bytes.js'
import { bitLength, modPow, toBigInt, toBytes } from '../lib/big-int.js'
import { DerReader } from '../lib/der.js'
import { parsePrivateKeyInfo } from '../lib/pkcs8.js'
import { privateKeyMaterial, type PrivateKey } from './private-key.js'

/** Options of {@link decryptRsaPkcs1v15}. */
export interface DecryptRsaPkcs1v15Options {
  /** WebCrypto implementation (for HMAC-SHA-256). Default `globalThis.crypto`. */
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
 * WebCrypto has no RSAES-PKCS1-v1_5, so the RSA operation is done here on BigInt with the CRT.
 * WARNING: the unpadding and the choice between message and synthetic key are written without
 * branches or early exits on secret data, but JavaScript cannot promise constant time: BigInt
 * arithmetic takes time that depends on its operands, and a JIT may compile code differently.
 * Use RSA-OAEP for new keys.
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
  const em = toBytes(privateOperation(rsa, c), k)
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

/** RFC 8017 A.1.2 RSAPrivateKey: the fields the CRT needs. */
interface RsaKey {
  n: bigint
  d: bigint
  p: bigint
  q: bigint
  dp: bigint
  dq: bigint
  qInv: bigint
}

function rsaPrivateKey(pkcs8: Uint8Array): RsaKey {
  const fields = reader.sequence(reader.one(parsePrivateKeyInfo(pkcs8).privateKey), 'RSAPrivateKey')
  const int = (i: number): bigint => {
    const f = fields[i]
    if (!f || f.cls !== 0 || f.tag !== 2) return reader.fail(`expected INTEGER field ${i}`)
    return toBigInt(f.content)
  }
  return { n: int(1), d: int(3), p: int(4), q: int(5), dp: int(6), dq: int(7), qInv: int(8) }
}

// RFC 8017 §5.1.2 with the CRT (step 2.b).
function privateOperation(key: RsaKey, c: bigint): bigint {
  const m1 = modPow(c % key.p, key.dp, key.p)
  const m2 = modPow(c % key.q, key.dq, key.q)
  const h = (((m1 - m2) % key.p) + key.p) % key.p
  return m2 + ((h * key.qInv) % key.p) * key.q
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
  const dBytes = toBytes(d, k)
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
