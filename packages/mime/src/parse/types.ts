import type { ContentType } from '../header/content-type.js'

/** Half-open byte range `[start, end)` into the parsed input. */
export interface ByteRange {
  start: number
  end: number
}

/** One header field, in the order it appeared. */
export interface MimeHeader {
  /** The field name as written (compare case-insensitively). */
  name: string
  /** The value unfolded (line breaks removed), undecoded; UTF-8 where the bytes are UTF-8. */
  value: string
  /** The value with RFC 2047 encoded words decoded. */
  decoded: string
  /** The field's lines, line endings included, in the parsed input. */
  range: ByteRange
}

/** Why {@link MimeProblem} was recorded. Problem codes are public API: only ever added. */
export type MimeProblemCode =
  | 'MISSING_BOUNDARY_PARAMETER'
  | 'MISSING_FIRST_BOUNDARY'
  | 'MISSING_CLOSE_DELIMITER'
  | 'MISSING_HEADER_SEPARATOR'
  | 'INVALID_HEADER_LINE'
  | 'INVALID_CONTENT_TYPE'

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
  /** The parts of a multipart body, in order; empty for other types. */
  children: MimePart[]
}

/** The result of {@link parseMessage}: the root part plus what was wrong with the input. */
export interface MimeMessage extends MimePart {
  /** Malformations worked around while parsing (always empty in strict mode). */
  problems: MimeProblem[]
}
