import { MimeError } from '../errors.js'
import { DEFAULT_CONTENT_TYPE, parseContentType, type ContentType } from '../header/content-type.js'
import { toBytes, utf8 } from '../lib/bytes.js'
import {
  decodeCharset,
  decodeTransfer,
  deferBase64,
  filenameOf,
  IDENTITY_ENCODINGS,
  transferEncodingOf,
} from './decode-content.js'
import { resolveLimits, type MimeLimits } from './limits.js'
import { parseHeaderBlock } from './parse-headers.js'
import { isFromField, senderProblems } from './sender-headers.js'
import { splitMultipart } from './split-multipart.js'
import type { MimeHeader, MimeMessage, MimePart, MimeProblem } from './types.js'

/** Options of {@link parseMessage}. */
export interface ParseOptions extends Partial<MimeLimits> {
  /**
   * Throw a `MimeError` with code `ERR_MIME_MALFORMED` at the first malformation instead of
   * recording it in `problems`. Default `false` (loose: real mail is often malformed).
   */
  strict?: boolean
}

interface Context {
  bytes: Uint8Array
  limits: MimeLimits
  problems: MimeProblem[]
  strict: boolean
  parts: number
}

/**
 * Parses an RFC 5322 message or MIME entity into a tree of parts. Every part keeps its exact
 * raw bytes and offsets, so a signature can be checked over what was received, and its
 * decoded content: transfer encoding undone, text in its declared charset, the file name with
 * RFC 2231 and RFC 2047 decoded.
 *
 * CRLF, bare LF and mixed line endings are read. Malformations (missing boundaries, invalid
 * base64 or quoted-printable, unknown charsets, 8-bit header bytes, conflicting headers) are
 * recorded in `problems` and the parse goes on; `strict: true` turns them into errors. A
 * sender that readers may disagree about is a problem too: a second From or Sender field
 * (`DUPLICATE_SENDER_HEADER`), a From or Sender line after a stray line that ended the header
 * block (`HIDDEN_SENDER_HEADER`), or one continued on a line without leading white space
 * (`MALFORMED_SENDER_HEADER`).
 *
 * Reachable from `@siegel/mime`.
 * @param input - the message bytes (a string is encoded as UTF-8)
 * @param options - limits and strictness
 * @returns the root part, with its children and the problems found
 * @throws MimeError `ERR_MIME_NESTING_TOO_DEEP`, `ERR_MIME_TOO_MANY_PARTS`,
 *   `ERR_MIME_HEADER_TOO_LARGE`, `ERR_MIME_TOO_MANY_HEADERS`, `ERR_MIME_LINE_TOO_LONG` when a
 *   limit is exceeded; `ERR_MIME_MALFORMED` in strict mode; `ERR_MIME_INVALID_INPUT` for input
 *   that is not bytes or a string, or a bad limit option
 * @example
 * ```ts
 * const message = parseMessage(bytes)
 * const signedPart = message.children[0]?.raw // exact bytes a detached signature covers
 * ```
 */
export function parseMessage(input: Uint8Array | string, options?: ParseOptions): MimeMessage {
  const bytes = toBytes(input, 'message')
  const context: Context = {
    bytes,
    limits: resolveLimits(options),
    problems: [],
    strict: options?.strict ?? false,
    parts: 0,
  }
  const root = parsePart(context, 0, bytes.length, 0, messageStart(context, 0, bytes.length))
  for (const p of senderProblems(bytes, root)) report(context, p.code, p.message, p.offset)
  // Not `{ ...root, problems }`: a spread reads every property, and so would decode a large
  // base64 root body that `content` leaves to its first reader.
  const message = root as MimeMessage
  message.problems = context.problems
  return message
}

/**
 * Where the header block of a message starting at `start` begins: after a UTF-8 byte order
 * mark and an mbox "From " separator line, which some stores keep (both are recorded). A line
 * `From : a@b` is a From field in the obsolete syntax (RFC 5322 §4.5.6), not a separator:
 * dropping it would hide a From that other readers show.
 */
function messageStart(context: Context, start: number, end: number): number {
  const { bytes } = context
  let at = start
  if (bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf && at + 3 <= end) {
    report(context, 'BYTE_ORDER_MARK', 'the message starts with a byte order mark; skipped', at)
    at += 3
  }
  if (
    bytes[at] === 0x46 &&
    bytes[at + 1] === 0x72 &&
    bytes[at + 2] === 0x6f &&
    bytes[at + 3] === 0x6d &&
    bytes[at + 4] === 0x20 &&
    at + 5 <= end &&
    !isFromField(bytes, at, end)
  ) {
    report(context, 'MBOX_FROM_LINE', 'the message starts with an mbox "From " line; skipped', at)
    const lf = bytes.indexOf(0x0a, at)
    at = lf < 0 || lf >= end ? end : lf + 1
  }
  return at
}

function parsePart(
  context: Context,
  start: number,
  end: number,
  depth: number,
  headerStart = start,
): MimePart {
  const { bytes, limits } = context
  if (depth > limits.maxNestingDepth) {
    throw new MimeError(
      'ERR_MIME_NESTING_TOO_DEEP',
      `expected multipart nesting of at most ${limits.maxNestingDepth} levels, found more`,
      { offset: start },
    )
  }
  if (++context.parts > limits.maxParts) {
    throw new MimeError(
      'ERR_MIME_TOO_MANY_PARTS',
      `expected at most ${limits.maxParts} parts, found more`,
      { offset: start },
    )
  }
  const problemsBefore = context.problems.length
  const block = parseHeaderBlock(bytes, headerStart, end, limits, context.problems)
  if (context.strict && context.problems.length > problemsBefore)
    throwFirst(context, problemsBefore)
  const headers = block.headers
  const contentType = readContentType(context, headers, start)
  const dispositionHeader = single(context, headers, 'content-disposition')
  const disposition = dispositionHeader ? parseContentType(dispositionHeader.value) : undefined
  const contentId = single(context, headers, 'content-id')?.value.replace(/^<|>$/g, '')
  single(context, headers, 'content-transfer-encoding')
  const transferEncoding = transferEncodingOf(headers)
  const body = bytes.subarray(block.bodyStart, end)
  const part: MimePart = {
    headers,
    contentType,
    disposition,
    filename: filenameOf(disposition?.parameters, contentType.parameters),
    contentId: contentId || undefined,
    transferEncoding,
    raw: bytes.subarray(start, end),
    range: { start, end },
    headerRange: { start: headerStart, end: block.headerEnd },
    bodyRange: { start: block.bodyStart, end },
    body,
    content: body,
    text: undefined,
    children: [],
    embedded: undefined,
  }
  const { mediaType } = contentType
  if (mediaType.startsWith('multipart/')) {
    const boundary = contentType.parameters.boundary
    if (boundary) part.children = parseMultipart(context, boundary, block.bodyStart, end, depth)
    else
      report(
        context,
        'MISSING_BOUNDARY_PARAMETER',
        'multipart Content-Type without a boundary',
        start,
      )
    return part
  }
  const at = (code: MimeProblem['code'], message: string): void =>
    report(context, code, message, block.bodyStart)
  if (transferEncoding === 'base64' && body.length >= DEFER_FROM && !mediaType.startsWith('text/'))
    defineLazyContent(part, deferBase64(body, at))
  else part.content = decodeTransfer(body, transferEncoding, at)
  if (mediaType.startsWith('text/')) {
    part.text = decodeCharset(part.content, contentType.parameters.charset, at)
  } else if (
    (mediaType === 'message/rfc822' || mediaType === 'message/global') &&
    IDENTITY_ENCODINGS.has(transferEncoding)
  ) {
    // RFC 2046 §5.2.1: the body is a whole message, in the same input, so its ranges hold.
    const headerStart = messageStart(context, block.bodyStart, end)
    part.embedded = parsePart(context, block.bodyStart, end, depth + 1, headerStart)
  }
  return part
}

function readContentType(context: Context, headers: MimeHeader[], start: number): ContentType {
  const header = single(context, headers, 'content-type')
  if (!header) return DEFAULT_CONTENT_TYPE
  const parsed = parseContentType(header.value)
  if (parsed && /^[^/\s]+\/[^/\s]+$/.test(parsed.mediaType)) return parsed
  report(context, 'INVALID_CONTENT_TYPE', `unusable Content-Type "${header.value}"`, start)
  // RFC 2045 §5.2 says plain text, but a part that names a file is a file.
  if (parsed?.parameters.name !== undefined) {
    return { mediaType: 'application/octet-stream', parameters: parsed.parameters }
  }
  return DEFAULT_CONTENT_TYPE
}

/**
 * The first field of a name that should occur once. Later fields with a different value are
 * recorded: they are how spliced messages make readers disagree about a part.
 */
function single(context: Context, headers: MimeHeader[], name: string): MimeHeader | undefined {
  let first: MimeHeader | undefined
  for (const header of headers) {
    if (header.name.length !== name.length || header.name.toLowerCase() !== name) continue
    if (!first) first = header
    else if (header.value !== first.value) {
      report(
        context,
        'CONFLICTING_HEADERS',
        `${header.name} occurs more than once with different values; the first is used`,
        header.range.start,
      )
      break
    }
  }
  return first
}

function parseMultipart(
  context: Context,
  boundary: string,
  start: number,
  end: number,
  depth: number,
): MimePart[] {
  const split = splitMultipart(context.bytes, boundaryBytes(boundary), start, end)
  if (!split.found) {
    report(
      context,
      'MISSING_FIRST_BOUNDARY',
      `no delimiter line "--${boundary}" in the multipart body`,
      start,
    )
    return []
  }
  if (!split.closed) {
    report(
      context,
      'MISSING_CLOSE_DELIMITER',
      `no close delimiter "--${boundary}--"; the last part runs to the end`,
      end,
    )
  }
  return split.parts.map(([s, e]) => parsePart(context, s, e, depth + 1))
}

/** The boundary as it appears in the input (header values are read as UTF-8 when they are). */
function boundaryBytes(boundary: string): Uint8Array {
  return utf8(boundary)
}

function report(
  context: Context,
  code: MimeProblem['code'],
  message: string,
  offset: number,
): void {
  context.problems.push({ code, message, offset })
  if (context.strict) throwFirst(context, context.problems.length - 1)
}

function throwFirst(context: Context, index: number): never {
  const problem = context.problems[index]!
  throw new MimeError('ERR_MIME_MALFORMED', `${problem.code}: ${problem.message}`, {
    offset: problem.offset,
  })
}

// Bodies from this size on are decoded when first read (see `deferBase64`).
const DEFER_FROM = 64 * 1024

/** `part.content` decoded on first access, then kept; it reads and enumerates like a value. */
function defineLazyContent(part: MimePart, decode: () => Uint8Array): void {
  Object.defineProperty(part, 'content', {
    configurable: true,
    enumerable: true,
    get(): Uint8Array {
      const content = decode()
      Object.defineProperty(part, 'content', { value: content, writable: true, enumerable: true })
      return content
    },
    set(value: Uint8Array) {
      Object.defineProperty(part, 'content', { value, writable: true, enumerable: true })
    },
  })
}
