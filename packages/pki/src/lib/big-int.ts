// BigInt helpers for the RSA operations WebCrypto does not offer (PKCS#1 v1.5 decryption,
// MD5 signatures of archived certificates).

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n
  let b = base % modulus
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus
    b = (b * b) % modulus
  }
  return result
}

export function bitLength(n: bigint): number {
  return n.toString(2).length
}

/** An unsigned big-endian integer. */
export function toBigInt(bytes: Uint8Array): bigint {
  let hex = ''
  for (const b of bytes) hex += b.toString(16).padStart(2, '0')
  return hex.length === 0 ? 0n : BigInt(`0x${hex}`)
}

/** `value` as `length` big-endian bytes. */
export function toBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0')
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}
