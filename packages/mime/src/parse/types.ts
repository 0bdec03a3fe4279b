import type { ContentType } from '../header/content-type.js'

/** Half-open byte range `[start, end)` into the parsed input. */
export interface ByteRange {
  start: number
  end: number
}

/** One header field, in the order it appeared; duplicates are kept. */
export interface MimeHeader {
  /** The field name as written (compare case-insensitively). */
  name: string
  /** The value unfolded (line breaks removed), undecoded; UTF-8 where the bytes are UTF-8. */
  value: string
  /** The value with RFC 2047 encoded words decoded. */
  decoded: string
  /** The field's lines, line endings included, in the parsed input. */
  range: ByteRange
  /** The field's bytes exactly as received: {@link MimeHeader.range} of the input. */
  raw: Uint8Array
}

/** Why a {@link MimeProblem} was recorded. Problem codes are public API: only ever added. */
export type MimeProblemCode =
  | 'MISSING_BOUNDARY_PARAMETER'
  | 'MISSING_FIRST_BOUNDARY'
  | 'MISSING_CLOSE_DELIMITER'
  | 'MISSING_HEADER_SEPARATOR'
  | 'INVALID_HEADER_LINE'
  | 'INVALID_CONTENT_TYPE'
  | 'INVALID_HEADER_ENCODING'
  | 'CONFLICTING_HEADERS'
  | 'INVALID_BASE64'
  | 'INVALID_QUOTED_PRINTABLE'
  | 'UNKNOWN_TRANSFER_ENCODING'
  | 'UNKNOWN_CHARSET'
  | 'MBOX_FROM_LINE'
  | 'BYTE_ORDER_MARK'
  | 'DUPLICATE_SENDER_HEADER'
  | 'HIDDEN_SENDER_HEADER'
  | 'MALFORMED_SENDER_HEADER'

/** A malformation the loose parser worked around. */
export interface MimeProblem {
  code: MimeProblemCode
  message: string
  /** Byte offset in the input. */
  offset: number
}

/** A node of the MIME tree. Every range points into the bytes that were parsed. */
export interface MimePart {
  headers: MimeHeader[]
  /** The Content-Type, or the RFC 2045 default `text/plain; charset=us-ascii`. */
  contentType: ContentType
  /** The Content-Disposition (`inline` or `attachment` and its parameters), if present. */
  disposition: ContentType | undefined
  /**
   * The file name: Content-Disposition `filename`, else Content-Type `name`, with RFC 2231
   * continuations and charsets and RFC 2047 encoded words decoded.
   */
  filename: string | undefined
  /** The Content-ID without its angle brackets, for `cid:` references (RFC 2392). */
  contentId: string | undefined
  /** Lower-case Content-Transfer-Encoding; `7bit` when there is none (RFC 2045 §6.1). */
  transferEncoding: string
  /** The whole part: header block, separator line and body, exactly as received. */
  raw: Uint8Array
  /** Where {@link MimePart.raw} lies in the input. */
  range: ByteRange
  /** The header block, each line with its line ending, without the empty separator line. */
  headerRange: ByteRange
  /** The body, still transfer-encoded. */
  bodyRange: ByteRange
  /** The body bytes exactly as received (still transfer-encoded). */
  body: Uint8Array
  /**
   * The body with its transfer encoding undone (base64, quoted-printable); for identity
   * encodings and multiparts the same bytes as {@link MimePart.body}. A base64 body of 64 KiB
   * or more that is not text is decoded when first read (its problems are reported while
   * parsing), then kept.
   */
  content: Uint8Array
  /**
   * For `text/*` parts, {@link MimePart.content} decoded with the declared charset (UTF-8 or
   * windows-1252 when the charset is missing or unknown); `undefined` for other types.
   */
  text: string | undefined
  /** The parts of a multipart body, in order; empty for other types. */
  children: MimePart[]
  /**
   * For `message/rfc822` and `message/global` bodies in an identity transfer encoding, the
   * embedded message, parsed; its ranges point into the same input.
   */
  embedded: MimePart | undefined
}

/** The result of {@link parseMessage}: the root part plus what was wrong with the input. */
export interface MimeMessage extends MimePart {
  /** Malformations worked around while parsing (always empty in strict mode). */
  problems: MimeProblem[]
}
