/** One S/MIME capability a correspondent advertised (RFC 8551 §2.5.2), in order of preference. */
export interface SmimeCapability {
  /** The algorithm OID. */
  oid: string
  /** DER of the parameters, base64; absent when there are none. */
  parameters?: string
}

/**
 * A directory entry as it is stored: JSON-safe (strings, booleans, arrays), so that a storage
 * adapter can write it as it is to a file, IndexedDB or a server.
 */
export interface DirectoryRecord {
  /** The address, normalized with `normalizeEmailAddress`. */
  email: string
  /** The certificate's DER bytes, base64. */
  certificate: string
  /** What the correspondent's mail program said it can decrypt, most preferred first. */
  capabilities?: SmimeCapability[]
  /** True if the correspondent named this certificate as its encryption key (RFC 8551 §2.5.3). */
  preferredForEncryption?: boolean
  /** CA certificates (DER, base64) that complete the certificate's path to its anchor. */
  intermediates?: string[]
  /** When the entry was added or last confirmed, ISO 8601. */
  updatedAt: string
}

/**
 * Where a `CertificateDirectory` keeps its records. `load` is called once when the directory
 * opens; `save` after every change with the complete list (adapters may diff if they wish).
 */
export interface DirectoryStorage {
  load(): Promise<DirectoryRecord[]>
  save(records: readonly DirectoryRecord[]): Promise<void>
}

/**
 * A `DirectoryStorage` that keeps the records in memory only: the default.
 *
 * Reachable from `@siegel/pki`.
 * @example
 * ```ts
 * const directory = await CertificateDirectory.open(new MemoryDirectoryStorage())
 * ```
 */
export class MemoryDirectoryStorage implements DirectoryStorage {
  private records: DirectoryRecord[]

  /** @param initial - records to start with (copied) */
  constructor(initial: readonly DirectoryRecord[] = []) {
    this.records = structuredClone([...initial])
  }

  /** A copy of the records. */
  async load(): Promise<DirectoryRecord[]> {
    return structuredClone(this.records)
  }

  /** Replaces the records with a copy of `records`. */
  async save(records: readonly DirectoryRecord[]): Promise<void> {
    this.records = structuredClone([...records])
  }
}
