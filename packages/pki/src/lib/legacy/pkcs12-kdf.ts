import type { Hash } from '../hash.js'

/** RFC 7292 appendix B.3 diversifiers. */
export const PKCS12_KEY = 1
export const PKCS12_IV = 2
export const PKCS12_MAC = 3

/**
 * The PKCS#12 key derivation of RFC 7292 appendix B.2. `password` is already the BMPString
 * form with its two terminating zero bytes (appendix B.1), or empty. Costs `iterations` rounds
 * of the compression function per `hash.outputBytes` of output ({@link pkcs12KdfWork}); callers
 * check that against their limits first.
 */
export function pkcs12Kdf(
  hash: Hash,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  id: number,
  length: number,
): Uint8Array {
  const u = hash.outputBytes
  const v = hash.blockBytes
  const d = new Uint8Array(v).fill(id)
  const fill = (source: Uint8Array): Uint8Array => {
    const out = new Uint8Array(v * Math.ceil(source.length / v))
    for (let i = 0; i < out.length; i++) out[i] = source[i % source.length]!
    return out
  }
  const i = new Uint8Array([...fill(salt), ...fill(password)])
  const out = new Uint8Array(length)
  const input = new Uint8Array(v + i.length)
  for (let produced = 0; produced < length; produced += u) {
    input.set(d)
    input.set(i, v)
    // A_i = H^r(D || I): the first round hashes D || I, the other r - 1 rehash a digest.
    const a = hash.rehash(hash.digest(input), iterations - 1)
    out.set(a.subarray(0, Math.min(u, length - produced)), produced)
    if (produced + u >= length) break
    // I_j = (I_j + B + 1) mod 2^(8v), B being A repeated to v bytes.
    const b = new Uint8Array(v)
    for (let k = 0; k < v; k++) b[k] = a[k % u]!
    for (let j = 0; j < i.length; j += v) {
      let carry = 1
      for (let k = v - 1; k >= 0; k--) {
        const sum = i[j + k]! + b[k]! + carry
        i[j + k] = sum & 0xff
        carry = sum >> 8
      }
    }
  }
  return out
}

/** The work of one {@link pkcs12Kdf} call, in iterations: one chain per output block. */
export function pkcs12KdfWork(hashOutputBytes: number, iterations: number, length: number): number {
  return iterations * Math.ceil(length / hashOutputBytes)
}
