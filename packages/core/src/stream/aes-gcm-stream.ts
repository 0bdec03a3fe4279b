// AES-GCM (RFC 5084, NIST SP 800-38D) over a stream. WebCrypto's AES-GCM takes the whole message
// in one call, so: where the runtime adapter offers a streaming GCM (Node's node:crypto), that;
// elsewhere (browsers) GCM is put together from its two halves, the keystream by WebCrypto's
// AES-CTR (same AES, hardware speed) and the GHASH by @noble/ciphers (pure JS, loaded on first
// use). Both give the tag of SP 800-38D §7.1; the decryptor checks it in constant time.
import { SmimeError, SmimeUnsupportedAlgorithmError } from '../errors.js'
import { equalBytes, subtle } from '../lib/bytes.js'
import type { ContentCipher } from '../lib/content-cipher.js'
import { runtimeGcm } from '../lib/runtime.js'
import { Batcher, BATCH_BYTES, type ContentTransform } from './batcher.js'

type Buf = Uint8Array<ArrayBuffer>
const BLOCK = 16

function failed(cipher: ContentCipher, cause?: unknown): SmimeError {
  return new SmimeError(
    'ERR_SMIME_DECRYPTION_FAILED',
    `the ${cipher.name} content could not be decrypted (wrong key, or the message was altered)`,
    cause === undefined ? undefined : { cause },
  )
}

/**
 * AES-GCM encryption or decryption fed in pieces. Decryption releases plaintext before the tag
 * is checked (in `finish`): the caller decides what it may pass on before then.
 */
export async function gcmTransform(
  mode: 'encrypt' | 'decrypt',
  cipher: ContentCipher,
  key: Uint8Array,
  crypto: Crypto | undefined,
): Promise<ContentTransform & { tag(): Uint8Array }> {
  if (!cipher.keyLengths.includes(key.length)) throw failed(cipher)
  // A caller's own WebCrypto (options.crypto) is honoured: the adapter only stands in for the default.
  const node = crypto ? undefined : runtimeGcm(mode, key, cipher.iv, cipher.tagBytes)
  if (node) {
    let tag: Uint8Array | undefined
    // Batches here too: one native call and one output buffer per MiB, not per stream piece.
    const batcher = new Batcher(BLOCK)
    return {
      update: async (data) => batcher.each(data, (batch) => node.update(batch)),
      async finish(expected) {
        const rest = node.update(batcher.rest())
        if (mode === 'encrypt') {
          const last = node.final()
          tag = node.tag()
          return [rest, last]
        }
        if (!expected || expected.length !== cipher.tagBytes) throw failed(cipher)
        node.setTag(expected)
        try {
          return [rest, node.final()]
        } catch (cause) {
          throw failed(cipher, cause)
        }
      },
      tag: () => tag!,
    }
  }
  return webGcm(mode, cipher, key, crypto)
}

async function webGcm(
  mode: 'encrypt' | 'decrypt',
  cipher: ContentCipher,
  key: Uint8Array,
  crypto: Crypto | undefined,
): Promise<ContentTransform & { tag(): Uint8Array }> {
  // SP 800-38D §7.1 step 2 needs a 96-bit IV for J0 = IV || 0^31 || 1; RFC 5084 §3.2 recommends
  // 12 bytes and every S/MIME writer uses them. Other lengths need GHASH of the IV: not here.
  if (cipher.iv.length !== 12)
    throw new SmimeUnsupportedAlgorithmError(
      cipher.algorithm.oid,
      `streaming ${cipher.name} needs a 12-byte nonce, got ${cipher.iv.length}`,
    )
  let ctrKey: CryptoKey
  try {
    ctrKey = await subtle(crypto).importKey('raw', key as Buf, 'AES-CTR', false, ['encrypt'])
  } catch (cause) {
    throw new SmimeUnsupportedAlgorithmError(
      cipher.algorithm.oid,
      `this runtime cannot stream ${cipher.name} (no AES-CTR of this key size)`,
      { cause },
    )
  }
  const counterBlock = (n: number): Buf => {
    const block = new Uint8Array(BLOCK)
    block.set(cipher.iv)
    new DataView(block.buffer).setUint32(12, n >>> 0)
    return block
  }
  // E(K, block) for one block: the keystream of AES-CTR over zeros.
  const ctr = async (counter: number, data: Uint8Array): Promise<Uint8Array> =>
    new Uint8Array(
      await subtle(crypto).encrypt(
        { name: 'AES-CTR', counter: counterBlock(counter), length: 32 },
        ctrKey,
        data as Buf,
      ),
    )
  const zeros = new Uint8Array(BLOCK) as Buf
  const hashKey = new Uint8Array(
    await subtle(crypto).encrypt(
      { name: 'AES-CTR', counter: new Uint8Array(BLOCK) as Buf, length: 32 },
      ctrKey,
      zeros,
    ),
  )
  const maskJ0 = await ctr(1, zeros)
  const { ghash } = await import('@noble/ciphers/_polyval.js')
  // A length hint over 64 KiB makes noble build 8-bit windows (64 KiB of tables): streamed
  // messages are long, and GHASH then runs about twice as fast as with its default 4 bits.
  const hash = ghash.create(hashKey, BATCH_BYTES)
  let counter = 2
  let length = 0
  let tag: Uint8Array | undefined
  // Encryption: ciphertext whose GHASH waits until the next batch's keystream is under way.
  let unhashed: Uint8Array | undefined
  const run = async (data: Uint8Array): Promise<Uint8Array> => {
    if (data.length === 0) return data
    // WebCrypto copies `data` at once and works on its own thread: GHASH runs meanwhile.
    const pending = ctr(counter, data)
    counter += data.length / BLOCK
    length += data.length
    // GHASH pads each update to whole blocks: only the last piece may be short.
    if (mode === 'decrypt') hash.update(data)
    else if (unhashed) hash.update(unhashed)
    const out = await pending
    if (mode === 'encrypt') unhashed = out
    return out
  }
  const batcher = new Batcher(BLOCK)
  return {
    async update(data) {
      const out: Uint8Array[] = []
      for (const batch of batcher.push(data)) out.push(await run(batch))
      return out
    },
    async finish(expected) {
      const last = await run(batcher.rest())
      if (unhashed) hash.update(unhashed)
      unhashed = undefined
      // SP 800-38D §7.1 step 5: the lengths block, len(A) = 0 (no authAttrs) || len(C) in bits.
      const lengths = new Uint8Array(BLOCK)
      const view = new DataView(lengths.buffer)
      view.setUint32(8, Math.floor((length * 8) / 2 ** 32))
      view.setUint32(12, (length * 8) >>> 0)
      hash.update(lengths)
      const full = hash.digest()
      for (let i = 0; i < BLOCK; i++) full[i] = full[i]! ^ maskJ0[i]!
      tag = full.subarray(0, cipher.tagBytes)
      if (mode === 'decrypt' && (!expected || !equalBytes(expected, tag))) throw failed(cipher)
      return [last]
    },
    tag: () => tag!,
  }
}
