// The one module that touches @noble/hashes: synchronous digests for the iterated key
// derivations of PKCS#12 and PBES1, where thousands of awaited WebCrypto calls would be slow,
// and MD5, which WebCrypto lacks, for archived certificates. SHA-1 and MD5 are loaded with the
// package (OCSP CertIDs need SHA-1 in a synchronous call); SHA-2, HMAC and PBKDF2 only by
// `loadHashes`, which the key and PKCS#12 readers and writers await first: their modules cost
// a few milliseconds of start-up that most programs never need.
import { md5, sha1 } from '@noble/hashes/legacy.js'

export type HashName = 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512'

type NobleHash = typeof sha1

interface LaterHashes {
  'SHA-256': NobleHash
  'SHA-384': NobleHash
  'SHA-512': NobleHash
  hmac: typeof import('@noble/hashes/hmac.js').hmac
  pbkdf2: typeof import('@noble/hashes/pbkdf2.js').pbkdf2
}

let later: LaterHashes | undefined

/** Loads SHA-2, HMAC and PBKDF2 (once); until then only SHA-1 and MD5 can digest. */
export async function loadHashes(): Promise<void> {
  if (later) return
  const [sha2, hmac, pbkdf2] = await Promise.all([
    import('@noble/hashes/sha2.js'),
    import('@noble/hashes/hmac.js'),
    import('@noble/hashes/pbkdf2.js'),
  ])
  later = {
    'SHA-256': sha2.sha256,
    'SHA-384': sha2.sha384,
    'SHA-512': sha2.sha512,
    hmac: hmac.hmac,
    pbkdf2: pbkdf2.pbkdf2,
  }
}

function loaded(): LaterHashes {
  if (!later) throw new Error('internal: SHA-2 digests used before loadHashes() was awaited')
  return later
}

function nobleHash(name: HashName): NobleHash {
  if (name === 'MD5') return md5
  if (name === 'SHA-1') return sha1
  return loaded()[name]
}

// [output bytes, block bytes]: known without loading a hash, so that work can be priced first.
const SIZES: Readonly<Record<HashName, readonly [number, number]>> = {
  MD5: [16, 64],
  'SHA-1': [20, 64],
  'SHA-256': [32, 64],
  'SHA-384': [48, 128],
  'SHA-512': [64, 128],
}

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
  const [outputBytes, blockBytes] = SIZES[name]
  return {
    outputBytes,
    blockBytes,
    digest: (data) => nobleHash(name)(data),
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
  const h = nobleHash(name).create() as unknown as Compressor
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
  return loaded().hmac(nobleHash(name), key, data)
}

export function pbkdf2Bytes(
  name: HashName,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  length: number,
): Uint8Array {
  return loaded().pbkdf2(nobleHash(name), password, salt, { c: iterations, dkLen: length })
}
