// AES-CBC and AES-GCM content encryption chunk by chunk, so that a large message is neither
// copied whole into the cipher nor given back as a second whole buffer: the ciphertext goes to
// the caller's sink as it is made, and decryption writes into a buffer the caller chose (the
// ciphertext's own, where nobody reads it again). Node's streaming cipher does both modes both
// ways; elsewhere AES-CBC is chained through WebCrypto one chunk at a time, both ways, and
// AES-GCM is one WebCrypto call, as before (WebCrypto cannot carry GCM state between calls).
import { concatBytes, subtle } from './bytes.js'
import { encryptContent, failed, type ContentCipher } from './content-cipher.js'
import { CHUNK_BYTES, slicePieces, yieldToEventLoop, type Progress } from './progress.js'
import { nodeCiphers } from './runtime.js'

// CBC works on 16-byte blocks; a chunk of whole blocks chains into the next one (the chunk size
// is a multiple of both 16 and the 57 bytes of a base64 line).
const BLOCK = 16

type Buf = Uint8Array<ArrayBuffer>

/** Ciphertext bytes for `plaintextBytes`: CBC always pads, by 1 to 16 bytes (RFC 5652 §6.3). */
export function ciphertextLength(cipher: ContentCipher, plaintextBytes: number): number {
  return cipher.mode === 'cbc' ? (Math.floor(plaintextBytes / BLOCK) + 1) * BLOCK : plaintextBytes
}

/** Node's name for an AES content cipher, where a streaming cipher may do it. */
function nodeCipherName(cipher: ContentCipher, crypto: Crypto | undefined): string | undefined {
  // A caller's own crypto implementation is always the one used.
  if (crypto || (cipher.mode !== 'cbc' && cipher.mode !== 'gcm')) return undefined
  return nodeCiphers() ? `aes-${cipher.keyBytes * 8}-${cipher.mode}` : undefined
}

/**
 * Encrypts the concatenation of `pieces` with `cipher` under `key` and hands the ciphertext to
 * `sink` in order, chunk by chunk where the runtime allows, reporting phase `encrypt` and
 * yielding between chunks. The concatenated ciphertext is that of one encryption. Returns the
 * GCM tag.
 */
export async function encryptInChunks(
  cipher: ContentCipher,
  key: Uint8Array,
  pieces: readonly Uint8Array[],
  sink: (ciphertext: Uint8Array) => void,
  progress: Progress,
  crypto?: Crypto,
): Promise<Uint8Array | undefined> {
  let total = 0
  for (const piece of pieces) total += piece.length
  await progress.step('encrypt', 0, total)
  const name = nodeCipherName(cipher, crypto)
  if (name) {
    const gcm = cipher.mode === 'gcm'
    const options = gcm ? { authTagLength: cipher.tagBytes } : undefined
    const node = nodeCiphers()!.createCipheriv(name, key, cipher.iv, options)
    let done = 0
    for (const piece of pieces) {
      for (let start = 0; start < piece.length; start += CHUNK_BYTES) {
        const end = Math.min(piece.length, start + CHUNK_BYTES)
        sink(node.update(piece.subarray(start, end)))
        done += end - start
        await progress.step('encrypt', done, total)
      }
    }
    sink(node.final())
    await progress.step('encrypt', total, total)
    return gcm ? new Uint8Array(node.getAuthTag()) : undefined
  }
  const aesKey = cipher.mode === 'cbc' ? await importCbcKey(key, crypto) : undefined
  if (aesKey) {
    // RFC 3565 CBC, chained by hand: each chunk's IV is the last ciphertext block before it,
    // and the padding block WebCrypto adds to every chunk but the last is dropped.
    let iv = cipher.iv
    let start = 0
    do {
      const end = Math.min(total, start + CHUNK_BYTES)
      const params = { name: 'AES-CBC', iv: iv as Buf }
      const chunk = sliceOf(pieces, start, end) as Buf
      const sealed = new Uint8Array(await subtle(crypto).encrypt(params, aesKey, chunk))
      const out = end === total ? sealed : sealed.subarray(0, end - start)
      iv = out.slice(out.length - BLOCK)
      sink(out)
      start = end
      await progress.step('encrypt', end, total)
    } while (start < total)
    return undefined
  }
  const whole = sliceOf(pieces, 0, total)
  const { ciphertext, mac } = await encryptContent(cipher, key, whole, crypto)
  sink(ciphertext)
  await progress.step('encrypt', total, total)
  return mac
}

/** Bytes `[start, end)` of the pieces' concatenation: a view within one piece, else a copy. */
function sliceOf(pieces: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const views = slicePieces(pieces, start, end)
  return views.length === 1 ? views[0]! : concatBytes(views)
}

/** A WebCrypto AES-CBC key, or undefined where the runtime refuses the key size. */
async function importCbcKey(
  key: Uint8Array,
  crypto: Crypto | undefined,
  usages: KeyUsage[] = ['encrypt'],
): Promise<CryptoKey | undefined> {
  try {
    return await subtle(crypto).importKey('raw', key as Buf, 'AES-CBC', false, usages)
  } catch (error) {
    // AES-192 in Chromium: the pure-JS AES of content-cipher.ts takes it, in one piece.
    void error
    return undefined
  }
}

/**
 * Decrypts AES-CBC or AES-GCM content chunk by chunk, writing the plaintext into `into` (at
 * least as long as the ciphertext; it may be the ciphertext itself, as the plaintext never
 * overtakes the ciphertext read): with Node's streaming cipher, or for large AES-CBC content
 * through WebCrypto a chunk at a time. For GCM nothing is returned before the tag is checked,
 * and on failure what was written is zeroed. Returns undefined where neither applies: then the
 * caller decrypts in one piece, with the same errors.
 */
export async function decryptInChunks(
  cipher: ContentCipher,
  key: Uint8Array,
  ciphertext: Uint8Array,
  aead: { mac?: Uint8Array; aad?: Uint8Array },
  into: () => Uint8Array,
  crypto?: Crypto,
): Promise<Uint8Array | undefined> {
  if (!cipher.keyLengths.includes(key.length)) return undefined
  const gcm = cipher.mode === 'gcm'
  if (gcm && aead.mac?.length !== cipher.tagBytes) return undefined
  if (!gcm && (ciphertext.length === 0 || ciphertext.length % BLOCK !== 0)) return undefined
  const name = nodeCipherName(cipher, crypto)
  if (name) return decryptWithNode(name, cipher, key, ciphertext, aead, into())
  if (cipher.mode !== 'cbc' || ciphertext.length <= CHUNK_BYTES) return undefined
  const aesKey = await importCbcKey(key, crypto, ['encrypt', 'decrypt'])
  return aesKey ? decryptCbcChained(cipher, aesKey, ciphertext, into(), crypto) : undefined
}

/** Node's streaming decipher, a chunk at a time with a yield to the event loop in between. */
async function decryptWithNode(
  name: string,
  cipher: ContentCipher,
  key: Uint8Array,
  ciphertext: Uint8Array,
  aead: { mac?: Uint8Array; aad?: Uint8Array },
  out: Uint8Array,
): Promise<Uint8Array> {
  let written = 0
  try {
    const gcm = cipher.mode === 'gcm'
    const options = gcm ? { authTagLength: cipher.tagBytes } : undefined
    const node = nodeCiphers()!.createDecipheriv(name, key, cipher.iv, options)
    if (gcm) {
      if (aead.aad) node.setAAD(aead.aad)
      node.setAuthTag(aead.mac!)
    }
    for (let start = 0; start < ciphertext.length; start += CHUNK_BYTES) {
      if (start > 0) await yieldToEventLoop()
      const plain = node.update(ciphertext.subarray(start, start + CHUNK_BYTES))
      out.set(plain, written)
      written += plain.length
    }
    const last = node.final()
    out.set(last, written)
    written += last.length
    return out.subarray(0, written)
  } catch (cause) {
    out.fill(0, 0, written)
    throw failed(cipher, cause)
  }
}

/**
 * AES-CBC decryption through WebCrypto, a chunk at a time. WebCrypto checks the padding of
 * every call, so each chunk but the last gets one block more: the encryption, under the chunk's
 * last ciphertext block, of a full padding block (RFC 5652 §6.3: sixteen bytes 0x10). It
 * decrypts to that padding, which WebCrypto removes, leaving the chunk's plaintext. Only the
 * last chunk's own padding is judged, as in one call.
 */
async function decryptCbcChained(
  cipher: ContentCipher,
  key: CryptoKey,
  ciphertext: Uint8Array,
  out: Uint8Array,
  crypto: Crypto | undefined,
): Promise<Uint8Array> {
  const scratch = new Uint8Array(CHUNK_BYTES + BLOCK)
  const padding = new Uint8Array(BLOCK).fill(BLOCK)
  let iv = cipher.iv
  let written = 0
  try {
    for (let start = 0; start < ciphertext.length; start += CHUNK_BYTES) {
      const end = Math.min(ciphertext.length, start + CHUNK_BYTES)
      const chunk = ciphertext.subarray(start, end)
      // Taken before the plaintext may be written over the ciphertext.
      const next = chunk.slice(chunk.length - BLOCK)
      let input = chunk
      if (end < ciphertext.length) {
        const params = { name: 'AES-CBC', iv: next }
        const sealed = await subtle(crypto).encrypt(params, key, padding)
        scratch.set(chunk)
        scratch.set(new Uint8Array(sealed, 0, BLOCK), chunk.length)
        input = scratch.subarray(0, chunk.length + BLOCK)
      }
      const params = { name: 'AES-CBC', iv: iv as Buf }
      const plain = new Uint8Array(await subtle(crypto).decrypt(params, key, input as Buf))
      out.set(plain, written)
      written += plain.length
      iv = next
    }
    return out.subarray(0, written)
  } catch (cause) {
    out.fill(0, 0, written)
    throw failed(cipher, cause)
  }
}
