/** Every code a {@link MimeError} can carry. Codes are public API: they are only ever added. */
export type MimeErrorCode =
  | 'ERR_MIME_INVALID_INPUT'
  | 'ERR_MIME_INVALID_SPEC'
  | 'ERR_MIME_MALFORMED'
  | 'ERR_MIME_NESTING_TOO_DEEP'
  | 'ERR_MIME_TOO_MANY_PARTS'
  | 'ERR_MIME_HEADER_TOO_LARGE'
  | 'ERR_MIME_TOO_MANY_HEADERS'
  | 'ERR_MIME_LINE_TOO_LONG'
  | 'ERR_MIME_LIMIT_EXCEEDED'

/**
 * The error every function of `@siegel/mime` throws. Switch on `code`, not on the message.
 *
 * Reachable from `@siegel/mime`.
 */
export class MimeError extends Error {
  /** Stable machine-readable reason. */
  readonly code: MimeErrorCode
  /** Byte offset in the input where the problem was found, when it applies. */
  readonly offset: number | undefined

  constructor(
    code: MimeErrorCode,
    message: string,
    options?: { cause?: unknown; offset?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.offset = options?.offset
    this.name = 'MimeError'
  }
}
