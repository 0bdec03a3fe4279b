// The streaming content cipher for a content key: AES-GCM or AES-CBC, either way.
import type { ContentCipher } from '../lib/content-cipher.js'
import { cbcDecryptor, cbcEncryptor } from './aes-cbc-stream.js'
import { gcmTransform } from './aes-gcm-stream.js'
import type { ContentTransform } from './batcher.js'

/**
 * The cipher of `cipher.mode` under `cek`, which is zeroed once imported. For GCM encryption
 * `tag()` gives the tag after `finish`.
 */
export async function contentTransform(
  mode: 'encrypt' | 'decrypt',
  cipher: ContentCipher,
  cek: Uint8Array,
  crypto: Crypto | undefined,
): Promise<ContentTransform & { tag?(): Uint8Array }> {
  try {
    if (cipher.mode === 'gcm') return await gcmTransform(mode, cipher, cek, crypto)
    return mode === 'encrypt'
      ? await cbcEncryptor(cipher, cek, crypto)
      : await cbcDecryptor(cipher, cek, crypto)
  } finally {
    cek.fill(0)
  }
}

/** A stateful coder (`Base64Encoder`, `Base64Decoder`, ...) applied to every piece of a stream. */
export async function* transformPieces(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  coder: { push(bytes: Uint8Array): Uint8Array; finish(): Uint8Array },
): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    const out = coder.push(chunk)
    if (out.length > 0) yield out
  }
  const last = coder.finish()
  if (last.length > 0) yield last
}
