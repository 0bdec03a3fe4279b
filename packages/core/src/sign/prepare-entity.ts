import {
  canonicalizeLineEndings,
  decodeBody,
  encodeBase64,
  encodeQuotedPrintable,
  parseContentType,
  parseMessage,
  type MimeHeader,
} from '@siegel/mime'
import { SmimeError } from '../errors.js'
import { ascii, concatBytes } from '../lib/bytes.js'

/** A message split for signing: the headers that stay outside, and the entity to sign. */
export interface PreparedMessage {
  /** Header lines that stay on the outer message (From, To, Subject, ...), CRLF-terminated. */
  outerHeaders: Uint8Array
  /** The MIME entity to sign, in canonical form (RFC 8551 §3.1.1). */
  entity: Uint8Array
}

const CONTENT_HEADER = /^content-/i

/**
 * Splits a message into its outer headers and the MIME entity that gets signed, then puts the
 * entity into canonical form: CRLF line endings and a 7-bit transfer encoding (RFC 8551 §3.1),
 * because an 8-bit part may be re-encoded on the way and its signature would then break.
 * Only the header block is parsed: the body is scanned once and otherwise passed through.
 */
export function prepareEntity(message: Uint8Array): PreparedMessage {
  const head = parseMessage(message.subarray(0, headerBlockEnd(message)))
  // A line that is no header ends the header block early: it belongs to the body.
  const bodyStart = head.bodyRange.start
  const headers = head.headers
  const outer: Uint8Array[] = []
  const content: MimeHeader[] = []
  for (const header of headers) {
    if (CONTENT_HEADER.test(header.name)) content.push(header)
    else if (header.name.toLowerCase() !== 'mime-version') outer.push(rawLine(message, header))
  }
  let contentHeaders = concatBytes(content.map((h) => rawLine(message, h)))
  let body = message.subarray(bodyStart)
  const type = parseContentType(content.find((h) => /^content-type$/i.test(h.name))?.value ?? '')
  const encoding = content
    .find((h) => /^content-transfer-encoding$/i.test(h.name))
    ?.value.trim()
    .toLowerCase()
  const scan = scanBody(body)
  const multipart = type?.mediaType.startsWith('multipart/') === true
  // Binary content keeps its bytes: it is re-encoded, never has its line breaks rewritten.
  if (scan.eightBit || (encoding === 'binary' && !multipart)) {
    if (multipart) {
      throw new SmimeError(
        'ERR_SMIME_UNSUPPORTED_CONTENT',
        'the multipart body has 8-bit content; encode its parts as quoted-printable or base64 before signing',
      )
    }
    const decoded = decodeBody({ headers: content, body })
    const isText = type === undefined || type.mediaType.startsWith('text/')
    const newEncoding = isText ? 'quoted-printable' : 'base64'
    contentHeaders = concatBytes([
      ...content
        .filter((h) => !/^content-transfer-encoding$/i.test(h.name))
        .map((h) => rawLine(message, h)),
      ascii(`Content-Transfer-Encoding: ${newEncoding}\r\n`),
    ])
    body = isText ? encodeQuotedPrintable(decoded) : encodeBase64(decoded)
  } else if (scan.bareLineBreaks) {
    body = canonicalizeLineEndings(body)
  }
  const entity = concatBytes([canonicalizeLineEndings(contentHeaders), ascii('\r\n'), body])
  return { outerHeaders: canonicalizeLineEndings(concatBytes(outer)), entity }
}

/** Offset of the first body byte: just after the first empty line (CRLF CRLF or LF LF). */
function headerBlockEnd(message: Uint8Array): number {
  if (message[0] === 0x0a) return 1
  if (message[0] === 0x0d && message[1] === 0x0a) return 2
  for (let lf = message.indexOf(0x0a); lf >= 0; lf = message.indexOf(0x0a, lf + 1)) {
    if (message[lf + 1] === 0x0a) return lf + 2
    if (message[lf + 1] === 0x0d && message[lf + 2] === 0x0a) return lf + 3
  }
  return message.length
}

/** One pass over the body: does it need CRLF canonicalisation or a 7-bit re-encoding? */
function scanBody(body: Uint8Array): { bareLineBreaks: boolean; eightBit: boolean } {
  // Line breaks are found with the native indexOf; 8-bit and NUL bytes four at a time.
  let bareLineBreaks = false
  for (let lf = body.indexOf(0x0a); lf >= 0 && !bareLineBreaks; lf = body.indexOf(0x0a, lf + 1)) {
    if (body[lf - 1] !== 0x0d) bareLineBreaks = true
  }
  for (let cr = body.indexOf(0x0d); cr >= 0 && !bareLineBreaks; cr = body.indexOf(0x0d, cr + 1)) {
    if (body[cr + 1] !== 0x0a) bareLineBreaks = true
  }
  return { bareLineBreaks, eightBit: hasEightBitOrNul(body) }
}

function hasEightBitOrNul(bytes: Uint8Array): boolean {
  if (bytes.length < 16) return bytes.some((b) => b === 0 || b > 0x7f)
  const head = (4 - (bytes.byteOffset % 4)) % 4
  for (let i = 0; i < Math.min(head, bytes.length); i++)
    if (bytes[i] === 0 || bytes[i]! > 0x7f) return true
  const words = new Uint32Array(
    bytes.buffer,
    bytes.byteOffset + head,
    Math.max(0, Math.floor((bytes.length - head) / 4)),
  )
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!
    // A byte ≥ 0x80 sets its top bit; a zero byte is found by the classic (w - 0x01…) & ~w trick.
    if ((w & 0x80808080) !== 0 || ((w - 0x01010101) & ~w & 0x80808080) !== 0) return true
  }
  for (let i = head + words.length * 4; i < bytes.length; i++)
    if (bytes[i] === 0 || bytes[i]! > 0x7f) return true
  return false
}

function rawLine(message: Uint8Array, header: MimeHeader): Uint8Array {
  const line = message.subarray(header.range.start, header.range.end)
  const last = line[line.length - 1]
  return last === 0x0a ? line : concatBytes([line, ascii('\r\n')])
}
