// The one module that touches @noble/hashes: synchronous digests for the iterated key
// derivations of PKCS#12 and PBES1, where thousands of awaited WebCrypto calls would be slow,
// and MD5, which WebCrypto lacks, for archived certificates.
import { hmac } from '@noble/hashes/hmac.js'
import { md5, sha1 } from '@noble/hashes/legacy.js'
import { pbkdf2 } from '@noble/hashes/pbkdf2.js'
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js'

export type HashName = 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512'

const HASHES = { MD5: md5, 'SHA-1': sha1, 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 }

export interface Hash {
  /** Output bytes (u in RFC 7292 appendix B). */
  outputBytes: number
  /** Input block bytes (v in RFC 7292 appendix B). */
  blockBytes: number
  digest(data: Uint8Array): Uint8Array
}

export function hash(name: HashName): Hash {
  const fn = HASHES[name]
  return { outputBytes: fn.outputLen, blockBytes: fn.blockLen, digest: (data) => fn(data) }
}

export function hmacDigest(name: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(HASHES[name], key, data)
}

export function pbkdf2Bytes(
  name: HashName,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  length: number,
): Uint8Array {
  return pbkdf2(HASHES[name], password, salt, { c: iterations, dkLen: length })
}
