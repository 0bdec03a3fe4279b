import { copyBytes, toHex } from '../lib/bytes.js'

// Importing a public key costs more than the verification it serves, and the same few keys
// (the signers one corresponds with, their CAs, the anchors) come back with every message. The
// keys are public: keeping imported ones is safe. One cache per WebCrypto implementation.
const CACHES = new WeakMap<SubtleCrypto, Map<string, Promise<CryptoKey>>>()
const MAX_KEYS = 256

/** A verification key for `spki` with `params`, imported once and then reused. */
export function importVerifyKey(
  webcrypto: SubtleCrypto,
  spki: Uint8Array,
  params: RsaHashedImportParams | EcKeyImportParams | Algorithm,
): Promise<CryptoKey> {
  let cache = CACHES.get(webcrypto)
  if (!cache) CACHES.set(webcrypto, (cache = new Map()))
  const id = `${JSON.stringify(params)}:${toHex(spki)}`
  const known = cache.get(id)
  if (known) {
    // Most recently used last, so the oldest is the first to go.
    cache.delete(id)
    cache.set(id, known)
    return known
  }
  const imported = webcrypto.importKey('spki', copyBytes(spki), params, false, ['verify'])
  // A failed import is not remembered: the next call gets the same error afresh.
  imported.catch(() => cache.delete(id))
  cache.set(id, imported)
  if (cache.size > MAX_KEYS) cache.delete(cache.keys().next().value!)
  return imported
}
