import { MimeError } from '../errors.js'
import { decodeWords } from '../header/encoded-word.js'
import { isAscii, latin1, tryUtf8 } from '../lib/bytes.js'
import { decodeWindows1252 } from '../lib/charset.js'
import type { MimeLimits } from './limits.js'
import type { MimeHeader, MimeProblem } from './types.js'

const CR = 0x0d
const LF = 0x0a
const COLON = 0x3a

/** Where a header block ends and its body begins. */
export interface HeaderBlock {
  headers: MimeHeader[]
  /** End of the header lines (start of the separator line, or of the body if there is none). */
  headerEnd: number
  /** First byte of the body. */
  bodyStart: number
}

interface Field {
  start: number
  nameEnd: number
  colon: number
  end: number
  next: number
}

/**
 * Reads header lines between `start` and `end`. The block ends at the first empty line; a
 * line that is neither a field nor a continuation also ends it (recorded as a problem) and is
 * taken as the first line of the body.
 */
export function parseHeaderBlock(
  bytes: Uint8Array,
  start: number,
  end: number,
  limits: MimeLimits,
  problems: MimeProblem[],
): HeaderBlock {
  const fields: Field[] = []
  let pos = start
  let headerEnd = end
  let bodyStart = end
  let separated = false
  while (pos < end) {
    if (pos - start > limits.maxHeaderBytes) tooLarge(limits, start, pos)
    let lineEnd = bytes.indexOf(LF, pos)
    if (lineEnd < 0 || lineEnd >= end) lineEnd = end
    const next = lineEnd < end ? lineEnd + 1 : end
    const contentEnd = lineEnd > pos && bytes[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd
    if (contentEnd - pos > limits.maxLineBytes) {
      throw new MimeError(
        'ERR_MIME_LINE_TOO_LONG',
        `expected header lines of at most ${limits.maxLineBytes} bytes, found ${contentEnd - pos}`,
        { offset: pos },
      )
    }
    if (contentEnd === pos) {
      headerEnd = pos
      bodyStart = next
      separated = true
      break
    }
    const first = bytes[pos]
    const last = fields[fields.length - 1]
    if ((first === 0x20 || first === 0x09) && last) {
      last.end = lineEnd
      last.next = next
    } else {
      const field = fieldAt(bytes, pos, contentEnd)
      if (field < 0 && last && wrappedBadly(bytes, pos, contentEnd, next, end)) {
        // A value wrapped without the leading white space (seen from some mailers): a line
        // with no colon, between two fields. Any other stray line starts the body.
        problems.push({
          code: 'INVALID_HEADER_LINE',
          message: 'a line without a colon between header fields is read as a continuation',
          offset: pos,
        })
        last.end = lineEnd
        last.next = next
        pos = next
        continue
      }
      if (field < 0) {
        problems.push({
          code: 'INVALID_HEADER_LINE',
          message:
            'a line in the header block is neither a field nor a continuation; the body starts there',
          offset: pos,
        })
        headerEnd = pos
        bodyStart = pos
        separated = true
        break
      }
      if (fields.length === limits.maxHeaders) {
        throw new MimeError(
          'ERR_MIME_TOO_MANY_HEADERS',
          `expected at most ${limits.maxHeaders} header fields in a part, found more`,
          { offset: pos },
        )
      }
      fields.push({
        start: pos,
        nameEnd: field,
        colon: bytes.indexOf(COLON, field),
        end: lineEnd,
        next,
      })
    }
    pos = next
  }
  if (headerEnd - start > limits.maxHeaderBytes) tooLarge(limits, start, headerEnd)
  if (!separated && fields.length > 0) {
    problems.push({
      code: 'MISSING_HEADER_SEPARATOR',
      message: 'the header block has no empty line after it; the part has no body',
      offset: end,
    })
  }
  const headers = fields.map((f) => toHeader(bytes, f, problems))
  return { headers, headerEnd, bodyStart }
}

function tooLarge(limits: MimeLimits, start: number, at: number): never {
  throw new MimeError(
    'ERR_MIME_HEADER_TOO_LARGE',
    `expected a header block of at most ${limits.maxHeaderBytes} bytes, found ${at - start} or more`,
    { offset: start },
  )
}

/**
 * End of the field name when the line starts a field (RFC 5322 §3.6.8: printable US-ASCII
 * except ":", optionally followed by white space before the colon), else -1.
 */
function fieldAt(bytes: Uint8Array, pos: number, contentEnd: number): number {
  let i = pos
  while (i < contentEnd) {
    const b = bytes[i]!
    if (b === COLON || b === 0x20 || b === 0x09) break
    if (b < 0x21 || b > 0x7e) return -1
    i++
  }
  const nameEnd = i
  while (i < contentEnd && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++
  return nameEnd > pos && i < contentEnd && bytes[i] === COLON ? nameEnd : -1
}

/** A line without a colon, followed by a header field or by the empty separator line. */
function wrappedBadly(
  bytes: Uint8Array,
  pos: number,
  contentEnd: number,
  next: number,
  end: number,
): boolean {
  if (next >= end || bytes.subarray(pos, contentEnd).includes(COLON)) return false
  let nextEnd = bytes.indexOf(LF, next)
  if (nextEnd < 0 || nextEnd > end) nextEnd = end
  const nextContentEnd = nextEnd > next && bytes[nextEnd - 1] === CR ? nextEnd - 1 : nextEnd
  return nextContentEnd === next || fieldAt(bytes, next, nextContentEnd) >= 0
}

function toHeader(bytes: Uint8Array, field: Field, problems: MimeProblem[]): MimeHeader {
  const { start, nameEnd, colon, end, next } = field
  const name = latin1(bytes, start, nameEnd)
  let value: string
  if (isAscii(bytes, colon + 1, end)) value = latin1(bytes, colon + 1, end)
  else {
    // RFC 6532 allows UTF-8 in header values; anything else is legacy 8-bit text.
    const slice = bytes.subarray(colon + 1, end)
    const utf8 = tryUtf8(slice)
    if (utf8 === undefined) {
      problems.push({
        code: 'INVALID_HEADER_ENCODING',
        message: `header ${name} has 8-bit bytes that are not UTF-8; read as windows-1252`,
        offset: start,
      })
    }
    value = utf8 ?? decodeWindows1252(slice)
  }
  // RFC 5322 §2.2.3: unfolding removes the CRLF before the folding white space.
  if (value.includes('\n')) value = value.replace(/\r?\n(?=[ \t])/g, '')
  value = value.trim()
  return {
    name,
    value,
    decoded: decodeWords(value),
    range: { start, end: next },
    raw: bytes.subarray(start, next),
  }
}
