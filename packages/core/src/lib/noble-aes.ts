// @noble/ciphers builds its AES tables (S-boxes, T-tables, GHASH powers) when its module is
// evaluated, 14–27 ms of start-up, yet WebCrypto does the AES of nearly every message. So the
// module is loaded on first use only: for AES key wrap (KEK and key-agreement recipients; see
// key-wrap.ts for why in JS), for the password recipient's unpadded CBC, and for content
// ciphers the runtime lacks (AES-192 in Chromium).
export type NobleAes = typeof import('@noble/ciphers/aes.js')

let loading: Promise<NobleAes> | undefined

/** The @noble/ciphers AES module, imported once on first call. */
export function nobleAes(): Promise<NobleAes> {
  loading ??= import('@noble/ciphers/aes.js')
  // A failed load (a bundler that dropped the chunk) is not remembered: the next call retries.
  loading.catch(() => (loading = undefined))
  return loading
}
