// Helpers for tests of messages with wrong recipient entries: where the 2048-bit RSA
// encryptedKey values lie, and a wrong content key that still passes the CBC padding check.

/** Offsets of the 256-byte encryptedKey values (OCTET STRING 04 82 01 00) in a CMS DER. */
export function encryptedKeyOffsets(der: Uint8Array): number[] {
  const offsets: number[] = []
  for (let i = 0; i < der.length - 4; i++)
    if (der[i] === 4 && der[i + 1] === 0x82 && der[i + 2] === 1 && der[i + 3] === 0)
      offsets.push(i + 4)
  return offsets
}

/**
 * An AES-256 key that is not the message's, under which its last CBC block still ends in a
 * valid padding (the encrypted content closes the DER; WebCrypto checks the padding).
 */
export async function paddingPassingKey(der: Uint8Array): Promise<Uint8Array> {
  const iv = der.slice(der.length - 32, der.length - 16)
  const last = der.slice(der.length - 16)
  for (;;) {
    const raw = crypto.getRandomValues(new Uint8Array(32))
    const key = await crypto.subtle.importKey('raw', raw, 'AES-CBC', false, ['decrypt'])
    const ok = await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, key, last).then(
      () => true,
      () => false,
    )
    if (ok) return raw
  }
}
