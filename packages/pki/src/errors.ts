/** Every code a {@link PkiError} can carry, and the reason codes of trust verdicts. Only ever added. */
export type PkiErrorCode =
  | 'ERR_PKI_INVALID_INPUT'
  | 'ERR_PKI_INVALID_PEM'
  | 'ERR_PKI_MALFORMED_CERTIFICATE'
  | 'ERR_PKI_MALFORMED_KEY'
  | 'ERR_PKI_UNSUPPORTED_ALGORITHM'
  | 'ERR_PKI_BAD_SIGNATURE'
  | 'ERR_PKI_UNKNOWN_ISSUER'
  | 'ERR_PKI_EXPIRED'
  | 'ERR_PKI_NOT_YET_VALID'
  | 'ERR_PKI_NOT_A_CA'
  | 'ERR_PKI_PATH_TOO_LONG'
  | 'ERR_PKI_MALFORMED_PKCS12'
  | 'ERR_PKI_BAD_PASSWORD'
  | 'ERR_PKI_MAC_MISMATCH'
  | 'ERR_PKI_PASSWORD_REQUIRED'
  | 'ERR_PKI_DECRYPTION_FAILED'
  | 'ERR_PKI_FINGERPRINT_MISMATCH'
  | 'ERR_PKI_KEY_MISMATCH'
  | 'ERR_PKI_LIMIT_EXCEEDED'
  | 'ERR_PKI_INVALID_OPTION'
  | 'ERR_PKI_REFUSED_ANCHOR'
  | 'ERR_PKI_NAME_CONSTRAINT'
  | 'ERR_PKI_REVOKED'
  | 'ERR_PKI_REVOCATION_UNKNOWN'
  | 'ERR_PKI_POLICY'
  | 'ERR_PKI_KEY_USAGE'
  | 'ERR_PKI_EXTENDED_KEY_USAGE'
  | 'ERR_PKI_PATH_LENGTH'
  | 'ERR_PKI_UNKNOWN_CRITICAL_EXTENSION'
  | 'ERR_PKI_EMAIL_MISMATCH'
  | 'ERR_PKI_BUDGET_EXCEEDED'
  | 'ERR_PKI_MALFORMED_EXTENSION'
  | 'ERR_PKI_WEAK_ALGORITHM'
  | 'ERR_PKI_WEAK_KEY'
  | 'ERR_PKI_INVALID_MAILBOX'
  | 'ERR_PKI_DER_TOO_DEEP'

/**
 * The error every function of `@siegel/pki` throws. Switch on `code`, not on the message.
 *
 * Reachable from `@siegel/pki`.
 */
export class PkiError extends Error {
  /** Stable machine-readable reason. */
  readonly code: PkiErrorCode

  constructor(code: PkiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = 'PkiError'
  }
}

/**
 * An algorithm that this runtime or Siegel does not support. `algorithm` names it (an OID or a
 * WebCrypto name).
 *
 * Reachable from `@siegel/pki`.
 */
export class UnsupportedAlgorithmError extends PkiError {
  /** The algorithm's OID or name. */
  readonly algorithm: string

  constructor(algorithm: string, message: string, options?: { cause?: unknown }) {
    super('ERR_PKI_UNSUPPORTED_ALGORITHM', message, options)
    this.algorithm = algorithm
    this.name = 'UnsupportedAlgorithmError'
  }
}

/** The names of the limits a {@link LimitExceededError} reports; only ever added. */
export type PkiLimit = 'maxIterations' | 'maxTotalIterations' | 'maxBags'

/**
 * Input that asks for more than a limit allows (`ERR_PKI_LIMIT_EXCEEDED`). `limit` names the
 * limit (the option that raises it, where there is one), `actual` what the input asked for and
 * `max` the limit in force. Thrown before the work, never after.
 *
 * Reachable from `@siegel/pki`.
 */
export class LimitExceededError extends PkiError {
  /** Which limit. */
  readonly limit: PkiLimit
  /** What the input asked for. */
  readonly actual: number
  /** The limit in force. */
  readonly max: number

  constructor(limit: PkiLimit, actual: number, max: number, message: string) {
    super('ERR_PKI_LIMIT_EXCEEDED', message)
    this.limit = limit
    this.actual = actual
    this.max = max
    this.name = 'LimitExceededError'
  }
}

/**
 * Bytes that are not the BER or DER expected where they were read, or that nest deeper than
 * the DER reader's depth budget (`ERR_PKI_DER_TOO_DEEP`). Other codes name what was being read
 * (`ERR_PKI_MALFORMED_CERTIFICATE` for a certificate, `ERR_PKI_INVALID_INPUT` for a CRL, ...).
 *
 * Reachable from `@siegel/pki`.
 */
export class DerError extends PkiError {
  /** Offset of the offending byte in the buffer that was being read. */
  readonly offset: number

  constructor(code: PkiErrorCode, message: string, offset: number, options?: { cause?: unknown }) {
    super(code, message, options)
    this.offset = offset
    this.name = 'DerError'
  }
}
