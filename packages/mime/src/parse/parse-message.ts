import { MimeError } from '../errors.js'
import { DEFAULT_CONTENT_TYPE, parseContentType } from '../header/content-type.js'
import { bytesToBinaryString, toBytes } from '../lib/bytes.js'
import { resolveLimits, type MimeLimits } from './limits.js'
import { parseHeaderBlock } from './parse-headers.js'
import type { MimeMessage, MimePart, MimeProblem } from './types.js'

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
  text: string
  limits: MimeLimits
  problems: MimeProblem[]
  strict: boolean
  parts: number
}

/**
 * Parses an RFC 5322 message or MIME entity into a tree of parts. Every part keeps its exact
 * raw bytes and offsets, so a signature can be checked over what was received.
 *
 * Both CRLF and bare LF line endings are read. Malformations are recorded in `problems` and
 * the parse goes on; `strict: true` turns them into errors.
 *
 * Reachable from `@siegel/mime`.
 * @param input - the message bytes (a string is encoded as UTF-8)
 * @param options - limits and strictness
 * @returns the root part, with its children and the problems found
 * @throws MimeError `ERR_MIME_NESTING_TOO_DEEP`, `ERR_MIME_TOO_MANY_PARTS`,
 *   `ERR_MIME_HEADER_TOO_LARGE` when a limit is exceeded; `ERR_MIME_MALFORMED` in strict mode;
 *   `ERR_MIME_INVALID_INPUT` for input that is not bytes or a string, or a bad limit option
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
    text: bytesToBinaryString(bytes),
    limits: resolveLimits(options),
    problems: [],
    strict: options?.strict ?? false,
    parts: 0,
  }
  const root = parsePart(context, 0, bytes.length, 0)
  return { ...root, problems: context.problems }
}

function parsePart(context: Context, start: number, end: number, depth: number): MimePart {
  const { bytes, text, limits } = context
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
      {
        offset: start,
      },
    )
  }
  const problemsBefore = context.problems.length
  const block = parseHeaderBlock(bytes, text, start, end, context.problems)
  if (block.headerEnd - start > limits.maxHeaderBytes) {
    throw new MimeError(
      'ERR_MIME_HEADER_TOO_LARGE',
      `expected a header block of at most ${limits.maxHeaderBytes} bytes, found ${block.headerEnd - start}`,
      { offset: start },
    )
  }
  const contentTypeHeader = block.headers.find((h) => h.name.toLowerCase() === 'content-type')
  let contentType = DEFAULT_CONTENT_TYPE
  if (contentTypeHeader) {
    const parsed = parseContentType(contentTypeHeader.value)
    if (parsed && parsed.mediaType.includes('/')) contentType = parsed
    else
      report(
        context,
        'INVALID_CONTENT_TYPE',
        `unusable Content-Type "${contentTypeHeader.value}"`,
        start,
      )
  }
  const part: MimePart = {
    headers: block.headers,
    contentType,
    raw: bytes.subarray(start, end),
    range: { start, end },
    headerRange: { start, end: block.headerEnd },
    bodyRange: { start: block.bodyStart, end },
    body: bytes.subarray(block.bodyStart, end),
    children: [],
  }
  if (context.strict && context.problems.length > problemsBefore)
    throwFirst(context, problemsBefore)
  if (contentType.mediaType.startsWith('multipart/')) {
    const boundary = contentType.parameters.boundary
    if (boundary) part.children = parseMultipart(context, boundary, block.bodyStart, end, depth)
    else
      report(
        context,
        'MISSING_BOUNDARY_PARAMETER',
        'multipart Content-Type without a boundary',
        start,
      )
  }
  return part
}

/** RFC 2046 §5.1.1: the CRLF before a delimiter line belongs to the delimiter, not the part. */
function parseMultipart(
  context: Context,
  boundary: string,
  start: number,
  end: number,
  depth: number,
): MimePart[] {
  const { text } = context
  const delimiter = '--' + boundary
  const children: MimePart[] = []
  let partStart = -1
  let search = start
  while (search < end) {
    const at = text.indexOf(delimiter, search)
    if (at < 0 || at + delimiter.length > end) break
    search = at + delimiter.length
    if (at !== start && text.charCodeAt(at - 1) !== 0x0a) continue
    let lineEnd = text.indexOf('\n', search)
    if (lineEnd < 0 || lineEnd > end) lineEnd = end
    const rest = text.slice(search, lineEnd)
    const isClose = rest.startsWith('--')
    // Only white space may follow the boundary on its line (RFC 2046 §5.1.1, transport padding).
    if (!/^[ \t\r]*$/.test(isClose ? rest.slice(2) : rest)) continue
    if (partStart >= 0)
      children.push(parsePart(context, partStart, lineBreakStart(text, at, start), depth + 1))
    if (isClose) return children
    partStart = Math.min(lineEnd + 1, end)
    search = partStart
  }
  if (partStart < 0) {
    report(
      context,
      'MISSING_FIRST_BOUNDARY',
      `no delimiter line "--${boundary}" in the multipart body`,
      start,
    )
    return children
  }
  report(
    context,
    'MISSING_CLOSE_DELIMITER',
    `no close delimiter "--${boundary}--"; the last part runs to the end`,
    end,
  )
  children.push(parsePart(context, partStart, end, depth + 1))
  return children
}

function lineBreakStart(text: string, at: number, floor: number): number {
  if (at === floor) return at
  return at - 2 >= floor && text.charCodeAt(at - 2) === 0x0d ? at - 2 : at - 1
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
