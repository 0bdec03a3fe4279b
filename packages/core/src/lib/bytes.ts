import { CHUNK_BYTES, yieldToEventLoop } from './progress.js'
import { digestInPlace } from './runtime.js'

export { concat as concatBytes } from '@siegel/pki/der'

const encoder = new TextEncoder()

export function ascii(text: string): Uint8Array {
  return encoder.encode(text)
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

export function subtle(crypto?: Crypto): SubtleCrypto {
  const source = crypto ?? globalThis.crypto
  if (!source?.subtle)
    throw new TypeError('WebCrypto (crypto.subtle) is not available in this runtime')
  return source.subtle
}

/**
 * A digest with the caller's default crypto where the runtime hashes in place (Node, see
 * `digestInPlace`), else with WebCrypto: the same bytes either way. In place wins at every size:
 * a large message skips WebCrypto's copy of the data, and a small one its hop to the thread pool
 * and back, which in Node costs about 45 µs per call, ten times the hashing of 10 KiB.
 */
export async function digestBytes(
  digest: string,
  data: Uint8Array,
  crypto?: Crypto,
): Promise<Uint8Array> {
  const inPlace = !crypto
    ? await digestInPlace(digest, data, CHUNK_BYTES, yieldToEventLoop)
    : undefined
  if (inPlace) return inPlace
  return new Uint8Array(await subtle(crypto).digest(digest, data as Uint8Array<ArrayBuffer>))
}
