// A recipient's public key is imported into WebCrypto for every message encrypted to it, and
// that import costs more than the RSA-OAEP or ECDH operation it serves. The key is public, so
// keeping the imported (non-extractable) CryptoKey is safe. It is kept in a WeakMap on the
// certificate's SubjectPublicKeyInfo bytes (which belong to its Certificate object), so it goes
// when the caller drops the certificate; per WebCrypto implementation and import parameters.
const IMPORTED = new WeakMap<Uint8Array, WeakMap<SubtleCrypto, Map<string, Promise<CryptoKey>>>>()

/** The public key of `spki` imported with `algorithm` for `usages`, once per certificate. */
export function importPublicKey(
  webcrypto: SubtleCrypto,
  spki: Uint8Array,
  algorithm: RsaHashedImportParams | EcKeyImportParams | Algorithm,
  usages: KeyUsage[],
): Promise<CryptoKey> {
  const perCrypto =
    IMPORTED.get(spki) ?? new WeakMap<SubtleCrypto, Map<string, Promise<CryptoKey>>>()
  IMPORTED.set(spki, perCrypto)
  const keys = perCrypto.get(webcrypto) ?? new Map<string, Promise<CryptoKey>>()
  perCrypto.set(webcrypto, keys)
  const id = `${JSON.stringify(algorithm)} ${usages.join()}`
  let key = keys.get(id)
  if (!key) {
    // A copy: the caller's bytes may change later, the imported key must not.
    key = webcrypto.importKey('spki', spki.slice(), algorithm, false, usages)
    // A failed import is not remembered: the next call gets the same error afresh.
    key.catch(() => keys.delete(id))
    keys.set(id, key)
  }
  return key
}
