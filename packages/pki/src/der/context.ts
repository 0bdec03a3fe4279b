import { DerError, type PkiErrorCode } from '../errors.js'

/**
 * Where a read happens: the error code for bytes that do not parse, what is read (for
 * messages), and whether DER is required.
 */
export interface DerContext {
  /** The code of the {@link DerError} for malformed bytes, e.g. `ERR_PKI_MALFORMED_CERTIFICATE`. */
  readonly code: PkiErrorCode
  /** What is being read, for messages: `certificate`, `CRL`, `CMS`. */
  readonly what: string
  /**
   * Require DER (X.690 §10–11) instead of BER: definite minimal lengths, BOOLEAN as 00 or FF,
   * non-empty INTEGERs, primitive strings, BIT STRING padding of zeros (INTEGERs need not be
   * minimal: see `checkDerValue`). Default: BER.
   */
  readonly strict?: boolean
}

/**
 * Throws the {@link DerError} of `context` for a problem at `offset`.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param context - what is being read
 * @param message - what was expected and found
 * @param offset - where in the buffer
 * @returns never
 * @throws DerError with `context.code`, always
 * @example
 * ```ts
 * derFail({ code: 'ERR_PKI_INVALID_INPUT', what: 'CRL' }, 'expected a SEQUENCE', 0)
 * ```
 */
export function derFail(context: DerContext, message: string, offset: number): never {
  throw new DerError(context.code, `${context.what}: ${message} at byte ${offset}`, offset)
}
