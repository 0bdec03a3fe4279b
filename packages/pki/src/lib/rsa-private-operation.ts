// The RSA private operation (RFC 8017 §5.1.2, with the CRT) for RSAES-PKCS1-v1_5 decryption,
// which WebCrypto lacks. It is hardened against the timing attacks on that padding (Bleichenbacher,
// "Marvin", draft-irtf-cfrg-rsa-guidance §7) as far as JavaScript allows:
//
// - base blinding: the ciphertext is multiplied by r^e for a fresh random r, so the values the
//   exponentiation works on are uniformly random and unrelated to the attacker's ciphertext; the
//   result is multiplied by r^-1 afterwards (RFC 8017 §5.1.2 note, Kocher 1996);
// - exponent blinding: dP + k·(p−1) with a fresh random k of 64 bits, chosen so the exponent
//   always has the same bit length, so its bit pattern differs in every operation;
// - a fixed-window exponentiation: the same sequence of squarings and multiplications whatever
//   the exponent bits (a zero window multiplies by p+1, which is 1 mod p but as long as p);
// - integer-to-bytes conversion in fixed-size 64-bit steps, not `toString(16)` (whose time
//   depends on leading zeros, which is what Marvin measures).
//
// NOT constant time: BigInt multiplication and division in the engines take time that depends
// on operand lengths and, for division, slightly on values; the window table is indexed by
// secret exponent bits (a cache-timing channel for code on the same machine). Blinding makes
// what remains vary with random values instead of with the attacker's ciphertext.

import { bitLength } from './big-int.js'

/** RFC 8017 A.1.2 RSAPrivateKey: the fields the blinded CRT needs. */
export interface RsaCrtKey {
  n: bigint
  e: bigint
  d: bigint
  p: bigint
  q: bigint
  dp: bigint
  dq: bigint
  qInv: bigint
}

// Bits of the window: 2^5 table entries; fewer multiplications than 4, a smaller table than 6.
const WINDOW_BITS = 5
// Random bits of the exponent-blinding factor k (the size OpenSSL and BoringSSL aim at).
const EXPONENT_BLINDING_BITS = 64

/**
 * m = c^d mod n, returned as exactly `k` big-endian bytes, blinded as described above.
 * `c` must be below n (the caller checks; the check is on public data).
 */
export function rsaPrivateOperation(
  key: RsaCrtKey,
  c: bigint,
  k: number,
  random: Crypto,
): Uint8Array {
  const { n, e, p, q } = key
  let r: bigint
  let rInv: bigint | undefined
  do {
    r = randomBelow(n, random)
    rInv = r > 1n ? invert(r, n) : undefined
  } while (rInv === undefined)
  const blinded = (c * publicPow(r, e, n)) % n
  const m1 = blindedPow(blinded % p, key.dp, p, random)
  const m2 = blindedPow(blinded % q, key.dq, q, random)
  // RFC 8017 §5.1.2 step 2.b.iii, kept non-negative without a branch: m1 − (m2 mod p) + p > 0.
  const h = ((m1 - (m2 % p) + p) * key.qInv) % p
  const m = ((m2 + h * q) * rInv) % n
  return toFixedBytes(m, k)
}

/**
 * base^dP mod p with the exponent blinded: dP + k·(p−1) (equal mod p−1, so the same result by
 * Fermat) with k random and the exponent exactly `bitLength(p) + 66` bits long, so the top
 * window is never zero and every operation runs the same number of windows.
 */
function blindedPow(base: bigint, dp: bigint, p: bigint, random: Crypto): bigint {
  const bits = bitLength(p) + EXPONENT_BLINDING_BITS + 2
  // Smallest k with dP + k(p−1) ≥ 2^(bits−1); adding < 2^64 more stays below 2^bits, since
  // (p−1)·2^64 < 2^(bits−2).
  const low = ((1n << BigInt(bits - 1)) - dp + (p - 2n)) / (p - 1n)
  const exponent = dp + (low + randomBits(EXPONENT_BLINDING_BITS, random)) * (p - 1n)
  return fixedWindowPow(base, exponent, bits, p)
}

/**
 * base^exponent mod modulus for an exponent of exactly `bits` bits: one squaring per bit and
 * one multiplication per window, whatever the bits are.
 */
function fixedWindowPow(base: bigint, exponent: bigint, bits: number, modulus: bigint): bigint {
  const table: bigint[] = [modulus + 1n, base]
  for (let i = 2; i < 1 << WINDOW_BITS; i++) table.push((table[i - 1]! * base) % modulus)
  const bytes = toFixedBytes(exponent, Math.ceil(bits / 8))
  const windows = Math.ceil(bits / WINDOW_BITS)
  const windowAt = (w: number): number => {
    // Bits [w·W, (w+1)·W) counted from the least significant end.
    let value = 0
    for (let j = WINDOW_BITS - 1; j >= 0; j--) {
      const bit = w * WINDOW_BITS + j
      const byte = bit >> 3 < bytes.length ? bytes[bytes.length - 1 - (bit >> 3)]! : 0
      value = (value << 1) | ((byte >> (bit & 7)) & 1)
    }
    return value
  }
  let acc = table[windowAt(windows - 1)]!
  for (let w = windows - 2; w >= 0; w--) {
    for (let s = 0; s < WINDOW_BITS; s++) acc = (acc * acc) % modulus
    acc = (acc * table[windowAt(w)]!) % modulus
  }
  bytes.fill(0)
  return acc
}

/** base^exponent mod modulus for a public exponent (e), square and multiply. */
function publicPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n
  for (let i = bitLength(exponent) - 1; i >= 0; i--) {
    result = (result * result) % modulus
    if ((exponent >> BigInt(i)) & 1n) result = (result * base) % modulus
  }
  return result
}

/** a^-1 mod m by the extended Euclidean algorithm (on the random r only), or undefined. */
function invert(a: bigint, m: bigint): bigint | undefined {
  let [r0, r1] = [m, a]
  let [t0, t1] = [0n, 1n]
  while (r1 !== 0n) {
    const quotient = r0 / r1
    ;[r0, r1] = [r1, r0 - quotient * r1]
    ;[t0, t1] = [t1, t0 - quotient * t1]
  }
  if (r0 !== 1n) return undefined
  return t0 < 0n ? t0 + m : t0
}

/** A random value below `n`, with 64 extra bits so the bias of the reduction is negligible. */
function randomBelow(n: bigint, random: Crypto): bigint {
  return randomBits(bitLength(n) + 64, random) % n
}

function randomBits(bits: number, random: Crypto): bigint {
  const bytes = random.getRandomValues(new Uint8Array(Math.ceil(bits / 64) * 8))
  const view = new DataView(bytes.buffer)
  let value = 0n
  for (let i = 0; i < bytes.length; i += 8) value = (value << 64n) | view.getBigUint64(i)
  bytes.fill(0)
  return BigInt.asUintN(bits, value)
}

/** `value` as `length` big-endian bytes, in 64-bit steps whose number depends on `length` only. */
export function toFixedBytes(value: bigint, length: number): Uint8Array {
  const words = Math.ceil(length / 8)
  const buffer = new Uint8Array(words * 8)
  const view = new DataView(buffer.buffer)
  for (let i = 0; i < words; i++)
    view.setBigUint64((words - 1 - i) * 8, BigInt.asUintN(64, value >> BigInt(64 * i)))
  const out = buffer.slice(buffer.length - length)
  buffer.fill(0)
  return out
}
