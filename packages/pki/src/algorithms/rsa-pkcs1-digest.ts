import { PkiError } from '../errors.js'
import { bitLength, toBigInt } from '../lib/big-int.js'
import { fromHex } from '../lib/bytes.js'
import { hash, type HashName } from '../lib/hash.js'
import { rsaPublicKey, rsaPublicOperation } from '../key/rsa-public-key.js'
import type { DigestName } from './oids.js'
import type { SignatureCheck } from './signature.js'

/** md5WithRSAEncryption (RFC 3279 §2.2.1): refused unless a caller opts in for archives. */
export const MD5_WITH_RSA = '1.2.840.113549.1.1.4'

// DigestInfo prefixes, parameters NULL (RFC 8017 §9.2 note 1): the digest follows.
const DIGEST_INFO: Readonly<Record<HashName, Uint8Array>> = {
  MD5: fromHex('3020300c06082a864886f70d020505000410'),
  'SHA-1': fromHex('3021300906052b0e03021a05000414'),
  'SHA-256': fromHex('3031300d060960864801650304020105000420'),
  'SHA-384': fromHex('3041300d060960864801650304020205000430'),
  'SHA-512': fromHex('3051300d060960864801650304020305000440'),
}

// The public operation runs on BigInt, so its cost is bounded before it starts: a modulus of at
// most 8,192 bits (S/MIME keys have 2,048 to 4,096) and an exponent of at most 33 bits, the
// limit BoringSSL sets (65537 in practice). Measured in Node 20: 8,192 bits with a 33-bit
// exponent 1.1 ms, so the 32 SignerInfos a SignedData may hold cost a few tens of ms; a 4,096-bit
// exponent alone costs 100 ms at 4,096 bits, and seconds at 8,192.
const MAX_MODULUS_BITS = 8192
const MAX_EXPONENT_BITS = 33

/**
 * RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) of a signature over data whose digest is
 * given: the public-key operation on BigInt, then a comparison with the one expected encoding
 * (never a parse of it, so no lenient reading lets a forgery through). For what WebCrypto,
 * which hashes the data itself, cannot do: MD5, and data that is gone but for its digest.
 * Only public data is involved, so timing does not matter here.
 */
function verifyRsaPkcs1Digest(
  spki: Uint8Array,
  digestName: HashName,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const key = rsaPublicKey(spki)
  const k = key.bytes
  if (k * 8 > MAX_MODULUS_BITS || bitLength(key.e) > MAX_EXPONENT_BITS) return false
  if (signature.length !== k || toBigInt(signature) >= key.n) return false
  const prefix = DIGEST_INFO[digestName]
  if (digest.length !== hash(digestName).outputBytes) return false
  const t = new Uint8Array(prefix.length + digest.length)
  t.set(prefix)
  t.set(digest, prefix.length)
  if (k < t.length + 11) return false
  const em = rsaPublicOperation(key, signature)
  const expected = new Uint8Array(k).fill(0xff)
  expected[0] = 0
  expected[1] = 1
  expected[k - t.length - 1] = 0
  expected.set(t, k - t.length)
  return em.every((byte, i) => byte === expected[i])
}

/**
 * {@link verifyRsaPkcs1Digest} as a {@link SignatureCheck}: a key that does not parse verifies
 * nothing, and the caller learns it as a bad signature.
 */
export function rsaPkcs1Check(
  spki: Uint8Array,
  digestName: HashName,
  digest: Uint8Array,
  signature: Uint8Array,
): SignatureCheck {
  let valid = false
  try {
    valid = verifyRsaPkcs1Digest(spki, digestName, digest, signature)
  } catch (error) {
    if (!(error instanceof PkiError)) throw error
  }
  return valid
    ? { valid: true, digest: digestName === 'MD5' ? undefined : (digestName as DigestName) }
    : {
        valid: false,
        code: 'ERR_PKI_BAD_SIGNATURE',
        message: 'the signature does not match the data and key',
      }
}
