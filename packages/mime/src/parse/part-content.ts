import { decodeBase64 } from '../encoding/base64.js'
import { decodeQuotedPrintable } from '../encoding/quoted-printable.js'
import type { MimeHeader, MimePart } from './types.js'

/**
 * The value of the first header with this name (case-insensitive), or `undefined`, as it stands
 * in the message: unfolded, with RFC 2047 encoded words left as they are (`=?UTF-8?Q?...?=`).
 * That is what structured fields (Content-Type, Content-Disposition) are parsed from; for text
 * a person reads (Subject, From), use {@link getHeaderText}.
 *
 * Reachable from `@siegel/mime`.
 * @param part - a parsed part
 * @param name - the field name, e.g. `'Content-Transfer-Encoding'`
 * @returns the unfolded, undecoded value
 * @example
 * ```ts
 * getHeader(parseMessage(bytes), 'content-type')
 * ```
 */
export function getHeader(part: Pick<MimePart, 'headers'>, name: string): string | undefined {
  return firstHeader(part, name)?.value
}

/**
 * The text of the first header with this name (case-insensitive), or `undefined`, as a person
 * reads it: unfolded, RFC 2047 encoded words decoded (`Grüße` rather than
 * `=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=`).
 *
 * Reachable from `@siegel/mime`.
 * @param part - a parsed part
 * @param name - the field name, e.g. `'Subject'`
 * @returns the decoded value
 * @example
 * ```ts
 * getHeaderText(parseMessage(bytes), 'subject') // 'Unterlagen für März'
 * ```
 */
export function getHeaderText(part: Pick<MimePart, 'headers'>, name: string): string | undefined {
  return firstHeader(part, name)?.decoded
}

function firstHeader(part: Pick<MimePart, 'headers'>, name: string): MimeHeader | undefined {
  const wanted = name.toLowerCase()
  return part.headers.find((h) => h.name.toLowerCase() === wanted)
}

/**
 * The body of a part with its Content-Transfer-Encoding (base64, quoted-printable) undone.
 * 7bit, 8bit, binary and unknown encodings return the raw body bytes.
 *
 * Reachable from `@siegel/mime`.
 * @param part - a parsed part
 * @returns the decoded body bytes
 * @example
 * ```ts
 * new TextDecoder().decode(decodeBody(parseMessage(bytes)))
 * ```
 */
export function decodeBody(part: Pick<MimePart, 'headers' | 'body'>): Uint8Array {
  const encoding = getHeader(part, 'content-transfer-encoding')?.toLowerCase()
  if (encoding === 'base64') return decodeBase64(part.body).bytes
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body)
  return part.body
}
