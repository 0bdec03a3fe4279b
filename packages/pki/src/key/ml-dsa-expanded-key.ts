// Consistency of an ML-DSA expanded private key without its seed (RFC 9881 §8.2, Appendix C.4).
//
// sk = (ρ, K, tr, s1, s2, t0) (FIPS 204 Algorithm 24 skEncode). The public key is recomputed
// from ρ, s1 and s2 by `getPublicKey`; what it cannot show is whether tr = H(pk) and whether t0
// is the low part of t = A·s1 + s2 (Power2Round, FIPS 204 Algorithm 35). A wrong tr or t0 still
// signs, and a wrong t0 usually even verifies, so both are recomputed here. Loaded only for such
// keys: it uses @noble/post-quantum's own NTT and SHAKE128 expansion (its exported but
// underscored `_crystals.js`, which is why the dependency is pinned exactly).
import { shake256 } from '@noble/hashes/sha3.js'
import { genCrystals, XOF128 } from '@noble/post-quantum/_crystals.js'
import { equalBytes } from '../lib/bytes.js'

const N = 256
const Q = 8380417
const D = 13

// FIPS 204 Table 1: (k, ℓ, η) of ML-DSA-44, -65, -87.
const SHAPES: Readonly<Record<string, { k: number; l: number; eta: number }>> = {
  'ML-DSA-44': { k: 4, l: 4, eta: 2 },
  'ML-DSA-65': { k: 6, l: 5, eta: 4 },
  'ML-DSA-87': { k: 8, l: 7, eta: 2 },
}

let crystals: ReturnType<typeof genCrystals<Int32Array>> | undefined

/** Why the expanded key is inconsistent, or `undefined` if tr and t0 are what they must be. */
export function expandedKeyProblem(
  name: string,
  secretKey: Uint8Array,
  publicKey: Uint8Array,
): string | undefined {
  const shape = SHAPES[name]
  if (!shape) return `unknown ML-DSA parameter set ${name}`
  // FIPS 204 Algorithm 6: tr ← H(pk, 64).
  if (!equalBytes(secretKey.subarray(64, 128), shake256(publicKey, { dkLen: 64 })))
    return 'its tr is not the hash of its public key'
  const { k, l, eta } = shape
  const etaBits = eta === 2 ? 3 : 4
  let offset = 128
  const take = (count: number, bits: number): Int32Array[] =>
    Array.from({ length: count }, () =>
      unpack(secretKey.subarray(offset, (offset += 32 * bits)), bits),
    )
  // BitPack(w, a, b) stores b − w (FIPS 204 Algorithm 17): s as η − s, t0 as 2^(d−1) − t0.
  const s1 = take(l, etaBits).map((p) => p.map((c) => eta - c))
  const s2 = take(k, etaBits).map((p) => p.map((c) => eta - c))
  const t0 = take(k, D).map((p) => p.map((c) => (1 << (D - 1)) - c))
  crystals ??= genCrystals({
    N,
    Q,
    F: 8347681,
    ROOT_OF_UNITY: 1753,
    newPoly: (n: number) => new Int32Array(n),
    isKyber: false,
    brvBits: 8,
  })
  const { mod, smod, NTT } = crystals
  const s1Hat = s1.map((p) => NTT.encode(p.map((c) => mod(c))))
  const xof = XOF128(secretKey.subarray(0, 32))
  try {
    for (let i = 0; i < k; i++) {
      const t = new Int32Array(N)
      for (let j = 0; j < l; j++) {
        // FIPS 204 Algorithm 32 ExpandA: Â[i][j] from SHAKE128(ρ ‖ j ‖ i), as noble samples it.
        const a = rejectionSample(xof.get(j, i))
        for (let c = 0; c < N; c++) t[c] = mod(t[c]! + mod(a[c]! * s1Hat[j]![c]!))
      }
      NTT.decode(t)
      for (let c = 0; c < N; c++) {
        const low = smod(mod(t[c]! + s2[i]![c]!), 1 << D)
        if (low !== t0[i]![c]) return 't0 is not the low part of A·s1 + s2'
      }
    }
  } finally {
    xof.clean()
  }
  return undefined
}

/** FIPS 204 Algorithm 30 RejNTTPoly: 23-bit candidates below q, three bytes each. */
function rejectionSample(next: () => Uint8Array): Int32Array {
  const poly = new Int32Array(N)
  for (let j = 0; j < N;) {
    const block = next()
    for (let i = 0; j < N && i + 3 <= block.length; i += 3) {
      const candidate = (block[i]! | (block[i + 1]! << 8) | (block[i + 2]! << 16)) & 0x7fffff
      if (candidate < Q) poly[j++] = candidate
    }
  }
  return poly
}

/** 256 coefficients of `bits` bits each, least significant bit first (FIPS 204 Algorithm 18). */
function unpack(bytes: Uint8Array, bits: number): Int32Array {
  const out = new Int32Array(N)
  const mask = (1 << bits) - 1
  let acc = 0
  let accBits = 0
  let k = 0
  for (const byte of bytes) {
    acc |= byte << accBits
    accBits += 8
    while (accBits >= bits && k < N) {
      out[k++] = acc & mask
      acc >>>= bits
      accBits -= bits
    }
  }
  return out
}
