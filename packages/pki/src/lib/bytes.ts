export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer)
}

/** A copy, so that later changes to the caller's buffer (or a Buffer pool) cannot reach us. */
export function copyBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes)
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

/** Bytes from hex digits (an even number of them). */
export function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16))
}

// Hex strings key the caches of imported keys and verified links, once per certificate and
// message: a table lookup per byte is about five times faster than formatting each byte.
let hexDigits: string[] | undefined

export function toHex(bytes: Uint8Array): string {
  const table = (hexDigits ??= Array.from({ length: 256 }, (_, b) =>
    b.toString(16).padStart(2, '0'),
  ))
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += table[bytes[i]!]
  return out
}

/** WebCrypto, looked up when first needed (never at import) so tests and callers can set it. */
export function subtle(crypto?: Crypto): SubtleCrypto {
  const source = crypto ?? globalThis.crypto
  if (!source?.subtle)
    throw new TypeError('WebCrypto (crypto.subtle) is not available in this runtime')
  return source.subtle
}
