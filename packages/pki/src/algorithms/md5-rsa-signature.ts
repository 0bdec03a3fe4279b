import { toBigInt } from '../lib/big-int.js'
import { fromHex } from '../lib/bytes.js'
import { hash } from '../lib/hash.js'
import { rsaPublicKey, rsaPublicOperation } from '../key/rsa-public-key.js'

/** md5WithRSAEncryption (RFC 3279 §2.2.1): refused unless a caller opts in for archives. */
export const MD5_WITH_RSA = '1.2.840.113549.1.1.4'

// DigestInfo prefix for MD5 (RFC 8017 §9.2 note 1).
const MD5_DIGEST_INFO = fromHex('3020300c06082a864886f70d020505000410')

/**
 * RSASSA-PKCS1-v1_5 verification with MD5 (RFC 8017 §8.2.2), which WebCrypto does not offer:
 * the public-key operation on BigInt, then a comparison with the expected encoding. Only
 * public data is involved, so timing does not matter here.
 */
export function verifyMd5RsaSignature(
  spki: Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  const key = rsaPublicKey(spki)
  const k = key.bytes
  if (signature.length !== k || toBigInt(signature) >= key.n) return false
  const em = rsaPublicOperation(key, signature)
  const t = new Uint8Array(MD5_DIGEST_INFO.length + 16)
  t.set(MD5_DIGEST_INFO)
  t.set(hash('MD5').digest(data), MD5_DIGEST_INFO.length)
  if (k < t.length + 11) return false
  const expected = new Uint8Array(k).fill(0xff)
  expected[0] = 0
  expected[1] = 1
  expected[k - t.length - 1] = 0
  expected.set(t, k - t.length)
  return em.every((byte, i) => byte === expected[i])
}
