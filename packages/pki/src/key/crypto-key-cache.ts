// Importing an RSA private key into WebCrypto costs more than the RSA operation it serves
// (0.4–0.5 ms for RSA-2048 against ~0.3 ms to decrypt), and a gateway or a mail client uses the
// same few keys for every message. So the non-extractable CryptoKey made for one use of a key
// is kept and handed out again. Kept where: a WeakMap on the owning object, so the imported keys
// go when the caller drops that object; one entry per WebCrypto implementation (also a WeakMap)
// and per import parameters (algorithm, digest, usages), which are few for any one key.
const IMPORTED = new WeakMap<object, WeakMap<SubtleCrypto, Map<string, Promise<CryptoKey>>>>()

/**
 * The key `load` imports for `owner` with `params` in `webcrypto`: imported on the first call,
 * the same `CryptoKey` afterwards. Only non-extractable keys may be kept here; a failed import
 * is forgotten, so the next call gets the same error afresh.
 */
export function rememberedKey(
  owner: object,
  webcrypto: SubtleCrypto,
  params: unknown,
  load: () => Promise<CryptoKey>,
): Promise<CryptoKey> {
  let byCrypto = IMPORTED.get(owner)
  if (!byCrypto) IMPORTED.set(owner, (byCrypto = new WeakMap()))
  let keys = byCrypto.get(webcrypto)
  if (!keys) byCrypto.set(webcrypto, (keys = new Map()))
  const id = JSON.stringify(params)
  const known = keys.get(id)
  if (known) return known
  const imported = load()
  imported.catch(() => keys.delete(id))
  keys.set(id, imported)
  return imported
}
