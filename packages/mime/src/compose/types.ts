/** A Content-Transfer-Encoding the composer can write (RFC 2045 §6.1). */
export type TransferEncoding = '7bit' | '8bit' | 'binary' | 'quoted-printable' | 'base64'

/** Extra header fields, in order, as `[name, value]` pairs. */
export type HeaderList = readonly (readonly [name: string, value: string])[]

/** A leaf part: text, HTML, a file or an inline image. */
export interface LeafPartSpec {
  /**
   * The media type, optionally with parameters (`text/calendar; method=REQUEST`). Default
   * `text/plain` for string content, `application/octet-stream` for bytes.
   */
  contentType?: string
  /** A string is written as UTF-8 (`charset=utf-8` is added to `text/*`); bytes as they are. */
  content: string | Uint8Array
  /** The file name, in any script; written in RFC 2231 form and as an RFC 2047 `name`. */
  filename?: string
  /** Default `attachment` when there is a filename, none otherwise. */
  disposition?: 'inline' | 'attachment'
  /** A Content-ID without angle brackets, for `cid:` references from HTML (RFC 2392). */
  contentId?: string
  /** Content-Description text. */
  description?: string
  /** Default: chosen from the content and the transport, see {@link ComposeOptions.transport}. */
  transferEncoding?: TransferEncoding
  /** Further fields for this part, written after the Content-* fields. */
  headers?: HeaderList
}

/** A multipart: `mixed`, `alternative`, `related`, or another subtype. */
export interface MultipartSpec {
  /** The subtype, e.g. `alternative` for `multipart/alternative`. */
  multipart: string
  /** The body parts, in order (for `alternative`, the least preferred first, RFC 2046 §5.1.4). */
  parts: readonly PartSpec[]
  /** Content-Type parameters besides the boundary (e.g. `type` of multipart/related). */
  parameters?: Readonly<Record<string, string>>
  /** Further fields for this part. */
  headers?: HeaderList
}

/** A whole message attached as `message/rfc822` (a forwarded mail). */
export interface MessagePartSpec {
  /** The RFC 5322 message, e.g. a result of `composeMessage`. */
  message: Uint8Array
  /** Shown by mail readers as the attachment's name. */
  filename?: string
  /** Default `attachment`. */
  disposition?: 'inline' | 'attachment'
}

/** Any node of a MIME tree to compose. */
export type PartSpec = LeafPartSpec | MultipartSpec | MessagePartSpec

/** Options of `composeMessage` and `composePart`. */
export interface ComposeOptions {
  /** Source of randomness for the Message-ID and the boundaries. Default `globalThis.crypto`. */
  crypto?: Pick<Crypto, 'getRandomValues'>
  /**
   * What the transport carries. `'7bit'` (default) writes only US-ASCII with CRLF line
   * endings and lines of at most 78 characters: text as quoted-printable (or base64 where
   * shorter), other data as base64. That canonical form is what a signature needs (RFC 8551
   * §3.1.1), because 8-bit parts may be re-encoded on the way. `'8bit'` lets text with lines
   * of at most 998 bytes and no NUL go as it is (RFC 6152); `'binary'` lets anything go as it
   * is (RFC 3030).
   */
  transport?: '7bit' | '8bit' | 'binary'
  /**
   * Write non-ASCII header text as UTF-8 (RFC 6532) instead of RFC 2047 encoded words.
   * Only for transports that announce SMTPUTF8. Default `false`.
   */
  utf8Headers?: boolean
}
