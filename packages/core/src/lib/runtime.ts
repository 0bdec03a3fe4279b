// The one module that knows a runtime by name of a capability: Node's streaming hash. WebCrypto's
// digest copies its whole input before hashing, which for a 100 MiB message costs more than the
// hashing itself; Node can hash the bytes where they are. Found through
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

let createHash: CreateHash | undefined | null = null

function nodeCreateHash(): CreateHash | undefined {
  if (createHash !== null) return createHash
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process
  const module = runtime?.getBuiltinModule?.('node:crypto') as
    { createHash?: CreateHash } | undefined
  createHash = typeof module?.createHash === 'function' ? module.createHash : undefined
  return createHash
}

/**
 * The digest of `data` computed in place, or `undefined` where the runtime has no streaming
 * hash (browsers) or does not know the algorithm: then WebCrypto does it.
 */
export function digestInPlace(digest: string, data: Uint8Array): Uint8Array | undefined {
  const name = NODE_NAMES[digest]
  const create = name ? nodeCreateHash() : undefined
  if (!create) return undefined
  return new Uint8Array(create(name!).update(data).digest())
}
