import {
  canonicalizeLineEndings,
  decodeBody,
  encodeBase64,
  encodeQuotedPrintable,
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
 */
export function prepareEntity(message: Uint8Array): PreparedMessage {
  const parsed = parseMessage(message)
  const outer: Uint8Array[] = []
  const content: MimeHeader[] = []
  for (const header of parsed.headers) {
    if (CONTENT_HEADER.test(header.name)) content.push(header)
    else if (header.name.toLowerCase() !== 'mime-version') outer.push(rawLine(message, header))
  }
  let contentHeaders = concatBytes(content.map((h) => rawLine(message, h)))
  let body = canonicalizeLineEndings(parsed.body)
  if (!isSevenBit(body)) {
    if (parsed.children.length > 0) {
      throw new SmimeError(
        'ERR_SMIME_UNSUPPORTED_CONTENT',
        'the multipart body has 8-bit content; encode its parts as quoted-printable or base64 before signing',
      )
    }
    const decoded = decodeBody(parsed)
    const isText = parsed.contentType.mediaType.startsWith('text/')
    const encoding = isText ? 'quoted-printable' : 'base64'
    contentHeaders = concatBytes([
      ...content
        .filter((h) => h.name.toLowerCase() !== 'content-transfer-encoding')
        .map((h) => rawLine(message, h)),
      ascii(`Content-Transfer-Encoding: ${encoding}\r\n`),
    ])
    body = isText ? encodeQuotedPrintable(decoded) : encodeBase64(decoded)
  }
  const entity = concatBytes([canonicalizeLineEndings(contentHeaders), ascii('\r\n'), body])
  return { outerHeaders: canonicalizeLineEndings(concatBytes(outer)), entity }
}

function rawLine(message: Uint8Array, header: MimeHeader): Uint8Array {
  const line = message.subarray(header.range.start, header.range.end)
  const last = line[line.length - 1]
  return last === 0x0a ? line : concatBytes([line, ascii('\r\n')])
}

function isSevenBit(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b === 0 || b > 0x7f) return false
  }
  return true
}
