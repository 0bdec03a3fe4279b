// @noble/ciphers builds its AES tables (S-boxes, T-tables, GHASH powers) when its module is
// evaluated, 14–27 ms of start-up, yet WebCrypto does the AES of nearly every message. So its
// modules are loaded on first use only: AES for AES key wrap (KEK and key-agreement recipients;
// see key-wrap.ts for why in JS), for the password recipient's unpadded CBC, and for content
// ciphers the runtime lacks (AES-192 in Chromium); ChaCha20-Poly1305 for mail that uses it.
export type NobleAes = typeof import('@noble/ciphers/aes.js')
type NobleChacha = typeof import('@noble/ciphers/chacha.js')

let aes: Promise<NobleAes> | undefined
let chacha: Promise<NobleChacha> | undefined

/** The @noble/ciphers AES module, imported once on first call. */
export function nobleAes(): Promise<NobleAes> {
  aes ??= import('@noble/ciphers/aes.js')
  // A failed load (a bundler that dropped the chunk) is not remembered: the next call retries.
  aes.catch(() => (aes = undefined))
  return aes
}

/** The @noble/ciphers ChaCha module, imported once on first call. */
export function nobleChacha(): Promise<NobleChacha> {
  chacha ??= import('@noble/ciphers/chacha.js')
  chacha.catch(() => (chacha = undefined))
  return chacha
}
