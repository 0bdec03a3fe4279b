export { MimeError, type MimeErrorCode } from '@siegel/mime'
export { PkiError, UnsupportedAlgorithmError, type PkiErrorCode } from '@siegel/pki'

/** Every code a {@link SmimeError} or an S/MIME verdict can carry. Codes are only ever added. */
export type SmimeErrorCode =
  | 'ERR_SMIME_INVALID_INPUT'
  | 'ERR_SMIME_NOT_SIGNED'
  | 'ERR_SMIME_MALFORMED_MESSAGE'
  | 'ERR_SMIME_MALFORMED_CMS'
  | 'ERR_SMIME_UNSUPPORTED_ALGORITHM'
  | 'ERR_SMIME_UNSUPPORTED_CONTENT'
  | 'ERR_SMIME_NO_SIGNERS'
  | 'ERR_SMIME_SIGNER_NOT_FOUND'
  | 'ERR_SMIME_DIGEST_MISMATCH'
  | 'ERR_SMIME_BAD_SIGNATURE'
  | 'ERR_SMIME_BAD_ATTRIBUTES'
  | 'ERR_SMIME_NOT_ENCRYPTED'
  | 'ERR_SMIME_NOT_A_RECIPIENT'
  | 'ERR_SMIME_DECRYPTION_FAILED'
  | 'ERR_SMIME_UNTRUSTED_RECIPIENT'
  | 'ERR_SMIME_LIMIT_EXCEEDED'
  | 'ERR_SMIME_UNSUITABLE_RECIPIENT'
  | 'ERR_SMIME_UNKNOWN_RECIPIENT'
  | 'ERR_SMIME_IDENTITY_REQUIRED'
  | 'ERR_SMIME_AMBIGUOUS_SENDER'
  | 'ERR_SMIME_UNREADABLE_CERTIFICATE'
  | 'ERR_SMIME_ABORTED'
  | 'ERR_SMIME_OUTER_SENDER_MISMATCH'
  | 'ERR_SMIME_TRUNCATED'
  | 'ERR_SMIME_SIGNING_FAILED'

/**
 * The error `@siegel/core` throws for malformed input or misuse. A signature that does not
 * verify is not an error: it is a verdict in the result.
 *
 * Reachable from `@siegel/core`.
 */
export class SmimeError extends Error {
  /** Stable machine-readable reason. */
  readonly code: SmimeErrorCode

  constructor(code: SmimeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = 'SmimeError'
  }
}

/**
 * An algorithm this library or this runtime cannot use, named by its OID in `algorithm`.
 *
 * Reachable from `@siegel/core`.
 */
export class SmimeUnsupportedAlgorithmError extends SmimeError {
  /** The algorithm's OID (or name, where the message gave no OID). */
  readonly algorithm: string

  constructor(algorithm: string, message: string, options?: { cause?: unknown }) {
    super('ERR_SMIME_UNSUPPORTED_ALGORITHM', message, options)
    this.algorithm = algorithm
    this.name = 'SmimeUnsupportedAlgorithmError'
  }
}

/**
 * How an encrypted message names one of its recipients: a certificate (issuer and serial
 * number, or subject key identifier as hex), a shared key-encryption key (its key identifier
 * as hex), a password, or a kind of entry not read here.
 */
export type RecipientId =
  | {
      kind: 'issuerAndSerialNumber'
      issuer: string
      serialNumber: string
      /** Set for a KEMRecipientInfo (RFC 9629): its KEM, e.g. `'ML-KEM-768'` (or the OID). */
      kem?: string
    }
  | {
      kind: 'subjectKeyIdentifier'
      keyIdentifier: string
      /** Set for a KEMRecipientInfo (RFC 9629): its KEM, e.g. `'ML-KEM-768'` (or the OID). */
      kem?: string
    }
  | { kind: 'kek'; keyIdentifier: string }
  | { kind: 'password' }
  | { kind: 'other'; description: string }

/**
 * The message is encrypted, but to none of the identities given: `recipients` lists whom it is
 * for (issuer and serial number, subject key identifier, KEK key identifier, or password).
 *
 * Reachable from `@siegel/core`.
 */
export class NotARecipientError extends SmimeError {
  /** The recipients named in the message. */
  readonly recipients: readonly RecipientId[]

  constructor(recipients: readonly RecipientId[], message: string) {
    super('ERR_SMIME_NOT_A_RECIPIENT', message)
    this.recipients = recipients
    this.name = 'NotARecipientError'
  }
}

/**
 * The message is encrypted and no identity was given to open it: `recipients` lists whom it is
 * for, so a program can ask for the right key, certificate or password.
 *
 * Reachable from `@siegel/core`.
 */
export class IdentityRequiredError extends SmimeError {
  /** The recipients named in the message. */
  readonly recipients: readonly RecipientId[]

  constructor(recipients: readonly RecipientId[], message: string) {
    super('ERR_SMIME_IDENTITY_REQUIRED', message)
    this.recipients = recipients
    this.name = 'IdentityRequiredError'
  }
}

/**
 * A message that carries more than a limit allows (see `CmsLimits`): `limit` names the option
 * that raises it, `maximum` its value, `found` what the message has. Code
 * `ERR_SMIME_LIMIT_EXCEEDED`.
 *
 * Reachable from `@siegel/core`.
 */
export class SmimeLimitExceededError extends SmimeError {
  /** The name of the limit, as its option is spelled (e.g. `maxSignerInfos`). */
  readonly limit: string
  /** The limit in force. */
  readonly maximum: number
  /** How many the message has. */
  readonly found: number

  constructor(limit: string, maximum: number, found: number, message: string) {
    super('ERR_SMIME_LIMIT_EXCEEDED', message)
    this.limit = limit
    this.maximum = maximum
    this.found = found
    this.name = 'SmimeLimitExceededError'
  }
}
