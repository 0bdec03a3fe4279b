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
