import type { ContentDecompression } from '../cms/decompress-data.js'
import type { ByteRange, MimePart } from '@siegel/mime'
import type { Certificate, CertificateVerdict } from '@siegel/pki'
import type { SmimeErrorCode } from '../errors.js'

/** Whether one signer's signature is cryptographically valid over the signed content. */
export type SignatureStatus =
  { valid: true } | { valid: false; code: SmimeErrorCode; message: string }

/** One entry of the smimeCapabilities a signer announced (RFC 8551 §2.5.2). */
export interface AnnouncedCapability {
  oid: string
  /** DER of the parameters, when present. */
  parameters?: Uint8Array
}

/** The verdict on one SignerInfo of a CMS SignedData. */
export interface SignedDataSignerVerdict {
  /** Cryptographic validity of the signature and its signed attributes. */
  signature: SignatureStatus
  /** The signer's certificate, if the message carried it. */
  certificate: Certificate | undefined
  /** The trust engine's verdict on the certificate at `validatedAt`; undefined without a certificate. */
  chain: CertificateVerdict | undefined
  /** The time the chain was validated for. */
  validatedAt: Date
  /** Where {@link SignedDataSignerVerdict.validatedAt} came from: the clock, the `at` option, or the signer's signingTime. */
  validationTimeSource: 'now' | 'option' | 'signingTime'
  /** The signer-asserted signingTime attribute (not used for validation unless asked). */
  signingTime: Date | undefined
  /** The digest algorithm, e.g. `SHA-256`, or its OID if unknown. */
  digestAlgorithm: string
  /** smimeCapabilities the signer announced, strongest first (for an address book). */
  capabilities: AnnouncedCapability[]
  /** The certificate the signer asked others to encrypt to (encryptionKeyPreference). */
  encryptionCertificate: Certificate | undefined
}

/** Whether the signer's certificate carries the address the message claims to be from (RFC 8550 §3). */
export interface SenderBinding {
  /**
   * True if the certificate binds every claimed address, compared by `mailboxesEqual` of
   * `@siegel/pki` (domains case-insensitively as A-labels, local parts exactly unless
   * `senderMatching` says otherwise). An address that is not a usable mailbox is never bound.
   */
  matches: boolean
  /**
   * The addresses the message claims (every From, and the Sender where present), each with its
   * domain in lower-case A-labels and its local part as written (`parseMailbox(...).address`);
   * an unusable address as written.
   */
  claimed: string[]
  /** The addresses the signer's certificate binds. */
  certificateAddresses: string[]
}

/** The verdict on one signer of an S/MIME message. */
export interface SignerVerdict extends SignedDataSignerVerdict {
  sender: SenderBinding
}

/** Something a reader of the verified message must know. */
export interface CoverageWarning {
  code: 'UNSIGNED_CONTENT' | 'HEADER_MISMATCH' | 'CANONICALIZED'
  message: string
}

/** What the signature covers, and what it does not. */
export interface SignatureCoverage {
  /** `detached` (multipart/signed) or `opaque` (application/pkcs7-mime signed-data). */
  form: 'detached' | 'opaque'
  /** The signed MIME entity, parsed: what a reader should be shown as signed. */
  signedPart: MimePart
  /** For the detached form: where the signed bytes lie in the verified input. */
  signedRange: ByteRange | undefined
  /** True when the signed layer is the whole message, not one part beside unsigned ones. */
  coversEntireMessage: boolean
  /** Outer header fields that the signature does not protect (From, To, Subject, ...). */
  unsignedHeaders: string[]
  /** Unsigned content beside the signed part, headers that differ from signed copies, LF-only input. */
  warnings: CoverageWarning[]
}

/**
 * The overall status: `valid` only if every signer's signature is valid, every chain trusted,
 * one signer bound to the sender (its certificate carries every From and Sender address), and
 * the signature covers the entire message a reader sees (the top-level body, or the whole inner
 * entity of an encrypted layer). Otherwise the worst that applies: `invalid` >
 * `unknown-signer` > `sender-mismatch` > `partially-signed` > `untrusted`.
 *
 * `invalid` means a signature failed (tampering, a forgery) or nobody signed. `unknown-signer`
 * means a signer's certificate is neither in the message nor among the certificates given, so
 * its signature cannot be checked at all: what mail programs call an unknown signer.
 * `sender-mismatch` means no signer carries the sender's address, including a message that
 * names no sender (no From): pass `claimedSenders`, or use `verifyData`, for signed content
 * that is not a mail.
 *
 * `partially-signed` means a signature that may itself be good covers only one part of the
 * message, beside content nobody signed: a mailing-list footer, or an attacker's text put in
 * front of a genuine signed part ("MIME wrapping", Johnny, You Are Fired, USENIX Security
 * 2019). It ranks above `untrusted` because what the reader is shown is not what was signed;
 * show only {@link SignatureCoverage.signedPart} as signed, or nothing as signed at all.
 */
export type VerificationStatus =
  'valid' | 'untrusted' | 'partially-signed' | 'sender-mismatch' | 'unknown-signer' | 'invalid'

/** The result of {@link verifyMessage}: never a bare boolean. */
export interface VerificationResult {
  status: VerificationStatus
  /** One verdict per SignerInfo, in order. */
  signers: SignerVerdict[]
  coverage: SignatureCoverage
  /** Certificates the message carried (signers and chains), for an address book. */
  certificates: Certificate[]
  /** Message-level findings, e.g. `ERR_SMIME_NO_SIGNERS` for a signature without signers. */
  problems: { code: SmimeErrorCode; message: string }[]
  /**
   * Set when an opaque signature's content is CompressedData (eContentType
   * id-ct-compressedData, RFC 3274): the signed entity is what it decompressed to.
   */
  decompressed?: ContentDecompression
  /**
   * Set when the signed content carries a protected header section with a From (RFC 9788, or
   * the RFC 8551 §3.1 wrapping, or the drafts): the signers were bound to `claimed`, the
   * protected From and Sender, not to the outer ones. `outer` lists the outer From and Sender;
   * when they differ from `claimed`, `problems` has `ERR_SMIME_OUTER_SENDER_MISMATCH` and the
   * status is at best `sender-mismatch`.
   */
  protectedSender?: { claimed: string[]; outer: string[] }
}
