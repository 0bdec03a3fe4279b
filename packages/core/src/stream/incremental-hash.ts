// Digests fed piece by piece. WebCrypto's digest takes the whole message in one call, so: the
// runtime's streaming hash where the adapter has one (Node's createHash, in native code), else
// @noble/hashes (pure JS, audited; loaded on first use so that start-up does not pay for it).
import type { DigestName } from '@siegel/pki'
import { runtimeHash, type IncrementalHash } from '../lib/runtime.js'

export type { IncrementalHash } from '../lib/runtime.js'

interface NobleHash {
  update(data: Uint8Array): unknown
  digest(): Uint8Array
  clone(): NobleHash
}

function wrapNoble(hash: NobleHash): IncrementalHash {
  return {
    update: (data) => void hash.update(data),
    digest: () => hash.digest(),
    clone: () => wrapNoble(hash.clone()),
  }
}

async function nobleHash(name: DigestName): Promise<IncrementalHash> {
  if (name === 'SHA-1') {
    const { sha1 } = await import('@noble/hashes/legacy.js')
    return wrapNoble(sha1.create())
  }
  const { sha256, sha384, sha512 } = await import('@noble/hashes/sha2.js')
  const create = { 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 }[name]
  return wrapNoble(create.create())
}

/** An incremental hash of the named digest. */
export async function incrementalHash(name: DigestName): Promise<IncrementalHash> {
  return runtimeHash(name) ?? nobleHash(name)
}

/** Several digests of the same bytes at once. */
export class DigestSet {
  private constructor(readonly hashes: Map<DigestName, IncrementalHash>) {}

  static async of(names: Iterable<DigestName>): Promise<DigestSet> {
    const hashes = new Map<DigestName, IncrementalHash>()
    for (const name of names) if (!hashes.has(name)) hashes.set(name, await incrementalHash(name))
    return new DigestSet(hashes)
  }

  update(data: Uint8Array): void {
    if (data.length > 0) for (const hash of this.hashes.values()) hash.update(data)
  }

  /** An independent set in the same state. */
  clone(): DigestSet {
    return new DigestSet(new Map([...this.hashes].map(([name, hash]) => [name, hash.clone()])))
  }

  /** The digests; the set is used up. */
  digests(): Map<DigestName, Uint8Array> {
    return new Map([...this.hashes].map(([name, hash]) => [name, hash.digest()]))
  }
}
