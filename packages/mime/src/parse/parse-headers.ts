import { decodeWords } from '../header/encoded-word.js'
import type { MimeHeader, MimeProblem } from './types.js'

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
// RFC 5322 §3.6.8: a field name is printable US-ASCII except ":".
const FIELD_NAME = /^[!-9;-~]+$/

/** Where a header block ends and its body begins. */
export interface HeaderBlock {
  headers: MimeHeader[]
  /** End of the header lines (start of the separator line, or of the body if there is none). */
  headerEnd: number
  /** First byte of the body. */
  bodyStart: number
}

/**
 * Reads header lines from `text` (one character per byte) between `start` and `end`.
 * The block ends at the first empty line; a line that is neither a field nor a continuation
 * also ends it (recorded as a problem) and is taken as the first line of the body.
 */
export function parseHeaderBlock(
  bytes: Uint8Array,
  text: string,
  start: number,
  end: number,
  problems: MimeProblem[],
): HeaderBlock {
  const fields: { nameEnd: number; start: number; end: number; next: number }[] = []
  let pos = start
  let headerEnd = end
  let bodyStart = end
  while (pos < end) {
    let lineEnd = text.indexOf('\n', pos)
    if (lineEnd < 0 || lineEnd >= end) lineEnd = end
    const next = Math.min(lineEnd + 1, end)
    const contentEnd =
      lineEnd > pos && text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd
    if (contentEnd === pos) {
      headerEnd = pos
      bodyStart = next
      break
    }
    const first = text.charCodeAt(pos)
    const last = fields[fields.length - 1]
    if ((first === 0x20 || first === 0x09) && last) {
      last.end = lineEnd
      last.next = next
    } else {
      const colon = text.indexOf(':', pos)
      const nameEnd = colon >= 0 && colon < contentEnd ? trimEnd(text, pos, colon) : -1
      if (nameEnd > pos && FIELD_NAME.test(text.slice(pos, nameEnd))) {
        fields.push({ nameEnd, start: pos, end: lineEnd, next })
      } else {
        problems.push({
          code: 'INVALID_HEADER_LINE',
          message:
            'a line in the header block is neither a field nor a continuation; the body starts there',
          offset: pos,
        })
        headerEnd = pos
        bodyStart = pos
        break
      }
    }
    pos = next
  }
  const headers = fields.map((f) => toHeader(bytes, text, f))
  return { headers, headerEnd, bodyStart }
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--
  return end
}

function toHeader(
  bytes: Uint8Array,
  text: string,
  { start, nameEnd, end, next }: { start: number; nameEnd: number; end: number; next: number },
): MimeHeader {
  const name = text.slice(start, nameEnd)
  const valueStart = text.indexOf(':', nameEnd) + 1
  let value = text.slice(valueStart, end)
  if (/[\x80-\xff]/.test(value)) {
    try {
      value = strictUtf8.decode(bytes.subarray(valueStart, end))
    } catch {
      // Not UTF-8: keep one character per byte (ISO-8859-1 reading) rather than lose it.
    }
  }
  // RFC 5322 §2.2.3: unfolding removes the CRLF before the folding white space.
  value = value
    .replace(/\r?\n(?=[ \t])/g, '')
    .replace(/\r?\n$/, '')
    .trim()
  return { name, value, decoded: decodeWords(value), range: { start, end: next } }
}
