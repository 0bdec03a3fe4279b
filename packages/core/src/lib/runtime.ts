// The one module that knows a runtime by name of a capability: Node's streaming hash and
// streaming AES. WebCrypto's digest copies its whole input before hashing, which for a 100 MiB
// message costs more than the hashing itself; Node can hash the bytes where they are. Found through
// `process.getBuiltinModule` (Node 20.16+), never imported, so bundles for browsers stay clean.

interface StreamingHash {
  update(data: Uint8Array): StreamingHash
  digest(): Uint8Array
}
type CreateHash = (algorithm: string) => StreamingHash

const NODE_NAMES: Readonly<Record<string, string>> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
}

/** `node:crypto` where the runtime is Node (20.16+), else undefined. */
function nodeCrypto(): Record<string, unknown> | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process
  return runtime?.getBuiltinModule?.('node:crypto') as Record<string, unknown> | undefined
}

let createHash: CreateHash | undefined | null = null

function nodeCreateHash(): CreateHash | undefined {
  if (createHash !== null) return createHash
  const module = nodeCrypto()
  createHash =
    typeof module?.createHash === 'function' ? (module.createHash as CreateHash) : undefined
  return createHash
}

/**
 * The digest of `data` computed in place, a chunk of `chunkBytes` at a time with `pause()`
 * between chunks (a large message does not hold the event loop for the whole hash), or
 * `undefined` where the runtime has no streaming hash (browsers) or does not know the
 * algorithm: then WebCrypto does it.
 */
export async function digestInPlace(
  digest: string,
  data: Uint8Array,
  chunkBytes: number,
  pause: () => Promise<void>,
): Promise<Uint8Array | undefined> {
  const name = NODE_NAMES[digest]
  const create = name ? nodeCreateHash() : undefined
  if (!create) return undefined
  const hash = create(name!)
  for (let start = 0; start < data.length; start += chunkBytes) {
    if (start > 0) await pause()
    hash.update(data.subarray(start, start + chunkBytes))
  }
  return plainBytes(hash.digest())
}

/**
 * A Node `Buffer` as a plain Uint8Array (whose `slice` copies, unlike Buffer's), without copying
 * the bytes when the Buffer has its memory to itself, as node:crypto's outputs do: a copy of
 * every cipher batch was a MiB of garbage per MiB streamed. A Buffer in a shared pool is copied,
 * so that nothing else is reachable through `.buffer`.
 */
function plainBytes(buffer: Uint8Array): Uint8Array {
  const whole = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength
  return whole ? new Uint8Array(buffer.buffer) : new Uint8Array(buffer)
}

/** The part of a Node `Cipher`/`Decipher` that chunked content encryption uses. */
export interface StreamingCipher {
  update(data: Uint8Array): Uint8Array
  final(): Uint8Array
  setAAD(data: Uint8Array): StreamingCipher
  setAuthTag(tag: Uint8Array): StreamingCipher
  getAuthTag(): Uint8Array
}
type CreateCipher = (
  algorithm: string,
  key: Uint8Array,
  iv: Uint8Array,
  options?: { authTagLength?: number },
) => StreamingCipher
interface NodeCiphers {
  createCipheriv: CreateCipher
  createDecipheriv: CreateCipher
}

let ciphers: NodeCiphers | undefined | null = null

/**
 * Node's streaming AES (`createCipheriv`/`createDecipheriv`), or `undefined` in browsers. As with
 * digests, WebCrypto copies a whole message before encrypting or decrypting it, and gives the
 * result as a second buffer of the same size; a streaming cipher works chunk by chunk, so a large
 * message needs neither copy.
 */
export function nodeCiphers(): NodeCiphers | undefined {
  if (ciphers !== null) return ciphers
  const module = nodeCrypto() as Partial<NodeCiphers> | undefined
  ciphers =
    typeof module?.createCipheriv === 'function' && typeof module.createDecipheriv === 'function'
      ? (module as NodeCiphers)
      : undefined
  return ciphers
}

/** A hash fed in pieces: Node's `Hash`, seen through the few members used here. */
export interface IncrementalHash {
  update(data: Uint8Array): void
  digest(): Uint8Array
  /** An independent hash in the same state (the input so far). */
  clone(): IncrementalHash
}

interface NodeHash extends StreamingHash {
  copy(): NodeHash
}

function wrapNodeHash(hash: NodeHash): IncrementalHash {
  return {
    update: (data) => void hash.update(data),
    digest: () => plainBytes(hash.digest()),
    clone: () => wrapNodeHash(hash.copy()),
  }
}

/**
 * An incremental hash from the runtime (Node's `createHash`), or `undefined` where there is
 * none (browsers) or the algorithm is not one of SHA-1/256/384/512: then the caller uses
 * `@noble/hashes`.
 */
export function runtimeHash(digest: string): IncrementalHash | undefined {
  const name = NODE_NAMES[digest]
  const create = name ? nodeCreateHash() : undefined
  return create ? wrapNodeHash(create(name!) as NodeHash) : undefined
}

/**
 * One AES-GCM operation fed in pieces (RFC 5084 content encryption), as Node's `Cipheriv` and
 * `Decipheriv` do it: `update` returns the bytes of each piece at once; `final` checks the tag
 * (decryption: `setTag` first) or computes it (encryption: then `tag`).
 */
export interface GcmStream {
  update(data: Uint8Array): Uint8Array
  /** Decryption: the expected tag, before `final`. */
  setTag(tag: Uint8Array): void
  /** Throws on decryption when the tag does not match. */
  final(): Uint8Array
  /** Encryption: the tag, after `final`. */
  tag(): Uint8Array
}

/** AES-CBC with PKCS#7 padding (RFC 5652 §6.3) fed in pieces, from the runtime. */
export interface CbcStream {
  update(data: Uint8Array): Uint8Array
  /** The last block(s); for decryption throws when the padding is wrong. */
  final(): Uint8Array
}

/**
 * AES-CBC from the runtime (Node's `node:crypto`, which streams it; decryption holds back only
 * the last block), or `undefined` where there is none: then WebCrypto's calls are chained by hand.
 */
export function runtimeCbc(
  mode: 'encrypt' | 'decrypt',
  key: Uint8Array,
  iv: Uint8Array,
): CbcStream | undefined {
  const node = nodeCiphers()
  if (!node || ![16, 24, 32].includes(key.length) || iv.length !== 16) return undefined
  const create = mode === 'encrypt' ? node.createCipheriv : node.createDecipheriv
  const cipher = create(`aes-${key.length * 8}-cbc`, key, iv)
  return {
    update: (data) => plainBytes(cipher.update(data)),
    final: () => plainBytes(cipher.final()),
  }
}

/**
 * AES-GCM from the runtime (Node's `node:crypto`, which streams it), or `undefined` where there
 * is none (browsers: WebCrypto's AES-GCM takes the whole message at once).
 */
export function runtimeGcm(
  mode: 'encrypt' | 'decrypt',
  key: Uint8Array,
  iv: Uint8Array,
  tagBytes: number,
  aad?: Uint8Array,
): GcmStream | undefined {
  const node = nodeCiphers()
  if (!node || ![16, 24, 32].includes(key.length)) return undefined
  const create = mode === 'encrypt' ? node.createCipheriv : node.createDecipheriv
  const cipher = create(`aes-${key.length * 8}-gcm`, key, iv, { authTagLength: tagBytes })
  if (aad) cipher.setAAD(aad)
  return {
    update: (data) => plainBytes(cipher.update(data)),
    setTag: (tag) => void cipher.setAuthTag(tag),
    final: () => plainBytes(cipher.final()),
    tag: () => plainBytes(cipher.getAuthTag()),
  }
}
