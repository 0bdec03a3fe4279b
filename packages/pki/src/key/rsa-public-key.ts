import { bitLength, modPow, toBigInt, toBytes } from '../lib/big-int.js'
import { DerReader } from '../lib/der.js'

const reader = new DerReader('ERR_PKI_MALFORMED_KEY', 'RSA public key')

/** An RSA public key: modulus, exponent and the modulus length in bytes. */
export interface RsaPublicKey {
  n: bigint
  e: bigint
  bytes: number
}

/** The RSAPublicKey inside a DER SubjectPublicKeyInfo (RFC 8017 §A.1.1). */
export function rsaPublicKey(spki: Uint8Array): RsaPublicKey {
  const [, bits] = reader.sequence(reader.one(spki), 'SubjectPublicKeyInfo')
  if (!bits || bits.tag !== 3 || bits.content[0] !== 0) return reader.fail('expected the key bits')
  const [modulus, exponent] = reader.sequence(reader.one(bits.content.subarray(1)), 'RSAPublicKey')
  if (modulus?.tag !== 2 || exponent?.tag !== 2) return reader.fail('expected modulus and exponent')
  const n = toBigInt(modulus.content)
  return { n, e: toBigInt(exponent.content), bytes: Math.ceil(bitLength(n) / 8) }
}

/** m^e mod n as `key.bytes` big-endian bytes (RFC 8017 §5.1.1 and §5.2.2); `m` must be < n. */
export function rsaPublicOperation(key: RsaPublicKey, m: Uint8Array): Uint8Array {
  return toBytes(modPow(toBigInt(m), key.e, key.n), key.bytes)
}
