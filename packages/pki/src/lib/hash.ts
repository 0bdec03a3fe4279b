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
  /** Hashes `digest` (one of this hash's outputs) again `count` times: H^count(digest). */
  rehash(digest: Uint8Array, count: number): Uint8Array
}

export function hash(name: HashName): Hash {
  const fn = HASHES[name]
  return {
    outputBytes: fn.outputLen,
    blockBytes: fn.blockLen,
    digest: (data) => fn(data),
    rehash: (digest, count) => rehash(name, digest, count),
  }
}

/**
 * The Merkle–Damgård internals of a @noble/hashes instance (`HashMD`, protected in its types,
 * stable within the exactly pinned version; the tests compare the result with plain hashing).
 */
interface Compressor {
  readonly blockLen: number
  readonly outputLen: number
  readonly padOffset: number
  readonly isLE: boolean
  process(view: DataView, offset: number): void
  get(): number[]
  set(...state: number[]): void
  roundClean(): void
  destroy(): void
}

/**
 * H^count(digest) for the iterated derivations (PKCS#12 KDF, PBKDF1): a million SHA-1 rounds
 * take about 0.25 s of CPU in Node, 0.9 s in Chromium. A digest fits in one block with its
 * padding, so every round is one call of the compression function on a block whose padding and
 * length never change: no buffering, no allocation, no re-padding per round as `hash(digest)`
 * would do (3.5 times slower in Node, 2.4 times in Chromium).
 */
function rehash(name: HashName, digest: Uint8Array, count: number): Uint8Array {
  const h = HASHES[name].create() as unknown as Compressor
  const { blockLen, outputLen, padOffset, isLE } = h
  if (digest.length !== outputLen || outputLen + 1 + padOffset > blockLen)
    throw new RangeError(`expected a ${outputLen}-byte ${name} digest`)
  const initial = h.get()
  const block = new Uint8Array(blockLen)
  const view = new DataView(block.buffer)
  block.set(digest)
  // FIPS 180-4 §5.1 (and RFC 1321 §3.1-3.2 for MD5): a 1 bit, zeros, the message length in bits.
  block[outputLen] = 0x80
  if (isLE) view.setUint32(blockLen - padOffset, outputLen * 8, true)
  else view.setUint32(blockLen - 4, outputLen * 8, false)
  const words = outputLen / 4
  for (let round = 0; round < count; round++) {
    h.set(...initial)
    h.process(view, 0)
    const state = h.get()
    for (let k = 0; k < words; k++) view.setUint32(4 * k, state[k]!, isLE)
  }
  const out = block.slice(0, outputLen)
  block.fill(0)
  h.roundClean()
  h.destroy()
  return out
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
