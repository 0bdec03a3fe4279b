/** A 64-bit block cipher, one block at a time. */
export interface BlockCipher {
  blockBytes: number
  encrypt(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void
  decrypt(input: Uint8Array, inOffset: number, output: Uint8Array, outOffset: number): void
}

/** Why a CBC decryption failed, without saying more than needed (padding oracles). */
export class CbcError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CbcError'
  }
}

/** CBC encryption with PKCS#5/#7 padding (RFC 5652 §6.3). */
export function cbcEncrypt(cipher: BlockCipher, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const n = cipher.blockBytes
  if (iv.length !== n) throw new CbcError(`expected an IV of ${n} bytes, got ${iv.length}`)
  const pad = n - (data.length % n)
  const out = new Uint8Array(data.length + pad)
  out.set(data)
  out.fill(pad, data.length)
  let previous = iv
  for (let offset = 0; offset < out.length; offset += n) {
    for (let i = 0; i < n; i++) out[offset + i]! ^= previous[i]!
    cipher.encrypt(out, offset, out, offset)
    previous = out.subarray(offset, offset + n)
  }
  return out
}

/**
 * CBC decryption that removes and checks PKCS#5/#7 padding, or (with `padding` false) returns
 * every block, for formats that carry their own length (RFC 3211, RFC 3217 key wraps).
 */
export function cbcDecrypt(
  cipher: BlockCipher,
  iv: Uint8Array,
  data: Uint8Array,
  padding = true,
): Uint8Array {
  const n = cipher.blockBytes
  if (iv.length !== n) throw new CbcError(`expected an IV of ${n} bytes, got ${iv.length}`)
  if (data.length === 0 || data.length % n !== 0)
    throw new CbcError(`expected a multiple of ${n} bytes, got ${data.length}`)
  const out = new Uint8Array(data.length)
  for (let offset = 0; offset < data.length; offset += n) {
    cipher.decrypt(data, offset, out, offset)
    const previous = offset === 0 ? iv : data.subarray(offset - n, offset)
    for (let i = 0; i < n; i++) out[offset + i]! ^= previous[i]!
  }
  if (!padding) return out
  const pad = out[out.length - 1]!
  let bad = pad === 0 || pad > n ? 1 : 0
  for (let i = 0; i < n; i++) if (i < pad && out[out.length - 1 - i] !== pad) bad = 1
  if (bad) throw new CbcError('bad padding')
  return out.subarray(0, out.length - pad)
}
