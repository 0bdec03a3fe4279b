import {
  canonicalizeLineEndings,
  decodeBody,
  encodeBase64,
  encodeQuotedPrintable,
  parseContentType,
  parseMessage,
  type MimeHeader,
  type MimeMessage,
} from '@siegel/mime'
import { SmimeError } from '../errors.js'
import { ascii, concatBytes } from '../lib/bytes.js'
import { CHUNK_BYTES, type Progress } from '../lib/progress.js'

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
  const split = splitMessage(message)
  return finishEntity(split, scanBody(split.received))
}

/**
 * {@link prepareEntity} with the body scanned in chunks of whole lines, yielding to the event
 * loop between them (phase `canonicalize`); the same result.
 */
export async function prepareEntityChunked(
  message: Uint8Array,
  progress: Progress,
): Promise<PreparedMessage> {
  const total = message.length
  await progress.step('canonicalize', 0, total)
  const split = splitMessage(message)
  const body = split.received
  const scan = { bareLineBreaks: false, eightBit: false }
  // Chunks end just after a LF, so no CR LF pair is cut and each LF sees the byte before it.
  for (let start = 0; start < body.length && !(scan.eightBit && scan.bareLineBreaks);) {
    const lf = body.indexOf(0x0a, start + CHUNK_BYTES)
    const end = lf < 0 ? body.length : lf + 1
    const part = scanBody(body.subarray(start, end))
    scan.bareLineBreaks ||= part.bareLineBreaks
    scan.eightBit ||= part.eightBit
    start = end
    await progress.step('canonicalize', total - body.length + end, total)
  }
  const prepared = finishEntity(split, scan)
  await progress.step('canonicalize', total, total)
  return prepared
}

interface SplitMessage {
  message: Uint8Array
  head: MimeMessage
  outer: Uint8Array[]
  content: MimeHeader[]
  /** The body as received. */
  received: Uint8Array
}

/** The header block parsed and sorted into outer and content headers; the body untouched. */
function splitMessage(message: Uint8Array): SplitMessage {
  const head = parseMessage(message.subarray(0, headerBlockEnd(message)))
  const outer: Uint8Array[] = []
  const content: MimeHeader[] = []
  for (const header of head.headers) {
    if (CONTENT_HEADER.test(header.name)) content.push(header)
    else if (header.name.toLowerCase() !== 'mime-version') outer.push(rawLine(message, header))
  }
  // A line that is no header ends the header block early: it belongs to the body.
  return { message, head, outer, content, received: message.subarray(head.bodyRange.start) }
}

/** The entity in canonical form, given what a scan of the body found. */
function finishEntity(
  { message, head, outer, content, received }: SplitMessage,
  scan: { bareLineBreaks: boolean; eightBit: boolean },
): PreparedMessage {
  const bodyStart = head.bodyRange.start
  let contentHeaders = concatBytes(content.map((h) => rawLine(message, h)))
  let body = received
  const type = parseContentType(content.find((h) => /^content-type$/i.test(h.name))?.value ?? '')
  const encoding = content
    .find((h) => /^content-transfer-encoding$/i.test(h.name))
    ?.value.trim()
    .toLowerCase()
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
  const outerHeaders = canonicalizeLineEndings(concatBytes(outer))
  // Usual case: the content headers close the header block and nothing needed rewriting, so
  // the entity is a view of the input and a large body is not copied (RFC 8551 §3.1 form holds).
  const first = content[0]
  const separatedByCrlf = bodyStart - head.headerRange.end === 2 && message[bodyStart - 1] === 0x0a
  if (
    first &&
    separatedByCrlf &&
    body === received &&
    contiguousAtEnd(content, head.headerRange.end, message)
  ) {
    const entity = message.subarray(first.range.start)
    if (isCanonical(entity.subarray(0, bodyStart - first.range.start)))
      return { outerHeaders, entity }
  }
  const entity = concatBytes([canonicalizeLineEndings(contentHeaders), ascii('\r\n'), body])
  return { outerHeaders, entity }
}

/** True if the headers follow one another and the last ends where the header block ends. */
function contiguousAtEnd(
  headers: readonly MimeHeader[],
  blockEnd: number,
  message: Uint8Array,
): boolean {
  for (let i = 1; i < headers.length; i++)
    if (headers[i]!.range.start !== headers[i - 1]!.range.end) return false
  const last = headers[headers.length - 1]!
  return last.range.end === blockEnd && message[last.range.end - 1] === 0x0a
}

/** CRLF line endings only (for the short header part of an entity). */
function isCanonical(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && bytes[i - 1] !== 0x0d) return false
    if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) return false
  }
  return true
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

/**
 * One pass over the body: does it need CRLF canonicalisation or a 7-bit re-encoding?
 * Four bytes at a time: most words hold neither a line break nor an 8-bit or NUL byte.
 */
export function scanBody(body: Uint8Array): { bareLineBreaks: boolean; eightBit: boolean } {
  let bareLineBreaks = false
  let eightBit = false
  const check = (i: number): void => {
    const b = body[i]!
    if (b === 0 || b > 0x7f) eightBit = true
    else if (b === 0x0a) bareLineBreaks ||= body[i - 1] !== 0x0d
    else if (b === 0x0d) bareLineBreaks ||= body[i + 1] !== 0x0a
  }
  const head = body.length < 16 ? body.length : (4 - (body.byteOffset % 4)) % 4
  for (let i = 0; i < head; i++) check(i)
  const count = Math.floor((body.length - head) / 4)
  const words =
    count > 0 ? new Uint32Array(body.buffer, body.byteOffset + head, count) : new Uint32Array(0)
  for (let w = 0; w < count; w++) {
    const v = words[w]!
    // The classic "has a zero byte" test, on the word and on its XOR with LF and with CR.
    const special =
      (v & 0x80808080) | zeroByte(v) | zeroByte(v ^ 0x0a0a0a0a) | zeroByte(v ^ 0x0d0d0d0d)
    if (special !== 0) for (let i = head + w * 4; i < head + w * 4 + 4; i++) check(i)
    if (eightBit && bareLineBreaks) break
  }
  for (let i = head + count * 4; i < body.length; i++) check(i)
  return { bareLineBreaks, eightBit }
}

function zeroByte(v: number): number {
  return (v - 0x01010101) & ~v & 0x80808080
}

function rawLine(message: Uint8Array, header: MimeHeader): Uint8Array {
  const line = message.subarray(header.range.start, header.range.end)
  const last = line[line.length - 1]
  return last === 0x0a ? line : concatBytes([line, ascii('\r\n')])
}
