import type { ByteRange, MimePart } from '@siegel/mime'
import type { Certificate, CertificateVerdict } from '@siegel/pki'
import type { SmimeErrorCode } from '../errors.js'

/** Whether one signer's signature is cryptographically valid over the signed content. */
export type SignatureStatus =
  { valid: true } | { valid: false; code: SmimeErrorCode; message: string }

/** Whether the signer's certificate carries the address the message claims to be from (RFC 8550 §3). */
export interface SenderBinding {
  /** True if every From address (or the Sender, where present) is among the certificate's addresses. */
  matches: boolean
  /** The addresses the message claims, lower-cased. */
  claimed: string[]
  /** The addresses the signer's certificate binds. */
  certificateAddresses: string[]
}

/** The verdict on one SignerInfo. */
export interface SignerVerdict {
  /** Cryptographic validity of the signature and its signed attributes. */
  signature: SignatureStatus
  /** The signer's certificate, if the message carried it. */
  certificate: Certificate | undefined
  /** The trust engine's verdict on the certificate, at {@link SignerVerdict.validatedAt}. */
  chain: CertificateVerdict | undefined
  /** The time the chain was validated for. */
  validatedAt: Date
  /** The signer-asserted signingTime attribute (not used for validation unless asked). */
  signingTime: Date | undefined
  /** The digest algorithm, e.g. `SHA-256`, or its OID if unknown. */
  digestAlgorithm: string
  sender: SenderBinding
}

/** What the signature covers, and what it does not. */
export interface SignatureCoverage {
  /** The signed MIME entity, parsed; what a reader should be shown as signed. */
  signedPart: MimePart
  /** Where the signed bytes lie in the verified input. */
  signedRange: ByteRange
  /** True when the signed entity is the whole body of the message. */
  coversEntireBody: boolean
  /** Outer header fields that the signature does not protect (From, To, Subject, ...). */
  unsignedHeaders: string[]
}

/**
 * The overall status: `valid` only if every signer's signature is valid, every chain trusted
 * and every signer bound to the sender. Otherwise the worst that applies:
 * `invalid` > `sender-mismatch` > `untrusted`.
 */
export type VerificationStatus = 'valid' | 'untrusted' | 'sender-mismatch' | 'invalid'

/** The result of {@link verifyMessage}: never a bare boolean. */
export interface VerificationResult {
  status: VerificationStatus
  /** One verdict per SignerInfo, in order. */
  signers: SignerVerdict[]
  coverage: SignatureCoverage
  /** Certificates the message carried (signer and chain), for an address book. */
  certificates: Certificate[]
  /** Message-level findings, e.g. `ERR_SMIME_NO_SIGNERS` for a signature without signers. */
  problems: { code: SmimeErrorCode; message: string }[]
}
