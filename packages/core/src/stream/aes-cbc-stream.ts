// AES-CBC (RFC 3565) over a stream: the runtime's streaming AES where the runtime adapter has
// one (Node), else WebCrypto, which takes a whole message per call and always pads. Then the
// chain is carried from call to call: the IV of each batch is the last ciphertext block of the
// one before (NIST SP 800-38A §6.2), and only the last batch is padded.
import { SmimeError } from '../errors.js'
import { concatBytes, subtle } from '../lib/bytes.js'
import type { ContentCipher } from '../lib/content-cipher.js'
import { runtimeCbc, type CbcStream } from '../lib/runtime.js'
import { Batcher, type ContentTransform } from './batcher.js'

type Buf = Uint8Array<ArrayBuffer>
const BLOCK = 16
// PKCS#7 padding of a whole block (RFC 5652 §6.3): what the block appended below decrypts to.
const FULL_PAD = new Uint8Array(BLOCK).fill(BLOCK)

function failed(cipher: ContentCipher, cause?: unknown): SmimeError {
  return new SmimeError(
    'ERR_SMIME_DECRYPTION_FAILED',
    `the ${cipher.name} content could not be decrypted (wrong key, or the message was altered)`,
    cause === undefined ? undefined : { cause },
  )
}

async function importKey(
  cipher: ContentCipher,
  key: Uint8Array,
  usages: KeyUsage[],
  crypto: Crypto | undefined,
): Promise<CryptoKey> {
  try {
    return await subtle(crypto).importKey('raw', key as Buf, 'AES-CBC', false, usages)
  } catch (cause) {
    throw failed(cipher, cause)
  }
}

/**
 * The runtime's AES-CBC as a transform: one native call and one output buffer per batch, not
 * per stream piece. A caller's own WebCrypto (options.crypto) is honoured instead.
 */
function runtimeTransform(
  mode: 'encrypt' | 'decrypt',
  cipher: ContentCipher,
  key: Uint8Array,
  crypto: Crypto | undefined,
): ContentTransform | undefined {
  let node: CbcStream | undefined
  try {
    node = crypto ? undefined : runtimeCbc(mode, key, cipher.iv)
  } catch (cause) {
    throw failed(cipher, cause)
  }
  if (!node) return undefined
  const batcher = new Batcher(BLOCK)
  return {
    update: async (data) => batcher.each(data, (batch) => node.update(batch)),
    async finish() {
      try {
        // One piece, as WebCrypto's path gives it: the writer frames each piece it is given.
        return [concatBytes([node.update(batcher.rest()), node.final()])]
      } catch (cause) {
        throw failed(cipher, cause)
      }
    },
  }
}

/** Encrypts with AES-CBC in batches; `finish` writes the padded last block(s). */
export async function cbcEncryptor(
  cipher: ContentCipher,
  key: Uint8Array,
  crypto: Crypto | undefined,
): Promise<ContentTransform> {
  const runtime = runtimeTransform('encrypt', cipher, key, crypto)
  if (runtime) return runtime
  const cryptoKey = await importKey(cipher, key, ['encrypt'], crypto)
  let iv: Uint8Array = cipher.iv
  const run = async (data: Uint8Array): Promise<Uint8Array> => {
    const out = new Uint8Array(
      await subtle(crypto).encrypt({ name: 'AES-CBC', iv: iv as Buf }, cryptoKey, data as Buf),
    )
    return out
  }
  const batcher = new Batcher(BLOCK)
  return {
    async update(data) {
      const batches: Uint8Array[] = []
      for (const batch of batcher.push(data)) {
        // Whole blocks: the padding block WebCrypto adds is dropped, the chain goes on.
        const out = (await run(batch)).subarray(0, batch.length)
        iv = out.slice(out.length - BLOCK)
        batches.push(out)
      }
      return batches
    },
    async finish() {
      return [await run(batcher.rest())]
    },
  }
}

/**
 * Decrypts AES-CBC in batches. The last block is held back until the end, where its padding is
 * checked: only then is it known to be the last.
 */
export async function cbcDecryptor(
  cipher: ContentCipher,
  key: Uint8Array,
  crypto: Crypto | undefined,
): Promise<ContentTransform> {
  const runtime = runtimeTransform('decrypt', cipher, key, crypto)
  if (runtime) return runtime
  const cryptoKey = await importKey(cipher, key, ['decrypt', 'encrypt'], crypto)
  let iv: Uint8Array = cipher.iv
  const decrypt = async (data: Uint8Array): Promise<Uint8Array> => {
    try {
      return new Uint8Array(
        await subtle(crypto).decrypt({ name: 'AES-CBC', iv: iv as Buf }, cryptoKey, data as Buf),
      )
    } catch (cause) {
      throw failed(cipher, cause)
    }
  }
  // A block free after each batch: where the padding block goes, without copying the batch.
  const batcher = new Batcher(BLOCK, BLOCK)
  let held: Uint8Array | undefined
  const middle = async (batch: Uint8Array): Promise<Uint8Array> => {
    // WebCrypto checks the padding of every call, so a block that decrypts to a full padding
    // block is appended: E(K, FULL_PAD xor last block), made with one single-block encryption.
    const last = batch.subarray(batch.length - BLOCK)
    const pad = await subtle(crypto).encrypt(
      { name: 'AES-CBC', iv: last.slice() as Buf },
      cryptoKey,
      FULL_PAD as Buf,
    )
    const joined = new Uint8Array(batch.buffer, batch.byteOffset, batch.length + BLOCK)
    joined.set(new Uint8Array(pad, 0, BLOCK), batch.length)
    const out = await decrypt(joined)
    iv = last.slice()
    return out
  }
  return {
    async update(data) {
      const out: Uint8Array[] = []
      for (const batch of batcher.push(data)) {
        if (held) out.push(await middle(held))
        held = batch
      }
      return out
    },
    async finish() {
      const rest = batcher.rest()
      if (rest.length % BLOCK !== 0) throw failed(cipher)
      const out: Uint8Array[] = []
      let last = rest
      if (held && rest.length > 0) out.push(await middle(held))
      else if (held) last = held
      if (last.length === 0) throw failed(cipher)
      out.push(await decrypt(last))
      return out
    },
  }
}
