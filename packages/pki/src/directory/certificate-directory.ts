import { Certificate } from '../certificate/certificate.js'
import { isMlKem } from '../algorithms/ml-kem.js'
import { mailboxOfInput, normalizeEmailAddress } from '../certificate/email.js'
import { certificateMailboxes } from '../mailbox/certificate-mailboxes.js'
import { sameLocalPart, type MailboxMatchOptions } from '../mailbox/parse-mailbox.js'
import { PkiError } from '../errors.js'
import { equalBytes } from '../lib/bytes.js'
import {
  MemoryDirectoryStorage,
  type DirectoryRecord,
  type DirectoryStorage,
  type SmimeCapability,
} from './directory-storage.js'

/** Options of {@link CertificateDirectory.add}. */
export interface AddCertificateOptions {
  /**
   * The addresses to file it under. Default: every usable address the certificate binds
   * (as `parseMailbox` reads them; malformed ones are skipped).
   */
  emails?: readonly string[]
  /** The SMIMECapabilities the correspondent advertised in signed mail. */
  capabilities?: readonly SmimeCapability[]
  /** True if the correspondent's SMIMEEncryptionKeyPreference named this certificate. */
  preferredForEncryption?: boolean
  /**
   * CA certificates that complete its path (those that came with the signed mail), kept so that
   * a later encryption can check the certificate without them at hand. At most 8 are kept.
   */
  intermediates?: readonly Certificate[]
  /** When this was learnt. Default: now. */
  at?: Date
}

/**
 * Options of {@link CertificateDirectory.lookup}: the time, and how local parts compare.
 *
 * Reachable from `@siegel/pki`.
 */
export interface LookupOptions extends MailboxMatchOptions {
  /** The time validity is judged at. Default: now. */
  at?: Date
}

/** A lookup result: a certificate and why it ranks where it does. */
export interface DirectoryCandidate {
  certificate: Certificate
  capabilities: readonly SmimeCapability[]
  preferredForEncryption: boolean
  /** CA certificates that complete its path, as learnt with it. */
  intermediates: readonly Certificate[]
  /** Valid at the lookup time. */
  valid: boolean
  /** Key usage and extended key usage allow encrypting to it (RFC 8550 §4.4.2, §4.4.4). */
  canEncrypt: boolean
  updatedAt: Date
}

// A sender could fill someone's directory by signing mail with ever new certificates; real
// people have a few certificates per address (renewals, a signing and an encryption one).
const MAX_CERTIFICATES_PER_ADDRESS = 20
// Real paths have one or two CAs between a person and the root.
const MAX_INTERMEDIATES = 8
const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4'
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0'

interface Entry {
  email: string
  certificate: Certificate
  capabilities: readonly SmimeCapability[]
  preferredForEncryption: boolean
  intermediates: readonly Certificate[]
  updatedAt: Date
}

/**
 * An address book of other people's certificates, keyed by normalized e-mail address, with
 * the S/MIME capabilities and encryption-key preference they advertised. Storage is pluggable:
 * in memory by default, or any {@link DirectoryStorage} (a JSON file, IndexedDB, a server).
 *
 * The directory stores what it is given; it does not decide trust. Check a candidate with
 * `verifyCertificate` before encrypting to it.
 *
 * Reachable from `@siegel/pki`.
 * @example
 * ```ts
 * const directory = await CertificateDirectory.open()
 * await directory.add(certificateFromSignedMail)
 * const [best] = directory.lookup('erika@example.de')
 * ```
 */
export class CertificateDirectory {
  private entries: Entry[]
  private readonly storage: DirectoryStorage
  private saving: Promise<void> = Promise.resolve()

  private constructor(storage: DirectoryStorage, entries: Entry[]) {
    this.storage = storage
    this.entries = entries
  }

  /**
   * Opens a directory over a storage, reading its records once.
   *
   * @param storage - where the records live. Default: a new {@link MemoryDirectoryStorage}
   * @returns the directory
   * @throws PkiError `ERR_PKI_INVALID_INPUT` if a stored record is unreadable (the error
   *   names which), and the errors of `Certificate.from` for a stored certificate
   */
  static async open(
    storage: DirectoryStorage = new MemoryDirectoryStorage(),
  ): Promise<CertificateDirectory> {
    const records = await storage.load()
    if (!Array.isArray(records))
      throw new PkiError('ERR_PKI_INVALID_INPUT', 'the storage did not return a list')
    return new CertificateDirectory(storage, records.map(fromRecord))
  }

  /**
   * Files a certificate under its addresses (or those given), replacing the entry for the same
   * certificate and address, and saves.
   *
   * @param certificate - the certificate
   * @param options - addresses, capabilities, encryption-key preference, time
   * @returns the addresses it was filed under
   * @throws PkiError `ERR_PKI_INVALID_INPUT` if there is no address to file it under
   */
  async add(certificate: Certificate, options?: AddCertificateOptions): Promise<string[]> {
    const emails = options?.emails
      ? options.emails.map(normalizeEmailAddress)
      : certificateMailboxes(certificate).flatMap((m) => (m.mailbox ? [m.mailbox.address] : []))
    if (emails.length === 0)
      throw new PkiError(
        'ERR_PKI_INVALID_INPUT',
        `"${certificate.subject}" binds no e-mail address; give emails`,
      )
    const updatedAt = options?.at ?? new Date()
    for (const email of new Set(emails)) {
      this.entries = this.entries.filter(
        (e) => !(e.email === email && equalBytes(e.certificate.der, certificate.der)),
      )
      this.entries.push({
        email,
        certificate,
        capabilities: Object.freeze([...(options?.capabilities ?? [])]),
        preferredForEncryption: options?.preferredForEncryption === true,
        intermediates: Object.freeze((options?.intermediates ?? []).slice(0, MAX_INTERMEDIATES)),
        updatedAt,
      })
      const forAddress = this.entries.filter((e) => e.email === email)
      if (forAddress.length > MAX_CERTIFICATES_PER_ADDRESS) {
        const oldest = forAddress.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime())[0]!
        this.entries = this.entries.filter((e) => e !== oldest)
      }
    }
    await this.persist()
    return [...new Set(emails)]
  }

  /**
   * Removes an address's entries (all, or the one for `certificate`) and saves.
   *
   * @param email - the address
   * @param certificate - only this certificate. Default: all of the address
   * @returns how many entries were removed
   */
  async remove(email: string, certificate?: Certificate): Promise<number> {
    const key = normalizeEmailAddress(email)
    const before = this.entries.length
    this.entries = this.entries.filter(
      (e) => !(e.email === key && (!certificate || equalBytes(e.certificate.der, certificate.der))),
    )
    await this.persist()
    return before - this.entries.length
  }

  /**
   * All certificates filed under an address, best first: valid at `at`, then usable for
   * encryption, then named as encryption key, then newest (latest notBefore).
   *
   * @param email - the address, compared by the rules of `mailboxesEqual`
   * @param options - `at`: the time validity is judged at. Default: now. `localPart`: how
   *   local parts compare. Default: exactly
   * @returns the ranked candidates; empty if none
   * @throws PkiError `ERR_PKI_INVALID_INPUT` if `email` is not a usable address
   */
  lookup(email: string, options?: LookupOptions): DirectoryCandidate[] {
    const wanted = mailboxOfInput(email)
    const at = options?.at ?? new Date()
    return this.entries
      .filter((e) => filedUnder(e.email, wanted.localPart, wanted.domain, options))
      .map((e) => ({
        certificate: e.certificate,
        capabilities: e.capabilities,
        preferredForEncryption: e.preferredForEncryption,
        intermediates: e.intermediates,
        valid: e.certificate.isValidAt(at),
        canEncrypt: canEncrypt(e.certificate),
        updatedAt: e.updatedAt,
      }))
      .sort(
        (a, b) =>
          Number(b.valid) - Number(a.valid) ||
          Number(b.canEncrypt) - Number(a.canEncrypt) ||
          Number(b.preferredForEncryption) - Number(a.preferredForEncryption) ||
          b.certificate.notBefore.getTime() - a.certificate.notBefore.getTime(),
      )
  }

  /** Every address that has at least one certificate, sorted. */
  addresses(): string[] {
    return [...new Set(this.entries.map((e) => e.email))].sort()
  }

  private persist(): Promise<void> {
    const records = this.entries.map(toRecord)
    // Saves run one after the other, so a slow adapter never sees them out of order.
    this.saving = this.saving.then(() => this.storage.save(records))
    return this.saving
  }
}

/** Whether an entry's key (`local@a-label-domain`, from `parseMailbox`) is the wanted mailbox. */
function filedUnder(
  key: string,
  localPart: string,
  domain: string,
  options: MailboxMatchOptions | undefined,
): boolean {
  const at = key.lastIndexOf('@')
  return key.slice(at + 1) === domain && sameLocalPart(key.slice(0, at), localPart, options)
}

/** RFC 8550 §4.4.2/§4.4.4: no KU or a KU allowing key transport/agreement; no EKU or one for mail. */
function canEncrypt(certificate: Certificate): boolean {
  const type = certificate.publicKey.type
  const usage = certificate.keyUsage
  // RFC 9935 §5: an ML-KEM key is certified for keyEncipherment (KEMRecipientInfo, RFC 9629).
  const kem = isMlKem(type)
  const needed = type === 'RSA' || kem ? 'keyEncipherment' : 'keyAgreement'
  const usageFits = !usage || usage.includes(needed)
  const eku = certificate.extendedKeyUsage
  const ekuFits = !eku || eku.includes(EMAIL_PROTECTION) || eku.includes(ANY_EXTENDED_KEY_USAGE)
  const keyFits = type === 'RSA' || type === 'EC' || type === 'X25519' || type === 'X448' || kem
  return usageFits && ekuFits && keyFits
}

function toRecord(entry: Entry): DirectoryRecord {
  return {
    email: entry.email,
    certificate: toBase64(entry.certificate.der),
    ...(entry.capabilities.length
      ? { capabilities: entry.capabilities.map((c) => ({ ...c })) }
      : {}),
    ...(entry.preferredForEncryption ? { preferredForEncryption: true } : {}),
    ...(entry.intermediates.length
      ? { intermediates: entry.intermediates.map((c) => toBase64(c.der)) }
      : {}),
    updatedAt: entry.updatedAt.toISOString(),
  }
}

function fromRecord(record: DirectoryRecord, index: number): Entry {
  const updatedAt = new Date(record?.updatedAt)
  if (
    typeof record?.email !== 'string' ||
    typeof record.certificate !== 'string' ||
    Number.isNaN(updatedAt.getTime()) ||
    (record.intermediates !== undefined && !Array.isArray(record.intermediates))
  )
    throw new PkiError('ERR_PKI_INVALID_INPUT', `stored directory record ${index} is malformed`)
  return {
    email: normalizeEmailAddress(record.email),
    certificate: Certificate.from(record.certificate),
    capabilities: Object.freeze([...(record.capabilities ?? [])]),
    preferredForEncryption: record.preferredForEncryption === true,
    intermediates: Object.freeze(
      (record.intermediates ?? []).slice(0, MAX_INTERMEDIATES).map((c) => Certificate.from(c)),
    ),
    updatedAt,
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}
